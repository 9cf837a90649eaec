"""The home-page panel: the next actions due and how many are overdue."""

from django.utils import timezone

from careermanager.development.queries import upcoming


def panel(request) -> dict:
    """Two queries: the overdue count and the next few actions."""
    return {
        "template": "development/panel.html",
        "order": 20,
        "upcoming": upcoming(request.user, timezone.localdate()),
    }
