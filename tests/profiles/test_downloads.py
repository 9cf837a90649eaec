"""The downloads members use: CV, training summary, organisation chart."""

import io
import re
import struct
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from docx import Document as WordDocument
from docx.shared import Pt

from careermanager.profiles.models import Training
from tests.profiles import cv_factories as factories
from tests.queries import assert_flat_queries
from tests.reports.pdftools import pdf_info, pdf_pages, pdf_text, squeeze

ALL_SECTIONS = [
    "personal",
    "membership",
    "employment",
    "education",
    "schemes",
    "training",
    "achievements",
]


def cv_url(*, sections=ALL_SECTIONS, format="pdf") -> str:
    query = "&".join([*(f"sections={name}" for name in sections), f"format={format}"])
    return f"{reverse('profiles:cv-download')}?{query}"


def summary_url(start: str, end: str, *, format="pdf", descriptions=False) -> str:
    query = f"start={start}&end={end}&format={format}"
    if descriptions:
        query += "&descriptions=on"
    return f"{reverse('profiles:training-summary')}?{query}"


def assert_attachment(response, content_type: str, filename_pattern: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert re.fullmatch(f'attachment; filename="{filename_pattern}"', disposition), disposition


def error_summary(response) -> str:
    html = response.content.decode()
    assert "<title>Error: " in html
    return html


class TestCvForm:
    def test_the_form_offers_sections_and_formats(self, owner_client):
        response = owner_client.get(reverse("profiles:cv-download"))

        html = response.content.decode()
        assert response.status_code == 200
        assert html.count("<h1") == 1
        assert "<legend" in html
        assert "Sections to include" in html
        for section in ALL_SECTIONS:
            assert f'value="{section}"' in html
        assert html.count("checked") == len(ALL_SECTIONS) + 1  # every section, and PDF
        assert 'type="radio"' in html
        assert 'value="docx"' in html
        assert 'method="get"' in html

    def test_no_section_chosen(self, owner_client):
        response = owner_client.get(f"{reverse('profiles:cv-download')}?format=pdf")

        html = error_summary(response)
        assert response["Content-Type"].startswith("text/html")
        assert "Select at least one section to include." in html
        assert html.count("Select at least one section to include.") == 2  # summary and field

    def test_unknown_format(self, owner_client):
        response = owner_client.get(cv_url(format="exe"))

        assert "Select PDF or Word (.docx)." in error_summary(response)

    def test_anonymous_people_are_sent_to_log_in(self, client):
        response = client.get(cv_url())

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


class TestCv:
    def test_every_section(self, owner, owner_client):
        factories.whole_profile(owner)

        response = owner_client.get(cv_url())

        assert_attachment(response, "application/pdf", r"cv-olive-owner-\d{4}-\d\d-\d\d\.pdf")
        text = squeeze(pdf_text(response.content))
        for expected in (
            "Curriculum vitae",
            "Member Olive Owner",
            "Dr Olive Owner",
            "12 Canal Street",
            "Membership number 1100234",
            "CEng MIET",
            "Principal protection engineer, Northgate Power",
            "May 2021 to present",
            "I lead protection design for 132 kV substations.",
            "I cut commissioning time by a third.",
            "Engineer grade 1, Employer 1",
            "Electrical and Electronic Engineering",
            "Graduate engineer programme, Northgate Power",
            "Protection relay testing",
            "Adaptive protection for weak grids",
            "Page 1 of",
        ):
            assert expected in text, expected

    def test_only_the_chosen_sections(self, owner, owner_client):
        factories.whole_profile(owner)

        response = owner_client.get(cv_url(sections=["employment", "training"]))

        text = squeeze(pdf_text(response.content))
        assert "Principal protection engineer, Northgate Power" in text
        assert "Protection relay testing" in text
        for left_out in (
            "Personal details",
            "12 Canal Street",
            "Membership number",
            "University of Westmoor",
            "Graduate engineer programme",
            "Adaptive protection for weak grids",
        ):
            assert left_out not in text, left_out

    def test_empty_sections_are_left_out(self, owner, owner_client):
        factories.employment(owner, achievements="")

        text = squeeze(pdf_text(owner_client.get(cv_url()).content))

        assert "Principal protection engineer" in text
        # Personal details fall back to the account, so that section is never empty.
        assert "Personal details" in text
        for heading in ("Membership", "Education", "Development schemes", "Training", "Achiev"):
            assert heading not in text

    def test_nothing_to_show(self, owner_client):
        response = owner_client.get(cv_url(sections=["education", "training"]))

        text = squeeze(pdf_text(response.content))
        assert "None of the sections you chose has anything in it yet." in text
        assert "Page 1 of 1" in text

    def test_word(self, owner, owner_client):
        factories.whole_profile(owner)

        response = owner_client.get(cv_url(format="docx"))

        assert_attachment(
            response,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            r"cv-olive-owner-\d{4}-\d\d-\d\d\.docx",
        )
        word = WordDocument(io.BytesIO(response.content))
        headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name != "Normal"]
        assert ("Title", "Curriculum vitae") in headings
        assert ("Heading 1", "Employment") in headings
        assert ("Heading 2", "Principal protection engineer, Northgate Power") in headings
        training = next(t for t in word.tables if t.rows[0].cells[1].text == "Training")
        assert training.rows[1].cells[1].text == "Protection relay testing"
        assert word.core_properties.author == "Olive Owner"

    def test_post_nominals_follow_the_name(self, owner, owner_client):
        factories.personal_details(owner, first_name="Ada", last_name="Okonkwo-Reyes")
        factories.membership(owner, registration_titles="CEng MIET")
        factories.employment(owner)

        # Without the membership section: the letters belong to the name wherever it is.
        pdf = owner_client.get(cv_url(sections=["employment"])).content
        word = WordDocument(io.BytesIO(owner_client.get(cv_url(format="docx")).content))

        assert "Member Ada Okonkwo-Reyes CEng MIET" in squeeze(pdf_pages(pdf)[0])
        info = pdf_info(pdf)
        assert info["title"] == "Curriculum vitae \N{EN DASH} Ada Okonkwo-Reyes CEng MIET"
        assert info["author"] == "Ada Okonkwo-Reyes"
        assert "Member: Ada Okonkwo-Reyes CEng MIET" in [p.text for p in word.paragraphs]
        assert word.core_properties.title == (
            "Curriculum vitae \N{EN DASH} Ada Okonkwo-Reyes CEng MIET"
        )

    def test_no_post_nominals_without_registration_titles(self, owner, owner_client):
        factories.personal_details(owner)
        factories.membership(owner, registration_titles="")

        text = squeeze(pdf_text(owner_client.get(cv_url()).content))

        assert "Member Olive Owner Sections" in text

    def test_a_cv_names_its_sections_not_a_period(self, owner, owner_client):
        factories.employment(owner)
        factories.training(owner)

        pdf = owner_client.get(cv_url(sections=["employment", "education", "training"])).content
        word = WordDocument(
            io.BytesIO(owner_client.get(cv_url(sections=["employment"], format="docx")).content)
        )

        first = squeeze(pdf_pages(pdf)[0])
        assert "Period" not in first
        assert "All records" not in first
        # Education was chosen but is empty, so it is not in the CV and not in the list.
        assert "Sections Employment, Training Generated " in first
        lines = [p.text for p in word.paragraphs]
        assert "Sections: Employment" in lines
        assert not any(line.startswith("Period") for line in lines)

    def test_date_spans_take_at_most_two_lines(self, owner, owner_client):
        factories.training(
            owner,
            "Protection relay testing for transmission and distribution networks, "
            "with a week of commissioning practice on site",
            provider="The Relay Academy of Northern England",
            start_date=date(2024, 9, 13),
            end_date=date(2024, 9, 15),
        )

        pdf = owner_client.get(cv_url(sections=["training"])).content
        word = WordDocument(
            io.BytesIO(owner_client.get(cv_url(sections=["training"], format="docx")).content)
        )

        # The dates column holds each date on one line and breaks only after "to".
        lines = [line.strip() for line in pdf_pages(pdf)[0].splitlines()]
        first = next(i for i, line in enumerate(lines) if line.startswith("13 September 2024"))
        assert lines[first].startswith("13 September 2024 to ")
        assert lines[first + 1].startswith("15 September 2024")
        table = word.tables[0]
        dates = table.rows[1].cells[0]
        assert dates.text == "13\xa0September\xa02024 to 15\xa0September\xa02024"
        # Wide enough for "13 September 2024 to" in Word too (about 5.8 pt a character).
        assert dates.width >= Pt(20 * 5.5)
        assert table.rows[0].cells[0].width == dates.width

    def test_markup_in_records_appears_literally(self, owner, owner_client):
        factories.employment(
            owner,
            job_title="*Lead* #set page(width: 2cm)",
            responsibilities='#import "secret.typ": *\n<script>alert(1)</script>\n$E = m c^2$',
        )

        pages = pdf_pages(owner_client.get(cv_url(sections=["employment"])).content)

        text = squeeze("\n".join(pages))
        assert len(pages) == 1
        assert "*Lead* #set page(width: 2cm), Northgate Power" in text
        assert '#import "secret.typ": *' in text
        assert "<script>alert(1)</script>" in text
        assert "$E = m c^2$" in text

    def test_another_members_records_never_appear(self, owner, other_member, owner_client):
        factories.employment(owner)
        factories.employment(other_member, job_title="Otto's secret role")
        factories.training(other_member, title="Otto's course")

        text = pdf_text(owner_client.get(cv_url()).content)

        assert "Principal protection engineer" in text
        assert "Otto" not in text

    def test_queries_do_not_grow_with_records(self, owner, owner_client):
        factories.whole_profile(owner)
        factories.many_training(owner, 5)

        def grow():
            factories.many_training(owner, 300, start=date(2016, 1, 1))
            for number in range(2, 30):
                factories.past_employment(owner, number)

        assert_flat_queries(owner_client, cv_url(), grow=grow)
        text = pdf_text(owner_client.get(cv_url()).content)
        assert "Bulk course 299" in text
        assert "Engineer grade 29" in text


class TestTrainingSummary:
    @pytest.fixture
    def records(self, owner):
        factories.training(owner, "Before the period", start_date=date(2024, 3, 30), end_date=None)
        factories.training(
            owner,
            "Ends on the first day",
            start_date=date(2024, 3, 28),
            end_date=date(2024, 4, 1),
            hours=Decimal("7.5"),
        )
        factories.training(
            owner,
            "Wiring regulations",
            kind=Training.Kind.MANDATORY,
            start_date=date(2024, 9, 2),
            end_date=None,
            hours=Decimal("3.25"),
            description="The 18th edition, amendment 2.",
        )
        factories.training(
            owner, "On the last day", start_date=date(2025, 3, 31), end_date=None, hours=2
        )
        factories.training(
            owner,
            "Ends after the period",
            start_date=date(2025, 3, 30),
            end_date=date(2025, 4, 2),
        )

    def test_the_form_suggests_the_last_twelve_months(self, owner_client):
        response = owner_client.get(reverse("profiles:training-summary"))

        html = response.content.decode()
        assert response.status_code == 200
        assert html.count("<h1") == 1
        assert 'type="date"' in html
        assert "Start of the period" in html
        assert "End of the period" in html
        assert re.search(r'<input type="radio" name="format" value="pdf"[^>]* checked', html)
        assert re.search(r'name="start" value="\d{4}-\d\d-\d\d"', html)

    @pytest.mark.usefixtures("records")
    def test_the_period_is_respected(self, owner_client):
        response = owner_client.get(summary_url("2024-04-01", "2025-03-31"))

        assert_attachment(
            response,
            "application/pdf",
            r"training-summary-olive-owner-2024-04-01-to-2025-03-31\.pdf",
        )
        text = squeeze(pdf_text(response.content))
        assert "Period 1 April 2024 to 31 March 2025" in text
        assert "Ends on the first day" in text
        assert "Wiring regulations" in text
        assert "On the last day" in text
        assert "Before the period" not in text
        assert "Ends after the period" not in text
        assert "Total hours 12.75" in text
        assert "Employer's mandatory training 1 3.25" in text
        # Oldest first.
        assert text.index("Ends on the first day") < text.index("Wiring regulations")
        assert "The 18th edition" not in text  # descriptions only when asked for
        assert "Page 1 of 1" in text

    @pytest.mark.usefixtures("records")
    def test_descriptions_when_asked_for(self, owner_client):
        response = owner_client.get(summary_url("2024-04-01", "2025-03-31", descriptions=True))

        text = squeeze(pdf_text(response.content))
        assert "What each training covered" in text
        assert "The 18th edition, amendment 2." in text

    def test_large_hours_read_as_on_the_page(self, owner, owner_client):
        factories.training(
            owner, "Long secondment", start_date=date(2024, 6, 3), end_date=None, hours=10000
        )

        text = squeeze(pdf_text(owner_client.get(summary_url("2024-04-01", "2025-03-31")).content))

        assert "Total hours 10,000" in text
        assert "10000" not in text

    @pytest.mark.usefixtures("records")
    def test_word(self, owner_client):
        response = owner_client.get(summary_url("2024-04-01", "2025-03-31", format="docx"))

        word = WordDocument(io.BytesIO(response.content))
        listed = word.tables[-1]
        assert [cell.text for cell in listed.rows[0].cells] == [
            "Dates",
            "Training",
            "Type",
            "Provider",
            "Hours",
        ]
        assert [row.cells[1].text for row in listed.rows[1:]] == [
            "Ends on the first day",
            "Wiring regulations",
            "On the last day",
            "Total",
        ]
        assert listed.rows[-1].cells[4].text == "12.75"

    def test_an_empty_period(self, owner_client):
        response = owner_client.get(summary_url("2020-01-01", "2020-12-31"))

        text = squeeze(pdf_text(response.content))
        assert "No training was completed between 1 January 2020 and 31 December 2020." in text

    @pytest.mark.parametrize(
        ("start", "end", "field", "message"),
        [
            ("2025-03-31", "2024-04-01", "end", "must be the same as or after its start"),
            ("2024-02-30", "2024-04-01", "start", "must be a real date"),
            ("", "2024-04-01", "start", "Enter the start of the period."),
            ("2024-01-01", "", "end", "Enter the end of the period."),
            ("1066-10-14", "2024-04-01", "start", "The start of the period must be in 1950 or"),
            ("2024-01-01", "3024-01-01", "end", "The end of the period must be in"),
            ("2024-01-01", f"{date.today().year + 2}-01-01", "end", "on or before 31 December"),
        ],
    )
    def test_bad_periods(self, owner_client, start, end, field, message):
        response = owner_client.get(summary_url(start, end))

        html = error_summary(response)
        assert html.count(message) == 2  # in the summary and beside the field
        assert f'href="#id_{field}"' in html
        assert f'value="{start}"' in html  # what was typed stays in the form

    def test_another_members_training_never_appears(self, owner, other_member, owner_client):
        factories.training(owner, "Mine")
        factories.training(other_member, "Otto's course")

        text = pdf_text(owner_client.get(summary_url("2024-01-01", "2024-12-31")).content)

        assert "Mine" in text
        assert "Otto" not in text

    def test_queries_do_not_grow_with_records(self, owner, owner_client):
        factories.many_training(owner, 5)

        assert_flat_queries(
            owner_client,
            summary_url("2015-01-01", "2020-12-31", descriptions=True),
            grow=lambda: factories.many_training(owner, 300, start=date(2016, 1, 1)),
        )


class TestOrgChart:
    @pytest.fixture
    def role(self, owner):
        factories.personal_details(owner)
        factories.membership(owner)
        role = factories.employment(owner)
        factories.person(role, "Grace Hopper", above=1, job_title="Head of protection")
        factories.person(role, "Alan Turing", above=2, job_title="Engineering director")
        factories.person(role, "Ada Lovelace", above=3, job_title="Chief executive")
        for number in range(6):
            factories.person(role, f"Report Number{number}", order=number, registration="IEng")
        return role

    def url(self, role, format=None) -> str:
        url = reverse("profiles:orgchart-download", kwargs={"pk": role.pk})
        return f"{url}?format={format}" if format else url

    def test_pdf_names_everyone(self, role, owner_client):
        response = owner_client.get(self.url(role))

        assert_attachment(
            response,
            "application/pdf",
            r"organisation-chart-olive-owner-principal-protection-engineer-northgate-power\.pdf",
        )
        pages = pdf_pages(response.content)
        text = squeeze("\n".join(pages))
        for name in ("Olive Owner", "Grace Hopper", "Alan Turing", "Ada Lovelace"):
            assert name in text
        for number in range(6):
            assert f"Report Number{number}" in text
        assert "Principal protection engineer, Northgate Power" in text
        assert "Page 1 of" in text
        assert f"Page {len(pages)} of {len(pages)}" in text

    def test_png(self, role, owner_client):
        response = owner_client.get(self.url(role, "png"))

        assert_attachment(response, "image/png", r"organisation-chart-.*\.png")
        assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = struct.unpack(">II", response.content[16:24])
        assert 2300 < width < 2400  # landscape A4 width at 200 pixels per inch
        assert height > 1000  # the whole chart and its list of people in one image

    def test_names_with_markup_appear_literally(self, owner, owner_client):
        role = factories.employment(owner)
        factories.person(role, "*Bold* #set text(size: 1pt)", above=1)

        text = squeeze(pdf_text(owner_client.get(self.url(role)).content))

        assert "*Bold* #set text(size: 1pt)" in text

    def test_unknown_format(self, role, owner_client):
        response = owner_client.get(self.url(role, "gif"))

        assert "Select PDF or Image (PNG) or Drawing (SVG)." in error_summary(response)

    def test_another_members_role_is_not_found(self, role, other_client):
        assert other_client.get(self.url(role)).status_code == 404
        assert other_client.get(self.url(role, "png")).status_code == 404

    def test_the_list_of_people_is_said_to_follow_the_chart_wherever_it_falls(
        self, role, owner_client
    ):
        pages = pdf_pages(owner_client.get(self.url(role)).content)
        page = reverse("profiles:orgchart-download", kwargs={"pk": role.pk}) + "?format=gif"
        hint = owner_client.get(page).content.decode()

        # Six reports put the list on page 2: nothing may call it "below".
        assert len(pages) == 2
        assert "People in the chart" in pages[1]
        text = squeeze("\n".join(pages))
        assert "Everyone in the chart is listed after the chart" in squeeze(pages[0])
        assert "below" not in text
        assert "below it" not in hint
        assert "lists everyone in it after the chart" in hint

    def test_svg(self, role, owner, owner_client):
        factories.person(role, '</text><script>alert(1)</script><a href="x">', order=20)

        response = owner_client.get(self.url(role, "svg"))

        assert_attachment(
            response,
            "image/svg+xml",
            r"organisation-chart-olive-owner-principal-protection-engineer-northgate-power\.svg",
        )
        assert (
            response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"
        svg = response.content.decode()
        assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
        # The page's drawing, with its title and description for assistive technology.
        page = owner_client.get(reverse("profiles:orgchart")).content.decode()
        drawing = svg.split("\n", 1)[1]
        assert drawing.replace("orgchart-", f"orgchart-{role.pk}-") in page
        title = "Accountability diagram: Principal protection engineer, Northgate Power"
        assert f'<title id="orgchart-title">{title}</title>' in svg
        assert "Grace Hopper, Head of protection" in svg.split("<desc")[1]
        # What members type is text: no element of theirs gets in.
        assert "<script" not in svg
        assert "<a " not in svg
        assert "&lt;script&gt;" in svg

    def test_svg_of_another_members_role_is_not_found(self, role, other_client):
        assert other_client.get(self.url(role, "svg")).status_code == 404

    def test_the_form_offers_svg(self, role, owner_client):
        page = reverse("profiles:orgchart-download", kwargs={"pk": role.pk}) + "?format=gif"

        html = owner_client.get(page).content.decode()

        assert 'value="svg"' in html
        assert "Select PDF or Image (PNG) or Drawing (SVG)." in html

    def test_queries_do_not_grow_with_people(self, role, owner_client):
        def grow():
            for number in range(30):
                factories.person(role, f"More {number}", order=10 + number)

        assert_flat_queries(owner_client, self.url(role), grow=grow)


class TestBothPosts:
    """The current post and the previous one in one PDF, when the role changed recently."""

    @pytest.fixture
    def roles(self, owner):
        factories.personal_details(owner)
        factories.membership(owner)
        today = timezone.localdate()
        current = factories.employment(owner, start_date=today - timedelta(days=400))
        factories.person(current, "Grace Hopper", above=1, job_title="Head of protection")
        factories.person(current, "Report Now", registration="IEng")
        previous = factories.past_employment(
            owner,
            employer="Southern Grid",
            job_title="Protection engineer",
            start_date=today - timedelta(days=2000),
            end_date=today - timedelta(days=401),
        )
        factories.person(previous, "Alan Turing", above=1, job_title="Design manager")
        factories.person(previous, "Report Then", registration="EngTech")
        return current, previous

    URL = reverse_lazy("profiles:orgcharts-download")

    def test_one_pdf_with_both_charts_and_their_people(self, roles, owner_client):
        current, previous = roles

        response = owner_client.get(self.URL)

        assert_attachment(response, "application/pdf", r"organisation-charts-olive-owner\.pdf")
        pages = [squeeze(page) for page in pdf_pages(response.content)]
        text = " ".join(pages)
        assert "Organisation charts" in text
        assert "Member Olive Owner CEng MIET" in text
        current_at = text.index("Current post: Principal protection engineer, Northgate Power")
        previous_at = text.index("Previous post: Protection engineer, Southern Grid")
        assert current_at < previous_at
        # Each chart with its dates, its drawing and its list of people, in that order.
        first, second = text[current_at:previous_at], text[previous_at:]
        assert f"{current.start_date:%B %Y} to present" in first
        assert f"{previous.start_date:%B %Y} to {previous.end_date:%B %Y}" in second
        for part, manager, report in (
            (first, "Grace Hopper", "Report Now"),
            (second, "Alan Turing", "Report Then"),
        ):
            assert manager in part
            people = part.index("People in the chart")
            assert f"Reports to me {report}" in part[people:]
        assert "Report Then" not in first
        assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
        assert pdf_info(response.content)["tagged"]

    def test_both_pages_offer_it(self, roles, owner_client):
        current, _ = roles

        chart_page = owner_client.get(reverse("profiles:orgchart")).content.decode()
        download_page = owner_client.get(
            reverse("profiles:orgchart-download", kwargs={"pk": current.pk}) + "?format=gif"
        ).content.decode()

        assert str(self.URL) in chart_page
        assert str(self.URL) in download_page

    def test_one_role_gives_its_chart_alone(self, owner, owner_client):
        role = factories.employment(owner)
        factories.person(role, "Grace Hopper", above=1)

        text = squeeze(pdf_text(owner_client.get(self.URL).content))

        assert "Current post: Principal protection engineer, Northgate Power" in text
        assert "Previous post" not in text

    def test_without_a_role_there_is_nothing_to_download(self, owner_client):
        assert owner_client.get(self.URL).status_code == 404

    def test_another_members_roles_never_appear(self, roles, other_member, other_client):
        factories.employment(other_member, job_title="Otto's role", employer="Otto Ltd")

        text = pdf_text(other_client.get(self.URL).content)

        assert "Otto's role" in text
        assert "Grace Hopper" not in text
        assert "Northgate" not in text
