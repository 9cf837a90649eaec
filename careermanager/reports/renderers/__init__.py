"""Turn a ``Document`` into the bytes of a download.

    from careermanager.reports.renderers import render
    rendered = render(document, "pdf")      # or "docx", "png"
    rendered.filename, rendered.content_type, rendered.content

Each format has its own module (``pdf``, ``docx``, ``png``) with a ``render_<format>`` function
of the same shape; ``render`` picks one by name. Views serve the result with
``careermanager.reports.responses.download``.
"""

from typing import NamedTuple

from careermanager.reports.documents import Document


class Rendered(NamedTuple):
    filename: str
    content_type: str
    content: bytes


# Labels as the download forms show them.
FORMAT_LABELS = {"pdf": "PDF", "docx": "Word (.docx)", "png": "Image (PNG)"}


def render(document: Document, format: str) -> Rendered:
    """The document in one of FORMAT_LABELS' formats."""
    if format == "pdf":
        from careermanager.reports.renderers.pdf import render_pdf

        return render_pdf(document)
    if format == "docx":
        from careermanager.reports.renderers.docx import render_docx

        return render_docx(document)
    if format == "png":
        from careermanager.reports.renderers.png import render_png

        return render_png(document)
    raise ValueError(f"Unknown document format {format!r}")
