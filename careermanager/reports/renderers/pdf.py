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

Long documents: Typst's memory grows with the pages of one compile. A document heavier than
``parts.PART_WEIGHT`` is cut into parts (``parts.split_document``), each compiled in its own
child process with page numbers that continue ("Page 41 of 130" on the first page of the second
part; ``compile_typst(..., part=Part(...))``), and the parts are joined with their tags
(``join.join_pdfs``). See docs/documents.md, "Memory and long documents". Give ``render_pdf``
an ``on_progress(done, total)`` callback to follow a long compile (document jobs do, for their
status page).
"""

import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from careermanager.reports.documents import Document, safe_filename
from careermanager.reports.renderers import Progress, Rendered
from careermanager.reports.renderers.join import join_pdfs
from careermanager.reports.renderers.parts import PART_WEIGHT, split_document
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


def render_pdf(
    document: Document,
    *,
    template: str = DEFAULT_TEMPLATE,
    part_weight: int = PART_WEIGHT,
    on_progress: Progress | None = None,
) -> Rendered:
    """The document as a tagged A4 PDF; a long one compiled in parts and joined.

    ``on_progress(done, total)``, if given, is called after each compile: once with (1, 1) for
    a document compiled whole, and twice per part for one compiled in parts (a count, then the
    numbered compile), ``done`` rising by one each time and ending at ``total``.
    """
    report = on_progress or _ignore
    parts = split_document(document, part_weight)
    if len(parts) == 1:
        content = compile_typst(document, output="pdf", template=template)
        report(1, 1)
    else:
        content = _compile_in_parts(parts, template, report)
    return Rendered(safe_filename(document.filename, "pdf"), PDF, content)


def _ignore(done: int, total: int) -> None:
    """No one is watching the progress."""


def _compile_in_parts(parts: list[Document], template: str, report: Progress) -> bytes:
    """Compile each part twice: to count its pages, then knowing its place in the whole."""
    from pypdf import PdfReader

    steps, done = 2 * len(parts), 0
    counts = []
    for index, part in enumerate(parts):
        draft = compile_typst(part, template=template, part=Part(title_block=index == 0))
        counts.append(len(PdfReader(io.BytesIO(draft)).pages))
        done += 1
        report(done, steps)
    total, first, placed = sum(counts), 1, []
    for index, (part, count) in enumerate(zip(parts, counts, strict=True)):
        placement = Part(first_page=first, total_pages=total, title_block=index == 0)
        placed.append(compile_typst(part, template=template, part=placement))
        first += count
        done += 1
        report(done, steps)
    return join_pdfs(placed)
