"""Reading an uploaded file safely: its size, its name's extension and what is really inside.

Every upload goes through one reader, so that each import (and, later, each supporting
document) refuses the same things with the same clear words:

    CSV = UploadRule(what="a CSV file", extensions=(".csv",), max_bytes=5 * MB)
    form field:      clean_file = lambda self: check_upload(self.cleaned_data["file"], CSV)
    then the text:   text = decode_text(upload.read(), advice="Save it again as CSV UTF-8.")

``check_upload`` raises a ``ValidationError`` for a form; ``decode_text`` raises
``UploadError`` (a ``ValueError``) with a message meant for the member, naming the line where
an encoding problem or a NUL character is.
"""

import codecs
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError

MB = 1024 * 1024
SAVE_AS_UTF8 = "Save it again with UTF-8 encoding and upload that."


def size_text(size: int) -> str:
    """A file's size as a member reads it: "0.5 MB", "5 MB", "1.2 MB", "40 KB"."""
    if size < MB // 10:
        return f"{max(1, round(size / 1024)):,} KB"
    megabytes = round(size / MB, 1)
    return f"{megabytes:.0f} MB" if megabytes == int(megabytes) else f"{megabytes:.1f} MB"


class UploadError(ValueError):
    """A file that cannot be read as what it claims to be; the message is for the member."""


@dataclass(frozen=True)
class UploadRule:
    what: str  # "a CSV file", said in messages
    extensions: tuple[str, ...]  # lower case, with the dot
    max_bytes: int

    @property
    def limit_text(self) -> str:
        return f"{self.max_bytes // MB} MB" if self.max_bytes >= MB else size_text(self.max_bytes)

    @property
    def accept(self) -> str:
        """For the file input's ``accept`` attribute."""
        return ",".join(self.extensions)


def check_upload(upload, rule: UploadRule):
    """The upload if its size and name suit the rule; otherwise a ValidationError saying why."""
    if upload.size == 0:
        raise ValidationError("The file you chose is empty.", code="empty")
    if upload.size > rule.max_bytes:
        raise ValidationError(
            f"The file is {upload.size / MB:.1f} MB. It must be {rule.limit_text} or smaller.",
            code="too_large",
        )
    if Path(upload.name).suffix.lower() not in rule.extensions:
        endings = " or ".join(rule.extensions)
        raise ValidationError(f"The file must be {rule.what} ending in {endings}.", code="type")
    return upload


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: every other byte of plain text is zero."""
    sample = data[:400]
    if len(sample) < 4:
        return False
    return max(sample[0::2].count(0), sample[1::2].count(0)) > len(sample) // 2 * 0.8


def decode_text(data: bytes, *, advice: str = SAVE_AS_UTF8) -> str:
    """The file's text if it is UTF-8 (with or without a byte order mark); else UploadError."""
    if not data.strip():
        raise UploadError("The file is empty.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data):
        raise UploadError(f"This file is saved as UTF-16 (“Unicode text”). {advice}")
    nul = data.find(b"\x00")
    if nul >= 0:
        # Anywhere in the file, not only near its start: PostgreSQL refuses NUL in text.
        line = data[:nul].count(b"\n") + 1
        raise UploadError(
            f"Line {line} contains a NUL character (binary data), so this is not a text file. "
            f"{advice}"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UploadError(
            f"Line {line} contains characters that are not UTF-8: the file was probably saved "
            f"in another encoding, such as Latin-1 or Windows-1252. {advice}"
        ) from None
