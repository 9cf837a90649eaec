"""Word (.docx) through python-docx: a document people can edit, in Word or LibreOffice.

Structure is real, not drawn: the title uses Word's Title style, sections Heading 1 and
subsections Heading 2 (so the navigation pane and screen readers find them), tables are Word
tables whose header row repeats on each page, and the footer holds PAGE and NUMPAGES fields
("Page 2 of 5", kept up to date by Word). Pictures are embedded as PNG with their alt text.
Title, author, subject and creation time go in the document's properties.

Building takes time in proportion to the document, and little of it: the body (paragraphs,
runs, tables) is written as WordprocessingML text and parsed once (``_Body``), rather than
made element by element through python-docx, which checks the schema on every child it adds
(a detailed CPD report of 1,000 activities took 4 to 10 seconds that way, under one now).
python-docx still makes the package: styles, page setup, footer, properties and pictures.
"""

import io
import struct
from xml.sax.saxutils import escape, quoteattr

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt
from docx.text.paragraph import Paragraph as WordParagraph

from careermanager.reports.documents import (
    Attachment,
    Document,
    Image,
    KeyValues,
    LongText,
    Paragraph,
    Section,
    Table,
    clean,
    fit_line,
    paragraphs,
    safe_filename,
)
from careermanager.reports.renderers import Rendered, compat

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARGIN = Mm(20)
EMU_PER_INCH = 914400
PICTURE_PPI = 200


def render_docx(document: Document) -> Rendered:
    """The document as an A4 Word file."""
    word = WordDocument()
    _set_up_pages(word, landscape=document.orientation == "landscape")
    _set_properties(word, document)
    _set_footer(word, document.full_title)
    body = _Body(word)
    _add_title_block(body, document)
    if not document.sections:
        body.paragraph([(clean(document.empty_message), False)])
    for section in document.sections:
        _add_section(body, section, level=1)
    body.finish()
    buffer = io.BytesIO()
    word.save(buffer)
    return Rendered(safe_filename(document.filename, "docx"), DOCX, buffer.getvalue())


# A run of text: its words, and whether they are bold.
Run = tuple[str, bool]
# Space after a labelled line or a long text's label: 2 points, in twentieths of a point.
TIGHT_AFTER = 40


class _Body:
    """The document's body, written as WordprocessingML and put in place in one go.

    Blocks are kept as XML text and parsed together when a picture needs python-docx's own
    objects, or at the end (``finish``); they go before the body's closing ``w:sectPr`` (the
    page setup), as ``Document.add_paragraph`` would put them. Style names are turned into the
    IDs Word stores once each.
    """

    def __init__(self, word) -> None:
        self.word = word
        self._end = compat.body_end(word)
        page = word.sections[-1]
        self.width = Emu(page.page_width - page.left_margin - page.right_margin)
        self._style_ids: dict[str, str] = {}
        self._pending: list[str] = []

    def paragraph(
        self,
        runs: list[Run],
        *,
        style: str | None = None,
        keep_with_next: bool = False,
        space_after: int | None = None,
        right: bool = False,
    ) -> None:
        """A paragraph of runs; each run's line breaks and tabs kept."""
        self._pending.append(
            _paragraph_xml(
                runs,
                style=self.style_id(style) if style else None,
                keep_with_next=keep_with_next,
                space_after=space_after,
                right=right,
            )
        )

    def heading(self, text: str, level: int) -> None:
        """Level 0 is the Title style, others Heading <level>."""
        self.paragraph([(text, False)], style="Title" if level == 0 else f"Heading {level}")

    def table(self, xml: str) -> None:
        self._pending.append(xml)

    def add_paragraph(self) -> WordParagraph:
        """An empty paragraph as python-docx's object, after every block so far."""
        self.finish()
        element = OxmlElement("w:p")
        self._end.addprevious(element)
        return compat.paragraph_at(element, self.word)

    def finish(self) -> None:
        """Put the blocks written so far into the document."""
        if not self._pending:
            return
        holder = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self._pending)}</w:body>")
        for element in list(holder):
            self._end.addprevious(element)
        self._pending = []

    def style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self.word.styles[name].style_id
        return self._style_ids[name]


def _paragraph_xml(
    runs: list[Run],
    *,
    style: str | None = None,
    keep_with_next: bool = False,
    space_after: int | None = None,
    right: bool = False,
) -> str:
    properties = "".join(
        [
            f"<w:pStyle w:val={quoteattr(style)}/>" if style else "",
            "<w:keepNext/>" if keep_with_next else "",
            f'<w:spacing w:after="{space_after}"/>' if space_after is not None else "",
            '<w:jc w:val="right"/>' if right else "",
        ]
    )
    return (
        "<w:p>"
        + (f"<w:pPr>{properties}</w:pPr>" if properties else "")
        + "".join(_run_xml(text, bold) for text, bold in runs)
        + "</w:p>"
    )


def _run_xml(text: str, bold: bool) -> str:
    """A run of text: line breaks as ``w:br``, tabs as ``w:tab``, as python-docx writes them."""
    pieces = []
    for index, line in enumerate(text.split("\n")):
        if index:
            pieces.append("<w:br/>")
        for column, chunk in enumerate(line.split("\t")):
            if column:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return "<w:r>" + ("<w:rPr><w:b/></w:rPr>" if bold else "") + "".join(pieces) + "</w:r>"


def _set_up_pages(word, *, landscape: bool) -> None:
    page = word.sections[0]
    short, long = Mm(210), Mm(297)
    page.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = (long, short) if landscape else (short, long)
    page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = MARGIN
    normal = word.styles["Normal"]
    normal.font.size = Pt(10.5)
    # The language spell checkers and screen readers should assume.
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(language)


def _set_properties(word, document: Document) -> None:
    properties = word.core_properties
    member = clean(document.title.member)
    properties.title = document.full_title
    properties.author = member
    properties.last_modified_by = member
    properties.subject = clean(document.subject or document.title.title)
    properties.comments = ""
    properties.keywords = ""
    properties.created = properties.modified = document.title.generated_at
    properties.language = "en-GB"
    properties.revision = 1


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update as they lay out."""
    run = paragraph.add_run()
    for kind in ("begin", None, "separate", "text", "end"):
        if kind is None:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = placeholder
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        compat.run_element(run).append(element)


def _set_footer(word, label: str) -> None:
    footer = word.sections[0].footer
    paragraph = footer.paragraphs[0]
    paragraph.text = ""
    paragraph.add_run(f"{label}    ")
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES", "1")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _labelled(body: _Body, label: str, value: str) -> None:
    body.paragraph([(f"{clean(label)}: ", True), (clean(value), False)], space_after=TIGHT_AFTER)


def _add_title_block(body: _Body, document: Document) -> None:
    title = document.title
    body.heading(clean(title.title), level=0)
    if title.subtitle:
        body.paragraph([(clean(title.subtitle), False)], style="Subtitle")
    for label, value in title.items:
        _labelled(body, label, value)


def _add_section(body: _Body, section: Section, *, level: int) -> None:
    if section.heading:
        body.heading(clean(section.heading), level=level)
    for block in section.blocks:
        _add_block(body, block)
    # Subsections of a section without a heading stay at its level: no level is skipped.
    next_level = min(level + 1, 3) if section.heading else level
    for sub in section.subsections:
        _add_section(body, sub, level=next_level)


def _add_block(body: _Body, block) -> None:
    match block:
        case Paragraph(text=text):
            body.paragraph([(clean(text), False)])
        case KeyValues(items=items):
            for label, value in items:
                _labelled(body, label, value)
        case LongText(label=label, text=text):
            if label:
                body.paragraph([(clean(label), True)], keep_with_next=True, space_after=TIGHT_AFTER)
            for lines in paragraphs(text):
                body.paragraph([("\n".join(lines), False)])
        case Table():
            _add_table(body, block)
        case Image():
            _add_image(body, block)
        case Attachment():
            _add_attachment(body, block)
        case _:
            raise TypeError(f"Not a document block: {block!r}")


def _add_table(body: _Body, block: Table) -> None:
    body.paragraph([(clean(block.caption), False)], style="Caption", keep_with_next=True)
    rows = [*block.rows, *([block.totals] if block.totals else [])]
    widths = _column_widths(block, body.width)
    fixed = widths is not None
    if widths is None:
        widths = [Emu(body.width // len(block.columns))] * len(block.columns)
    twips = [Emu(width).twips for width in widths]
    right = [column.numeric for column in block.columns]

    def row_xml(values: list[str], *, bold: bool, header: bool = False) -> str:
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
            + _paragraph_xml([(clean(value), bold)], right=aligned)
            + "</w:tc>"
            for value, width, aligned in zip(values, twips, right, strict=True)
        )
        # A header row is repeated on each page and read as the table's headers.
        marked = '<w:trPr><w:tblHeader w:val="true"/></w:trPr>' if header else ""
        return f"<w:tr>{marked}{cells}</w:tr>"

    last = len(rows) - 1
    body.table(
        "<w:tbl><w:tblPr>"
        f"<w:tblStyle w:val={quoteattr(body.style_id('Table Grid'))}/>"
        '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="left"/>'
        + ('<w:tblLayout w:type="fixed"/>' if fixed else "")
        + '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
        'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{width}"/>' for width in twips)
        + "</w:tblGrid>"
        + row_xml([column.label for column in block.columns], bold=True, header=True)
        + "".join(
            row_xml(values, bold=block.totals is not None and index == last)
            for index, values in enumerate(rows)
        )
        + "</w:tbl>"
    )
    body.paragraph([])


# About the width of a character of body text (10.5 pt), and a cell's margins left and right.
CHAR_WIDTH = Pt(10.5 * 0.55)
CELL_MARGINS = Pt(12)


def _column_widths(block: Table, room: int) -> list[Emu] | None:
    """Widths for a table with a column that keeps its cells to ``max_lines`` (dates).

    That column is as wide as its longest wrapped line (``documents.fit_line``) and the others
    share the rest equally. None when no column asks: Word's own layout is kept.
    """
    if not any(column.max_lines for column in block.columns):
        return None
    rows = [*block.rows, *([block.totals] if block.totals else [])]
    fixed = {
        index: Emu(
            int(
                max(
                    len(fit_line([row[index] for row in rows], column.max_lines)), len(column.label)
                )
                * CHAR_WIDTH
                + CELL_MARGINS
            )
        )
        for index, column in enumerate(block.columns)
        if column.max_lines
    }
    others = len(block.columns) - len(fixed)
    share = Emu(int((room - sum(fixed.values())) / others)) if others else Emu(0)
    return [fixed.get(index, share) for index in range(len(block.columns))]


def _add_image(body: _Body, block: Image) -> None:
    from careermanager.reports.renderers.png import svg_to_png

    png = svg_to_png(block.svg, alt=block.alt, ppi=PICTURE_PPI)
    # The PNG's own size (IHDR: width and height in pixels) scaled to fit the page.
    width_px, height_px = struct.unpack(">II", png[16:24])
    page = body.word.sections[0]
    room_x = page.page_width - page.left_margin - page.right_margin
    room_y = (page.page_height - page.top_margin - page.bottom_margin) * 3 // 4
    natural_x = width_px * EMU_PER_INCH // PICTURE_PPI
    natural_y = height_px * EMU_PER_INCH // PICTURE_PPI
    scale = min(room_x / natural_x, room_y / natural_y, 1.5)
    if block.caption:
        body.paragraph([(clean(block.caption), False)], style="Caption", keep_with_next=True)
    run = body.add_paragraph().add_run()
    run.add_picture(io.BytesIO(png), width=Emu(int(natural_x * scale)))
    for properties in compat.run_element(run).iter(qn("wp:docPr")):
        properties.set("descr", clean(block.alt))
        properties.set("title", clean(block.caption))


def _add_attachment(body: _Body, block: Attachment) -> None:
    """An image embedded under its label; a PDF named, its pages being in the PDF version."""
    body.paragraph([(clean(block.label), True)], keep_with_next=True, space_after=TIGHT_AFTER)
    lines = [clean(block.name), *([clean(block.note)] if block.note else [])]
    if block.format == "pdf":
        pages = "1 page" if block.pages == 1 else f"{block.pages} pages"
        lines.append(
            f"A PDF of {pages}: Word cannot hold a PDF's pages, so they are drawn in the PDF "
            "version of this document, not here."
        )
        body.paragraph([("\n".join(lines), False)])
        return
    body.paragraph([("\n".join(lines), False)], keep_with_next=True)
    from PIL import Image as PillowImage

    with PillowImage.open(io.BytesIO(block.content)) as picture:
        width_px, height_px = picture.size
        dpi = picture.info.get("dpi", (96, 96))[0] or 96
    page = body.word.sections[0]
    room_x = page.page_width - page.left_margin - page.right_margin
    room_y = (page.page_height - page.top_margin - page.bottom_margin) * 3 // 4
    natural_x = int(width_px * EMU_PER_INCH / dpi)
    natural_y = int(height_px * EMU_PER_INCH / dpi)
    scale = min(room_x / natural_x, room_y / natural_y, 1.5)
    run = body.add_paragraph().add_run()
    run.add_picture(io.BytesIO(block.content), width=Emu(int(natural_x * scale)))
    for properties in compat.run_element(run).iter(qn("wp:docPr")):
        properties.set("descr", f"{clean(block.label)} ({clean(block.name)})")
        properties.set("title", clean(block.label))
