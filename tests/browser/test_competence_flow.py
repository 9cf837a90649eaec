"""A full self-assessment and a verifier's visit, in a real browser.

The member assesses a competence against CEng, sends a guest link to their mentor; the mentor,
in a browser of their own with no account, reads the assessment and comments; the member reads
the comments, revokes the link, and downloads the assessment.
"""

import io
import re

import pytest
from django.core import mail
from pypdf import PdfReader

from careermanager.competence.models import Competence
from careermanager.competence.views.common import guidance_of
from tests.browser.conftest import DESKTOP, UI
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser

CODE = "B2"
EVIDENCE = (
    "I specified the protection for the new 33 kV switchboard at Ferry Lane, "
    "chose the relays and wrote the commissioning test plan myself."
)
EVIDENCE_LATER = EVIDENCE + " I now set the protection standard my team designs to."
REFERENCE = "Test report TR-114, issue 2"
MENTOR = "Grace Mensah"
MENTOR_EMAIL = "grace.mensah@example.org"
COMPETENCE_COMMENT = "I reviewed the Ferry Lane test plan and confirm this is Tomasz's own work."
OVERALL_COMMENT = "A fair picture of Tomasz's competence; B2 is at Practitioner level."


@pytest.fixture
def member(db):
    return UserFactory(email="tomasz.nowak@example.org", full_name="Tomasz Nowak")


@pytest.fixture
def guest_ui(chromium, axe, live_server, ui):
    """A second person in a browser of their own: no cookies, no session, checked alike."""
    context = chromium.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(15_000)
    helper = UI(context.new_page(), live_server.url, axe)
    yield helper
    unchecked = helper.loads - helper.checked_loads
    context.close()
    if unchecked:
        pytest.fail(f"{unchecked} guest page load(s) were never checked with axe-core")


def field_error(ui, label: str) -> str:
    """The error shown beside a field, found through the field's own description."""
    field = ui.page.get_by_label(label, exact=True)
    assert field.get_attribute("aria-invalid") == "true"
    error_ids = [i for i in field.get_attribute("aria-describedby").split() if i.endswith("_error")]
    assert error_ids, f"{label} does not point at its error message"
    return ui.page.locator(f"#{error_ids[0]}").inner_text()


def level_hint(ui, level: str) -> str:
    """The guidance shown with one level's radio button, found through its description."""
    described_by = ui.page.get_by_label(level, exact=True).get_attribute("aria-describedby")
    return ui.page.locator(f"#{described_by.split()[0]}").inner_text()


def status_of(ui, code: str) -> str:
    return ui.page.locator(f"#competence-{code} .tag").text_content().strip()


def test_self_assessment_and_a_verifiers_visit(ui, guest_ui, member):
    mail.outbox.clear()
    competence = Competence.objects.get(
        code=CODE, area__framework__category="CEng", area__framework__retired_at__isnull=True
    )
    guidance = guidance_of(competence)
    ui.log_in(member.email, TEST_PASSWORD)

    # Choose CEng.
    ui.click_link("Competence", within="nav.primary-nav")
    ui.click_link("Start your assessment", within="main")
    ui.page.get_by_label("Chartered Engineer (CEng)", exact=True).check()
    ui.press("Open assessment")
    assert ui.heading() == "Your CEng competence assessment"
    assert "You have assessed 0 of 17 competences." in ui.text()
    assert status_of(ui, CODE) == "Not started"
    assessment_url = ui.page.url

    # Open a competence and read what each level means.
    ui.click(ui.page.locator(f"#competence-{CODE} a[href*='/competences/']"))
    assert ui.heading() == f"{CODE} {competence.title}"
    for value, label in [
        ("trainee", "Trainee"),
        ("supervised", "Supervised Practitioner"),
        ("practitioner", "Practitioner"),
        ("expert", "Expert"),
    ]:
        assert level_hint(ui, label) == guidance[value]
    assert "Nothing saved yet." in ui.text()

    # Choose a level, write evidence and a reference, save.
    ui.page.get_by_label("Supervised Practitioner", exact=True).check()
    ui.fill("Your evidence", EVIDENCE)
    assert f"You have {4000 - len(EVIDENCE):,} characters remaining" in ui.text()
    ui.fill("Reference to fuller evidence (optional)", REFERENCE)
    ui.press("Save assessment")
    assert ui.path.startswith(assessment_url.removeprefix(ui.base_url))
    assert f"Saved {CODE}: Supervised Practitioner." in ui.text()
    assert status_of(ui, CODE) == "Completed"
    assert "You have assessed 1 of 17 competences." in ui.text()

    # A reference that is a web link is refused, with what was typed kept.
    ui.click(ui.page.locator(f"#competence-{CODE} a[href*='/competences/']"))
    assert ui.page.get_by_label("Supervised Practitioner", exact=True).is_checked()
    assert ui.value("Your evidence") == EVIDENCE
    ui.page.get_by_label("Practitioner", exact=True).check()
    ui.fill("Your evidence", EVIDENCE_LATER)
    ui.fill("Reference to fuller evidence (optional)", "https://sharepoint.example.com/TR-114")
    ui.press("Save assessment")
    assert ui.page.title().startswith("Error: ")
    assert "not a web link" in ui.page.get_by_role("alert").inner_text()
    assert "not a web link" in field_error(ui, "Reference to fuller evidence (optional)")
    assert ui.page.get_by_label("Practitioner", exact=True).is_checked()
    assert ui.value("Your evidence") == EVIDENCE_LATER

    # Name the document instead; the history keeps both versions, newest first.
    ui.fill("Reference to fuller evidence (optional)", REFERENCE)
    ui.press("Save assessment")
    assert f"Saved {CODE}: Practitioner." in ui.text()
    ui.click(ui.page.locator(f"#competence-{CODE} a[href*='/competences/']"))
    history = ui.page.locator("ol.history > li").all_inner_texts()
    assert len(history) == 2
    assert "(current)" in history[0]
    assert "Practitioner" in history[0]
    assert EVIDENCE_LATER in history[0]
    assert "Supervised" not in history[0]
    assert "Supervised Practitioner" in history[1]
    assert f"Reference: {REFERENCE}" in history[1]

    # The summary's chart and tables show the level now and the one before.
    ui.click_link("Back to your assessment")
    ui.click_link("Summary and chart of your levels")
    assert ui.heading() == "Summary of your CEng assessment"
    assert "1 of 17 competences assessed" in ui.text()
    chart = ui.page.locator("svg.levels-chart")
    assert f"{CODE}: Practitioner" in chart.locator("rect title").all_text_contents()
    [earlier] = chart.locator("circle title").all_text_contents()
    assert earlier.startswith(f"{CODE}: Supervised Practitioner from ")
    figures = ui.page.get_by_role("table", name=re.compile("The chart's figures"))
    row = figures.get_by_role("row").filter(
        has=ui.page.get_by_role("rowheader", name=re.compile(rf"^{CODE}\b"))
    )
    cells = row.get_by_role("cell").all_inner_texts()
    assert cells[0].startswith("Practitioner")
    assert cells[1].startswith("Supervised Practitioner from")
    by_area = ui.page.get_by_role("table", name="Number of competences at each level, by area")
    area_b = by_area.get_by_role("row").filter(
        has=ui.page.get_by_role("rowheader", name=re.compile(r"^B\. "))
    )
    # Trainee, Supervised Practitioner, Practitioner, Expert, Assessed
    assert area_b.get_by_role("cell").all_inner_texts() == ["0", "0", "1", "0", "1 of 3"]

    # Ask a mentor to verify.
    ui.click_link("Back to your assessment")
    ui.click_link("Ask your mentor or line manager to verify")
    ui.click_link("Ask someone to verify", within="main")
    ui.fill("Verifier's full name", MENTOR)
    ui.fill("Verifier's email address", MENTOR_EMAIL)
    ui.page.get_by_label("Mentor", exact=True).check()
    ui.fill("Message to include in the email (optional)", "Could you look at B2 first?")
    ui.press("Send guest ticket")
    assert ui.heading() == "Verification by your mentor or line manager"
    assert f"We have emailed a link to {MENTOR} ({MENTOR_EMAIL})" in ui.text()
    verification_url = ui.page.url

    [email] = [message for message in mail.outbox if MENTOR_EMAIL in message.to]
    assert "Could you look at B2 first?" in email.body
    guest_path = re.search(r"https?://\S+(/guest/[\w-]+/)", email.body).group(1)

    # The mentor, in a browser of their own, confirms and reads the assessment.
    guest = guest_ui
    guest.visit(guest_path)
    assert guest.heading() == "Verify Tomasz Nowak's competence assessment"
    guest.press("Open the assessment")
    assert guest.heading() == "Tomasz Nowak's CEng competence assessment"
    section = guest.page.locator(f"#competence-{CODE}")
    assert "Practitioner" in section.inner_text()
    assert EVIDENCE_LATER in section.inner_text()
    assert REFERENCE in section.inner_text()
    assert guest.page.locator("main textarea, main input[type=text]").count() == 0  # read-only

    guest.click_link(f"Comment on {CODE}")
    assert guest.heading() == f"{CODE} {competence.title}"
    assert EVIDENCE_LATER in guest.text()
    assert guest.page.locator("input[type=radio]").count() == 0
    guest.fill("Your comment", COMPETENCE_COMMENT)
    guest.press("Save comment")
    assert f"Your comment on {CODE} is saved." in guest.text()
    assert COMPETENCE_COMMENT in guest.page.locator(f"#competence-{CODE}").inner_text()
    guest.click_link("Add an overall comment")
    guest.fill("Your comment", OVERALL_COMMENT)
    guest.press("Save comment")
    assert "Your overall comment is saved." in guest.text()
    assert OVERALL_COMMENT in guest.text()

    # The link opens that one assessment: nothing else of the member's.
    for path in ["/profile/", assessment_url.removeprefix(ui.base_url), "/cpd/"]:
        guest.visit(path)
        assert guest.path.startswith("/accounts/login/"), f"the guest reached {path}"

    # The member sees the comments, with the mentor's name.
    ui.visit(assessment_url)
    assert "Comments on your whole assessment" in ui.text()
    assert OVERALL_COMMENT in ui.text()
    assert "1 comment from your verifier" in ui.page.locator(f"#competence-{CODE}").inner_text()
    ui.click(ui.page.locator(f"#competence-{CODE} a[href*='/competences/']"))
    comments = ui.page.locator(".comment").all_inner_texts()
    assert len(comments) == 1
    assert f"{MENTOR} (mentor) wrote on" in comments[0]
    assert COMPETENCE_COMMENT in comments[0]

    # The assessment as a PDF, with the code and the evidence.
    ui.click_link("Back to your assessment")
    with ui.page.expect_download() as started:
        ui.page.get_by_role("link", name="PDF", exact=True).click()
    assert started.value.suggested_filename.endswith(".pdf")
    with open(started.value.path(), "rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert CODE in text
    assert competence.title in text
    assert "I now set the protection standard my team designs to." in text
    assert COMPETENCE_COMMENT in text

    # Revoke the link, through its confirmation page.
    ui.visit(verification_url)
    ui.click_link(f"Revoke {MENTOR}'s link", within="main")
    assert ui.heading() == f"Revoke {MENTOR}'s link?"
    assert "The 2 comments they have already made will stay" in ui.text()
    ui.press("Revoke link")
    assert f"{MENTOR}'s link no longer opens your assessment." in ui.text()
    row = ui.page.get_by_role("row").filter(has_text=MENTOR)
    assert row.locator(".tag").text_content() == "Revoked"

    # The mentor's link and open pages stop working at once.
    guest.visit("/competence/guest/assessment/", status=404)
    assert guest.heading() == "Open the link in your email"
    guest.visit(guest_path, status=410)
    assert guest.heading() == "This link has been withdrawn"
    assert "no longer opens their assessment" in guest.text()
