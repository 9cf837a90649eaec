"""What a member sees of the monitoring of their declaration, on the declaration's page."""

from django.urls import reverse

from careermanager.documents.queries import document_rows
from careermanager.review.apps import REPLY_DOCUMENT
from careermanager.review.models import CaseStatus, MonitoringCase


def declaration_panel(request, declaration) -> dict | None:
    """The panel for a sampled declaration: outcomes, feedback, replies and the reply's file.

    Three queries for a sampled declaration, one for any other.
    """
    case = (
        MonitoringCase.objects.owned_by(request.user)
        .filter(declaration_id=declaration.pk)
        .prefetch_related("entries")
        .first()
    )
    if case is None:
        return None
    upload_url = reverse("review:reply-document", args=[case.pk])
    return {
        "template": "review/includes/member_panel.html",
        "case": case,
        "document_rows": document_rows(request.user, case, {REPLY_DOCUMENT: upload_url})
        if case.status == CaseStatus.NEEDS_MORE
        else [],
    }
