"""Does this count? The panel answers as the member types, and the saved activity says the same."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from careermanager.cpd.models import MemberPolicy, Policy
from tests.cpd.factories import ActivityFactory
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_the_panel_follows_the_keyboard_and_the_saved_page_agrees(ui):
    year = timezone.localdate().year
    member = UserFactory(email="nia.okafor@example.org", full_name="Nia Okafor")
    MemberPolicy.objects.create(owner=member, policy=Policy.objects.get(code="iet-active"))
    ActivityFactory(owner=member, start_date=date(year, 1, 1), hours=Decimal("25"))

    ui.log_in(member.email, TEST_PASSWORD)
    ui.visit("/cpd/activities/add/")
    panel = ui.page.locator("#counts-panel")
    assert panel.get_attribute("aria-live") == "polite"
    ui.page.get_by_text("Add the type, date and hours to see what this counts towards.").wait_for()

    ui.page.get_by_label("Event or seminar", exact=True).check()
    ui.fill("Title", "IET lecture: fault levels on low-inertia grids")
    ui.fill("Start date", date(year, 1, 1).isoformat())
    ui.page.get_by_text("Add the hours to see what this counts towards.").wait_for()

    ui.page.get_by_label("Hours", exact=True).press_sequentially("3")
    ui.page.get_by_text(f"Brings you to 28 of 30 hours for {year}.").wait_for()
    assert f"All 3 hours count towards {year}." in panel.inner_text()
    ui.check_page()

    ui.page.get_by_label("Hours", exact=True).press("Backspace")
    ui.page.get_by_label("Hours", exact=True).press_sequentially("7")
    ui.page.get_by_text(
        f"Brings you to 32 of 30 hours for {year}, which meets the total."
    ).wait_for()

    ui.press("Save activity")
    assert ui.heading() == "IET lecture: fault levels on low-inertia grids"
    text = ui.text()
    assert "What this counts towards" in text
    assert f"All 7 hours count towards {year}." in text
    assert f"With it you have 32 of 30 hours for {year}, which meets the total." in text
