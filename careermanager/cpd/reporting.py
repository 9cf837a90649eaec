"""Render a CPD report through the reports pipeline, reporting progress as it goes.

A long PDF is compiled in parts by ``render_pdf`` (see docs/documents.md, "Memory and long
documents"), which says after each compile how many of them are done; the status page shows
that as the report's progress. A Word file is made in one step.
"""

from collections.abc import Callable

from careermanager.reports.documents import Document
from careermanager.reports.renderers import Rendered, render
from careermanager.reports.renderers.parts import PART_WEIGHT
from careermanager.reports.renderers.pdf import render_pdf


def render_report(
    document: Document,
    file_format: str,
    *,
    on_progress: Callable[[float], None] = lambda _: None,
    part_weight: int | None = None,
) -> Rendered:
    """The report as a PDF or Word file; ``on_progress`` gets the fraction done, ending at 1."""
    if file_format == "pdf":
        return render_pdf(
            document,
            part_weight=part_weight or PART_WEIGHT,
            on_progress=lambda done, total: on_progress(done / total),
        )
    rendered = render(document, file_format)
    on_progress(1.0)
    return rendered
