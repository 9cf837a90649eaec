"""Backups: the restore drill, and the archives a restore refuses.

The drill fills an installation with the demo's records, uploaded files and generated documents,
backs it up, restores the archive into a second, empty installation (another database and
another storage folder) and finds every member's full export and every file identical.
"""

import hashlib
import io
import json
import shutil
import tarfile
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.utils import load_backend
from django.utils import timezone

from careermanager.accounts.models import User
from careermanager.core.backup import MANIFEST, storage_files
from careermanager.core.snapshots import canonical_json
from careermanager.documents.services import document_upload
from careermanager.portability.records import build_document
from careermanager.portability.services import export_request
from careermanager.reports.models import DocumentJob
from tests.documents.files import image, pdf
from tests.factories import UserFactory
from tests.portability.factories import make_demo_member

# Each test really commits: pg_dump reads the database from another process.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EXPORTED_AT = datetime(2026, 1, 1, tzinfo=UTC)


def _use_storage(settings, folder: Path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }


@pytest.fixture
def installation(settings, tmp_path):
    """The installation under test, its uploads in a folder of their own."""
    _use_storage(settings, tmp_path / "media")
    return tmp_path


def _fill() -> None:
    """The demo's records, uploaded files, a generated report and a data export."""
    member = make_demo_member()
    now = timezone.now()
    DocumentJob.objects.create(
        owner=member,
        kind="cpd.summary",
        file_format="pdf",
        status=DocumentJob.Status.READY,
        file=default_storage.save("reports/documents/2026/11/cpd.pdf", ContentFile(pdf())),
        finished_at=now,
        expires_at=now + timedelta(days=7),
    )
    export_request(owner=member)
    other = UserFactory(email="other@example.org", full_name="Otto Other")
    document_upload(
        owner=other,
        holder="declarations.declaration:0",
        type_key="declaration.planning-report",
        files=[SimpleUploadedFile("Plan ü.pdf", pdf())],
    )


def _state() -> dict:
    """Every member's full export, every stored file's checksum, every table's row count."""
    exports = {
        user.email: canonical_json(
            build_document(user).model_copy(update={"exported_at": EXPORTED_AT})
        ).decode()
        for user in User.objects.order_by("email")
    }
    files = {}
    for name in storage_files(default_storage):
        with default_storage.open(name, "rb") as stored:
            files[name] = hashlib.sha256(stored.read()).hexdigest()
    rows = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label != "core.AuditEvent"  # the restore records itself
    }
    return {"exports": exports, "files": files, "rows": rows}


@contextmanager
def _second_installation(settings, folder: Path):
    """Another, empty database and another storage folder, for as long as the block runs."""
    first = connections["default"]
    folder.mkdir(parents=True, exist_ok=True)
    settings_dict = {**first.settings_dict}
    if first.vendor == "sqlite":
        settings_dict["NAME"] = str(folder / "restored.sqlite3")
    else:
        settings_dict["NAME"] = f"{first.settings_dict['NAME']}_restored"
        with first.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {settings_dict['NAME']}")
            cursor.execute(f"CREATE DATABASE {settings_dict['NAME']}")
    second = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    _use_storage(settings, folder / "media")
    connections["default"] = second
    ContentType.objects.clear_cache()
    try:
        yield
    finally:
        second.close()
        connections["default"] = first
        ContentType.objects.clear_cache()
        if first.vendor == "postgresql":
            with first.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {settings_dict['NAME']} WITH (FORCE)")


def _has_no_accounts() -> bool:
    return User._meta.db_table not in connection.introspection.table_names() or (
        not User.objects.exists()
    )


def _needs_client_tools():
    if connection.vendor == "postgresql" and not (
        shutil.which("pg_dump") and shutil.which("pg_restore")
    ):
        pytest.skip("pg_dump and pg_restore are not installed (Debian: postgresql-client)")


def _backup(path: Path) -> str:
    out = io.StringIO()
    call_command("backup", output=str(path), stdout=out)
    return out.getvalue()


def _manifest(path: Path) -> dict:
    with tarfile.open(path) as archive:
        return json.loads(archive.extractfile(MANIFEST).read())


@pytest.mark.parametrize("migrated", [False, True], ids=["new-database", "migrated-database"])
def test_restore_drill_gives_back_every_members_export_and_every_file(
    installation, settings, tmp_path, migrated
):
    _needs_client_tools()
    _fill()
    before = _state()
    archive = tmp_path / "backup.tar"

    said = _backup(archive)

    assert f"Wrote {archive}" in said
    assert f"{len(before['files'])} files" in said
    manifest = _manifest(archive)
    assert manifest["format"] == "careermanager-backup"
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["migrations"]["accounts"].startswith("00")
    listed = {entry["path"]: entry["sha256"] for entry in manifest["entries"]}
    assert {f"files/{name}": digest for name, digest in before["files"].items()}.items() <= (
        listed.items()
    )
    assert archive.stat().st_mode & 0o077 == 0  # only its owner can read it

    with _second_installation(settings, tmp_path / "second"):
        if migrated:  # an empty installation may have been set up already
            call_command("migrate", verbosity=0)
        assert _has_no_accounts()
        out = io.StringIO()
        call_command("restore", str(archive), stdout=out)
        after = _state()

    assert f"Restored {archive}" in out.getvalue()
    assert len(before["exports"]) == 3
    assert {name.split("/")[0] for name in before["files"]} >= {
        "supporting",
        "reports",
        "portability",
    }
    assert after["exports"] == before["exports"]
    assert after["files"] == before["files"]
    assert after["rows"] == before["rows"]


def test_a_tampered_archive_is_refused_before_anything_changes(installation, settings, tmp_path):
    _needs_client_tools()
    _fill()
    archive = tmp_path / "backup.tar"
    _backup(archive)
    with tarfile.open(archive) as opened:
        upload = next(m for m in opened.getmembers() if m.name.startswith("files/supporting/"))
        database = opened.getmembers()[0]
    for member in (database, upload):
        tampered = tmp_path / f"tampered-{member.offset_data}.tar"
        data = bytearray(archive.read_bytes())
        data[member.offset_data + member.size // 2] ^= 0x01
        tampered.write_bytes(bytes(data))

        with _second_installation(settings, tmp_path / "second"):
            with pytest.raises(CommandError, match="does not match its checksum") as refused:
                call_command("restore", str(tampered))
            assert member.name in str(refused.value)
            assert connection.introspection.table_names() == []
            assert list(storage_files(default_storage)) == []


def test_restore_into_an_installation_with_accounts_is_refused(installation, tmp_path):
    _needs_client_tools()
    _fill()
    archive = tmp_path / "backup.tar"
    _backup(archive)
    before = _state()

    with pytest.raises(CommandError, match="already has 3 accounts"):
        call_command("restore", str(archive))

    assert _state() == before


def _rewritten(archive: Path, target: Path, change) -> Path:
    """The archive with its manifest changed by change(dict); the checksums still hold."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


def test_an_archive_from_another_engine_or_a_newer_version_is_refused(
    installation, settings, tmp_path
):
    _needs_client_tools()
    archive = tmp_path / "backup.tar"
    _backup(archive)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def other_engine(manifest):
        manifest["database"]["engine"] = other

    def newer(manifest):
        manifest["migrations"]["cpd"] = "9999_from_the_future"

    with _second_installation(settings, tmp_path / "second"):
        with pytest.raises(CommandError, match="Restore it into an installation on"):
            call_command("restore", str(_rewritten(archive, tmp_path / "a.tar", other_engine)))
        with pytest.raises(CommandError, match=r"cpd\.9999_from_the_future"):
            call_command("restore", str(_rewritten(archive, tmp_path / "b.tar", newer)))
        assert connection.introspection.table_names() == []


def test_backup_will_not_overwrite_a_file(installation, tmp_path):
    archive = tmp_path / "backup.tar"
    archive.write_bytes(b"an older backup")

    with pytest.raises(CommandError, match="already exists"):
        _backup(archive)

    assert archive.read_bytes() == b"an older backup"


def _use_bucket(settings, bucket: str) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }


def test_files_on_s3_compatible_storage_are_backed_up_and_restored(settings, tmp_path):
    """The storage is walked through Django's storage API, so a bucket works as a folder does."""
    _needs_client_tools()
    boto3 = pytest.importorskip("boto3")
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        for bucket in ("first", "second"):
            s3.create_bucket(Bucket=bucket)
        _use_bucket(settings, "first")
        names = [
            default_storage.save("supporting/7/a.pdf", ContentFile(pdf())),
            default_storage.save("reports/documents/2026/11/b.png", ContentFile(image("PNG"))),
            default_storage.save("top.txt", ContentFile(b"at the top")),
        ]
        before = _state()["files"]
        archive = tmp_path / "backup.tar.gz"
        _backup(archive)

        with _second_installation(settings, tmp_path / "second"):
            _use_bucket(settings, "second")
            call_command("restore", str(archive), stdout=io.StringIO())
            after = _state()["files"]

    assert sorted(before) == sorted(names)
    assert after == before
