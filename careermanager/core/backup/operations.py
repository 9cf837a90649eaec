"""Writing the archive, and restoring it into an empty installation."""

import importlib.metadata
import io
import os
import tarfile
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from careermanager.core.audit import audit
from careermanager.core.backup.archive import (
    DATABASE_ENTRY,
    ENGINE_NAMES,
    FILES,
    MANIFEST,
    SPOOL,
    BackupError,
    Discard,
    Entry,
    Manifest,
    Result,
    add_entry,
    archive_entries,
    backup_check,
    hash_into,
    open_archive,
)
from careermanager.core.backup.database import (
    engine_in_use,
    latest_migrations,
    restore_database,
    snapshot_database,
)
from careermanager.core.formatting import counted


def app_version() -> str:
    try:
        return importlib.metadata.version("careermanager")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in the storage under folder, at any depth."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    prefix = f"{folder}/" if folder else ""
    for name in sorted(files):
        yield f"{prefix}{name}"
    for sub in sorted(folders):
        yield from storage_files(storage, f"{prefix}{sub}")


def backup_write(output: Path, *, storage: Storage | None = None) -> Result:
    """Write the archive to output (a new file; gzip-compressed when its name ends in .gz)."""
    storage = storage or default_storage
    started = time.monotonic()
    engine = engine_in_use()
    if output.exists():
        raise BackupError(f"{output} already exists; name a new file.")
    manifest = Manifest(
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        app_version=app_version(),
        engine=engine,
        migrations=latest_migrations(),
    )
    partial = output.with_name(output.name + ".partial")
    mode = "w:gz" if output.name.endswith((".gz", ".tgz")) else "w"
    now = time.time()
    file_bytes = 0
    # The archive holds personal data and password hashes: only its owner may read it.
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with (
            os.fdopen(descriptor, "wb") as out,
            tarfile.open(fileobj=out, mode=mode, format=tarfile.PAX_FORMAT) as archive,
            tempfile.TemporaryDirectory(prefix="careermanager-backup-") as work,
        ):
            snapshot = Path(work) / DATABASE_ENTRY[engine]
            snapshot_database(engine, snapshot)
            with snapshot.open("rb") as source:
                size, digest = hash_into(source, Discard())
                source.seek(0)
                add_entry(archive, snapshot.name, source, size, now)
            manifest.entries.append(Entry(snapshot.name, size, digest))
            database_bytes = size
            snapshot.unlink()
            # Files come after the database: one saved meanwhile is at worst an extra file,
            # which the daily sweeps remove.
            for name in storage_files(storage):
                with (
                    storage.open(name, "rb") as source,
                    tempfile.SpooledTemporaryFile(max_size=SPOOL, dir=work) as copy,
                ):
                    size, digest = hash_into(source, copy)
                    copy.seek(0)
                    add_entry(archive, FILES + name, copy, size, now)
                manifest.entries.append(Entry(FILES + name, size, digest))
                file_bytes += size
            text = manifest.as_json()
            add_entry(archive, MANIFEST, io.BytesIO(text), len(text), now)
        os.replace(partial, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Result(
        manifest=manifest,
        file_count=len(manifest.files),
        file_bytes=file_bytes,
        database_bytes=database_bytes,
        seconds=time.monotonic() - started,
    )


def _check_compatible(manifest: Manifest) -> None:
    engine = engine_in_use()
    if manifest.engine != engine:
        raise BackupError(
            f"This backup holds a {ENGINE_NAMES[manifest.engine]} database and this installation "
            f"uses {ENGINE_NAMES[engine]}. Restore it into an installation on "
            f"{ENGINE_NAMES[manifest.engine]}."
        )
    if DATABASE_ENTRY[engine] not in {entry.path for entry in manifest.entries}:
        raise BackupError("The backup holds no database: it is not a complete backup.")
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    unknown = [
        f"{app}.{name}" for app, name in manifest.migrations.items() if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            f"The backup was made by a newer version of Career Manager ({manifest.app_version}): "
            f"this one does not know its migration {unknown[0]}. Install that version or a newer "
            "one, then restore."
        )


def _check_empty(manifest: Manifest, storage: Storage) -> None:
    users = get_user_model()
    if users._meta.db_table in connection.introspection.table_names():
        count = users._default_manager.count()
        if count:
            raise BackupError(
                f"This installation already has {counted(count, 'account')}. "
                "A backup is restored only into an empty installation: point DATABASE_URL at a "
                "new, empty database (and the storage at an empty place), then restore."
            )
    wanted = {entry.path.removeprefix(FILES) for entry in manifest.files}
    if not wanted:
        return
    for name in storage_files(storage):
        if name in wanted:
            raise BackupError(
                f"The storage already holds {name}, which the backup would restore. Restore "
                "into an empty storage."
            )


def _restore_files(path: Path, manifest: Manifest, storage: Storage, work: str) -> tuple[int, int]:
    listed = {entry.path: entry for entry in manifest.files}
    count = size_total = 0
    with open_archive(path) as archive:
        for member, source in archive_entries(archive):
            entry = listed.get(member.name)
            if entry is None:
                continue
            with tempfile.SpooledTemporaryFile(max_size=SPOOL, dir=work) as copy:
                if hash_into(source, copy) != (entry.size, entry.sha256):
                    raise BackupError(
                        f"{member.name} changed while it was being restored: the database is "
                        "restored but not every file. Start again into an empty installation."
                    )
                copy.seek(0)
                name = member.name.removeprefix(FILES)
                saved = storage.save(name, File(copy, name=PurePosixPath(name).name))
            if saved != name:
                raise BackupError(f"The storage saved {name} as {saved}; it must be empty.")
            count += 1
            size_total += entry.size
    return count, size_total


def backup_restore(path: Path, *, storage: Storage | None = None) -> Result:
    """Restore the archive into this empty installation, after checking all of it."""
    storage = storage or default_storage
    started = time.monotonic()
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    with tempfile.TemporaryDirectory(prefix="careermanager-restore-") as work:
        manifest = backup_check(path, work=Path(work))
        _check_compatible(manifest)
        _check_empty(manifest, storage)
        snapshot = Path(work) / DATABASE_ENTRY[manifest.engine]
        database_bytes = snapshot.stat().st_size
        restore_database(manifest.engine, snapshot)
        snapshot.unlink()
        ContentType.objects.clear_cache()  # the restored rows may number them differently
        count, file_bytes = _restore_files(path, manifest, storage, work)
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    if not pending:  # with migrations to run, the audit table may not have its columns yet
        audit(
            "core.backup.restored",
            data={
                "created_at": manifest.created_at,
                "app_version": manifest.app_version,
                "files": count,
            },
        )
    return Result(
        manifest=manifest,
        file_count=count,
        file_bytes=file_bytes,
        database_bytes=database_bytes,
        seconds=time.monotonic() - started,
        pending_migrations=pending,
    )
