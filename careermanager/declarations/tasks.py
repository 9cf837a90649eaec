"""Background work: the PDF of a submitted declaration, made from its snapshot and kept."""

import logging

from django.core.files.base import ContentFile
from django.tasks import task

from careermanager.declarations.models import Declaration, Status

logger = logging.getLogger(__name__)


@task
def make_submitted_pdf(declaration_id: int) -> None:
    """Make and keep the submitted declaration's PDF; safe to run twice."""
    from careermanager.declarations.documents import document_for
    from careermanager.reports.renderers import render

    declaration = (
        Declaration.objects.filter(pk=declaration_id, status=Status.SUBMITTED)
        .select_related("owner")
        .first()
    )
    if declaration is None or declaration.pdf:
        return
    rendered = render(document_for(declaration), "pdf")
    declaration.pdf.save(rendered.filename, ContentFile(rendered.content), save=False)
    Declaration.objects.filter(pk=declaration_id).update(pdf=declaration.pdf.name)
