"""Word (.docx) through python-docx: a document people can edit, in Word or LibreOffice.

Structure is real, not drawn: the title uses Word's Title style, sections Heading 1 and
subsections Heading 2 (so the navigation pane and screen readers find them), tables are Word
tables whose header row repeats on each page, and the footer holds PAGE and NUMPAGES fields
("Page 2 of 5", kept up to date by Word). Pictures are embedded as PNG with their alt text.
Title, author, subject and creation time go in the document's properties.

Building takes time in proportion to the document: blocks go in through ``_Body`` rather than
python-docx's ``Document.add_paragraph``/``add_table``, which search the whole body for its end
each time (see ``_Body``), and table rows are filled in one pass.
"""

import io
import struct

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.styles.style import BaseStyle
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from careermanager.reports.documents import (
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
        body.add_paragraph(document.empty_message)
    for section in document.sections:
        _add_section(body, section, level=1)
    buffer = io.BytesIO()
    word.save(buffer)
    return Rendered(safe_filename(document.filename, "docx"), DOCX, buffer.getvalue())


class _Body:
    """The end of the document's body: where each new paragraph and table goes.

    python-docx's ``Document.add_paragraph`` and ``add_table`` put a block before the body's
    closing ``w:sectPr`` (the page setup), finding it by looking through every block already
    there, so building n blocks takes time in n²: a detailed CPD report of 1,000 activities
    (some 19,000 paragraphs) took 15-45 seconds. This finds the ``w:sectPr`` once and puts each
    block straight before it, making the same XML, and looks each style up once.
    """

    def __init__(self, word) -> None:
        self.word = word
        self._end = compat.body_end(word)
        page = word.sections[-1]
        self.width = Emu(page.page_width - page.left_margin - page.right_margin)
        self._styles: dict[str, BaseStyle] = {}

    def add_paragraph(self, text: str = "", style: str | None = None) -> WordParagraph:
        """As ``Document.add_paragraph``: a run of `text` (if any) and the named style."""
        element = OxmlElement("w:p")
        self._end.addprevious(element)
        paragraph = compat.paragraph_at(element, self.word)
        if text:
            paragraph.add_run(text)
        if style is not None:
            paragraph.style = self.style(style)
        return paragraph

    def add_heading(self, text: str, level: int) -> WordParagraph:
        """As ``Document.add_heading``: level 0 is the Title style, others Heading <level>."""
        return self.add_paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def add_table(self, rows: int, cols: int) -> WordTable:
        """As ``Document.add_table``: columns share the width between the margins."""
        element = compat.new_table_element(rows, cols, self.width)
        self._end.addprevious(element)
        return compat.table_at(element, self.word)

    def style(self, name: str) -> BaseStyle:
        if name not in self._styles:
            self._styles[name] = self.word.styles[name]
        return self._styles[name]


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


def _labelled(body: _Body, label: str, value: str):
    paragraph = body.add_paragraph()
    paragraph.add_run(f"{clean(label)}: ").bold = True
    paragraph.add_run(clean(value))
    paragraph.paragraph_format.space_after = Pt(2)
    return paragraph


def _add_title_block(body: _Body, document: Document) -> None:
    title = document.title
    body.add_heading(clean(title.title), level=0)
    if title.subtitle:
        body.add_paragraph(clean(title.subtitle), style="Subtitle")
    for label, value in title.items:
        _labelled(body, label, value)


def _add_section(body: _Body, section: Section, *, level: int) -> None:
    if section.heading:
        body.add_heading(clean(section.heading), level=level)
    for block in section.blocks:
        _add_block(body, block)
    # Subsections of a section without a heading stay at its level: no level is skipped.
    next_level = min(level + 1, 3) if section.heading else level
    for sub in section.subsections:
        _add_section(body, sub, level=next_level)


def _add_block(body: _Body, block) -> None:
    match block:
        case Paragraph(text=text):
            _add_lines(body.add_paragraph(), text.split("\n"))
        case KeyValues(items=items):
            for label, value in items:
                _labelled(body, label, value)
        case LongText(label=label, text=text):
            if label:
                heading = body.add_paragraph()
                heading.add_run(clean(label)).bold = True
                heading.paragraph_format.keep_with_next = True
                heading.paragraph_format.space_after = Pt(2)
            for lines in paragraphs(text):
                _add_lines(body.add_paragraph(), lines)
        case Table():
            _add_table(body, block)
        case Image():
            _add_image(body, block)
        case _:
            raise TypeError(f"Not a document block: {block!r}")


def _add_lines(paragraph, lines: list[str]) -> None:
    for index, line in enumerate(lines):
        run = paragraph.add_run(clean(line))
        if index < len(lines) - 1:
            run.add_break()


def _add_table(body: _Body, block: Table) -> None:
    caption = body.add_paragraph(clean(block.caption), style="Caption")
    caption.paragraph_format.keep_with_next = True
    rows = [*block.rows, *([block.totals] if block.totals else [])]
    table = body.add_table(rows=1 + len(rows), cols=len(block.columns))
    table.style = body.style("Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    widths = _column_widths(block, body.width)
    if widths:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
    # One pass over the rows: ``table.rows[i]`` lists every row each time it is asked.
    header, *others = table.rows
    _repeat_as_header(header)
    for cell, column in zip(header.cells, block.columns, strict=True):
        _fill(cell, column.label, bold=True, right=column.numeric)
    for row_index, (row, values) in enumerate(zip(others, rows, strict=True), start=1):
        bold = block.totals is not None and row_index == len(rows)
        for cell, column, value in zip(row.cells, block.columns, values, strict=True):
            _fill(cell, value, bold=bold, right=column.numeric)
    if widths:
        # Word reads each cell's width; the grid's alone is not enough.
        for row in (header, *others):
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
    body.add_paragraph()


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


def _repeat_as_header(row) -> None:
    """Mark the row as the table's header: repeated on each page, read as headers."""
    properties = compat.row_element(row).get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _fill(cell, text: str, *, bold: bool, right: bool) -> None:
    paragraph = cell.paragraphs[0]
    lines = clean(text).split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold
        if index < len(lines) - 1:
            run.add_break()
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


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
        caption = body.add_paragraph(clean(block.caption), style="Caption")
        caption.paragraph_format.keep_with_next = True
    run = body.add_paragraph().add_run()
    run.add_picture(io.BytesIO(png), width=Emu(int(natural_x * scale)))
    for properties in compat.run_element(run).iter(qn("wp:docPr")):
        properties.set("descr", clean(block.alt))
        properties.set("title", clean(block.caption))
