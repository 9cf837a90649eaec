"""One archive of an installation: its database and its stored files, and putting it back.

    database.sqlite3 | database.pgdump   a consistent snapshot of the database
    files/<name>                         every file of the default storage (local or S3)
    manifest.json                        what the archive holds, written last

The manifest names the format, when and by which version the archive was made, the database
engine, the latest applied migration of each app, and the size and SHA-256 of every other entry.
A restore reads the whole archive and checks all of it before it changes anything, and goes only
into an empty installation: one without accounts, whose storage holds none of the archive's files.
"""

import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO

import django
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.db.backends.postgresql.client import DatabaseClient as PostgresClient
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from careermanager.core.audit import audit
from careermanager.core.formatting import counted

FORMAT = "careermanager-backup"
VERSION = 1
MANIFEST = "manifest.json"
FILES = "files/"
DATABASE_ENTRY = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CHUNK = 1024 * 1024
SPOOL = 16 * CHUNK  # files larger than this go through a temporary file, not memory
CLIENT_PACKAGE = "postgresql-client"  # the Debian package with pg_dump and pg_restore


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message says why, for the operator."""


@dataclass
class Entry:
    path: str
    size: int
    sha256: str


@dataclass
class Manifest:
    created_at: str
    app_version: str
    engine: str
    migrations: dict[str, str]
    entries: list[Entry] = field(default_factory=list)

    @property
    def files(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.path.startswith(FILES)]

    def as_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": self.created_at,
            "app_version": self.app_version,
            "django_version": django.get_version(),
            "database": {"engine": self.engine, "entry": DATABASE_ENTRY[self.engine]},
            "migrations": self.migrations,
            "entries": [{"path": e.path, "size": e.size, "sha256": e.sha256} for e in self.entries],
        }
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False).encode()


@dataclass(frozen=True)
class Result:
    manifest: Manifest
    file_count: int
    file_bytes: int
    database_bytes: int
    seconds: float
    pending_migrations: int = 0


# Backup -------------------------------------------------------------------------------------


def app_version() -> str:
    try:
        return importlib.metadata.version("careermanager")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _engine() -> str:
    if connection.vendor not in DATABASE_ENTRY:
        raise BackupError(
            f"Backups support SQLite and PostgreSQL; this installation uses {connection.vendor}."
        )
    return connection.vendor


def latest_migrations() -> dict[str, str]:
    """The latest applied migration of each app, in the order the migration graph gives."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    applied = MigrationRecorder(connection).applied_migrations()
    latest: dict[str, tuple[int, str]] = {}
    for app, name in applied:
        node = (app, name)
        depth = len(graph.forwards_plan(node)) if node in graph.nodes else 0
        if (depth, name) > latest.get(app, (-1, "")):
            latest[app] = (depth, name)
    return {app: name for app, (_depth, name) in sorted(latest.items())}


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


def _hash_into(source: IO[bytes], target: IO[bytes]) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: source.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
        target.write(chunk)
    return size, digest.hexdigest()


def _postgres_env() -> tuple[dict[str, str], str]:
    """libpq's environment for the configured database, and its name; no secret on argv."""
    settings_dict = connection.settings_dict
    _args, env = PostgresClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(env or {})}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    name = settings_dict.get("NAME") or ""
    if name:
        env["PGDATABASE"] = name
    return env, name


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found. Install the PostgreSQL client programs, of the server's "
            f"major version or newer (on Debian and Ubuntu: apt-get install {CLIENT_PACKAGE})."
        )
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def _snapshot_database(engine: str, target: Path) -> None:
    """A consistent copy of the whole database in one file."""
    if engine == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # One step: the source is read under one lock, so the copy is one moment's state.
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
        return
    env, _name = _postgres_env()
    # pg_dump reads in one repeatable-read transaction: a consistent snapshot.
    _run([_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"], env)


def _add(archive: tarfile.TarFile, name: str, source: IO[bytes], size: int, mtime: float):
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o600
    archive.addfile(info, source)


def backup_write(output: Path, *, storage: Storage | None = None) -> Result:
    """Write the archive to output (a new file; gzip-compressed when its name ends in .gz)."""
    storage = storage or default_storage
    started = time.monotonic()
    engine = _engine()
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
            _snapshot_database(engine, snapshot)
            with snapshot.open("rb") as source:
                size, digest = _hash_into(source, _Discard())
                source.seek(0)
                _add(archive, snapshot.name, source, size, now)
            manifest.entries.append(Entry(snapshot.name, size, digest))
            database_bytes = size
            snapshot.unlink()
            # Files come after the database: one saved meanwhile is at worst an extra file,
            # which the daily sweeps remove, never a row without its file.
            for name in storage_files(storage):
                with (
                    storage.open(name, "rb") as source,
                    tempfile.SpooledTemporaryFile(max_size=SPOOL, dir=work) as copy,
                ):
                    size, digest = _hash_into(source, copy)
                    copy.seek(0)
                    _add(archive, FILES + name, copy, size, now)
                manifest.entries.append(Entry(FILES + name, size, digest))
                file_bytes += size
            text = manifest.as_json()
            _add(archive, MANIFEST, io.BytesIO(text), len(text), now)
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


class _Discard:
    def write(self, data: bytes) -> int:
        return len(data)


# Reading and checking -----------------------------------------------------------------------


def _safe(path: str) -> bool:
    pure = PurePosixPath(path)
    return (
        bool(path)
        and not pure.is_absolute()
        and "\\" not in path
        and all(part not in ("", ".", "..") for part in path.split("/"))
    )


def _manifest(data: bytes) -> Manifest:
    try:
        plain = json.loads(data)
        if plain.get("format") != FORMAT:
            raise BackupError("This is not a Career Manager backup (its manifest says otherwise).")
        if plain.get("version") != VERSION:
            raise BackupError(
                f"This backup is in format version {plain.get('version')}; this version of "
                f"Career Manager reads version {VERSION}. Restore it with the version that made "
                f"it ({plain.get('app_version')}) or a newer one."
            )
        return Manifest(
            created_at=plain["created_at"],
            app_version=plain["app_version"],
            engine=plain["database"]["engine"],
            migrations=dict(plain["migrations"]),
            entries=[Entry(e["path"], int(e["size"]), e["sha256"]) for e in plain["entries"]],
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BackupError(f"The backup's manifest cannot be read ({error}).") from error


def _members(archive: tarfile.TarFile) -> Iterator[tuple[tarfile.TarInfo, IO[bytes]]]:
    for member in archive:
        if not member.isfile() or not _safe(member.name):
            raise BackupError(f"The backup holds an entry it should not: {member.name!r}.")
        source = archive.extractfile(member)
        assert source is not None  # a regular file always has content
        yield member, source


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, mode="r:*")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} is not a readable backup archive ({error}).") from error


def backup_check(path: Path, *, work: Path) -> Manifest:
    """Read the whole archive and check every entry against the manifest; copy out the database.

    The database entry is copied into the folder work, under its name in the archive.

    Nothing in the installation is touched. Raises BackupError on the first problem.
    """
    seen: dict[str, tuple[int, str]] = {}
    manifest_bytes = None
    try:
        with _open(path) as archive:
            for member, source in _members(archive):
                if member.name in seen or (member.name == MANIFEST and manifest_bytes):
                    raise BackupError(f"The backup holds {member.name} twice.")
                if member.name == MANIFEST:
                    manifest_bytes = source.read()
                    continue
                if member.name in DATABASE_ENTRY.values():
                    with (work / member.name).open("wb") as copy:
                        seen[member.name] = _hash_into(source, copy)
                else:
                    seen[member.name] = _hash_into(source, _Discard())
    except (OSError, EOFError, tarfile.TarError) as error:
        raise BackupError(f"{path} is damaged: it cannot be read to the end ({error}).") from error
    if manifest_bytes is None:
        raise BackupError(f"{path} has no manifest: it is not a complete Career Manager backup.")
    manifest = _manifest(manifest_bytes)
    listed = {entry.path: entry for entry in manifest.entries}
    for entry in manifest.entries:
        if entry.path not in seen:
            raise BackupError(f"The backup is missing {entry.path}, which its manifest lists.")
        if seen[entry.path] != (entry.size, entry.sha256):
            raise BackupError(
                f"{entry.path} in the backup does not match its checksum: the archive has been "
                "changed or damaged since it was made. Nothing was restored."
            )
    extra = sorted(set(seen) - set(listed))
    if extra:
        raise BackupError(f"The backup holds entries its manifest does not list: {extra[0]}.")
    if manifest.engine not in DATABASE_ENTRY:
        raise BackupError(f"The backup holds a {manifest.engine} database, which is not restored.")
    return manifest


def _check_compatible(manifest: Manifest) -> None:
    engine = _engine()
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


# Restore ------------------------------------------------------------------------------------


def _restore_database(engine: str, snapshot: Path) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(snapshot)
        try:
            source.backup(connection.connection)  # replaces the whole database
        finally:
            source.close()
        connection.close()
        return
    pg_restore = _tool("pg_restore")
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        # An empty installation may have been migrated, by this version or a newer one: start
        # from no tables, so that `migrate` afterwards finds what the backup had.
        if tables:
            quoted = ", ".join(connection.ops.quote_name(table) for table in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {quoted} CASCADE")
    connection.close()
    env, name = _postgres_env()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--no-password",
            f"--dbname={name}",
            str(snapshot),
        ],
        env,
    )


def _restore_files(path: Path, manifest: Manifest, storage: Storage, work: str) -> tuple[int, int]:
    listed = {entry.path: entry for entry in manifest.files}
    count = size_total = 0
    with _open(path) as archive:
        for member, source in _members(archive):
            entry = listed.get(member.name)
            if entry is None:
                continue
            with tempfile.SpooledTemporaryFile(max_size=SPOOL, dir=work) as copy:
                if _hash_into(source, copy) != (entry.size, entry.sha256):
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
        _restore_database(manifest.engine, snapshot)
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
