"""Uploading, replacing and removing a member's supporting documents.

    document = document_upload(owner=user, holder=declaration, type_key="declaration.cv",
                               files=form.cleaned_data["file"], actor=user)

Every refusal is a ``ValidationError`` on the field ``file``, for ``core.forms.apply_errors``.
A stored file is never overwritten: a replacement is saved under a new name and the old file
deleted only once the database has committed the change, so a failure at any point leaves the
previous document as it was.
"""

import hashlib
import logging
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from careermanager.core.audit import audit
from careermanager.core.formatting import counted, format_date
from careermanager.core.storage import remove_unreferenced_files
from careermanager.documents.checks import (
    CONTENT_TYPES,
    check_file,
    check_size,
    clean_name,
    over_limit,
)
from careermanager.documents.checks.images import clean_image
from careermanager.documents.merge import merge_to_pdf
from careermanager.documents.models import SupportingDocument, holder_key
from careermanager.documents.types import DocumentType, document_type

logger = logging.getLogger(__name__)

FOLDER = "supporting"
MAX_FILES = 20  # files joined into one PDF at once

try:  # S3 storage (django-storages) reports its failures as boto's exceptions
    from boto3.exceptions import Boto3Error
    from botocore.exceptions import BotoCoreError, ClientError

    STORAGE_ERRORS: tuple[type[Exception], ...] = (OSError, Boto3Error, BotoCoreError, ClientError)
except ImportError:  # pragma: no cover - installed without the s3 extra
    STORAGE_ERRORS = (OSError,)


@dataclass(frozen=True)
class Prepared:
    """A file that passed the checks (or a PDF made of several), ready to store."""

    name: str
    extension: str
    content_type: str
    data: bytes


def _refuse(message: str, code: str = "invalid"):
    raise ValidationError({"file": ValidationError(message, code=code)})


def _read(upload, kind: DocumentType) -> bytes:
    """The upload's bytes, refusing one over the limit before reading it."""
    check_size(upload.size, kind.max_bytes)
    upload.seek(0)
    return b"".join(upload.chunks())


def _prepare(kind: DocumentType, files: Sequence) -> Prepared:
    """Check each file; join several into one PDF where the type allows it."""
    files = [upload for upload in files if upload is not None]
    if not files:
        _refuse(f"Choose a file for your {kind.label}.", "required")
    if len(files) > 1 and not kind.mergeable:
        _refuse(f"Choose one file for your {kind.label}.", "several")
    if len(files) > MAX_FILES:
        _refuse(f"Choose at most {MAX_FILES} files at once.", "several")
    checked = []
    for upload in files:
        try:
            data = _read(upload, kind)
            result = check_file(upload.name, data, kind)
            # What we keep of a photo: turned upright, reduced if the type asks, no metadata.
            data = (
                clean_image(data, result.extension, longest_side=kind.downscale_images_to) or data
            )
        except ValidationError as error:
            message = error.messages[0]
            if len(files) > 1:
                message = f"“{clean_name(upload.name)}”: {message}"
            _refuse(message, error.code or "invalid")
        checked.append((result, data))
    if len(checked) == 1:
        result, data = checked[0]
        return Prepared(result.name, result.extension, result.content_type, data)
    for result, _data in checked:
        if result.extension not in kind.mergeable:
            _refuse(
                f"Only PDFs and images can be joined into one PDF: upload “{result.name}” on "
                "its own.",
                "not_mergeable",
            )
    merged = merge_to_pdf([(result.extension, data) for result, data in checked])
    if len(merged) > kind.max_bytes:
        shown, allowed = over_limit(len(merged), kind.max_bytes)
        _refuse(
            f"Together these {counted(len(checked), 'file')} make a PDF of {shown}; the limit "
            f"is {allowed}. Nothing was saved: choose fewer pages, or make the scans smaller, "
            "and try again.",
            "merged_too_large",
        )
    return Prepared(clean_name(f"{kind.label}.pdf"), ".pdf", CONTENT_TYPES[".pdf"], merged)


@contextmanager
def _stored(owner, prepared: Prepared) -> Iterator[str]:
    """Save the file under a name we make; delete it again if what follows fails."""
    try:
        name = default_storage.save(
            f"{FOLDER}/{owner.pk}/{uuid.uuid4().hex}{prepared.extension}",
            ContentFile(prepared.data),
        )
    except STORAGE_ERRORS:
        # A full disk, a storage that refuses writes: the member can try again later.
        logger.exception("Storage refused a supporting document")
        _refuse(
            "Your file could not be stored just now, so nothing was saved. Please try again "
            "in a few minutes.",
            "storage",
        )
    try:
        yield name
    except BaseException:
        default_storage.delete(name)
        raise


def _fill(document: SupportingDocument, prepared: Prepared, stored: str) -> None:
    document.file.name = stored
    document.original_name = prepared.name
    document.size = len(prepared.data)
    document.content_type = prepared.content_type
    document.sha256 = hashlib.sha256(prepared.data).hexdigest()
    document.uploaded_at = timezone.now()


def _delete_file_after_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def _already(kind: DocumentType, existing: SupportingDocument):
    _refuse(
        f"You have already uploaded “{existing.original_name}” as your {kind.label}. "
        "Replace it, or remove it first.",
        "exists",
    )


def document_upload(
    *, owner, holder: models.Model | str, type_key: str, files: Sequence, actor=None
) -> SupportingDocument:
    """Check and store the member's first document of this type for the holder."""
    kind = document_type(type_key)
    prepared = _prepare(kind, files)  # the slow part, before any lock is taken
    key = holder_key(holder)
    existing = (
        SupportingDocument.objects.owned_by(owner).filter(holder=key, type_key=type_key).first()
    )
    if existing is not None:
        _already(kind, existing)
    try:
        with transaction.atomic(), _stored(owner, prepared) as stored:
            document = SupportingDocument(owner=owner, holder=key, type_key=type_key)
            _fill(document, prepared, stored)
            document.full_clean(validate_constraints=False)
            document.save()
            audit(
                "documents.document.uploaded",
                actor=actor,
                target=document,
                data={"holder": key, "type": type_key, "size": document.size},
            )
    except IntegrityError:
        # Another upload of the same type was saved a moment earlier.
        existing = SupportingDocument.objects.owned_by(owner).get(holder=key, type_key=type_key)
        _already(kind, existing)
    return document


def _refuse_if_sent(document: SupportingDocument) -> None:
    if document.locked_at is not None:
        _refuse(
            f"“{document.original_name}” was sent on {format_date(document.locked_at)} with "
            "what it supports, so it can no longer be replaced or removed.",
            "locked",
        )


def document_replace(*, document: SupportingDocument, files: Sequence, actor=None):
    """Store a new file in the document's place; the old file goes once the change commits."""
    kind = document_type(document.type_key)
    _refuse_if_sent(document)
    prepared = _prepare(kind, files)
    with transaction.atomic():
        locked = SupportingDocument.objects.select_for_update().get(pk=document.pk)
        _refuse_if_sent(locked)
        previous = (locked.file.name, locked.original_name)
        with _stored(locked.owner, prepared) as stored:
            _fill(locked, prepared, stored)
            locked.full_clean(validate_constraints=False)
            locked.save()
            audit(
                "documents.document.replaced",
                actor=actor,
                target=locked,
                data={"type": locked.type_key, "previous": previous[1], "size": locked.size},
            )
        _delete_file_after_commit(previous[0])
    return locked


def document_remove(*, document: SupportingDocument, actor=None) -> None:
    """Delete the document and, once that commits, its file; refused once it has been sent."""
    with transaction.atomic():
        document = SupportingDocument.objects.select_for_update().get(pk=document.pk)
        _refuse_if_sent(document)
        audit(
            "documents.document.removed",
            actor=actor,
            target=document,
            data={"holder": document.holder, "type": document.type_key},
        )
        name = document.file.name
        document.delete()
        _delete_file_after_commit(name)


def documents_lock_for_holder(*, owner, holder: models.Model | str) -> int:
    """Keep the holder's documents as they were sent: no replacing or removing from now on.

    Call it in the transaction that submits or locks the holder. Removing the whole holder
    (``documents_remove_for_holder``) and the member's account still removes them.
    """
    return (
        SupportingDocument.objects.owned_by(owner)
        .held_by(holder)
        .filter(locked_at__isnull=True)
        .update(locked_at=timezone.now())
    )


def documents_unlock_for_holder(*, owner, holder: models.Model | str) -> int:
    """Let the holder's documents be replaced or removed again (an application unlocked).

    Only for a holder that was locked, not sent: a submitted holder's documents stay kept.
    """
    return (
        SupportingDocument.objects.owned_by(owner)
        .held_by(holder)
        .filter(locked_at__isnull=False)
        .update(locked_at=None)
    )


def _remove_all(documents: models.QuerySet) -> int:
    with transaction.atomic():
        names = list(documents.select_for_update().values_list("file", flat=True))
        documents.delete()
        for name in names:
            _delete_file_after_commit(name)
    return len(names)


def documents_remove_for(*, owner) -> int:
    """Delete every document of a member, with its file (call before deleting their account)."""
    return _remove_all(SupportingDocument.objects.owned_by(owner))


def documents_remove_for_holder(*, owner, holder: models.Model | str) -> int:
    """Delete the documents of one holder and of its parts ("<holder>/<part>", see
    ``queries.holder_part``): when the app deletes the holder itself."""
    key = holder_key(holder)
    return _remove_all(
        SupportingDocument.objects.owned_by(owner).filter(
            models.Q(holder=key) | models.Q(holder__startswith=f"{key}/")
        )
    )


def document_files_remove_orphans(*, now=None) -> int:
    """Delete stored supporting files no document refers to; return how many.

    A file is saved before its row and deleted after the row's removal commits, so a
    transaction rolled back after an upload, or a crash, can leave one behind. Files younger
    than an hour are left: their row may be about to be saved.
    """
    known = set(SupportingDocument.objects.values_list("file", flat=True))
    return remove_unreferenced_files(FOLDER, known=known, now=now)
