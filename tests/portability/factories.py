"""Exports and the demo member with uploaded files, for the export, import and backup tests."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from careermanager.accounts.models import User
from careermanager.declarations.models import Declaration
from careermanager.documents.services import document_upload
from careermanager.portability.models import FOLDER, DataExport
from tests.documents.files import image, pdf


def make_demo_member() -> User:
    """The demo's member, with every app's demo records and two uploaded files."""
    from careermanager.core.management.commands.demo import MEMBER_EMAIL

    call_command("demo", force=True, stdout=io.StringIO())
    member = User.objects.get(email=MEMBER_EMAIL)
    declaration = Declaration.objects.owned_by(member).order_by("year").first()
    document_upload(
        owner=member,
        holder=declaration,
        type_key="declaration.activity-report",
        files=[SimpleUploadedFile("My CPD log 2025.pdf", pdf(2))],
    )
    document_upload(
        owner=member,
        holder=declaration,
        type_key="declaration.planning-report",
        files=[SimpleUploadedFile("plan.png", image("PNG"))],
    )
    return member


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
