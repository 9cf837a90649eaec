"""Background work: making a CPD activity report, with its progress for the status page."""

import logging

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone

from careermanager.cpd.models import ReportJob
from careermanager.cpd.reporting import render_report
from careermanager.reports.builders.cpd import build_document, gather

logger = logging.getLogger(__name__)


def _progress(job_id: int, percent: int) -> None:
    ReportJob.objects.filter(pk=job_id).update(progress=max(0, min(99, percent)))


@task
def make_cpd_report(job_id: int) -> None:
    """Build and render the report of one job and keep the file; safe to run twice."""
    claimed = ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.QUEUED).update(
        status=ReportJob.Status.RUNNING, progress=5
    )
    if not claimed:
        return
    job = ReportJob.objects.select_related("owner").get(pk=job_id)
    try:
        items = gather(job.owner, job.start_date, job.end_date)
        document = build_document(
            member=job.owner.display_name,
            items=items,
            start=job.start_date,
            end=job.end_date,
            detailed=job.kind == ReportJob.Kind.DETAILED,
            generated_at=timezone.now(),
        )
        _progress(job_id, 20)
        rendered = render_report(
            document,
            job.file_format,
            on_progress=lambda done: _progress(job_id, 20 + int(done * 75)),
        )
        job.refresh_from_db(fields=["progress"])
        job.file.save(rendered.filename, ContentFile(rendered.content), save=False)
        job.filename = rendered.filename
        job.content_type = rendered.content_type
        job.size = len(rendered.content)
        job.item_count = len(items)
        job.status = ReportJob.Status.READY
        job.progress = 100
    except Exception:
        logger.exception("CPD report %s failed", job_id)
        job.status = ReportJob.Status.FAILED
        job.error = "Something went wrong while making this report. Please try again."
    job.finished_at = timezone.now()
    job.save()
