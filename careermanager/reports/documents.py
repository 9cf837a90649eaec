"""What a downloadable document says, as plain data that every renderer understands.

A builder (in the owning app's ``documents.py``, e.g. ``careermanager.profiles.documents``)
reads a member's records and returns a ``Document``; a renderer (``careermanager.reports.
renderers``) turns it into bytes. Nothing in here knows about the ORM, Typst, Word or any app's
records, so a builder can be tested without rendering and a renderer without a database.
Builders format numbers and dates with ``careermanager.core.formatting`` ("10,000", "3 May
2024"), as the pages do.

    Document(
        title=TitleBlock(member="Ada Okonkwo-Reyes", title="Training summary",
                         period="1 April 2024 to 31 March 2025", generated_at=now),
        sections=[
            Section("Training", [
                Table(caption="Training in this period",
                      columns=[Column("Date"), Column("Title"), Column("Hours", numeric=True)],
                      rows=[["3 May 2024", "Wiring regulations", "14"]],
                      totals=["", "Total", "14"]),
            ]),
        ],
        filename="training-summary-ada-okonkwo-reyes-2024-04-01-to-2025-03-31",
    )

Every string is shown exactly as given: renderers never interpret it as markup, so a member
who types ``#set page(..)``, ``*bold*`` or ``<script>`` sees those characters in the document.
Line breaks in ``LongText`` are kept; a blank line starts a new paragraph.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Literal

from django.utils.text import slugify

from careermanager.core.formatting import format_datetime

# Characters XML 1.0 (and so Word) does not allow; a pasted control character must not break
# the download. Tabs and line breaks are kept.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """The text as a string without characters no document format can hold."""
    if text is None:
        return ""
    return _CONTROL.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class TitleBlock:
    """Who the document is about, what it is, for which period, and when it was made."""

    member: str
    title: str
    generated_at: datetime
    # e.g. "1 April 2024 to 31 March 2025"; empty for a document that covers no period (a CV,
    # an assessment), which then has no "Period" line.
    period: str = ""
    subtitle: str = ""  # e.g. the employer and role of an organisation chart
    # Letters after the member's name ("CEng MIET"): shown after it in the title block and the
    # document's title, not in its author.
    post_nominals: str = ""
    # More labelled lines for the title block, after the period: ("Sections", "Employment, …").
    details: tuple[tuple[str, str], ...] = ()

    @property
    def member_line(self) -> str:
        """The member's name followed by their post-nominals: 'Ada Okonkwo-Reyes CEng MIET'."""
        return " ".join(part for part in (clean(self.member), clean(self.post_nominals)) if part)

    @property
    def items(self) -> list[tuple[str, str]]:
        """The title block's labelled lines, as every format shows them."""
        return [
            ("Member", self.member_line),
            *([("Period", clean(self.period))] if self.period else []),
            *((clean(label), clean(value)) for label, value in self.details),
            ("Generated", format_datetime(self.generated_at)),
        ]


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: Literal["paragraph"] = field(default="paragraph", init=False)


@dataclass(frozen=True)
class KeyValues:
    """A list of labelled values (a definition list): Name / Email / Membership number…"""

    items: list[tuple[str, str]]
    kind: Literal["keyvalues"] = field(default="keyvalues", init=False)


@dataclass(frozen=True)
class LongText:
    """A member's own long text under a small label (responsibilities, a description)."""

    label: str
    text: str
    kind: Literal["longtext"] = field(default="longtext", init=False)


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False  # right-aligned, e.g. hours
    # Takes the room left over (a title); else the last text column does. Other columns are as
    # wide as their content unless that leaves too little room (see column_widths).
    wide: bool = False
    # At most this many lines in any cell: the column is made just wide enough, and is never
    # squeezed by long text elsewhere. 2 for date spans ("13 September 2024 to" / "15 September
    # 2024"). 0: no limit.
    max_lines: int = 0


@dataclass(frozen=True)
class Table:
    """A table with a caption, one header row (repeated on each page) and an optional totals row."""

    caption: str
    columns: list[Column]
    rows: list[list[str]]
    totals: list[str] | None = None
    kind: Literal["table"] = field(default="table", init=False)

    def __post_init__(self):
        width = len(self.columns)
        for row in [*self.rows, *([self.totals] if self.totals else [])]:
            if len(row) != width:
                raise ValueError(f"{self.caption}: a row has {len(row)} cells for {width} columns")


@dataclass(frozen=True)
class Image:
    """A picture drawn on the server as a standalone SVG document, with its text alternative."""

    svg: str
    alt: str
    caption: str = ""
    # In a PDF: take the rest of the page, as large as fits, and start a new page after it
    # (a chart that is the point of the document). Otherwise at most two thirds of a page.
    fill_page: bool = False
    kind: Literal["image"] = field(default="image", init=False)


# The kinds of file an Attachment draws, by the format name Typst reads them with.
ATTACHMENT_FORMATS = ("pdf", "png", "jpg", "gif")


@dataclass(frozen=True)
class Attachment:
    """A file drawn into the document as it is: each page of a PDF, or an image, on a page of
    its own, under a line saying what it is ("Degree certificates: page 2 of 3").

    The file's bytes never go into the document's data: the PDF renderer writes the file
    beside the template, which reads it from there (``path``). ``pages`` is how many pages a
    PDF has (1 for an image); ``note`` is a small line under the label (a fingerprint). Word
    cannot draw a PDF's pages, so the Word version embeds an image and names a PDF, saying
    its pages are in the PDF version.
    """

    label: str
    name: str  # the file's name, as the member uploaded it
    content: bytes = field(repr=False)
    format: str  # one of ATTACHMENT_FORMATS
    pages: int = 1
    note: str = ""
    kind: Literal["attachment"] = field(default="attachment", init=False)

    def __post_init__(self):
        if self.format not in ATTACHMENT_FORMATS:
            raise ValueError(f"{self.name}: cannot draw a file of format {self.format!r}")
        if self.pages < 1:
            raise ValueError(f"{self.name}: a file to draw has at least one page")

    @cached_property
    def path(self) -> str:
        """Where the template finds the file: named by its content, so the same file twice
        is written once."""
        digest = hashlib.sha256(self.content).hexdigest()[:32]
        return f"/attachments/{digest}.{self.format}"


Block = Paragraph | KeyValues | LongText | Table | Image | Attachment


@dataclass(frozen=True)
class Section:
    """A heading (level 1) with its blocks, then subsections (level 2, e.g. one per role).

    An empty heading draws none: for a document whose title already names its only picture.
    """

    heading: str
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)

    @cached_property
    def weight(self) -> int:
        """Roughly how much this section lays out, to plan chunks of a very long document."""
        return blocks_weight(self.blocks) + sum(sub.weight for sub in self.subsections) + 1


def blocks_weight(blocks: list[Block]) -> int:
    """Roughly how many lines the blocks take: what parts of a long document are cut by."""
    total = 0
    for block in blocks:
        if isinstance(block, Table):
            total += len(block.rows) + 2
        elif isinstance(block, KeyValues):
            total += len(block.items)
        elif isinstance(block, Image):
            total += 40
        elif isinstance(block, Attachment):
            total += 60 * block.pages  # a page each
        else:
            text = block.text
            total += 1 + len(text) // 400 + text.count("\n")
    return total


@dataclass(frozen=True)
class Document:
    title: TitleBlock
    sections: list[Section]
    # The download's name without extension; made safe by ``safe_filename`` whatever it holds.
    filename: str
    orientation: Literal["portrait", "landscape"] = "portrait"
    # Shown instead of the sections when there are none (e.g. no training in the period).
    empty_message: str = "There is nothing to show."
    subject: str = ""  # the document's description in its properties
    # How many records it lists, as the status page of a document job says; 0 if not counted.
    item_count: int = 0

    @property
    def attachments(self) -> list[Attachment]:
        """Every file the document draws, in order (the PDF renderer writes them out)."""
        found: list[Attachment] = []

        def collect(section: Section) -> None:
            found.extend(block for block in section.blocks if isinstance(block, Attachment))
            for sub in section.subsections:
                collect(sub)

        for section in self.sections:
            collect(section)
        return found

    @property
    def full_title(self) -> str:
        """Title and member joined by a dash: the title in properties and footers."""
        return f"{clean(self.title.title)} \N{EN DASH} {self.title.member_line}"

    def to_data(self) -> dict:
        """The document as JSON-ready data, as the Typst template reads it."""
        return {
            "title": {
                "member": clean(self.title.member),
                "title": clean(self.title.title),
                "period": clean(self.title.period),
                "subtitle": clean(self.title.subtitle),
                "generated_at": format_datetime(self.title.generated_at),
                "items": [[label, value] for label, value in self.title.items],
                "full": self.full_title,
            },
            "sections": [
                _section_data(section, LINE_CHARS[self.orientation]) for section in self.sections
            ],
            "orientation": self.orientation,
            "empty_message": clean(self.empty_message),
            "subject": clean(self.subject),
        }


def _section_data(section: Section, line_chars: int) -> dict:
    return {
        "heading": clean(section.heading),
        "blocks": [_block_data(block, line_chars) for block in section.blocks],
        "subsections": [_section_data(sub, line_chars) for sub in section.subsections],
    }


# About how many characters of body text fit across the page, to plan table columns.
LINE_CHARS = {"portrait": 95, "landscape": 145}


def column_widths(table: Table, line_chars: int) -> list[str | int | dict]:
    """Each column's width: "auto" (as wide as its content), a share of what is left, or
    ``{"fit": text}``: as wide as that text on one line (a column with ``max_lines``).

    Short columns (dates, types, numbers) fit their content; the wide column (or the last text
    column) and any column too long to fit share the rest, so long text never squeezes another
    column to a word per line. A column with ``max_lines`` is as wide as the longest line of its
    cells wrapped to that many lines, and is never shared.
    """
    rows = [*table.rows, *([table.totals] if table.totals else [])]
    natural = [
        2 + max(len(column.label), *(max(map(len, row[i].split("\n"))) for row in rows), 0)
        if rows
        else 2 + len(column.label)
        for i, column in enumerate(table.columns)
    ]
    fits = {
        i: fit_line([row[i] for row in rows], column.max_lines)
        for i, column in enumerate(table.columns)
        if column.max_lines
    }
    for i, fit in fits.items():
        natural[i] = 2 + max(len(table.columns[i].label), len(fit))
    text_columns = [
        i for i, column in enumerate(table.columns) if not column.numeric and i not in fits
    ]
    wide = next((i for i, column in enumerate(table.columns) if column.wide), None)
    if wide is None and text_columns:
        wide = text_columns[-1]
    shares = {wide: 2} if wide is not None else {}
    budget = line_chars * 0.6
    while True:
        fitted = [i for i in range(len(natural)) if i not in shares]
        longest = [i for i in fitted if i in text_columns]
        if sum(natural[i] for i in fitted) <= budget or not longest:
            break
        shares[max(longest, key=lambda i: natural[i])] = 1
    return [{"fit": fits[i]} if i in fits else shares.get(i, "auto") for i in range(len(natural))]


def _wrapped(text: str, width: int) -> list[str]:
    """The text's lines when words are wrapped at `width` characters (its line breaks kept).

    Only spaces break a line: words joined by no-break spaces ("3\u00a0May\u00a02024") stay
    together, in this estimate as in the PDF and Word.
    """
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in filter(None, paragraph.split(" ")):
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines


def fit_line(cells: list[str], max_lines: int) -> str:
    """The longest line of the cells when wrapped as narrow as keeps each within max_lines.

    "13 September 2024 to 15 September 2024" on two lines gives "13 September 2024 to": a
    column as wide as that line holds every cell in two lines.
    """
    longest = ""
    for text in {clean(cell) for cell in cells}:
        words = [word for line in text.split("\n") for word in line.split(" ") if word]
        if not words:
            continue
        width = max(map(len, words))
        while len(_wrapped(text, width)) > max_lines and width < len(text):
            width += 1
        line = max(_wrapped(text, width), key=len)
        if len(line) > len(longest):
            longest = line
    return longest


def _block_data(block: Block, line_chars: int = LINE_CHARS["portrait"]) -> dict:
    match block:
        case Paragraph(text=text):
            return {"kind": block.kind, "text": clean(text)}
        case KeyValues(items=items):
            return {
                "kind": block.kind,
                "items": [[clean(key), clean(value)] for key, value in items],
            }
        case LongText(label=label, text=text):
            return {"kind": block.kind, "label": clean(label), "paragraphs": paragraphs(text)}
        case Table():
            return {
                "kind": block.kind,
                "caption": clean(block.caption),
                "columns": [
                    {"label": clean(column.label), "numeric": column.numeric, "width": width}
                    for column, width in zip(
                        block.columns, column_widths(block, line_chars), strict=True
                    )
                ],
                "rows": [[clean(cell) for cell in row] for row in block.rows],
                "totals": [clean(cell) for cell in block.totals] if block.totals else None,
            }
        case Image():
            return {
                "kind": block.kind,
                "svg": block.svg,
                "alt": clean(block.alt),
                "caption": clean(block.caption),
                "fill_page": block.fill_page,
            }
        case Attachment():
            return {
                "kind": block.kind,
                "label": clean(block.label),
                "name": clean(block.name),
                "note": clean(block.note),
                "path": block.path,
                "format": block.format,
                "pages": block.pages,
            }
    raise TypeError(f"Not a document block: {block!r}")


def paragraphs(text: str) -> list[list[str]]:
    """Text split into paragraphs (at blank lines), each a list of its lines."""
    result = []
    for chunk in re.split(r"\n\s*\n", clean(text).strip()):
        lines = [line.rstrip() for line in chunk.split("\n")]
        if any(lines):
            result.append(lines)
    return result


def safe_filename(stem: str, extension: str) -> str:
    """An ASCII file name any browser and file system accepts: 'cv-ada-okonkwo-reyes.pdf'."""
    from unicodedata import normalize

    ascii_stem = normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return f"{slugify(ascii_stem)[:120].strip('-') or 'document'}.{extension}"
