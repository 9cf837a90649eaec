"""The development downloads and the calendar feed in a real browser, every page checked by axe."""

from datetime import date

import pytest

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def member(db):
    return UserFactory(email="amara.osei@example.org", full_name="Amara Osei")


def test_calendar_feed_and_downloads(ui, member):
    from careermanager.development.models import Status
    from tests.development._plan_records import action, objective

    goal = objective(
        member, "Lead a protection study", status=Status.COMPLETE, completed_on=date(2025, 7, 4)
    )
    action(
        goal, "Attend a protection course", status=Status.COMPLETE, completed_on=date(2025, 3, 7)
    )
    ui.log_in(member.email, TEST_PASSWORD)

    # Turning the feed on shows its address once.
    ui.visit("/development/calendar/")
    ui.press("Turn on the calendar feed")
    assert ui.heading() == "Your calendar feed"
    address = ui.value("Calendar feed address")
    assert address.endswith(".ics")
    assert "Google Calendar" in ui.text()
    ui.visit("/development/calendar/")
    assert address not in ui.page.content()

    # Reset and turning off ask first.
    ui.click_link("Reset the address", within="main")
    assert ui.heading() == "Reset your calendar feed's address?"
    ui.press("Reset the address")
    assert ui.value("Calendar feed address") != address
    ui.click_link("Turn off the feed", within="main")
    assert ui.heading() == "Turn off your calendar feed?"
    ui.press("Turn off the feed")
    assert "Its address no longer works" in ui.text()

    # A download page explains a mistake, then makes the document.
    ui.visit("/development/history/download/")
    ui.fill("Start date (optional)", "2025-01-01")
    ui.press("Create the document")
    assert "There is a problem" in ui.text()
    ui.fill("End date (optional)", "2025-12-31")
    ui.press("Create the document")
    assert "Your document is ready" in ui.text()

    ui.visit("/development/planning-report/")
    ui.press("Create report")
    assert "Your report is ready" in ui.text()
    ui.visit("/development/planning-report/")
    assert "Planning reports you asked for recently" in ui.text()
