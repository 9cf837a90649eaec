"""A supporting document in the database and the storage, without the upload's checks."""

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from careermanager.documents.models import SupportingDocument
from tests.documents import files


def stored_document(owner, *, holder="tests.application:1", type_key="tests.cv", data=None):
    data = data or files.pdf()
    name = default_storage.save(f"supporting/{owner.pk}/{uuid.uuid4().hex}.pdf", ContentFile(data))
    return SupportingDocument.objects.create(
        owner=owner,
        holder=holder,
        type_key=type_key,
        file=name,
        original_name="Olive Owner CV.pdf",
        size=len(data),
        content_type="application/pdf",
        sha256=hashlib.sha256(data).hexdigest(),
    )
