"""Word (.docx) through python-docx: a document people can edit, in Word or LibreOffice.

Structure is real, not drawn: the title uses Word's Title style, sections Heading 1 and
subsections Heading 2 (so the navigation pane and screen readers find them), tables are Word
tables whose header row repeats on each page, and the footer holds PAGE and NUMPAGES fields
("Page 2 of 5", kept up to date by Word). Pictures are embedded as PNG with their alt text.
Title, author, subject and creation time go in the document's properties.
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

from careermanager.reports.documents import (
    Document,
    Image,
    KeyValues,
    LongText,
    Paragraph,
    Section,
    Table,
    clean,
    format_datetime,
    paragraphs,
    safe_filename,
)
from careermanager.reports.renderers import Rendered

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
    _add_title_block(word, document)
    if not document.sections:
        word.add_paragraph(document.empty_message)
    for section in document.sections:
        _add_section(word, section, level=1)
    buffer = io.BytesIO()
    word.save(buffer)
    return Rendered(safe_filename(document.filename, "docx"), DOCX, buffer.getvalue())


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
        run._r.append(element)


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


def _labelled(word, label: str, value: str):
    paragraph = word.add_paragraph()
    paragraph.add_run(f"{clean(label)}: ").bold = True
    paragraph.add_run(clean(value))
    paragraph.paragraph_format.space_after = Pt(2)
    return paragraph


def _add_title_block(word, document: Document) -> None:
    title = document.title
    word.add_heading(clean(title.title), level=0)
    if title.subtitle:
        word.add_paragraph(clean(title.subtitle), style="Subtitle")
    _labelled(word, "Member", title.member)
    _labelled(word, "Period", title.period or "All records")
    _labelled(word, "Generated", format_datetime(title.generated_at))


def _add_section(word, section: Section, *, level: int) -> None:
    if section.heading:
        word.add_heading(clean(section.heading), level=level)
    for block in section.blocks:
        _add_block(word, block)
    # Subsections of a section without a heading stay at its level: no level is skipped.
    next_level = min(level + 1, 3) if section.heading else level
    for sub in section.subsections:
        _add_section(word, sub, level=next_level)


def _add_block(word, block) -> None:
    match block:
        case Paragraph(text=text):
            _add_lines(word.add_paragraph(), text.split("\n"))
        case KeyValues(items=items):
            for label, value in items:
                _labelled(word, label, value)
        case LongText(label=label, text=text):
            if label:
                heading = word.add_paragraph()
                heading.add_run(clean(label)).bold = True
                heading.paragraph_format.keep_with_next = True
                heading.paragraph_format.space_after = Pt(2)
            for lines in paragraphs(text):
                _add_lines(word.add_paragraph(), lines)
        case Table():
            _add_table(word, block)
        case Image():
            _add_image(word, block)
        case _:
            raise TypeError(f"Not a document block: {block!r}")


def _add_lines(paragraph, lines: list[str]) -> None:
    for index, line in enumerate(lines):
        run = paragraph.add_run(clean(line))
        if index < len(lines) - 1:
            run.add_break()


def _add_table(word, block: Table) -> None:
    caption = word.add_paragraph(clean(block.caption), style="Caption")
    caption.paragraph_format.keep_with_next = True
    rows = [*block.rows, *([block.totals] if block.totals else [])]
    table = word.add_table(rows=1 + len(rows), cols=len(block.columns))
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, column in zip(header.cells, block.columns, strict=True):
        _fill(cell, column.label, bold=True, right=column.numeric)
    for row_index, values in enumerate(rows, start=1):
        bold = block.totals is not None and row_index == len(rows)
        for cell, column, value in zip(
            table.rows[row_index].cells, block.columns, values, strict=True
        ):
            _fill(cell, value, bold=bold, right=column.numeric)
    word.add_paragraph()


def _repeat_as_header(row) -> None:
    """Mark the row as the table's header: repeated on each page, read as headers."""
    properties = row._tr.get_or_add_trPr()
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


def _add_image(word, block: Image) -> None:
    from careermanager.reports.renderers.png import svg_to_png

    png = svg_to_png(block.svg, alt=block.alt, ppi=PICTURE_PPI)
    # The PNG's own size (IHDR: width and height in pixels) scaled to fit the page.
    width_px, height_px = struct.unpack(">II", png[16:24])
    page = word.sections[0]
    room_x = page.page_width - page.left_margin - page.right_margin
    room_y = (page.page_height - page.top_margin - page.bottom_margin) * 3 // 4
    natural_x = width_px * EMU_PER_INCH // PICTURE_PPI
    natural_y = height_px * EMU_PER_INCH // PICTURE_PPI
    scale = min(room_x / natural_x, room_y / natural_y, 1.5)
    if block.caption:
        caption = word.add_paragraph(clean(block.caption), style="Caption")
        caption.paragraph_format.keep_with_next = True
    run = word.add_paragraph().add_run()
    run.add_picture(io.BytesIO(png), width=Emu(int(natural_x * scale)))
    for properties in run._r.iter(qn("wp:docPr")):
        properties.set("descr", clean(block.alt))
        properties.set("title", clean(block.caption))
