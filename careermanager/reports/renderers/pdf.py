"""PDF (and PNG) through Typst: a ``.typ`` template reads the document as JSON data.

The template (``careermanager/reports/templates/document.typ`` unless a builder names another
one in the same folder) gets the document from ``Document.to_data()`` through
``sys.inputs.data``; member text is never pasted into Typst markup, so nothing typed can change
the layout. Every PDF starts with the title block, has the running footer "Page X of Y", is
tagged for assistive technology (the template meets PDF/UA-1; tests check it) and carries
title, author and language in its properties.

Fonts: the body font (Libertinus Serif) ships inside the typst package, so a PDF looks the same
on every machine; system fonts are only a fallback for characters it lacks (other scripts).

Typst runs in a child process (``careermanager.reports.typst_process``) so that the memory a
compile takes is returned to the system as soon as the document is made.

Long documents: Typst's memory grows with the pages of one compile. ``compile_typst`` takes a
``Part`` so a very long document can be compiled in parts, each in its own child process,
whose page numbers continue ("Page 41 of 130" on the first page of the second part); only the
first part carries the title block. Joining the parts' PDFs is left to the caller that first
needs it (see docs/documents.md, "Memory and long documents").
"""

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from careermanager.reports.documents import Document, safe_filename
from careermanager.reports.renderers import Rendered
from careermanager.reports.typst_process import compile_in_child

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_TEMPLATE = "document.typ"
PDF = "application/pdf"


@dataclass(frozen=True)
class Part:
    """Where one part of a long document sits in the whole."""

    first_page: int = 1
    total_pages: int | None = None  # None: this compile is the whole document
    title_block: bool = True


def compile_typst(
    document: Document,
    *,
    output: str = "pdf",
    template: str = DEFAULT_TEMPLATE,
    ppi: float | None = None,
    part: Part | None = None,
    pdf_standards: tuple[str, ...] = (),
) -> bytes:
    """Compile the document with a template from the templates folder; return PDF or PNG bytes.

    Tests pass ``pdf_standards=("ua-1",)`` to have Typst check the template against PDF/UA-1.
    Downloads do not: it refuses any character the fonts cannot draw, and a member's name in
    a script we have no font for must still download.
    """
    part = part or Part()
    inputs = {
        "data": json.dumps(document.to_data(), ensure_ascii=False),
        "format": output,
        "first_page": str(part.first_page),
        "total_pages": "" if part.total_pages is None else str(part.total_pages),
        "title_block": "yes" if part.title_block else "no",
    }
    compiled = compile_in_child(
        TEMPLATES / template,
        root=TEMPLATES,
        inputs=inputs,
        output=output,
        ppi=ppi,
        timestamp=int(document.title.generated_at.timestamp()),
        pdf_standards=list(pdf_standards),
    )
    for warning in compiled.warnings:
        logger.warning("Typst warning in %s: %s", template, warning)
    return compiled.content


def render_pdf(document: Document, *, template: str = DEFAULT_TEMPLATE) -> Rendered:
    """The document as a tagged A4 PDF."""
    content = compile_typst(document, output="pdf", template=template)
    return Rendered(safe_filename(document.filename, "pdf"), PDF, content)
