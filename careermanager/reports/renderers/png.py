"""PNG: the same Typst document as the PDF, drawn as one image as tall as its content.

Meant for short documents that people paste into slides or other documents (an organisation
chart). There are no pages, so no footer; the title block is drawn as in the PDF.
"""

from careermanager.reports.documents import Document, safe_filename
from careermanager.reports.renderers import Rendered
from careermanager.reports.renderers.pdf import DEFAULT_TEMPLATE, compile_typst

PNG = "image/png"
# Sharp on a high-density screen and in print at the width of a page, and still a small file.
DEFAULT_PPI = 200


def render_png(
    document: Document, *, template: str = DEFAULT_TEMPLATE, ppi: float = DEFAULT_PPI
) -> Rendered:
    """The document as a single PNG image."""
    content = compile_typst(document, output="png", template=template, ppi=ppi)
    return Rendered(safe_filename(document.filename, "png"), PNG, content)


def svg_to_png(svg: str, *, alt: str = "", ppi: float = DEFAULT_PPI) -> bytes:
    """One SVG picture as a PNG at its natural size (for Word, which cannot hold SVG)."""
    from careermanager.reports.renderers.pdf import TEMPLATES
    from careermanager.reports.typst_process import compile_in_child

    return compile_in_child(
        TEMPLATES / "image.typ",
        root=TEMPLATES,
        inputs={"svg": svg, "alt": alt},
        output="png",
        ppi=ppi,
    ).content
