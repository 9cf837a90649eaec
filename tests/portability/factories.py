from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from careermanager.portability.models import FOLDER, DataExport


def ready_export(owner, *, content: bytes = b"PK\x05\x06" + bytes(18), **fields) -> DataExport:
    """An export that has been made, with a (tiny) zip in storage."""
    now = timezone.now()
    name = default_storage.save(f"{FOLDER}/test.zip", ContentFile(content))
    values = {
        "status": DataExport.Status.READY,
        "file": name,
        "size": len(content),
        "finished_at": now,
        "created_at": now,
        "expires_at": now + timedelta(days=3),
    } | fields
    return DataExport.objects.create(owner=owner, **values)
