"""PDF (and PNG) through Typst: a ``.typ`` template reads the document as JSON data.

The template (``careermanager/reports/templates/document.typ`` unless a builder names another
one in the same folder) gets the document from ``Document.to_data()`` through
``sys.inputs.data``; member text is never pasted into Typst markup, so nothing typed can change
the layout. Every PDF starts with the title block, has the running footer "Page X of Y", is
tagged for assistive technology (the template meets PDF/UA-1; tests check it) and carries
title, author and language in its properties.

Fonts: the body font (Libertinus Serif) ships inside the typst package, so a PDF looks the same
on every machine; system fonts are only a fallback for characters it lacks (other scripts).

Typst runs in a child process (``careermanager.reports.typst_process``) so that the memory a
compile takes is returned to the system: a child is kept for the next short document only
while it holds little, and each part of a long one has a child of its own.

Long documents: Typst's memory grows with the pages of one compile. A document heavier than
``parts.PART_WEIGHT`` is cut into parts (``parts.split_document``), each compiled once in its
own child process, two at a time, without footers; one more compile makes a page of nothing but
its footer ("Page 41 of 130") for every page of the whole, and ``splice.splice_pdfs`` joins the
parts with their tags and draws each footer over its page. See docs/documents.md, "Memory and
long documents". Give ``render_pdf`` an ``on_progress(done, total)`` callback to follow a long
compile (document jobs do, for their status page).
"""

import io
import json
import logging
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from careermanager.reports.documents import Document, safe_filename
from careermanager.reports.renderers import Progress, Rendered
from careermanager.reports.renderers.join import join_pdfs
from careermanager.reports.renderers.parts import PART_WEIGHT, split_document
from careermanager.reports.renderers.splice import NotSpliceable, page_count, splice_pdfs
from careermanager.reports.typst_process import compile_in_child

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_TEMPLATE = "document.typ"
PDF = "application/pdf"
# Parts compiled at the same time, each in its own child process: the two cores of a small
# server, and twice one part's memory (PART_WEIGHT keeps a part near 150 MB).
COMPILE_WORKERS = 2


@dataclass(frozen=True)
class Part:
    """Where one part of a long document sits in the whole."""

    first_page: int = 1
    total_pages: int | None = None  # None: this compile is the whole document
    title_block: bool = True
    footer: bool = True  # False: footers are drawn over the joined pages afterwards


def compile_typst(
    document: Document,
    *,
    output: str = "pdf",
    template: str = DEFAULT_TEMPLATE,
    ppi: float | None = None,
    part: Part | None = None,
    pdf_standards: tuple[str, ...] = (),
    footers_only: int = 0,
    fresh: bool = False,
) -> bytes:
    """Compile the document with a template from the templates folder; return PDF or PNG bytes.

    Tests pass ``pdf_standards=("ua-1",)`` to have Typst check the template against PDF/UA-1.
    Downloads do not: it refuses any character the fonts cannot draw, and a member's name in
    a script we have no font for must still download. ``footers_only=n`` makes n pages that
    hold only the document's footer, numbered 1 to n (see ``render_pdf``). ``fresh=True``
    compiles in a child process of its own, which ends with it: for the heavy parts of a long
    document (``typst_process.compile_in_child``).
    """
    part = part or Part()
    with _compile_root(document) as root:
        return _compile(
            document,
            root=root,
            output=output,
            template=template,
            ppi=ppi,
            part=part,
            pdf_standards=pdf_standards,
            footers_only=footers_only,
            fresh=fresh,
        )


@contextmanager
def _compile_root(document: Document) -> Iterator[Path]:
    """The folder Typst may read: the templates, and beside them the files a document draws.

    A document with attachments (``documents.Attachment``) gets a folder of its own for the
    compile, holding a copy of the templates and each file at its ``path``, removed after.
    """
    attachments = document.attachments
    if not attachments:
        yield TEMPLATES
        return
    with tempfile.TemporaryDirectory(prefix="document-") as folder:
        root = Path(folder)
        for template in TEMPLATES.glob("*.typ"):
            shutil.copyfile(template, root / template.name)
        for attachment in attachments:
            target = root / attachment.path.lstrip("/")
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(attachment.content)
        yield root


def _compile(
    document: Document,
    *,
    root: Path,
    output: str,
    template: str,
    ppi: float | None,
    part: Part,
    pdf_standards: tuple[str, ...],
    footers_only: int,
    fresh: bool,
) -> bytes:
    inputs = {
        "data": json.dumps(document.to_data(), ensure_ascii=False),
        "format": output,
        "first_page": str(part.first_page),
        "total_pages": "" if part.total_pages is None else str(part.total_pages),
        "title_block": "yes" if part.title_block else "no",
        "footer": "yes" if part.footer else "no",
        "footers_only": str(footers_only),
    }
    compiled = compile_in_child(
        root / template,
        root=root,
        inputs=inputs,
        output=output,
        ppi=ppi,
        timestamp=int(document.title.generated_at.timestamp()),
        pdf_standards=list(pdf_standards),
        fresh=fresh,
    )
    for warning in compiled.warnings:
        logger.warning("Typst warning in %s: %s", template, warning)
    return compiled.content


def render_pdf(
    document: Document,
    *,
    template: str = DEFAULT_TEMPLATE,
    part_weight: int = PART_WEIGHT,
    on_progress: Progress | None = None,
) -> Rendered:
    """The document as a tagged A4 PDF; a long one compiled in parts and joined.

    ``on_progress(done, total)``, if given, is called after each compile: once with (1, 1) for
    a document compiled whole, and for one compiled in parts after each part and after the
    compile of its footers, ``done`` rising by one each time and ending at ``total``.
    """
    report = on_progress or _ignore
    parts = split_document(document, part_weight)
    if len(parts) == 1:
        content = compile_typst(document, output="pdf", template=template)
        report(1, 1)
    else:
        content = _compile_in_parts(parts, template, report)
    return Rendered(safe_filename(document.filename, "pdf"), PDF, content)


def _ignore(done: int, total: int) -> None:
    """No one is watching the progress."""


def _compile_in_parts(parts: list[Document], template: str, report: Progress) -> bytes:
    """Compile each part once, then the footers of every page; splice them into one file.

    A part starts on a page of its own, so its pages do not depend on where it sits: only its
    footers do, and those come from one light compile once every part's pages are counted.
    """
    steps = len(parts) + 1
    drafts = _compile_parts(
        parts,
        template,
        [Part(title_block=index == 0, footer=False) for index in range(len(parts))],
        report,
        steps,
    )
    try:
        counts = [page_count(draft) for draft in drafts]
        bare = replace(parts[0], sections=[])
        with ThreadPoolExecutor(max_workers=1) as pool:
            # The footers compile while the parts are put together.
            footers = pool.submit(
                compile_typst, bare, template=template, footers_only=sum(counts), fresh=True
            )
            content = splice_pdfs(drafts, footers=footers.result)
    except NotSpliceable as error:
        # Not a PDF shaped as Typst writes them: number each part in its place and join with
        # pypdf, which takes any PDF.
        logger.warning("Joining the parts with pypdf: %s", error)
        content = _compile_placed(parts, template, drafts)
    report(steps, steps)
    return content


def _compile_parts(
    parts: list[Document], template: str, places: list[Part], report: Progress, steps: int
) -> list[bytes]:
    """Each part compiled in its place, COMPILE_WORKERS at a time, in the order given."""
    compiled: list[bytes | None] = [None] * len(parts)
    with ThreadPoolExecutor(max_workers=COMPILE_WORKERS) as pool:
        futures = {
            pool.submit(compile_typst, part, template=template, part=place, fresh=True): index
            for index, (part, place) in enumerate(zip(parts, places, strict=True))
        }
        for done, future in enumerate(as_completed(futures), start=1):
            compiled[futures[future]] = future.result()
            report(done, steps)
    return [content for content in compiled if content is not None]


def _compile_placed(parts: list[Document], template: str, drafts: list[bytes]) -> bytes:
    """Compile each part again knowing its place in the whole, and join them with pypdf."""
    from pypdf import PdfReader

    counts = [len(PdfReader(io.BytesIO(draft)).pages) for draft in drafts]
    total, first, places = sum(counts), 1, []
    for index, count in enumerate(counts):
        places.append(Part(first_page=first, total_pages=total, title_block=index == 0))
        first += count
    placed = _compile_parts(parts, template, places, _ignore, len(parts))
    return join_pdfs(placed)
