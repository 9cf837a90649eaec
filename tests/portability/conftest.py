"""The demo member with uploaded files, and their data export as a zip."""

import io
import json
import zipfile

import pytest
from django.db import transaction

from careermanager.accounts.models import User
from careermanager.portability.archive import write_archive
from careermanager.portability.records import build_document, member_files
from tests.portability.factories import make_demo_member


@pytest.fixture(autouse=True)
def _fresh_storage(settings):
    """An empty in-memory storage for each test (setting STORAGES again starts a new one)."""
    settings.STORAGES = {**settings.STORAGES}


def export_zip(member) -> bytes:
    files = member_files(member)
    out = io.BytesIO()
    write_archive(out, build_document(member, [record for record, _ in files]), files)
    return out.getvalue()


@pytest.fixture
def demo_member(db) -> User:
    return make_demo_member()


@pytest.fixture(scope="session")
def demo_zip(django_db_setup, django_db_blocker) -> bytes:
    """The demo member's export, made once; the member is gone again, as on another server."""
    with django_db_blocker.unblock(), transaction.atomic():
        data = export_zip(make_demo_member())
        transaction.set_rollback(True)
    return data


def rezip(data: bytes, *, document=None, entries: dict | None = None, drop=()) -> bytes:
    """The export zip with its document changed, entries added or replaced, or some left out."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in drop or info.filename in (entries or {}):
                continue
            content = source.read(info)
            if info.filename == "careermanager-export.json" and document is not None:
                content = json.dumps(document(json.loads(content))).encode()
            target.writestr(info.filename, content)
        for name, content in (entries or {}).items():
            target.writestr(name, content)
    return out.getvalue()
