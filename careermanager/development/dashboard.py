"""The home-page panel: the next actions due and how many are overdue."""

from django.db.models import Case, IntegerField, Q, Sum, Value, When, Window
from django.utils import timezone

from careermanager.development.models import OPEN_STATUSES, Action
from careermanager.development.queries import Upcoming

SHOWN = 3


def panel(request) -> dict:
    """One query: the member's open actions, those still to come first, each row carrying the
    count of overdue ones (counted over every open action, before the first few are taken)."""
    today = timezone.localdate()
    overdue = Q(due_date__lt=today)
    rows = list(
        Action.objects.owned_by(request.user)
        .open()
        .filter(objective__status__in=OPEN_STATUSES)
        .select_related("objective")
        .annotate(
            overdue_count=Window(
                Sum(Case(When(overdue, then=Value(1)), default=Value(0))),
                output_field=IntegerField(),
            ),
            later=Case(When(overdue, then=Value(1)), default=Value(0)),
        )
        .order_by("later", "due_date", "pk")[:SHOWN]
    )
    return {
        "template": "development/panel.html",
        "order": 20,
        "upcoming": Upcoming(
            overdue_count=rows[0].overdue_count if rows else 0,
            next_actions=[action for action in rows if action.due_date >= today],
        ),
    }
