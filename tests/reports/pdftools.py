"""Read generated documents the way a person would: the text of each page, the Word structure."""

import io
import shutil
import subprocess

from pypdf import PdfReader


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page, as pdftotext reads it (pypdf if poppler is missing)."""
    assert content.startswith(b"%PDF-"), content[:20]
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        result = subprocess.run(
            [pdftotext, "-layout", "-", "-"],
            input=content,
            capture_output=True,
            check=True,
            timeout=60,
        )
        pages = result.stdout.decode().split("\f")
        # pdftotext ends the last page with a form feed too.
        return pages[:-1] if pages and not pages[-1].strip() else pages
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


def pdf_text(content: bytes) -> str:
    return "\n".join(pdf_pages(content))


def squeeze(text: str) -> str:
    """Text with runs of white space made one space, so wrapping and columns do not matter."""
    return " ".join(text.split())


def pdf_info(content: bytes) -> dict:
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    metadata = reader.metadata or {}
    return {
        "pages": len(reader.pages),
        "title": metadata.get("/Title"),
        "author": metadata.get("/Author"),
        "tagged": "/StructTreeRoot" in root and root.get("/MarkInfo", {}).get("/Marked", False),
        "lang": root.get("/Lang"),
    }
