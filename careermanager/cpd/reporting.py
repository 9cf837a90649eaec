"""Render a CPD report through the reports pipeline, reporting progress as it goes.

A long PDF is compiled in parts by the pipeline's own pieces (``split_document``,
``compile_typst`` with a ``Part``, ``join_pdfs``; see docs/documents.md, "Memory and long
documents"): each part in its own short-lived process, first to count its pages, then again
knowing its place in the whole. Doing the passes here rather than through ``render`` lets the
status page show how far a long report has got.
"""

import io
from collections.abc import Callable

from careermanager.reports.documents import Document, safe_filename
from careermanager.reports.renderers import Rendered, render
from careermanager.reports.renderers.join import join_pdfs
from careermanager.reports.renderers.parts import PART_WEIGHT, split_document
from careermanager.reports.renderers.pdf import PDF, Part, compile_typst


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def render_pdf_in_parts(
    parts: list[Document], *, on_progress: Callable[[float], None] = lambda _: None
) -> bytes:
    steps, done = 2 * len(parts), 0
    counts = []
    for index, part in enumerate(parts):
        counts.append(_page_count(compile_typst(part, part=Part(title_block=index == 0))))
        done += 1
        on_progress(done / steps)
    total, first, placed = sum(counts), 1, []
    for index, (part, count) in enumerate(zip(parts, counts, strict=True)):
        placement = Part(first_page=first, total_pages=total, title_block=index == 0)
        placed.append(compile_typst(part, part=placement))
        first += count
        done += 1
        on_progress(done / steps)
    return join_pdfs(placed)


def render_report(
    document: Document,
    file_format: str,
    *,
    on_progress: Callable[[float], None] = lambda _: None,
    part_weight: int | None = None,
) -> Rendered:
    """The report as a PDF or Word file; long PDFs are compiled in parts."""
    if file_format == "pdf":
        parts = split_document(document, part_weight or PART_WEIGHT)
        if len(parts) > 1:
            content = render_pdf_in_parts(parts, on_progress=on_progress)
            return Rendered(safe_filename(document.filename, "pdf"), PDF, content)
    rendered = render(document, file_format)
    on_progress(1.0)
    return rendered
