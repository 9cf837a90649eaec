"""Turn a ``Document`` into the bytes of a download.

    from careermanager.reports.renderers import render
    rendered = render(document, "pdf")      # or "docx", "png"
    rendered.filename, rendered.content_type, rendered.content

Each format has its own module (``pdf``, ``docx``, ``png``) with a ``render_<format>`` function
of the same shape; ``render`` picks one by name. Views serve the result with
``careermanager.reports.responses.download``.

``render(document, format, on_progress=callback)`` reports progress as ``callback(done, total)``:
after each compile of a PDF (several for a long one, see ``pdf.render_pdf``), once with (1, 1)
for the other formats. Document jobs show it on their status page.
"""

from collections.abc import Callable
from typing import NamedTuple

from careermanager.reports.documents import Document


class Rendered(NamedTuple):
    filename: str
    content_type: str
    content: bytes


# Labels as the download forms show them.
FORMAT_LABELS = {"pdf": "PDF", "docx": "Word (.docx)", "png": "Image (PNG)"}
# Formats an app serves itself rather than through ``render`` (a drawing it already has as
# SVG, such as the organisation chart), named alike on the forms.
OTHER_FORMAT_LABELS = {"svg": "Drawing (SVG)"}


# on_progress(done, total): how many of the steps of one rendering are finished.
Progress = Callable[[int, int], None]


def render(
    document: Document,
    format: str,
    *,
    on_progress: Progress | None = None,
    part_weight: int | None = None,
) -> Rendered:
    """The document in one of FORMAT_LABELS' formats.

    ``part_weight`` overrides how much of a long PDF one compile takes (tests use small parts).
    """
    if format == "pdf":
        from careermanager.reports.renderers.parts import PART_WEIGHT
        from careermanager.reports.renderers.pdf import render_pdf

        return render_pdf(document, part_weight=part_weight or PART_WEIGHT, on_progress=on_progress)
    if format == "docx":
        from careermanager.reports.renderers.docx import render_docx

        rendered = render_docx(document)
    elif format == "png":
        from careermanager.reports.renderers.png import render_png

        rendered = render_png(document)
    else:
        raise ValueError(f"Unknown document format {format!r}")
    if on_progress is not None:
        on_progress(1, 1)
    return rendered
