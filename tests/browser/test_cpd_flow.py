"""Logging CPD in a real browser: from a new activity to downloading the detailed report."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser

LEARNT = "Converter fault current is limited, so distance relays can under-reach."


@pytest.fixture
def member(db):
    return UserFactory(email="ravi.menon@example.org", full_name="Ravi Menon")


def test_log_an_activity_reflect_and_download_the_detailed_report(ui, member):
    today = timezone.localdate()
    ui.log_in(member.email, TEST_PASSWORD)

    # The home page leads with CPD.
    assert "Your CPD in" in ui.text()
    ui.click_link("Log CPD activity", within="main")
    assert ui.heading() == "Log a CPD activity"

    # A mistake is explained and what was typed is kept.
    ui.page.get_by_label("Event or seminar", exact=True).check()
    ui.fill("Title", "IET lecture: protection with inverter-based resources")
    ui.fill("Start date", (today - timedelta(days=2)).isoformat())
    ui.press("Save activity")
    assert "There is a problem" in ui.text()
    assert "Enter the number of hours" in ui.text()
    assert ui.value("Title") == "IET lecture: protection with inverter-based resources"

    ui.fill("Hours", "2.5")
    ui.press("Save and add a reflection")
    assert ui.heading() == "Your reflection"

    # The character count counts down as the member types.
    ui.fill("What did you learn? (optional)", LEARNT)
    remaining = 2000 - len(LEARNT)
    assert f"You have {remaining:,} characters remaining" in ui.text()
    ui.fill(
        "Are there any follow-up actions? (optional)", "Add a converter fault case to our studies."
    )
    ui.press("Save reflection")
    assert ui.heading() == "IET lecture: protection with inverter-based resources"
    assert LEARNT in ui.text()

    # The list no longer asks for a reflection.
    ui.click_link("Activities", within="nav.cpd-nav")
    assert "IET lecture: protection with inverter-based resources" in ui.text()
    assert "reflection needed" not in ui.text().lower()

    # A detailed report, made in the background and downloaded when ready.
    ui.click_link("Reports", within="nav.cpd-nav")
    ui.click_link("Create a CPD report", within="main")
    ui.page.get_by_label("Detailed: also includes each description and reflection").check()
    ui.page.get_by_label("PDF, to read, print or send").check()
    ui.fill("Start date", (today - timedelta(days=30)).isoformat())
    ui.fill("End date", today.isoformat())
    ui.press("Create report")
    assert ui.heading() == "Detailed CPD activity report"
    ui.page.get_by_text("Your report is ready").wait_for()
    with ui.page.expect_download() as started:
        ui.page.locator("main").get_by_role("link", name="Download").first.click()
    download = started.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Detailed CPD activity report" in text
    assert "Ravi Menon" in text
    assert "IET lecture: protection with inverter-based resources" in text
    assert LEARNT in text
    assert "Page 1 of" in text

    # The report stays in the member's list.
    ui.click_link("Reports", within="nav.cpd-nav")
    assert "Detailed CPD activity report" in ui.text()


def test_every_cpd_page_passes_axe(ui, member):
    from careermanager.cpd.models import MemberPolicy, Policy
    from tests.cpd.factories import (
        ActivityFactory,
        FolderFactory,
        ImportBatchFactory,
    )
    from tests.reports.factories import DocumentJobFactory

    for code in ("iet-active", "ea-chartered", "engc-registrant"):
        MemberPolicy.objects.create(owner=member, policy=Policy.objects.get(code=code))
    folder = FolderFactory(owner=member, name="CPD Activities 2026")
    activity = ActivityFactory(owner=member, folder=folder, reflected=True)
    ActivityFactory(owner=member, hours=90, type="work_experience")
    ActivityFactory(owner=member, draft=True, title="Webinar from my calendar")
    job = DocumentJobFactory(owner=member, ready=True)
    batch = ImportBatchFactory(
        owner=member, problems=[{"line": 7, "message": "the title is empty"}]
    )
    ui.log_in(member.email, TEST_PASSWORD)
    for path in [
        "/cpd/",
        "/cpd/hours/",
        "/cpd/activities/",
        "/cpd/activities/?reflection=needed",
        "/cpd/activities/add/",
        f"/cpd/activities/{activity.pk}/",
        f"/cpd/activities/{activity.pk}/edit/",
        f"/cpd/activities/{activity.pk}/reflection/",
        f"/cpd/activities/{activity.pk}/delete/",
        "/cpd/folders/",
        "/cpd/folders/add/",
        f"/cpd/folders/{folder.pk}/rename/",
        f"/cpd/folders/{folder.pk}/delete/",
        "/cpd/policies/",
        "/cpd/policies/choose/",
        "/cpd/reports/",
        "/cpd/reports/new/",
        f"/reports/jobs/{job.pk}/",
        "/cpd/import/",
        "/account/data/import/csv/",
        f"/account/data/import/csv/{batch.pk}/",
        "/cpd/import/calendar/",
        "/cpd/import/calendar/drafts/",
    ]:
        ui.visit(path)
    # An error page too: the error summary and field errors.
    ui.visit("/cpd/activities/add/")
    ui.press("Save activity")
    assert "There is a problem" in ui.text()
