"""Background work: the PDF of a submitted declaration, made from its snapshot and kept."""

import logging

from django.core.files.base import ContentFile
from django.tasks import task

from careermanager.declarations.models import Declaration, Status

logger = logging.getLogger(__name__)


@task
def make_submitted_pdf(declaration_id: int) -> None:
    """Make and keep the submitted declaration's PDF; safe to run twice.

    A failure is logged and leaves the declaration submitted without its PDF (its page says
    the PDF is being made); running the task again makes it.
    """
    from careermanager.declarations.documents import document_for
    from careermanager.reports.renderers import render

    declaration = (
        Declaration.objects.filter(pk=declaration_id, status=Status.SUBMITTED)
        .select_related("owner")
        .first()
    )
    if declaration is None or declaration.pdf:
        return
    try:
        rendered = render(document_for(declaration), "pdf")
        declaration.pdf.save(rendered.filename, ContentFile(rendered.content), save=False)
    except Exception:
        logger.exception("The PDF of submitted declaration %s could not be made", declaration_id)
        return
    Declaration.objects.filter(pk=declaration_id, pdf="").update(pdf=declaration.pdf.name)
