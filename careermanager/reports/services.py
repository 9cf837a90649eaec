"""Asking for a document job, and removing jobs and files that are no longer kept."""

import json
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from careermanager.core.audit import audit
from careermanager.core.storage import remove_unreferenced_files
from careermanager.reports.models import FOLDER, STALLED, DocumentJob

logger = logging.getLogger(__name__)

# Jobs kept per member; the oldest go (with their files) when a new one is asked for.
KEEP_JOBS = 20
# The same document asked for again this soon, while the first is still being made (a double
# click, a reload of the POST), is the same job.
REPEAT_WINDOW = timedelta(minutes=1)


def as_json(parameters: dict) -> dict:
    """The parameters as a job keeps them: JSON values, dates as ISO strings."""
    return json.loads(json.dumps(parameters, cls=DjangoJSONEncoder))


@transaction.atomic
def document_job_request(
    *, owner, kind: str, file_format: str, parameters: dict, title: str = ""
) -> DocumentJob:
    """Queue a document for the owner, or return the same one asked for a moment ago."""
    from careermanager.reports.tasks import make_document

    # One request at a time per member, so two clicks cannot both miss each other's job.
    get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
    parameters = as_json(parameters)
    now = timezone.now()
    waiting = DocumentJob.objects.owned_by(owner).filter(
        kind=kind,
        file_format=file_format,
        status__in=(DocumentJob.Status.QUEUED, DocumentJob.Status.RUNNING),
        created_at__gte=now - REPEAT_WINDOW,
    )
    # Compared here rather than in SQL: JSON equality differs between databases.
    repeat = next((job for job in waiting if job.parameters == parameters), None)
    if repeat is not None:
        return repeat
    job = DocumentJob(
        owner=owner,
        kind=kind,
        title=title[:200],
        parameters=parameters,
        file_format=file_format,
        created_at=now,
        expires_at=now + timedelta(days=settings.DOCUMENT_DAYS),
    )
    job.full_clean()
    job.save()
    audit(
        "reports.job.requested",
        actor=owner,
        target=job,
        data={"kind": kind, "format": file_format},
    )
    _keep_latest(owner)
    transaction.on_commit(lambda: make_document.enqueue(job.pk))
    return job


def _keep_latest(owner) -> None:
    for job in DocumentJob.objects.owned_by(owner).recent()[KEEP_JOBS:]:
        _delete(job)


def _delete(job: DocumentJob) -> None:
    if job.file:
        job.file.delete(save=False)
    job.delete()


def document_jobs_remove_expired(*, now: datetime | None = None) -> int:
    """Delete the jobs whose time is up, with their files; return how many."""
    removed = 0
    for job in DocumentJob.objects.expired(now).iterator():
        with transaction.atomic():
            _delete(job)
        removed += 1
    return removed


def document_jobs_fail_stalled(*, now: datetime | None = None) -> int:
    """Mark as failed the running jobs whose worker has gone; return how many."""
    now = now or timezone.now()
    return DocumentJob.objects.stalled(now).update(
        status=DocumentJob.Status.FAILED, error=STALLED, finished_at=now
    )


def document_jobs_remove_for(*, owner) -> int:
    """Delete every job of a member, with its files (call before deleting their account)."""
    jobs = list(DocumentJob.objects.owned_by(owner))
    for job in jobs:
        _delete(job)
    return len(jobs)


def document_files_remove_orphans(*, now: datetime | None = None) -> int:
    """Delete document files no job refers to (e.g. left by a deleted account); return how many.

    Files younger than an hour (core.storage.GRACE) are left: their job may be about to be saved.
    """
    known = set(DocumentJob.objects.exclude(file="").values_list("file", flat=True))
    return remove_unreferenced_files(FOLDER, known=known, now=now)
