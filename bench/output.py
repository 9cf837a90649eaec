"""Plain-text report pieces: a benchmark returns a Section made of paragraphs and tables."""

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH = 100  # characters per line of text; tables are as wide as they need


class BenchError(Exception):
    """A benchmark could not produce a trustworthy number; the message says why."""


@dataclass
class Table:
    headers: Sequence[str]
    rows: list[Sequence[object]] = field(default_factory=list)
    # Column alignment, one letter per column ("l" or "r"); numbers align right by default.
    align: str = ""

    def add(self, *cells: object) -> None:
        if len(cells) != len(self.headers):
            raise ValueError(f"row has {len(cells)} cells for {len(self.headers)} headers")
        self.rows.append(cells)


@dataclass
class Section:
    title: str
    blocks: list[str | Table] = field(default_factory=list)
    # Problems found while measuring: printed after the section and fail the run.
    failures: list[str] = field(default_factory=list)

    def add(self, block: str | Table) -> None:
        self.blocks.append(block)


def format_cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


def _alignment(table: Table) -> str:
    if table.align:
        return table.align.ljust(len(table.headers), "l")
    letters = []
    for column in range(len(table.headers)):
        values = [row[column] for row in table.rows if row[column] is not None]
        numeric = bool(values) and all(
            isinstance(value, int | float) and not isinstance(value, bool) for value in values
        )
        letters.append("r" if numeric else "l")
    return "".join(letters)


def render_table(table: Table) -> str:
    cells = [[format_cell(value) for value in row] for row in table.rows]
    headers = [str(header) for header in table.headers]
    widths = [
        max([len(header), *(len(row[column]) for row in cells)])
        for column, header in enumerate(headers)
    ]
    align = _alignment(table)

    def line(values: Sequence[str]) -> str:
        padded = [
            value.rjust(width) if letter == "r" else value.ljust(width)
            for value, width, letter in zip(values, widths, align, strict=True)
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in cells)])


def _wrap(text: str) -> str:
    return "\n".join(
        textwrap.fill(paragraph, WIDTH, break_on_hyphens=False) for paragraph in text.split("\n")
    )


def render_section(section: Section) -> str:
    parts = [section.title, "=" * len(section.title)]
    for block in section.blocks:
        parts.append("")
        parts.append(render_table(block) if isinstance(block, Table) else _wrap(block))
    if section.failures:
        parts.append("")
        parts.append(f"FAILED ({len(section.failures)}):")
        parts.extend(f"  - {failure}" for failure in section.failures)
    return "\n".join(parts)
