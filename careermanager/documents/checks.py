"""What an uploaded supporting document must be: judged by its content, not only its name.

Each check is a plain function of the file's bytes that raises a ``ValidationError`` with one
message for the member, so a refusal always says what is wrong and what to do instead:

    checked = check_file("Report.PDF", data, document_type("declaration.cv"))
    checked.name, checked.extension, checked.content_type

In order: size, empty file and extension (``core.uploads``), the antivirus test file, a program
under a document's name, the format's signature ("magic bytes"), then the format itself:
PDFs are opened with pypdf, images decoded with Pillow, .docx read as the zip it is and .doc as
an OLE compound file (olefile). The limits below keep a small upload from growing into a large
amount of work (zip and decompression bombs).
"""

import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

import olefile
from django.core.exceptions import ValidationError
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from careermanager.core.uploads import check_upload, size_text

NAME_LIMIT = 100  # characters kept of a file's own name, with its extension
MAX_PIXELS = 30_000_000  # an image larger than this is not decoded (a 600 dpi A4 scan fits)
MAX_ZIP_ENTRIES = 1000
MAX_ZIP_BYTES = 50 * 1024 * 1024  # what a .docx may expand to
MAX_PDF_OBJECTS = 100_000  # objects followed when looking for scripts in a PDF

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
PILLOW_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF"}
FORBIDDEN_IN_NAMES = re.compile(r'[<>:"/\\|?*]')

SAVE_AGAIN = "Open it, save it again and upload the new copy."


@dataclass(frozen=True)
class Checked:
    """A file that passed every check: its cleaned name and what it is."""

    name: str
    extension: str
    content_type: str


def refuse(message: str, code: str):
    raise ValidationError(message, code=code)


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


def check_signature(data: bytes, extension: str) -> None:
    """The first bytes say the file is what its extension claims."""
    if not data.startswith(SIGNATURES[extension]):
        refuse(
            f"This file is not {FORMAT_NAMES[extension]}, although its name ends in "
            f"{extension}. Upload the document in the format its name says, or rename it to "
            "the format it really is.",
            "signature",
        )


# PDF


def _script_in_pdf(reader: PdfReader) -> bool:
    """Whether any object reachable from the trailer holds JavaScript or starts a program.

    Names are compared after pypdf has decoded them, so "/J#53" is "/JS" here.
    """
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_PDF_OBJECTS:
                refuse("This PDF is too complex to check. Save it again as a simpler PDF.", "pdf")
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for name, value in item.items():
                if name in ("/JS", "/JavaScript"):
                    return True
                if name == "/S":
                    action = value.get_object() if isinstance(value, IndirectObject) else value
                    if action in ("/JavaScript", "/Launch"):
                        return True
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return False


def check_pdf(data: bytes) -> None:
    """A PDF pypdf can read: not encrypted, with pages, and without scripts."""
    unreadable = (
        "This PDF cannot be read: it may be damaged or incomplete. "
        "Save or print it again as a PDF and upload that."
    )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception:  # pypdf raises many kinds of errors for a broken file
        refuse(unreadable, "pdf_unreadable")
    if encrypted:
        refuse(
            "This PDF is protected by a password or encrypted, so it cannot be checked or "
            "read by the reviewers. Save a copy without protection and upload that.",
            "pdf_encrypted",
        )
    try:
        pages = len(reader.pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018 (reading each page's size finds most broken files)
        scripted = _script_in_pdf(reader)
    except ValidationError:
        raise
    except Exception:
        refuse(unreadable, "pdf_unreadable")
    if pages == 0:
        refuse("This PDF has no pages.", "pdf_empty")
    if scripted:
        refuse(
            "This PDF contains JavaScript or an action that starts a program, which could run "
            "when it is opened. Print it to a new PDF (“Save as PDF” or “Microsoft Print to "
            "PDF”) and upload that.",
            "pdf_script",
        )


# Images


def _png_end(data: bytes) -> int | None:
    """Where the PNG's IEND chunk ends."""
    position = 8
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        position += 12 + length
        if kind == b"IEND":
            return position
    return None


def _jpeg_end(data: bytes) -> int | None:
    """Where the JPEG's end-of-image marker ends, following its segments and scans."""
    position, size = 2, len(data)
    while position < size:
        if data[position] != 0xFF:
            return None
        while position < size and data[position] == 0xFF:
            position += 1  # fill bytes before a marker
        if position >= size:
            return None
        marker = data[position]
        position += 1
        if marker == 0xD9:
            return position
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue  # markers without a length
        if position + 2 > size:
            return None
        position += int.from_bytes(data[position : position + 2], "big")
        if marker == 0xDA:
            # Entropy-coded data runs to the next marker that is neither a stuffed
            # 0xFF00 nor a restart marker.
            while True:
                position = data.find(b"\xff", position)
                if position < 0 or position + 1 >= size:
                    return None
                following = data[position + 1]
                if following != 0 and not 0xD0 <= following <= 0xD7:
                    break
                position += 2
    return None


def _gif_blocks_end(data: bytes, position: int) -> int:
    while position < len(data):
        length = data[position]
        position += 1
        if length == 0:
            return position
        position += length
    return len(data) + 1


def _gif_end(data: bytes) -> int | None:
    """Where the GIF's trailer byte is, after its screen, extensions and images."""
    if len(data) < 13:
        return None
    flags = data[10]
    position = 13 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
    while position < len(data):
        block = data[position]
        position += 1
        if block == 0x3B:
            return position
        if block == 0x21:
            position = _gif_blocks_end(data, position + 1)
        elif block == 0x2C:
            if position + 9 > len(data):
                return None
            flags = data[position + 8]
            position += 9 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)
            position = _gif_blocks_end(data, position + 1)
        else:
            return None
    return None


IMAGE_ENDS = {".png": _png_end, ".jpg": _jpeg_end, ".jpeg": _jpeg_end, ".gif": _gif_end}


def check_image(data: bytes, extension: str) -> None:
    """An image Pillow decodes within the pixel limit, with nothing hidden after its end."""
    unreadable = f"This image cannot be read: it may be damaged or incomplete. {SAVE_AGAIN}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[extension]]) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise Image.DecompressionBombError
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        refuse(
            f"This image is too large in pixels (the limit is {MAX_PIXELS // 1_000_000} "
            "megapixels). Make it smaller, or save it as a PDF, and upload that.",
            "image_too_large",
        )
    except Exception:  # Pillow raises OSError, SyntaxError, ValueError… for a broken image
        refuse(unreadable, "image_unreadable")
    end = IMAGE_ENDS[extension](data)
    if end is None or end > len(data):
        refuse(unreadable, "image_unreadable")
    if data[end:].strip(b"\x00"):
        refuse(
            "This image has other data hidden after its end, so it cannot be uploaded. "
            f"{SAVE_AGAIN}",
            "image_trailing_data",
        )


# Word


def check_docx(data: bytes) -> None:
    """A Word document without macros, whose zip stays within bounds when opened."""
    unreadable = f"This Word document (.docx) cannot be opened: it may be damaged. {SAVE_AGAIN}"
    too_large = (
        "This Word document expands to more than "
        f"{MAX_ZIP_BYTES // (1024 * 1024)} MB, or more than {MAX_ZIP_ENTRIES:,} parts, when "
        "opened, so it cannot be uploaded. Save it as a PDF and upload that."
    )
    macros = (
        "This Word document contains macros (it is really a .docm file). Save it as a "
        "“Word Document (.docx)” without macros, or as a PDF, and upload that."
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        refuse(unreadable, "docx_unreadable")
    if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_ZIP_BYTES:
        refuse(too_large, "docx_bomb")
    names = {entry.filename for entry in entries}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        refuse(macros, "docx_macros")
    if not {"[Content_Types].xml", "word/document.xml"} <= names:
        refuse(
            f"This file is not a Word document, although its name ends in .docx. {SAVE_AGAIN}",
            "docx_not_word",
        )
    # Read every part, counting what really comes out: a part's stated size may be a lie.
    expanded = 0
    content_types = b""
    try:
        for entry in entries:
            with archive.open(entry) as part:
                while chunk := part.read(64 * 1024):
                    expanded += len(chunk)
                    if expanded > MAX_ZIP_BYTES:
                        refuse(too_large, "docx_bomb")
                    if entry.filename == "[Content_Types].xml":
                        content_types += chunk
    except ValidationError:
        raise
    except Exception:  # a bad CRC, an unknown compression, a truncated part
        refuse(unreadable, "docx_unreadable")
    if b"macroenabled" in content_types.lower():
        refuse(macros, "docx_macros")


def check_doc(data: bytes) -> None:
    """A Word 97-2003 document: an OLE compound file holding a Word stream, without macros."""
    unreadable = (
        "This Word 97-2003 document (.doc) cannot be read: it may be damaged, or it is "
        "another kind of Office file. Save it again in Word, or as a PDF, and upload that."
    )
    try:
        with olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT) as ole:
            if not ole.exists("WordDocument"):
                refuse(unreadable, "doc_unreadable")
            with ole.openstream("WordDocument") as stream:
                identifier = stream.read(2)
            macros = ole.exists("Macros") or ole.exists("_VBA_PROJECT_CUR")
    except ValidationError:
        raise
    except Exception:  # olefile raises OSError and others for a broken structure
        refuse(unreadable, "doc_unreadable")
    if identifier != b"\xec\xa5":  # the Word file information block starts with 0xA5EC
        refuse(unreadable, "doc_unreadable")
    if macros:
        refuse(
            "This Word document contains macros. Save it as a “Word Document (.docx)” "
            "without macros, or as a PDF, and upload that.",
            "doc_macros",
        )


FORMAT_CHECKS = {
    ".pdf": check_pdf,
    ".doc": check_doc,
    ".docx": check_docx,
    ".png": lambda data: check_image(data, ".png"),
    ".jpg": lambda data: check_image(data, ".jpg"),
    ".jpeg": lambda data: check_image(data, ".jpeg"),
    ".gif": lambda data: check_image(data, ".gif"),
}


def check_file(name: str, data: bytes, kind) -> Checked:
    """Every check for one file of a document type, in order; the first failure is raised."""
    cleaned = clean_name(name)
    check_size(len(data), kind.max_bytes)
    check_name_and_emptiness(cleaned, len(data), kind.rule)
    extension = extension_of(cleaned)
    check_not_test_virus(data)
    check_not_program(data)
    check_signature(data, extension)
    FORMAT_CHECKS[extension](data)
    return Checked(name=cleaned, extension=extension, content_type=CONTENT_TYPES[extension])
