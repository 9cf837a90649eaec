"""Background work: making a document job's file, with its progress for the status page."""

import logging

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone

from careermanager.reports.models import DocumentJob
from careermanager.reports.registry import document_kind
from careermanager.reports.renderers import render

logger = logging.getLogger(__name__)

FAILED = "Something went wrong while making this document. Please try again."
# Per cent done once the document is built, before rendering starts; rendering takes the rest.
BUILT = 20


def _progress(job_id: int, percent: int) -> None:
    DocumentJob.objects.filter(pk=job_id, status=DocumentJob.Status.RUNNING).update(
        progress=max(0, min(99, percent)), progressed_at=timezone.now()
    )


@task
def make_document(job_id: int) -> None:
    """Build, render and keep the file of one job; safe to run twice or after the job is gone."""
    claimed = DocumentJob.objects.filter(pk=job_id, status=DocumentJob.Status.QUEUED).update(
        status=DocumentJob.Status.RUNNING, progress=5, progressed_at=timezone.now()
    )
    if not claimed:
        return
    job = DocumentJob.objects.select_related("owner").get(pk=job_id)
    running = DocumentJob.objects.filter(pk=job_id, status=DocumentJob.Status.RUNNING)
    try:
        document = document_kind(job.kind).build(owner=job.owner, parameters=job.parameters)
        _progress(job_id, BUILT)
        rendered = render(
            document,
            job.file_format,
            on_progress=lambda done, total: _progress(job_id, BUILT + (95 - BUILT) * done // total),
        )
        job.file.save(rendered.filename, ContentFile(rendered.content), save=False)
    except Exception:
        logger.exception("Document job %s (%s) failed", job_id, job.kind)
        running.update(status=DocumentJob.Status.FAILED, error=FAILED, finished_at=timezone.now())
        return
    saved = running.update(
        status=DocumentJob.Status.READY,
        progress=100,
        file=job.file.name,
        filename=rendered.filename,
        content_type=rendered.content_type,
        size=len(rendered.content),
        item_count=document.item_count,
        finished_at=timezone.now(),
    )
    if not saved:
        # The job was deleted (or expired and removed) while it was being made.
        job.file.delete(save=False)
