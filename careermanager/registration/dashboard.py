"""The home-page panel: an invitation to state an intention, or the draft's progress."""

from careermanager.registration.checklist import checklist, required_done
from careermanager.registration.models import Intention


def panel(request) -> dict | None:
    """One query: the member's intentions with what their checklists need."""
    intentions = list(Intention.objects.owned_by(request.user).with_progress())
    draft = next((i for i in intentions if not i.is_submitted), None)
    if draft is not None:
        done, required = required_done(checklist(draft))
        return {
            "template": "registration/panel.html",
            "order": 40,
            "draft": draft,
            "done": done,
            "required": required,
        }
    if intentions:
        return None
    return {"template": "registration/panel.html", "order": 60, "draft": None}
