"""PDFs, opened with pypdf: readable, not encrypted, with pages and without scripts."""

import io

from django.core.exceptions import ValidationError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from careermanager.documents.checks.common import refuse

MAX_PDF_OBJECTS = 100_000  # objects followed when looking for scripts in a PDF


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
