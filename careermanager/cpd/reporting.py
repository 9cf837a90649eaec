"""Render a CPD report through the reports pipeline, with bounded memory for long PDFs.

Typst's memory grows with the pages of one compile and is not given back between compiles
in the same process (about 1.5 MB a page). A long PDF is therefore split between sections
into parts of at most PART_WEIGHT, and each part is compiled in a fresh process that ends
when it is done: first to count its pages, then again with its place in the whole ("Page 41
of 130"). The parts are joined with pypdf. See docs/decisions/ for why pypdf.
"""

import io
import pickle
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace

from careermanager.reports.documents import Document, Paragraph, Section, safe_filename
from careermanager.reports.renderers import Rendered, render
from careermanager.reports.renderers.pdf import PDF, Part

# About 200 detailed activities: a part compiles in under about 400 MB.
PART_WEIGHT = 5000
CONTINUED = " (continued)"
PART_TIMEOUT = 300  # seconds


def split(document: Document, budget: int | None = None) -> list[Document]:
    """The document cut between sections (or subsections) into parts of about `budget`."""
    budget = PART_WEIGHT if budget is None else budget
    parts: list[list[Section]] = [[]]
    used = 0

    def add(section: Section) -> None:
        nonlocal used
        if used and used + section.weight > budget:
            parts.append([])
            used = 0
        parts[-1].append(section)
        used += section.weight

    for section in document.sections:
        if section.weight <= budget or not section.subsections:
            add(section)
            continue
        # A long section with subsections: its heading and blocks, then the subsections in
        # runs, each later run under the same heading marked as continued.
        run = replace(section, subsections=[])
        for sub in section.subsections:
            if run.subsections and (used + run.weight + sub.weight > budget):
                add(run)
                run = Section(
                    section.heading + CONTINUED,
                    [Paragraph("Continued from the previous page.")],
                    [],
                )
                parts.append([])
                used = 0
            run = replace(run, subsections=[*run.subsections, sub])
        add(run)
    return [replace(document, sections=sections) for sections in parts if sections]


class PartFailed(RuntimeError):
    pass


def _compile_part(document: Document, part: Part) -> bytes:
    """Compile one part in a new process, so no part inherits the last one's memory."""
    result = subprocess.run(
        [sys.executable, "-m", "careermanager.cpd.render_part"],
        input=pickle.dumps((document, part)),
        capture_output=True,
        timeout=PART_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise PartFailed(result.stderr.decode(errors="replace")[-2000:])
    return result.stdout


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def join_pdfs(parts: list[bytes], document: Document) -> bytes:
    """One PDF of the parts in order, with the document's title, author and language."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    for content in parts:
        writer.append(PdfReader(io.BytesIO(content)))
    first = PdfReader(io.BytesIO(parts[0]))
    writer.add_metadata(dict(first.metadata or {}))
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject("en-GB")
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def render_pdf_in_parts(
    document: Document, *, on_progress: Callable[[float], None] = lambda _: None
) -> Rendered:
    documents = split(document)
    steps = 2 * len(documents)

    def compile_all(placements: list[Part], done_before: int) -> list[bytes]:
        results = []
        for index, (part_document, part) in enumerate(zip(documents, placements, strict=True)):
            results.append(_compile_part(part_document, part))
            on_progress((done_before + index + 1) / steps)
        return results

    # First pass: how many pages each part takes.
    drafts = compile_all(
        [Part(title_block=index == 0) for index in range(len(documents))], done_before=0
    )
    counts = [_page_count(pdf) for pdf in drafts]
    del drafts
    total = sum(counts)
    placements, first = [], 1
    for index, count in enumerate(counts):
        placements.append(Part(first_page=first, total_pages=total, title_block=index == 0))
        first += count
    pdfs = compile_all(placements, done_before=len(documents))
    content = join_pdfs(pdfs, document)
    return Rendered(safe_filename(document.filename, "pdf"), PDF, content)


def render_report(
    document: Document, file_format: str, *, on_progress: Callable[[float], None] = lambda _: None
) -> Rendered:
    """The report as a PDF or Word file; long PDFs are compiled in parts."""
    if file_format == "pdf" and sum(section.weight for section in document.sections) > PART_WEIGHT:
        return render_pdf_in_parts(document, on_progress=on_progress)
    rendered = render(document, file_format)
    on_progress(1.0)
    return rendered
