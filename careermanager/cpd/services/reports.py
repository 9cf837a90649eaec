"""Asking for a CPD activity report; the report itself is made by a background task."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from careermanager.core.audit import audit
from careermanager.cpd.models import ReportJob

# Reports kept per member; older files are deleted when a new report is asked for.
KEEP_REPORTS = 20
# The same report asked for again this soon (a double click) is the same job.
REPEAT_WINDOW = timedelta(minutes=1)


@transaction.atomic
def report_request(
    *, owner, kind: str, file_format: str, start_date: date, end_date: date
) -> ReportJob:
    from careermanager.cpd.tasks import make_cpd_report

    params = {
        "kind": kind,
        "file_format": file_format,
        "start_date": start_date,
        "end_date": end_date,
    }
    repeat = (
        ReportJob.objects.owned_by(owner)
        .select_for_update()
        .filter(
            **params,
            status__in=(ReportJob.Status.QUEUED, ReportJob.Status.RUNNING),
            created_at__gte=timezone.now() - REPEAT_WINDOW,
        )
        .first()
    )
    if repeat is not None:
        return repeat
    job = ReportJob(owner=owner, **params)
    job.full_clean()
    job.save()
    audit(
        "cpd.report.requested", actor=owner, target=job, data={"kind": kind, "format": file_format}
    )
    _forget_old_reports(owner)
    transaction.on_commit(lambda: make_cpd_report.enqueue(job.pk))
    return job


def _forget_old_reports(owner) -> None:
    old = ReportJob.objects.owned_by(owner).recent()[KEEP_REPORTS:]
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
