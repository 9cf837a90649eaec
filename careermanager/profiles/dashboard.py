"""The home-page panel that points at the parts of the CV still empty."""

from django.contrib.auth import get_user_model
from django.db.models import Exists
from django.urls import reverse

from careermanager.profiles.models import Education, Employment, PersonalDetails, Training

_SECTIONS = [
    ("Personal details", "profiles:personal-details", PersonalDetails),
    ("Employment", "profiles:employment-add", Employment),
    ("Education", "profiles:education-add", Education),
    ("Training", "profiles:training-add", Training),
]


def complete_your_cv(request) -> dict | None:
    """List the empty core sections of the member's CV; nothing once they are all started."""
    user = request.user
    # One query: whether each section has anything, as EXISTS columns of the member's row.
    started = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values(
            **{
                f"section_{n}": Exists(model.objects.owned_by(user))
                for n, (_, _, model) in enumerate(_SECTIONS)
            }
        )
        .first()
        or {}
    )
    missing = [
        {"label": label, "url": reverse(url_name)}
        for n, (label, url_name, _) in enumerate(_SECTIONS)
        if not started.get(f"section_{n}")
    ]
    if not missing:
        return None
    return {"template": "profiles/panel_complete_cv.html", "missing": missing, "order": 40}
