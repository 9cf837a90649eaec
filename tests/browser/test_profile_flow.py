"""Building a CV in a real browser, from personal details to the downloaded PDF."""

import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.browser.helpers import tab_to
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser

EMPLOYER = "Northfield Grid Services"
ROLE = "Lead Protection Engineer"
RESPONSIBILITIES = (
    "I lead the protection design for 132 kV substations in the East Midlands. "
    "I set relay settings, review my team's calculations and sign off commissioning tests."
)
ACHIEVEMENTS = (
    "I redesigned the busbar protection scheme at Hatton substation, cutting the "
    "clearance time from 120 ms to 80 ms."
)
ABOVE = [("Helen Carter", "Head of Protection", "CEng FIET"), ("Omar Haddad", "Director", "")]
REPORTS = [("Lily Zhou", "Protection Engineer", "IEng MIET"), ("Sam Price", "Graduate", "")]
COURSE = "Electrical and Electronic Engineering"
TRAINING = "Distance protection masterclass"
AWARD = "Young Engineer of the Year"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def member(db):
    return UserFactory(email="tomasz.nowak@example.org", full_name="Tomasz Nowak")


def field_error(ui, label: str) -> str:
    """The error shown beside a field, found through the field's own description."""
    field = ui.page.get_by_label(label, exact=True)
    assert field.get_attribute("aria-invalid") == "true"
    error_ids = [i for i in field.get_attribute("aria-describedby").split() if i.endswith("_error")]
    assert error_ids, f"{label} does not point at its error message"
    return ui.page.locator(f"#{error_ids[0]}").inner_text()


def character_count(ui, label: str) -> str:
    """The live counter announced with a textarea, found through its description."""
    field = ui.page.get_by_label(label, exact=True)
    count_ids = [i for i in field.get_attribute("aria-describedby").split() if i.endswith("_count")]
    assert count_ids, f"{label} has no character counter"
    return ui.page.locator(f"#{count_ids[0]}").inner_text()


def download(ui, locator):
    """Click something that answers with a file; return the file's name and bytes."""
    with ui.page.expect_download() as started:
        locator.click()
    file = started.value
    with open(file.path(), "rb") as handle:
        return file.suggested_filename, handle.read()


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-"), "not a PDF"
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def fill_person(ui, group: str | re.Pattern, person: tuple[str, str, str]) -> None:
    fieldset = ui.page.get_by_role("group", name=group)
    name, job_title, registration = person
    fieldset.get_by_label("Name (optional)", exact=True).fill(name)
    fieldset.get_by_label("Job title (optional)", exact=True).fill(job_title)
    fieldset.get_by_label("Registration and membership (optional)", exact=True).fill(registration)


def test_build_a_cv_and_download_it(ui, member):
    today = timezone.localdate()
    ui.log_in(member.email, TEST_PASSWORD)
    ui.click_link("Profile", within="nav.primary-nav")
    assert ui.heading() == "Your profile"

    # Personal details start from the account's name.
    ui.click_link("Add personal details", within="main")
    assert ui.heading() == "Your personal details"
    assert ui.value("First name (optional)") == "Tomasz"
    assert ui.value("Last name (optional)") == "Nowak"
    ui.fill("Title (optional)", "Dr")
    ui.fill("Town or city (optional)", "Derby")
    ui.fill("Telephone (optional)", "01332 496 0000")
    ui.press("Save personal details")
    assert ui.heading() == "Your profile"
    assert "Your personal details have been saved." in ui.text()
    assert "Dr Tomasz Nowak, Derby" in ui.text()

    # The employment list's "Add" is reached and followed with the keyboard alone.
    ui.click_link("Employment", within="main")
    assert ui.heading() == "Employment"
    tab_to(ui, "Add a role", exact=True)
    with ui.page.expect_navigation(wait_until="load"):
        ui.page.keyboard.press("Enter")
    ui.check_page()
    assert ui.heading() == "Add a role"

    ui.fill("Employer", EMPLOYER)
    ui.fill("Job title", ROLE)
    ui.fill("Location (optional)", "Derby")
    ui.page.get_by_label("Full-time employment", exact=True).check()
    ui.fill("Start date", "2022-04-04")
    ui.page.get_by_label("This is my current role", exact=True).check()
    # The counter counts down with every key.
    assert character_count(ui, "Responsibilities (optional)") == (
        "You have 5,000 characters remaining"
    )
    ui.page.get_by_label("Responsibilities (optional)", exact=True).press_sequentially("I lead")
    assert character_count(ui, "Responsibilities (optional)") == (
        "You have 4,994 characters remaining"
    )
    ui.fill("Responsibilities (optional)", RESPONSIBILITIES)
    assert character_count(ui, "Responsibilities (optional)") == (
        f"You have {5000 - len(RESPONSIBILITIES):,} characters remaining"
    )
    ui.fill("Achievements (optional)", ACHIEVEMENTS)
    assert character_count(ui, "Achievements (optional)") == (
        f"You have {5000 - len(ACHIEVEMENTS):,} characters remaining"
    )
    ui.press("Add role")
    assert ui.heading() == ROLE
    assert f"Role added: {ROLE}, {EMPLOYER}." in ui.text()
    assert RESPONSIBILITIES in ui.text()
    assert ACHIEVEMENTS in ui.text()

    # Who is above and below the member in this role.
    ui.click_link("Add people to this diagram", within="main")
    assert ui.heading() == f"Who you work with as {ROLE}"
    fill_person(ui, "Your line manager (level 1)", ABOVE[0])
    fill_person(ui, "Your line manager's manager (level 2)", ABOVE[1])
    fill_person(ui, re.compile(r"^Person 1\b"), REPORTS[0])
    fill_person(ui, re.compile(r"^Person 2\b"), REPORTS[1])
    ui.press("Save and show the diagram")
    assert ui.heading() == ROLE
    assert "The people in your accountability diagram have been saved." in ui.text()
    employment_url = ui.page.url

    # The organisation chart draws everyone, the member included.
    ui.click_link("Back to employment")
    ui.click_link("See your organisation chart")
    assert ui.heading() == "Organisation chart"
    assert f"Your current post: {ROLE}, {EMPLOYER}" in ui.text()
    drawn = " ".join(ui.page.locator("figure.orgchart svg text").all_text_contents())
    for name, _, _ in [*ABOVE, *REPORTS, ("Tomasz Nowak", "", "")]:
        assert name in drawn, f"{name} is not drawn in the chart"

    # Education.
    ui.click_link("Back to your profile")
    ui.click_link("Add a qualification", within="main")
    ui.fill("Institution", "University of Nottingham")
    ui.fill("Course or subject", COURSE)
    ui.page.get_by_label("Qualification (optional)", exact=True).select_option(
        label="Master's degree (MEng, MSc, MA)"
    )
    ui.fill("Classification (optional)", "First class honours")
    ui.fill("Start date", "2013-09-23")
    ui.fill("End date (optional)", "2017-06-30")
    ui.fill("Date awarded (optional)", "2017-07-14")
    ui.press("Add qualification")
    assert ui.heading() == "Education"
    assert COURSE in ui.text()

    # Training: a mistake first, explained at the top and by the field; nothing typed is lost.
    ui.click_link("Back to your profile")
    ui.click_link("Add a training record", within="main")
    course_start = today - timedelta(days=40)
    ui.fill("Title", TRAINING)
    ui.page.get_by_label("Training course", exact=True).check()
    ui.fill("Provider (optional)", "Relay Academy")
    ui.fill("Start date", course_start.isoformat())
    ui.fill("End date (optional)", (course_start - timedelta(days=2)).isoformat())
    ui.fill("Hours", "14.5")
    ui.press("Add training record")
    assert ui.page.title().startswith("Error: ")
    summary = ui.page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    # The summary comes before everything else on the page and links to the field.
    first = ui.page.evaluate("document.querySelector('main').firstElementChild.className")
    assert "error-summary" in first
    message = field_error(ui, "End date (optional)")
    assert "end date" in message.lower()
    assert summary.get_by_role("link").first.get_attribute("href") == "#id_end_date"
    assert ui.value("Title") == TRAINING
    assert ui.value("Provider (optional)") == "Relay Academy"
    assert ui.value("Hours") == "14.5"
    assert ui.page.get_by_label("Training course", exact=True).is_checked()
    ui.fill("End date (optional)", (course_start + timedelta(days=1)).isoformat())
    ui.press("Add training record")
    assert ui.heading() == "Training"
    assert TRAINING in ui.text()
    assert "14.5 hours of training in total" in ui.text()

    # An achievement, then deleted through its confirmation page.
    ui.click_link("Back to your profile")
    ui.click_link("Add an achievement", within="main")
    ui.page.get_by_label("Award", exact=True).check()
    ui.fill("Title", AWARD)
    ui.fill("Date", date(2023, 11, 9).isoformat())
    ui.fill("Reference (optional)", "IET Awards 2023")
    ui.press("Add achievement")
    assert ui.heading() == "Achievements"
    assert AWARD in ui.text()
    ui.click_link(f"Delete {AWARD}", within="main")
    assert ui.heading() == "Delete this achievement?"
    assert "IET Awards 2023" in ui.text()
    ui.press("Delete achievement")
    assert ui.heading() == "Achievements"
    assert f"Achievement deleted: {AWARD}." in ui.text()
    assert "You have not added any achievements yet." in ui.text()

    # The CV, with the sections the member chose, as a PDF.
    ui.click_link("Back to your profile")
    ui.click_link("Download your CV", within="main")
    assert ui.heading() == "Download your CV"
    ui.page.get_by_label("Education", exact=True).uncheck()
    ui.page.get_by_label("PDF", exact=True).check()
    filename, content = download(ui, ui.page.get_by_role("button", name="Download CV"))
    assert filename.endswith(".pdf")
    text = pdf_text(content)
    assert "Tomasz Nowak" in text
    assert ROLE in text
    assert "I redesigned the busbar protection scheme" in text
    assert TRAINING in text
    assert "Page 1 of" in text
    assert COURSE not in text  # left out by choice
    assert AWARD not in text  # deleted

    # The training summary for the last twelve months.
    ui.visit("/profile/training/")
    ui.click_link("Download a training summary", within="main")
    assert ui.heading() == "Download a training summary"
    ui.fill("Start of the period", (today - timedelta(days=90)).isoformat())
    ui.fill("End of the period", today.isoformat())
    ui.page.get_by_label("PDF", exact=True).check()
    filename, content = download(
        ui, ui.page.get_by_role("button", name="Download training summary")
    )
    assert filename.endswith(".pdf")
    text = pdf_text(content)
    assert TRAINING in text
    assert "14.5" in text

    # The organisation chart as a picture.
    ui.visit(employment_url)
    filename, content = download(
        ui, ui.page.get_by_role("link", name="Download it as a picture (PNG)")
    )
    assert filename.endswith(".png")
    assert content.startswith(PNG_SIGNATURE)
