"""Background work of the portability app: making a data export's zip."""

import logging

from django.tasks import task
from django.utils import timezone

from careermanager.portability.models import DataExport, DataImport

logger = logging.getLogger(__name__)


@task
def make_export(export_id: int) -> None:
    """Make one export's zip; safe to run twice, or after the export is gone."""
    from careermanager.portability.services import FAILED, export_make

    claimed = DataExport.objects.filter(pk=export_id, status=DataExport.Status.QUEUED).update(
        status=DataExport.Status.RUNNING
    )
    if not claimed:
        return
    export = DataExport.objects.select_related("owner").get(pk=export_id)
    try:
        export_make(export)
    except Exception:
        logger.exception("Data export %s failed", export_id)
        DataExport.objects.filter(pk=export_id, status=DataExport.Status.RUNNING).update(
            status=DataExport.Status.FAILED, error=FAILED, finished_at=timezone.now()
        )


@task
def run_import(import_id: int) -> None:
    """Import one uploaded export; safe to run twice, or after the import is gone."""
    from careermanager.portability.services import import_run

    claimed = DataImport.objects.filter(pk=import_id, status=DataImport.Status.QUEUED).update(
        status=DataImport.Status.RUNNING
    )
    if claimed:
        import_run(DataImport.objects.select_related("owner").get(pk=import_id))
