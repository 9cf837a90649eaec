"""Long documents: cut into parts, each compiled on its own, joined with their tags."""

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import IndirectObject

from careermanager.reports.documents import Column, LongText, Section, Table
from careermanager.reports.renderers import pdf
from careermanager.reports.renderers.join import join_pdfs
from careermanager.reports.renderers.parts import split_document
from careermanager.reports.renderers.pdf import render_pdf
from careermanager.reports.renderers.splice import NotSpliceable, splice_pdfs
from tests.reports.pdftools import pdf_info, pdf_pages, pdf_text, squeeze
from tests.reports.test_pipeline import a_document

BUDGET = 60  # small parts, so a short document shows what a long one does


def long_document():
    roles = [
        Section(f"Role {number}", [LongText("Responsibilities", f"I did task {number}.\n" * 12)])
        for number in range(12)
    ]
    courses = Table(
        caption="Training",
        columns=[Column("Title", wide=True), Column("Hours", numeric=True)],
        rows=[[f"Course {number}", "2"] for number in range(150)],
        totals=["Total", "300"],
    )
    return a_document(
        sections=[
            Section("Employment", [], roles),
            Section("Training", [courses]),
        ]
    )


def struct_elements(reader):
    """Every structure element reachable from the root, with its parent."""
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    found = []

    def walk(node, parent):
        element = node.get_object()
        if not hasattr(element, "get") or "/S" not in element:
            return
        found.append((node, element, parent))
        kids = element.raw_get("/K") if "/K" in element else []
        kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, IndirectObject):
                walk(kid, node)

    top = root.raw_get("/K")
    for node in top if isinstance(top, list) else [top]:
        walk(node, reader.trailer["/Root"].raw_get("/StructTreeRoot"))
    return found


class TestSplit:
    def test_a_light_document_is_one_part(self):
        document = a_document()

        assert split_document(document) == [document]

    def test_parts_keep_everything_in_order(self):
        parts = split_document(long_document(), BUDGET)

        assert len(parts) > 3
        assert all(sum(section.weight for section in part.sections) <= BUDGET for part in parts)
        headings = [section.heading for part in parts for section in part.sections]
        assert headings[0] == "Employment"
        assert "Employment (continued)" in headings
        assert "Training (continued)" in headings
        roles = [sub.heading for part in parts for s in part.sections for sub in s.subsections]
        assert roles == [f"Role {number}" for number in range(12)]
        tables = [b for part in parts for s in part.sections for b in s.blocks if b.kind == "table"]
        rows = [row[0] for table in tables for row in table.rows]
        assert rows == [f"Course {number}" for number in range(150)]
        assert [table.totals for table in tables].count(None) == len(tables) - 1
        assert tables[-1].totals == ["Total", "300"]
        assert tables[1].caption == "Training (continued)"


@pytest.fixture(scope="module")
def compiled():
    """The long document's PDF, and every (done, total) its progress callback was given."""
    progress = []
    rendered = render_pdf(
        long_document(),
        part_weight=BUDGET,
        on_progress=lambda done, total: progress.append((done, total)),
    )
    return rendered.content, progress


@pytest.fixture(scope="module")
def content(compiled):
    return compiled[0]


class TestJoinedPdf:
    def test_progress_rises_after_every_compile_and_ends_at_the_total(self, compiled):
        _, progress = compiled
        parts = len(split_document(long_document(), BUDGET))

        # Each part is compiled once, then the footers of all its pages in one more compile.
        total = parts + 1
        assert parts > 3
        assert progress == [(done, total) for done in range(1, total + 1)]

    def test_pages_are_numbered_through_and_the_title_block_opens_it(self, content):
        pages = pdf_pages(content)
        total = len(pages)

        assert total > 4
        for number, page in enumerate(pages, start=1):
            assert f"Page {number} of {total}" in squeeze(page)
            assert squeeze(page).replace(f"Page {number} of {total}", "").strip()
        assert "Member Olive Owner" in squeeze(pages[0])
        assert not any("Member Olive Owner" in squeeze(page) for page in pages[1:])
        text = squeeze("\n".join(pages))
        assert all(f"Course {number} 2" in text for number in range(150))
        assert "Total 300" in text

    def test_the_joined_file_is_tagged_as_one_document(self, content):
        reader = PdfReader(io.BytesIO(content))
        info = pdf_info(content)
        assert info["tagged"]
        assert info["title"] == "Training summary \N{EN DASH} Olive Owner"
        assert info["lang"].startswith("en")

        root = reader.trailer["/Root"]["/StructTreeRoot"]
        top = root["/K"].get_object()
        assert top["/S"] == "/Document"

        elements = struct_elements(reader)
        page_refs = {page.indirect_reference.idnum for page in reader.pages}
        for _node, element, parent in elements:
            assert element.raw_get("/P").idnum == parent.idnum
            if "/Pg" in element:
                assert element.raw_get("/Pg").idnum in page_refs
        headings = [str(e.get("/T")) for _, e, _ in elements if e["/S"] in ("/H1", "/H2")]
        assert "Role 11" in headings
        assert "Training (continued)" in headings

        # Each page's marked content maps to elements of the joined tree.
        nums = root["/ParentTree"]["/Nums"]
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert sorted(int(page["/StructParents"]) for page in reader.pages) == sorted(keys)
        assert len(set(keys)) == len(keys)
        element_refs = {node.idnum for node, _, _ in elements}
        for i in range(1, len(nums), 2):
            for owner in nums[i].get_object():
                assert owner.idnum in element_refs

        # Table headers stay associated: IDs unique, every /Headers entry names one.
        names = root["/IDTree"]["/Names"]
        ids = [str(names[i]) for i in range(0, len(names), 2)]
        assert len(ids) == len(set(ids))
        for _, element, _ in elements:
            attributes = element.get("/A", [])
            attributes = attributes if isinstance(attributes, list) else [attributes]
            for attribute in attributes:
                for header in attribute.get_object().get("/Headers", []):
                    assert str(header) in ids

    def test_bookmarks_of_every_part(self, content):
        reader = PdfReader(io.BytesIO(content))

        def titles(items):
            for item in items:
                yield from titles(item) if isinstance(item, list) else [item.title]

        found = list(titles(reader.outline))
        assert found[0] == "Employment"
        assert "Role 11" in found
        assert "Training (continued)" in found

    @pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler's pdfinfo is not installed")
    def test_poppler_reads_the_structure_of_every_part(self, content, tmp_path):
        path = tmp_path / "joined.pdf"
        path.write_bytes(content)

        structure = subprocess.run(
            [shutil.which("pdfinfo"), "-struct-text", str(path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout

        assert structure.startswith("Document")
        assert '"Course 149"' in structure
        assert '"Role 11"' in structure


def test_one_part_is_returned_as_it_is():
    progress = []
    content = render_pdf(
        a_document(), on_progress=lambda done, total: progress.append((done, total))
    ).content

    assert join_pdfs([content]) == content
    assert progress == [(1, 1)]


# Text that reads like the inside of a PDF: references, IDs, escaped brackets.
PDF_LIKE = "Role (12 0 R) \\ /ID(U1x0y0) /Headers[(x)] /StructParents 3"


def test_text_that_looks_like_pdf_syntax_survives_the_join():
    roles = [
        Section(PDF_LIKE if number == 7 else f"Role {number}", [LongText("Notes", "Line.\n" * 12)])
        for number in range(12)
    ]
    document = a_document(
        member="Olive (12 0 R) Owner", sections=[Section("Employment", [], roles)]
    )

    content = render_pdf(document, part_weight=BUDGET).content

    text = squeeze(pdf_text(content))
    assert squeeze(PDF_LIKE) in text
    assert "Olive (12 0 R) Owner" in text
    reader = PdfReader(io.BytesIO(content))
    titles = [str(e.get("/T")) for _, e, _ in struct_elements(reader) if "/T" in e]
    assert PDF_LIKE in titles
    assert pdf_info(content)["author"] == "Olive (12 0 R) Owner"


def test_parts_that_cannot_be_spliced_are_numbered_in_place_and_joined(monkeypatch):
    def refuse(parts, *, footers=None):
        raise NotSpliceable("not shaped as expected")

    monkeypatch.setattr(pdf, "splice_pdfs", refuse)

    content = render_pdf(long_document(), part_weight=BUDGET).content

    pages = pdf_pages(content)
    assert len(pages) > 4
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in squeeze(page)
    assert pdf_info(content)["tagged"]


def test_a_pdf_not_made_by_typst_is_not_spliced():
    typst_made = render_pdf(a_document()).content
    rewritten = io.BytesIO()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(typst_made)))
    writer.write(rewritten)

    with pytest.raises(NotSpliceable):
        splice_pdfs([rewritten.getvalue(), typst_made])
