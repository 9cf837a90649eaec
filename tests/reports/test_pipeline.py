"""The document pipeline: plain data in, PDF / Word / PNG out, whatever members type."""

import io
import os
import re
import shutil
import struct
import subprocess
from datetime import UTC, date, datetime

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careermanager.core.formatting import format_date
from careermanager.core.formatting import hours as format_hours
from careermanager.reports import typst_process
from careermanager.reports.documents import (
    Column,
    Document,
    Image,
    KeyValues,
    LongText,
    Paragraph,
    Section,
    Table,
    TitleBlock,
    column_widths,
    fit_line,
    safe_filename,
)
from careermanager.reports.renderers import render
from careermanager.reports.renderers.pdf import Part, compile_typst
from careermanager.reports.responses import download
from careermanager.reports.typst_process import TypstFailed, compile_in_child
from tests.reports.pdftools import pdf_info, pdf_pages, pdf_text, squeeze

FULL_TITLE = "Training summary \N{EN DASH} Olive Owner"
GENERATED = datetime(2025, 3, 31, 14, 5, tzinfo=UTC)

# Things a member might type that mean something to Typst, HTML or Word.
MARKUP = [
    "#set page(width: 1cm)",
    "*bold*",
    "_slanted_",
    "<script>alert(1)</script>",
    "$x^2$",
    '#import "/etc/passwd": *',
    "= Not a heading",
    "- not a list",
    "@ref <label>",
    "// not a comment",
    "#{ panic() }",
    "[#text(red)[x]]",
    "\\ backslash \\",
]

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="160" viewBox="0 0 400 160">'
    '<rect x="10" y="10" width="220" height="60" fill="#1d4e89"/>'
    '<text x="20" y="45" font-family="sans-serif" font-size="14" fill="#ffffff">'
    "Grace Hopper</text></svg>"
)


def a_document(*, sections=None, member="Olive Owner", rows=3, **overrides) -> Document:
    training = Table(
        caption="Training in this period",
        columns=[Column("Date"), Column("Title", wide=True), Column("Hours", numeric=True)],
        rows=[[format_date(date(2024, 5, 1 + i % 28)), f"Course {i}", "7.5"] for i in range(rows)],
        totals=["", "Total", format_hours(7.5 * rows)],
    )
    if sections is None:
        sections = [
            Section("Personal details", [KeyValues([("Email", "olive@example.org")])]),
            Section(
                "Employment",
                subsections=[
                    Section(
                        "Principal engineer, Northgate Power",
                        [LongText("Responsibilities", "I led the design.\nI checked it.")],
                    )
                ],
            ),
            Section("Training", [training]),
        ]
    fields = {
        "title": TitleBlock(
            member=member,
            title="Training summary",
            period="1 April 2024 to 31 March 2025",
            generated_at=GENERATED,
        ),
        "sections": sections,
        "filename": f"training summary {member}",
    } | overrides
    return Document(**fields)


class TestPdf:
    def test_title_block_footer_and_properties(self):
        rendered = render(a_document(), "pdf")

        assert rendered.content_type == "application/pdf"
        assert rendered.filename == "training-summary-olive-owner.pdf"
        text = squeeze(pdf_text(rendered.content))
        for expected in (
            "Training summary",
            "Member Olive Owner",
            "Period 1 April 2024 to 31 March 2025",
            "Generated 31 March 2025 at",
            "Principal engineer, Northgate Power",
            "I led the design.",
            "Course 2",
            "Total 22.5",
            "Page 1 of 1",
        ):
            assert expected in text
        info = pdf_info(rendered.content)
        assert info["title"] == FULL_TITLE
        assert info["author"] == "Olive Owner"
        assert info["tagged"]
        assert info["lang"].startswith("en")

    def test_a_three_page_document_numbers_every_page_and_has_no_blank_page(self):
        pages = pdf_pages(render(a_document(rows=110), "pdf").content)

        assert len(pages) == 3
        for number, page in enumerate(pages, start=1):
            assert f"Page {number} of 3" in page
            body = page.replace(f"Page {number} of 3", "").replace(FULL_TITLE, "")
            assert "Course" in body, f"page {number} has nothing but its footer"
        # The header row repeats on each page; the title block only opens the document.
        assert all("Hours" in page for page in pages)
        assert "Member" in pages[0]
        assert "Member" not in pages[2]

    def test_markup_typed_by_a_member_appears_literally(self):
        typed = " ".join(MARKUP)
        document = a_document(
            member="*Olive* #set page(width: 1cm)",
            sections=[
                Section(
                    "= Heading $x$",
                    [
                        Paragraph(typed),
                        KeyValues([("<b>", typed)]),
                        LongText("#label", typed),
                        Table(
                            "Caption #x",
                            [Column("A"), Column("B")],
                            [[piece, "*x*"] for piece in MARKUP],
                        ),
                    ],
                    subsections=[Section("#pagebreak()", [Paragraph("after")])],
                )
            ],
        )

        pages = pdf_pages(render(document, "pdf").content)
        text = squeeze("\n".join(pages))
        # Long lines wrap at spaces and after slashes; compare without any white space.
        solid = "".join(text.split())

        assert len(pages) == 1  # no #pagebreak() ran
        for piece in MARKUP:
            assert solid.count("".join(piece.split())) >= 4, piece
        for piece in ("*Olive* #set page(width: 1cm)", "= Heading $x$", "#label", "Caption #x"):
            assert piece in text
        assert "#pagebreak()" in text

    def test_line_breaks_and_paragraphs_of_long_text_are_kept(self):
        document = a_document(
            sections=[Section("Notes", [LongText("", "First line\nSecond line\n\nNew paragraph")])]
        )

        lines = [line.strip() for line in pdf_text(render(document, "pdf").content).splitlines()]

        assert lines.index("Second line") == lines.index("First line") + 1
        assert "New paragraph" in lines

    def test_characters_no_format_can_hold_are_dropped(self):
        document = a_document(member="Olive\x00 Owner\x0b", sections=[Section("A\x07", [])])

        for format in ("pdf", "docx"):
            assert render(document, format).content

    def test_a_document_without_sections_says_so(self):
        document = a_document(sections=[], empty_message="You recorded no training then.")

        text = pdf_text(render(document, "pdf").content)

        assert "You recorded no training then." in text
        assert "Page 1 of 1" in text

    def test_landscape(self):
        from pypdf import PdfReader

        content = render(a_document(orientation="landscape"), "pdf").content

        box = PdfReader(io.BytesIO(content)).pages[0].mediabox
        assert float(box.width) > float(box.height)

    def test_an_svg_picture_is_embedded_with_its_text(self):
        document = a_document(
            sections=[
                Section("Chart", [Image(SVG, alt="Grace Hopper manages you.", caption="Who")])
            ]
        )

        text = pdf_text(render(document, "pdf").content)

        assert "Grace Hopper" in text

    def test_a_table_caption_stays_on_the_page_of_its_first_row(self):
        # Texts of varying length put some caption near the foot of each page.
        document = a_document(
            sections=[
                Section(
                    f"Competence {number}",
                    [
                        LongText(
                            "Evidence", "\n".join(["I checked the settings."] * (number * 7 % 9))
                        ),
                        Table(
                            f"Earlier versions of {number}",
                            [Column("Saved"), Column("Evidence", wide=True)],
                            [[f"First row of {number}", "I did it. " * 30], ["Later", "Again."]],
                        ),
                    ],
                )
                for number in range(40)
            ]
        )

        pages = [squeeze(page) for page in pdf_pages(render(document, "pdf").content)]

        assert len(pages) > 3
        for number in range(40):
            page = next(page for page in pages if f"Earlier versions of {number} " in page)
            assert f"First row of {number} " in page, f"caption {number} is alone"

    def test_a_picture_shrinks_a_little_to_fit_the_rest_of_the_page(self):
        tall = SVG.replace(
            'height="160" viewBox="0 0 400 160"', 'height="300" viewBox="0 0 400 300"'
        )
        filler = Table(
            "Filler",
            [Column("Row")],
            [[f"Row {number}"] for number in range(15)],
        )
        document = a_document(
            sections=[Section("Summary", [filler, Image(tall, alt="A chart.", caption="Chart")])]
        )

        pages = pdf_pages(render(document, "pdf").content)

        # At two thirds of a page it would not fit under the table: it is drawn smaller there
        # rather than leave the rest of the first page empty.
        assert len(pages) == 1
        assert "Grace Hopper" in pages[0]

    @pytest.mark.parametrize(
        "document",
        [
            a_document(),
            a_document(sections=[]),
            a_document(
                orientation="landscape",
                sections=[
                    Section("", [Image(SVG, alt="Grace Hopper manages you.", fill_page=True)]),
                    Section("Notes", [Image(SVG, alt="Again.", caption="Who")]),
                ],
            ),
        ],
        ids=["sections", "empty", "pictures"],
    )
    def test_the_template_meets_pdf_ua(self, document):
        content = compile_typst(document, pdf_standards=("ua-1",))

        assert pdf_info(content)["tagged"]

    def test_a_part_of_a_long_document_continues_the_page_numbers(self):
        content = compile_typst(
            a_document(), part=Part(first_page=41, total_pages=130, title_block=False)
        )

        text = squeeze(pdf_text(content))
        assert "Page 41 of 130" in text
        assert "Member Olive Owner" not in text

    def test_unicode_names(self):
        document = a_document(member="Zoë Łukasiewicz-Ødegård")

        rendered = render(document, "pdf")

        assert "Zoë Łukasiewicz-Ødegård" in pdf_text(rendered.content)
        assert rendered.filename == "training-summary-zoe-ukasiewicz-degard.pdf"


class TestPng:
    def test_one_png_image_of_the_whole_document(self):
        rendered = render(a_document(rows=60), "png")

        assert rendered.content_type == "image/png"
        assert rendered.filename.endswith(".png")
        assert rendered.content.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = struct.unpack(">II", rendered.content[16:24])
        assert 1500 < width < 1800  # A4 width at 200 pixels per inch
        assert height > width  # one image, as tall as 60 rows need


def _word(content: bytes):
    return WordDocument(io.BytesIO(content))


class TestWord:
    def test_headings_tables_footer_and_properties(self):
        rendered = render(a_document(), "docx")

        assert rendered.filename == "training-summary-olive-owner.docx"
        word = _word(rendered.content)
        styled = [(p.style.name, p.text) for p in word.paragraphs]
        assert ("Title", "Training summary") in styled
        assert ("Heading 1", "Employment") in styled
        assert ("Heading 2", "Principal engineer, Northgate Power") in styled
        assert any(text == "Member: Olive Owner" for _, text in styled)

        table = word.tables[0]
        assert [cell.text for cell in table.rows[0].cells] == ["Date", "Title", "Hours"]
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert [cell.text for cell in table.rows[-1].cells] == ["", "Total", "22.5"]

        footer = word.sections[0].footer.paragraphs[0]._p.xml
        assert "PAGE" in footer
        assert "NUMPAGES" in footer
        assert "Page " in footer
        assert " of " in footer

        properties = word.core_properties
        assert properties.title == FULL_TITLE
        assert properties.author == "Olive Owner"
        assert round(word.sections[0].page_width.mm) == 210

    def test_markup_is_plain_text(self):
        typed = " ".join(MARKUP)
        document = a_document(sections=[Section("Notes", [LongText("Mine", typed)])])

        word = _word(render(document, "docx").content)

        assert typed in [p.text for p in word.paragraphs]

    def test_a_picture_has_its_alt_text(self):
        document = a_document(
            sections=[
                Section("Chart", [Image(SVG, alt="Grace Hopper manages you.", caption="Who")])
            ]
        )

        word = _word(render(document, "docx").content)

        assert len(word.inline_shapes) == 1
        described = [element.get("descr") for element in word.element.body.iter(qn("wp:docPr"))]
        assert described == ["Grace Hopper manages you."]

    def test_a_long_document_keeps_every_block_in_order_before_the_page_setup(self):
        rows = [[f"Course {number}", f"{number}"] for number in range(300)]
        table = Table(
            caption="Courses",
            columns=[Column("Title", wide=True), Column("Hours", numeric=True)],
            rows=rows,
            totals=["Total", "44850"],
        )
        sections = [Section(f"Activity {number}", [Paragraph("Notes")]) for number in range(200)]
        document = a_document(sections=[*sections, Section("Courses", [table])])

        word = _word(render(document, "docx").content)

        body = list(word.element.body)
        assert body[-1].tag == qn("w:sectPr")
        assert round(word.sections[-1].page_width.mm) == 210
        headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
        assert headings == [*(f"Activity {number}" for number in range(200)), "Courses"]
        written = [[cell.text for cell in row.cells] for row in word.tables[0].rows]
        assert written == [["Title", "Hours"], *rows, ["Total", "44850"]]
        assert all(run.bold for run in word.tables[0].rows[-1].cells[0].paragraphs[0].runs)
        assert not any(run.bold for run in word.tables[0].rows[-2].cells[0].paragraphs[0].runs)

    @pytest.mark.skipif(
        not shutil.which("soffice") and os.environ.get("CI") != "true",
        reason="LibreOffice (soffice) is not installed",
    )
    def test_libreoffice_opens_it_and_numbers_the_pages(self, tmp_path):
        soffice = shutil.which("soffice")
        assert soffice, "CI must install libreoffice-writer-nogui"
        source = tmp_path / "summary.docx"
        source.write_bytes(render(a_document(rows=110), "docx").content)

        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp_path}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )

        pages = pdf_pages((tmp_path / "summary.pdf").read_bytes())
        assert len(pages) >= 2
        assert "Olive Owner" in pages[0]
        assert "Principal engineer, Northgate Power" in pages[0]
        assert f"Page 1 of {len(pages)}" in squeeze(pages[0])
        assert f"Page {len(pages)} of {len(pages)}" in squeeze(pages[-1])


class TestData:
    def test_a_row_must_fill_the_columns(self):
        with pytest.raises(ValueError, match="2 cells for 3 columns"):
            Table("T", [Column("A"), Column("B"), Column("C")], [["1", "2"]])

    @pytest.mark.parametrize(
        ("stem", "expected"),
        [
            ("CV Ada Okonkwo-Reyes", "cv-ada-okonkwo-reyes.pdf"),
            ("../../etc/passwd", "etcpasswd.pdf"),
            ('a"b;c\r\nd', "abc-d.pdf"),
            ("李小龍", "document.pdf"),
        ],
    )
    def test_safe_filename(self, stem, expected):
        assert safe_filename(stem, "pdf") == expected

    def test_a_column_of_date_spans_fits_its_longest_wrapped_line(self):
        table = Table(
            "Training",
            [Column("Dates", max_lines=2), Column("Title", wide=True), Column("Type")],
            [
                ["13\xa0September\xa02024 to 15\xa0September\xa02024", "x " * 200, "Course"],
                ["3\xa0May\xa02024", "Short", "Seminar"],
            ],
        )

        widths = column_widths(table, 95)

        # Never shared with the long title, so never squeezed to three lines.
        assert widths == [{"fit": "13\xa0September\xa02024 to"}, 2, "auto"]
        assert fit_line(["May 2019 to March 2023"], 2) == "May 2019 to"
        assert fit_line(["one two three four five six"], 3) == "three four"

    def test_the_title_block_lines(self):
        title = TitleBlock(
            member="Ada Okonkwo-Reyes",
            post_nominals="CEng MIET",
            title="Curriculum vitae",
            generated_at=GENERATED,
            details=(("Sections", "Employment, Training"),),
        )

        labels = [label for label, _ in title.items]
        assert labels == ["Member", "Sections", "Generated"]  # no period: no "Period" line
        assert title.items[0] == ("Member", "Ada Okonkwo-Reyes CEng MIET")

    def test_a_document_without_a_period_says_none(self):
        document = a_document(
            title=TitleBlock(member="Olive Owner", title="Assessment", generated_at=GENERATED)
        )

        pdf = squeeze(pdf_text(render(document, "pdf").content))
        word = "\n".join(p.text for p in _word(render(document, "docx").content).paragraphs)

        for text in (pdf, word):
            assert "Period" not in text
            assert "All records" not in text
            assert "Generated" in text


def test_download_is_an_attachment_no_cache_keeps():
    response = download(render(a_document(), "pdf"))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="training-summary-olive-owner.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(typed=st.text(min_size=1, max_size=200))
def test_any_text_a_member_types_renders_as_typed(typed):
    """Whatever the characters, the document renders, and printable text comes out as typed."""
    document = a_document(
        member=typed,
        sections=[
            Section(typed, [Paragraph(typed), LongText(typed, typed)]),
            Section("Table", [Table(typed, [Column(typed)], [[typed]])]),
        ],
    )

    pdf = render(document, "pdf").content
    word = _word(render(document, "docx").content)

    assert pdf.startswith(b"%PDF-")
    assert word.paragraphs
    text = "".join(pdf_text(pdf).split())
    for run in re.findall(r"[!-~]+", typed):  # each stretch of visible ASCII characters
        assert text.count(run) >= 5, run


class TestChildProcess:
    def test_a_template_error_is_raised_with_typst_message(self, tmp_path):
        template = tmp_path / "broken.typ"
        template.write_text("#nonsense(1)\n")

        with pytest.raises(TypstFailed, match="unknown variable: nonsense"):
            compile_in_child(template, root=tmp_path, inputs={})

    def test_warnings_come_back(self, tmp_path):
        template = tmp_path / "warns.typ"
        template.write_text('#text(font: "No Such Family")[Hello]\n')

        compiled = compile_in_child(template, root=tmp_path, inputs={})

        assert compiled.content.startswith(b"%PDF-")
        assert any("no such family" in warning.lower() for warning in compiled.warnings)
        assert compiled.peak_memory_kb is None or compiled.peak_memory_kb > 1000


class TestKeptChild:
    """A child is kept for the next short compile only while it holds little memory."""

    def test_each_compile_gets_its_own_document(self, tmp_path):
        template = tmp_path / "echo.typ"
        template.write_text("#sys.inputs.word\n")

        first = compile_in_child(template, root=tmp_path, inputs={"word": "Aubergine"})
        second = compile_in_child(template, root=tmp_path, inputs={"word": "Beetroot"})

        assert "Aubergine" in pdf_text(first.content)
        assert "Beetroot" in pdf_text(second.content)
        assert "Aubergine" not in pdf_text(second.content)

    def test_a_child_holding_too_much_is_stopped_and_replaced(self, tmp_path, monkeypatch):
        monkeypatch.setattr(typst_process, "KEEP_RESIDENT_KB", 1)
        template = tmp_path / "hello.typ"
        template.write_text("Hello\n")

        compile_in_child(template, root=tmp_path, inputs={})

        # Only a new child, which has compiled nothing yet, waits for the next document.
        assert [worker.compiles for worker in typst_process._pool._idle] == [0]

    def test_a_kept_child_that_has_gone_is_replaced(self, tmp_path):
        template = tmp_path / "hello.typ"
        template.write_text("Hello\n")
        compile_in_child(template, root=tmp_path, inputs={})
        for worker in typst_process._pool._idle:
            worker.process.kill()
            worker.process.wait()

        compiled = compile_in_child(template, root=tmp_path, inputs={})

        assert "Hello" in pdf_text(compiled.content)

    def test_a_child_stays_usable_after_a_template_error(self, tmp_path):
        broken = tmp_path / "broken.typ"
        broken.write_text("#nonsense(1)\n")
        fine = tmp_path / "fine.typ"
        fine.write_text("Fine\n")

        with pytest.raises(TypstFailed):
            compile_in_child(broken, root=tmp_path, inputs={})
        compiled = compile_in_child(fine, root=tmp_path, inputs={})

        assert "Fine" in pdf_text(compiled.content)
        assert compiled.cpu_seconds is None or compiled.cpu_seconds >= 0
