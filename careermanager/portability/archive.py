"""The export zip: writing it, and reading one a member uploads without trusting it.

    careermanager-export.json   the export document (careermanager.portability.document)
    export-schema-v1.json       the JSON Schema it validates against
    files/<n>-<name>            each uploaded file the document lists

Reading refuses, with a message for the member, anything that is not such a zip: not a zip at
all, encrypted, names with folders that climb out (``../``), absolute or Windows paths, more
entries or more bytes than allowed (sizes are checked as the bytes are read, not only as the
zip declares them), a document of another format or version, one that breaks the schema, and
files that are missing, extra, or not the bytes the document describes.
"""

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

import jsonschema
from pydantic import ValidationError as PydanticError

from careermanager.core.formatting import counted
from careermanager.core.uploads import size_text
from careermanager.documents.models import SupportingDocument
from careermanager.portability.document import (
    DOCUMENT_NAME,
    FILES_FOLDER,
    FORMAT,
    VERSION,
    ExportDocument,
    FileRecord,
)
from careermanager.portability.schema import SCHEMA_PATH, published_schema, schema_text

MAX_ENTRIES = 10_000
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024


class ArchiveError(Exception):
    """The upload is not an export this server can import; the message says why."""


@dataclass(frozen=True)
class Archive:
    document: ExportDocument
    files: dict[str, bytes]  # by path in the zip


def document_json(document: ExportDocument) -> bytes:
    """The document as people and programs read it: sorted keys, indented, UTF-8."""
    plain = document.model_dump(mode="json")
    return json.dumps(plain, indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8")


def write_archive(
    out: IO[bytes],
    document: ExportDocument,
    files: list[tuple[FileRecord, SupportingDocument]],
) -> int:
    """Write the zip to ``out``; how many uploaded files it holds."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DOCUMENT_NAME, document_json(document))
        archive.writestr(SCHEMA_PATH.name, schema_text(published_schema()))
        for record, stored in files:
            with stored.file.open("rb") as source, archive.open(record.path, "w") as target:
                for chunk in iter(lambda: source.read(1024 * 1024), b""):
                    target.write(chunk)
    return len(files)


def _safe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    path = PurePosixPath(name)
    if any(part in ("", ".", "..") for part in name.split("/")):
        return False
    return ":" not in path.parts[0]


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The entry's bytes, refusing more than ``limit`` however small the zip says it is."""
    try:
        with archive.open(info) as entry:
            data = entry.read(limit + 1)
    except RuntimeError as error:  # encrypted
        raise ArchiveError(
            "The zip file is protected by a password. Upload the export as it was downloaded."
        ) from error
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        raise ArchiveError(
            f"“{info.filename}” in the zip file cannot be read: the file may be damaged."
        ) from error
    if len(data) > limit:
        raise ArchiveError(
            f"“{info.filename}” in the zip file is larger than {size_text(limit)}, the most "
            "this server accepts."
        )
    return data


def _first_schema_error(data: dict) -> str | None:
    validator = jsonschema.Draft202012Validator(published_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is None:
        return None
    where = "/".join(str(part) for part in error.absolute_path) or "the document"
    return f"{where}: {error.message}"[:300]


def check_document(data: object) -> ExportDocument:
    """The export document, or an ArchiveError saying what is wrong with it."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError("This is not a Career Manager data export.")
    if data.get("version") != VERSION:
        raise ArchiveError(
            f"This export is version {data.get('version')!r}; this server imports version "
            f"{VERSION}. Export your data again from a server running the same version."
        )
    problem = _first_schema_error(data)
    if problem:
        raise ArchiveError(f"The export does not match its published schema ({problem}).")
    try:
        return ExportDocument.model_validate(data)
    except PydanticError as error:  # pragma: no cover - the schema catches these first
        raise ArchiveError("The export's data cannot be read.") from error


def read_archive(upload: IO[bytes], *, size: int, max_bytes: int) -> Archive:
    """Read and check an uploaded export zip completely, before anything is changed."""
    if size > max_bytes:
        raise ArchiveError(
            f"The file is {size_text(size)}; this server imports exports of up to "
            f"{size_text(max_bytes)}."
        )
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ArchiveError(
            "The file is not a zip file. Upload the zip your data export downloaded as."
        ) from error
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ArchiveError(f"The zip file holds more than {MAX_ENTRIES:,} entries.")
        for info in infos:
            if not _safe_name(info.filename):
                raise ArchiveError(
                    f"The zip file holds an entry with an unsafe name (“{info.filename[:100]}”)."
                    " Nothing was imported."
                )
        if len({info.filename for info in infos}) != len(infos):
            # Zip readers disagree on which of two same-named entries counts: refuse both.
            raise ArchiveError("The zip file holds two entries with the same name.")
        if sum(info.file_size for info in infos) > max_bytes:
            raise ArchiveError(
                f"Unpacked, the zip file would be larger than {size_text(max_bytes)}, the most "
                "this server accepts."
            )
        by_name = {info.filename: info for info in infos if not info.is_dir()}
        if DOCUMENT_NAME not in by_name:
            raise ArchiveError(f"The zip file has no {DOCUMENT_NAME}: it is not a data export.")
        raw = _read_entry(archive, by_name[DOCUMENT_NAME], min(max_bytes, MAX_DOCUMENT_BYTES))
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise ArchiveError(f"{DOCUMENT_NAME} is not valid JSON.") from error
        document = check_document(data)
        listed = {record.path: record for record in document.files}
        if len(listed) != len(document.files):
            raise ArchiveError("The export lists the same file twice.")
        present = {name for name in by_name if name.startswith(FILES_FOLDER)}
        missing, extra = set(listed) - present, present - set(listed)
        if missing:
            raise ArchiveError(
                f"{counted(len(missing), 'file')} the export lists "
                f"{'is' if len(missing) == 1 else 'are'} not in the zip file "
                f"(“{sorted(missing)[0]}”)."
            )
        if extra:
            raise ArchiveError(
                f"The zip file holds {counted(len(extra), 'file')} the export does not list "
                f"(“{sorted(extra)[0]}”)."
            )
        files, total = {}, 0
        for path, record in listed.items():
            data = _read_entry(archive, by_name[path], max_bytes - total)
            total += len(data)
            if len(data) != record.size or hashlib.sha256(data).hexdigest() != record.sha256:
                raise ArchiveError(
                    f"“{record.original_name}” is not the file the export describes: it has "
                    "been changed or damaged."
                )
            files[path] = data
    return Archive(document=document, files=files)
