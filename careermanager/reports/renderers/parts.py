"""Cut a long document into parts that each compile within a bounded amount of memory.

Typst's memory grows with the pages of one compile (about 2 MB a page; see ``python -m bench
reports``). ``render_pdf`` compiles a document whose ``weight`` (roughly its lines) is over
``PART_WEIGHT`` in parts, each once in its own child process, two at a time, and
``splice.splice_pdfs`` makes one tagged PDF of them with every page's footer. Parts are cut
between sections, then between subsections, then between the rows of a table; a section
continued in a later part repeats its heading with "(continued)", and a table its caption and
header row.
"""

from dataclasses import replace

from careermanager.reports.documents import Document, Section, Table, blocks_weight

# About 85 pages of text or 60 of table: a part's compile stays near 160 MB, so two compiling
# at once and the process joining them stay well within 500 MB together.
PART_WEIGHT = 2500
CONTINUED = " (continued)"


def split_document(document: Document, budget: int = PART_WEIGHT) -> list[Document]:
    """The document as parts of about `budget` weight each (itself when it is light enough)."""
    if sum(section.weight for section in document.sections) <= budget:
        return [document]
    parts: list[list[Section]] = [[]]
    used = 0
    for piece in (piece for section in document.sections for piece in _pieces(section, budget)):
        if used and used + piece.weight > budget:
            parts.append([])
            used = 0
        parts[-1].append(piece)
        used += piece.weight
    return [replace(document, sections=sections) for sections in parts if sections]


def _pieces(section: Section, budget: int) -> list[Section]:
    """The section itself, or consecutive pieces of it no heavier than the budget."""
    if section.weight <= budget:
        return [section]
    pieces: list[Section] = []
    heading = section.heading
    blocks: list = []
    subsections: list[Section] = []
    used = 1  # the heading

    def close() -> None:
        nonlocal blocks, subsections, used
        title = heading if not pieces else _continued(heading)
        pieces.append(Section(title, blocks, subsections))
        blocks, subsections, used = [], [], 1

    for block in _split_blocks(section.blocks, budget):
        weight = blocks_weight([block])
        if blocks and used + weight > budget:
            close()
        blocks.append(block)
        used += weight
    for sub in (piece for child in section.subsections for piece in _pieces(child, budget)):
        weight = sub.weight
        if (blocks or subsections) and used + weight > budget:
            close()
        subsections.append(sub)
        used += weight
    close()
    return pieces


def _split_blocks(blocks: list, budget: int) -> list:
    """Blocks, with any table too heavy for one part cut into runs of rows."""
    result = []
    for block in blocks:
        if not isinstance(block, Table) or blocks_weight([block]) <= budget:
            result.append(block)
            continue
        size = max(budget - 10, 1)
        runs = [block.rows[i : i + size] for i in range(0, len(block.rows), size)]
        for index, rows in enumerate(runs):
            last = index == len(runs) - 1
            result.append(
                Table(
                    caption=block.caption if index == 0 else _continued(block.caption),
                    columns=block.columns,
                    rows=rows,
                    totals=block.totals if last else None,
                )
            )
    return result


def _continued(text: str) -> str:
    return f"{text}{CONTINUED}" if text else ""
