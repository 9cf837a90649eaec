"""Exporting a member's data, importing it into an empty account, and deleting an account."""

import logging
import re
import tempfile
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from careermanager.core.audit import audit
from careermanager.core.storage import remove_unreferenced_files
from careermanager.documents.checks import check_file
from careermanager.documents.models import SupportingDocument
from careermanager.documents.types import UnknownDocumentType, document_type
from careermanager.portability import conf
from careermanager.portability.archive import Archive, ArchiveError, read_archive, write_archive
from careermanager.portability.models import FOLDER, IMPORT_FOLDER, DataExport, DataImport
from careermanager.portability.records import build_document, member_files
from careermanager.portability.restore import RestoreError, restore_records

logger = logging.getLogger(__name__)

# The same export asked for again this soon, while the first is being made, is the same one.
REPEAT_WINDOW = timedelta(minutes=1)
# Exports kept per member; the oldest go (with their files) when a new one is asked for.
KEEP_EXPORTS = 5
FAILED = "Something went wrong while making your export. Please try again."
SUPPORTING_FOLDER = "supporting"
NOT_EMPTY = (
    "Your account already has records, so nothing was imported: an export can only be "
    "imported into a new, empty account."
)
IMPORT_FAILED = "Something went wrong while importing your data, so nothing was imported."
# where the documents app keeps uploaded files

# Rows that say nothing about a member's own records: an account that has only these is
# empty, and an import may go into it.
NOT_CONTENT = {"cpd.importbatch", "cpd.emailsettings", "cpd.reminder", "development.plan"}
# Apps whose rows are the account's machinery, not its records: exports, generated documents,
# access tokens and the API's request bookkeeping.
NOT_CONTENT_APPS = {"portability", "reports", "api"}


class ImportRefused(Exception):
    """The import cannot go ahead; the message says why, for the member."""


# Export -------------------------------------------------------------------------------------


@transaction.atomic
def export_request(*, owner) -> DataExport:
    """Queue an export of everything the owner has, or return the one asked for a moment ago."""
    from careermanager.portability.tasks import make_export

    get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
    now = timezone.now()
    waiting = (
        DataExport.objects.owned_by(owner)
        .filter(
            status__in=(DataExport.Status.QUEUED, DataExport.Status.RUNNING),
            created_at__gte=now - REPEAT_WINDOW,
        )
        .first()
    )
    if waiting is not None:
        return waiting
    export = DataExport.objects.create(
        owner=owner, created_at=now, expires_at=now + timedelta(days=conf.export_days())
    )
    _forget_old_exports(owner)
    audit("portability.export.requested", actor=owner, target=export)
    transaction.on_commit(lambda: make_export.enqueue(export.pk))
    return export


def _forget_old_exports(owner) -> None:
    """Keep the member's newest exports only, so repeated requests cannot fill the storage."""
    old = DataExport.objects.owned_by(owner).recent()[KEEP_EXPORTS:]
    names = [export.file.name for export in old if export.file]
    DataExport.objects.filter(pk__in=[export.pk for export in old]).delete()
    for name in names:
        transaction.on_commit(lambda name=name: default_storage.delete(name))


def export_make(export: DataExport) -> None:
    """Write the export's zip to storage and mark it ready (called by the task)."""
    owner = export.owner
    files = member_files(owner)
    document = build_document(owner, files=[record for record, _stored in files])
    with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as out:
        count = write_archive(out, document, files)
        size = out.tell()
        out.seek(0)
        name = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.zip", File(out))
    saved = DataExport.objects.filter(pk=export.pk, status=DataExport.Status.RUNNING).update(
        status=DataExport.Status.READY,
        file=name,
        size=size,
        file_count=count,
        finished_at=timezone.now(),
    )
    if not saved:  # removed while it was being made
        default_storage.delete(name)


def exports_remove_expired(*, now=None) -> int:
    """Delete expired exports and their files, and files no export names; how many exports."""
    now = now or timezone.now()
    removed = 0
    for export in DataExport.objects.expired(now):
        name = export.file.name
        export.delete()
        if name:
            default_storage.delete(name)
        removed += 1
    known = set(DataExport.objects.exclude(file="").values_list("file", flat=True))
    remove_unreferenced_files(FOLDER, known=known, now=now)
    # Finished imports are kept as long as exports, for their outcome; their zips are gone.
    DataImport.objects.filter(finished_at__lte=now - timedelta(days=conf.export_days())).delete()
    known = set(DataImport.objects.exclude(file="").values_list("file", flat=True))
    remove_unreferenced_files(IMPORT_FOLDER, known=known, now=now)
    return removed


# Import -------------------------------------------------------------------------------------


def _owned_models():
    user_model = get_user_model()
    for model in apps.get_models():
        if model._meta.label_lower in NOT_CONTENT or model._meta.app_label in NOT_CONTENT_APPS:
            continue
        owner = next((f for f in model._meta.fields if f.name == "owner"), None)
        if owner is not None and owner.is_relation and owner.related_model is user_model:
            yield model


def account_is_empty(owner) -> bool:
    """Whether the member has no records of their own at all (one query per kind of record)."""
    return not any(model._base_manager.filter(owner=owner).exists() for model in _owned_models())


@dataclass(frozen=True)
class ImportResult:
    records: int
    files: int


_ROW_KEY = re.compile(r"[a-z_]+\.[a-z_]+:\d+(/.*)?")


def _store_files(owner, archive: Archive, maps, stored: list[str]) -> int:
    for record in archive.document.files:
        data = archive.files[record.path]
        try:
            kind = document_type(record.type_key)
            checked = check_file(record.original_name, data, kind)
        except UnknownDocumentType:
            raise ImportRefused(
                f"“{record.original_name}” is a kind of document this server does not take "
                f"({record.type_key})."
            ) from None
        except ValidationError as error:
            raise ImportRefused(f"“{record.original_name}”: {error.messages[0]}") from None
        if (checked.name, checked.content_type) != (record.original_name, record.content_type):
            raise ImportRefused(
                f"“{record.original_name}” is not the kind of file the export says it is."
            )
        holder = maps.holder(record.holder)
        if holder is None:
            if _ROW_KEY.fullmatch(record.holder):
                raise ImportRefused(
                    f"“{record.original_name}” belongs to a record the export does not contain."
                )
            holder = record.holder
        name = default_storage.save(
            f"{SUPPORTING_FOLDER}/{owner.pk}/{uuid.uuid4().hex}{checked.extension}",
            ContentFile(data),
        )
        stored.append(name)
        SupportingDocument.objects.create(
            owner=owner,
            holder=holder,
            file=name,
            **record.model_dump(exclude={"path", "holder"}),
        )
    return len(archive.document.files)


def import_archive(*, owner, archive: Archive) -> ImportResult:
    """Put an export's records and files into the owner's empty account, all or nothing."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
            if not account_is_empty(owner):
                raise ImportRefused(NOT_EMPTY)
            try:
                maps = restore_records(owner, archive.document)
            except RestoreError as error:
                raise ImportRefused(str(error)) from error
            except IntegrityError as error:
                logger.warning("Import into account %s broke a constraint: %s", owner.pk, error)
                raise ImportRefused(
                    "The export holds records that break this server's rules, so nothing was "
                    "imported. It may have been changed after it was made."
                ) from error
            files = _store_files(owner, archive, maps, stored)
            records = sum(len(ids) for ids in maps.ids.values())
            audit(
                "portability.import.done",
                actor=owner,
                target=owner,
                data={
                    "records": records,
                    "files": files,
                    "exported_at": archive.document.exported_at.isoformat(),
                },
            )
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return ImportResult(records=records, files=files)


@transaction.atomic
def import_request(*, owner, upload) -> DataImport:
    """Keep the uploaded export and queue its import; refuse at once into a non-empty account."""
    from careermanager.portability.tasks import run_import

    if not account_is_empty(owner):
        raise ImportRefused(NOT_EMPTY)
    name = default_storage.save(f"{IMPORT_FOLDER}/{uuid.uuid4().hex}.zip", upload)
    data_import = DataImport.objects.create(
        owner=owner, file=name, filename=upload.name[:200], size=upload.size
    )
    audit("portability.import.requested", actor=owner, target=data_import)
    transaction.on_commit(lambda: run_import.enqueue(data_import.pk))
    return data_import


def import_run(data_import: DataImport) -> None:
    """Read, check and import the kept zip; record the outcome and remove the zip."""
    outcome = {"status": DataImport.Status.REFUSED, "finished_at": None}
    try:
        with data_import.file.open("rb") as upload:
            archive = read_archive(upload, size=data_import.size, max_bytes=conf.import_max_bytes())
        result = import_archive(owner=data_import.owner, archive=archive)
    except (ArchiveError, ImportRefused) as error:
        outcome["error"] = str(error)[:500]
    except Exception:
        logger.exception("Data import %s failed", data_import.pk)
        outcome["error"] = IMPORT_FAILED
    else:
        outcome |= {
            "status": DataImport.Status.DONE,
            "record_count": result.records,
            "file_count": result.files,
        }
    finally:
        name = data_import.file.name
        if name:
            default_storage.delete(name)
    outcome["finished_at"] = timezone.now()
    DataImport.objects.filter(pk=data_import.pk).update(file="", **outcome)


__all__ = ["ArchiveError", "ImportRefused"]
