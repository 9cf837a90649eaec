"""Background work: the PDF of a submitted application, made from its snapshot and kept."""

import logging

from django.core.files.base import ContentFile
from django.tasks import task

from careermanager.registration.models import SENT_STATUSES, Application

logger = logging.getLogger(__name__)


@task
def make_application_pdf(application_id: int) -> None:
    """Make and keep the submitted application's PDF; safe to run twice.

    A failure is logged and leaves the application submitted without its PDF (its page says
    the PDF is being made); running the task again makes it.
    """
    from careermanager.registration.documents import render_application

    application = (
        Application.objects.filter(pk=application_id, status__in=SENT_STATUSES)
        .select_related("owner")
        .first()
    )
    if application is None or application.pdf or application.snapshot is None:
        return
    try:
        rendered = render_application(
            application, "pdf", records=application.snapshot, generated_at=application.submitted_at
        )
        application.pdf.save(rendered.filename, ContentFile(rendered.content), save=False)
    except Exception:
        logger.exception("The PDF of submitted application %s could not be made", application_id)
        return
    updated = Application.objects.filter(pk=application_id, pdf="").update(pdf=application.pdf.name)
    if not updated:  # made by another run meanwhile: keep theirs, drop this copy
        application.pdf.storage.delete(application.pdf.name)
