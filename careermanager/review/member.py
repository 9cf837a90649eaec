"""What a member sees of the monitoring of their declaration, on the declaration's page."""

from careermanager.review.models import MonitoringCase


def declaration_panel(request, declaration) -> dict | None:
    """The panel for a sampled declaration: the outcomes, feedback and replies. Two queries."""
    case = (
        MonitoringCase.objects.owned_by(request.user)
        .filter(declaration_id=declaration.pk)
        .prefetch_related("entries")
        .first()
    )
    if case is None:
        return None
    return {"template": "review/includes/member_panel.html", "case": case}
