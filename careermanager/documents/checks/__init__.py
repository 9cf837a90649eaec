"""What an uploaded supporting document must be: judged by its content, not only its name.

Each check is a plain function of the file's bytes that raises a ``ValidationError`` with one
message for the member, so a refusal always says what is wrong and what to do instead:

    checked = check_file("Report.PDF", data, document_type("declaration.cv"))
    checked.name, checked.extension, checked.content_type

In order: size, empty file and extension (``core.uploads``), the antivirus test file, a program
under a document's name, the format's signature ("magic bytes"), then the format itself:
PDFs are opened with pypdf (``checks.pdf``), images decoded with Pillow (``checks.images``),
.docx read as the zip it is and .doc as an OLE compound file with olefile (``checks.word``).
Their limits keep a small upload from growing into a large amount of work (zip and
decompression bombs).
"""

import re
import unicodedata
from dataclasses import dataclass

from careermanager.core.uploads import check_upload, size_text
from careermanager.documents.checks.common import refuse
from careermanager.documents.checks.images import MAX_PIXELS, check_image
from careermanager.documents.checks.pdf import check_pdf
from careermanager.documents.checks.word import check_doc, check_docx

NAME_LIMIT = 100  # characters kept of a file's own name, with its extension

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
}
FORMAT_NAMES = {
    ".pdf": "a PDF",
    ".doc": "a Word 97-2003 document",
    ".docx": "a Word document",
    ".png": "a PNG image",
    ".jpg": "a JPEG image",
    ".jpeg": "a JPEG image",
    ".gif": "a GIF image",
}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".doc": (OLE_SIGNATURE,),
    ".docx": (b"PK\x03\x04",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
}
PROGRAM_SIGNATURES = (
    b"MZ",  # Windows (.exe, .dll)
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # macOS, both byte orders and word sizes, and universal binaries
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",  # a script
)
# Antivirus products all recognise this harmless string; whoever uploads it is testing us.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
FORBIDDEN_IN_NAMES = re.compile(r'[<>:"/\\|?*]')


@dataclass(frozen=True)
class Checked:
    """A file that passed every check: its cleaned name and what it is."""

    name: str
    extension: str
    content_type: str


def clean_name(name: str, limit: int = NAME_LIMIT) -> str:
    """The file's own name, safe to show and to offer as a download's name.

    Folders are dropped ("../../etc/passwd.pdf" is "passwd.pdf"), as are control and
    formatting characters (including right-to-left overrides that disguise an extension) and
    characters Windows refuses in names; a long name is shortened keeping its extension.
    """
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        " " if unicodedata.category(char)[0] == "Z" else char
        for char in name
        if unicodedata.category(char)[0] != "C"
    )
    name = FORBIDDEN_IN_NAMES.sub("_", re.sub(r" +", " ", name)).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        stem, extension = name, ""
    stem = stem.strip(" .") or "document"
    suffix = f".{extension}" if extension else ""
    return stem[: max(1, limit - len(suffix))].rstrip(" .") + suffix


def extension_of(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot and stem else ""


def over_limit(size: int, limit: int) -> tuple[str, str]:
    """The size and the limit in words; "just over 0.5 MB" where both round the same."""
    shown, allowed = size_text(size), size_text(limit)
    return (f"just over {allowed}" if shown == allowed else shown), allowed


def check_size(size: int, limit: int) -> None:
    """Refuse a file over the limit, even by one byte."""
    if size > limit:
        shown, allowed = over_limit(size, limit)
        refuse(f"This file is {shown}; the limit is {allowed}.", "too_large")


@dataclass(frozen=True)
class _Named:
    """The two things ``check_upload`` reads of an upload."""

    name: str
    size: int


def check_name_and_emptiness(name: str, size: int, rule) -> None:
    """An empty file, or one whose name does not end as the rule allows (core.uploads)."""
    check_upload(_Named(name, size), rule)


def check_not_test_virus(data: bytes) -> None:
    if EICAR in data:
        refuse(
            "This file looks like a virus test file (it contains the EICAR test string), so it "
            "cannot be uploaded.",
            "virus_test",
        )


def check_not_program(data: bytes) -> None:
    if data.startswith(PROGRAM_SIGNATURES):
        refuse(
            "This file is a program, not a document, whatever its name says. Upload the "
            "document itself.",
            "program",
        )


# Formats members' devices make that we do not take, recognised to say what a file really is.
HEIF_BRANDS = {
    b"heic": "a HEIC photo",
    b"heix": "a HEIC photo",
    b"heim": "a HEIC photo",
    b"heis": "a HEIC photo",
    b"hevc": "a HEIC photo",
    b"mif1": "a HEIF photo",
    b"msf1": "a HEIF photo",
    b"avif": "an AVIF image",
    b"avis": "an AVIF image",
}
AS_JPEG = (
    "Save it as a JPEG and upload that: on an iPhone, share the photo and choose "
    "“Save to Files” with the format set to JPEG, or set Settings, Camera, Formats to “Most "
    "Compatible” for new photos; on a computer, open it and export or save it as JPEG."
)


def real_format(data: bytes) -> str | None:
    """What an image file really is, from its first bytes, when it is not what it says."""
    if data[4:8] == b"ftyp":
        return HEIF_BRANDS.get(data[8:12])
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "a TIFF image"
    if data.startswith(b"BM"):
        return "a BMP image"
    for extension in (".pdf", ".png", ".jpg", ".gif"):
        if data.startswith(SIGNATURES[extension]):
            return FORMAT_NAMES[extension]
    return None


def check_signature(data: bytes, extension: str) -> None:
    """The first bytes say the file is what its extension claims."""
    if not data.startswith(SIGNATURES[extension]):
        actual = real_format(data) if extension in (".png", ".jpg", ".jpeg", ".gif") else None
        if actual is not None:
            if actual in FORMAT_NAMES.values():
                advice = "Rename it to end in the format it really is."
            else:
                advice = AS_JPEG
            refuse(
                f"This file is {actual}, although its name ends in {extension}, so it cannot "
                f"be taken as it is. {advice}",
                "signature",
            )
        refuse(
            f"This file is not {FORMAT_NAMES[extension]}, although its name ends in "
            f"{extension}. Upload the document in the format its name says, or rename it to "
            "the format it really is.",
            "signature",
        )


FORMAT_CHECKS = {
    ".pdf": check_pdf,
    ".doc": check_doc,
    ".docx": check_docx,
}
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif")


def check_file(name: str, data: bytes, kind) -> Checked:
    """Every check for one file of a document type, in order; the first failure is raised."""
    cleaned = clean_name(name)
    check_size(len(data), kind.max_bytes)
    check_name_and_emptiness(cleaned, len(data), kind.rule)
    extension = extension_of(cleaned)
    check_not_test_virus(data)
    check_not_program(data)
    check_signature(data, extension)
    if extension in IMAGE_EXTENSIONS:
        check_image(data, extension, getattr(kind, "max_image_pixels", MAX_PIXELS))
    else:
        FORMAT_CHECKS[extension](data)
    return Checked(name=cleaned, extension=extension, content_type=CONTENT_TYPES[extension])
