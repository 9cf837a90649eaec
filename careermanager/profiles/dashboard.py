"""The home-page panel that points at the parts of the CV still empty."""

from django.urls import reverse

from careermanager.profiles.models import Education, Employment, PersonalDetails, Training


def complete_your_cv(request) -> dict | None:
    """List the empty core sections of the member's CV; nothing once they are all started."""
    user = request.user
    checks = [
        ("Personal details", "profiles:personal-details", PersonalDetails),
        ("Employment", "profiles:employment-add", Employment),
        ("Education", "profiles:education-add", Education),
        ("Training", "profiles:training-add", Training),
    ]
    missing = [
        {"label": label, "url": reverse(url_name)}
        for label, url_name, model in checks
        if not model.objects.owned_by(user).exists()
    ]
    if not missing:
        return None
    return {"template": "profiles/panel_complete_cv.html", "missing": missing, "order": 40}
