"""The archive's layout and manifest, and reading one back without trusting it."""

import hashlib
import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

import django

FORMAT = "careermanager-backup"
VERSION = 1
MANIFEST = "manifest.json"
FILES = "files/"
DATABASE_ENTRY = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CHUNK = 1024 * 1024
SPOOL = 16 * CHUNK  # files larger than this go through a temporary file, not memory


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


def hash_into(source: IO[bytes], target: IO[bytes]) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: source.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
        target.write(chunk)
    return size, digest.hexdigest()


class Discard:
    def write(self, data: bytes) -> int:
        return len(data)


def add_entry(archive: tarfile.TarFile, name: str, source: IO[bytes], size: int, mtime: float):
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o600
    archive.addfile(info, source)


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


def archive_entries(archive: tarfile.TarFile) -> Iterator[tuple[tarfile.TarInfo, IO[bytes]]]:
    for member in archive:
        if not member.isfile() or not _safe(member.name):
            raise BackupError(f"The backup holds an entry it should not: {member.name!r}.")
        source = archive.extractfile(member)
        assert source is not None  # a regular file always has content
        yield member, source


def open_archive(path: Path) -> tarfile.TarFile:
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
        with open_archive(path) as archive:
            for member, source in archive_entries(archive):
                if member.name in seen or (member.name == MANIFEST and manifest_bytes):
                    raise BackupError(f"The backup holds {member.name} twice.")
                if member.name == MANIFEST:
                    manifest_bytes = source.read()
                    continue
                if member.name in DATABASE_ENTRY.values():
                    with (work / member.name).open("wb") as copy:
                        seen[member.name] = hash_into(source, copy)
                else:
                    seen[member.name] = hash_into(source, Discard())
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
