"""Background work of the CPD app: importing a confirmed legacy CSV file."""

import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from careermanager.cpd.models import ImportBatch

logger = logging.getLogger(__name__)

FAILED = "Something went wrong while importing this file."


@task
def import_legacy_batch(batch_id: int) -> None:
    """Import one confirmed batch; safe to run twice, or after the batch is gone."""
    from careermanager.cpd.services.imports import BatchGone, legacy_import_run

    with transaction.atomic():
        claimed = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).update(
            status=ImportBatch.Status.RUNNING, started_at=timezone.now()
        )
    if not claimed:
        return
    batch = ImportBatch.objects.select_related("owner").get(pk=batch_id)
    try:
        legacy_import_run(batch=batch)
    except BatchGone:
        return
    except Exception:
        logger.exception("Legacy import %s failed", batch_id)
        ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.RUNNING).update(
            status=ImportBatch.Status.FAILED, error=FAILED
        )
