"""Word documents: .docx read as the zip it is, .doc as an OLE compound file (olefile)."""

import io
import zipfile

import olefile
from django.core.exceptions import ValidationError

from careermanager.documents.checks.common import SAVE_AGAIN, refuse

MAX_ZIP_ENTRIES = 1000
MAX_ZIP_BYTES = 50 * 1024 * 1024  # what a .docx may expand to


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
