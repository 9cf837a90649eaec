"""A whole CPD declaration in one sitting, with the keyboard alone.

The member starts last year's declaration from the home page, agrees to CPD monitoring,
works through the checklist (reports, employment status, employment history, total hours,
compliance statement), checks their answers and submits. Every page is checked with axe-core.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from careermanager.declarations.models import Declaration, Status
from tests.browser.helpers import follow, tab_to, tab_to_field
from tests.cpd.factories import ActivityFactory
from tests.factories import TEST_PASSWORD, UserFactory
from tests.profiles.factories import EmploymentFactory

pytestmark = pytest.mark.browser


def tick(ui, label: str) -> None:
    """Tab to a checkbox or radio button by its label and choose it with the space bar."""
    tab_to_field(ui, label)
    ui.page.keyboard.press("Space")


def save(ui) -> None:
    tab_to(ui, "Save and return to the checklist")
    follow(ui)


def open_item(ui, number: int) -> None:
    tab_to(ui, f"{number}.")
    follow(ui)


def test_a_whole_declaration_with_the_keyboard(ui, settings):
    year = timezone.localdate().year - 1
    settings.DECLARATION_YEARS = [str(year)]
    member = UserFactory(full_name="Grace Mbeki")
    EmploymentFactory(owner=member, employer="Northwind Grid", job_title="Protection engineer")
    ActivityFactory(
        owner=member, title="Relay testing course", start_date=date(year, 5, 4), hours=Decimal(7)
    )
    ui.log_in(member.email, TEST_PASSWORD)

    tab_to(ui, f"Start your declaration for {year}")
    follow(ui)
    assert ui.heading() == "Start your CPD declaration"
    tick(ui, "I agree that my CPD declaration may be reviewed")
    tab_to(ui, "Agree and start")
    follow(ui)
    assert ui.heading() == f"Your CPD declaration for {year}"
    assert "You have completed 1 of 5 required items." in ui.text()

    open_item(ui, 2)
    assert ui.heading() == "CPD reports"
    tick(ui, "My CPD reports are up to date")
    save(ui)

    open_item(ui, 3)
    tick(ui, "Employed")
    save(ui)

    open_item(ui, 4)
    assert "Northwind Grid" in ui.text()
    tick(ui, "All my roles")
    save(ui)

    open_item(ui, 6)
    assert "Relay testing course" not in ui.text()  # totals, not the list
    assert "7" in ui.text("table")
    tick(ui, "These totals are correct")
    save(ui)

    open_item(ui, 7)
    tick(ui, "I have met the CPD policy")
    save(ui)
    assert "You have completed 5 of 5 required items." in ui.text()

    tab_to(ui, "Check and submit your declaration")
    follow(ui)
    assert ui.heading() == f"Check your declaration for {year} before you submit it"
    tick(ui, "I confirm that the information in this declaration is true")
    tab_to(ui, "Submit my declaration")
    follow(ui)

    assert ui.heading() == f"Your CPD declaration for {year} has been submitted"
    assert "Northwind Grid" in ui.text()
    assert "Download your submitted declaration (PDF)" in ui.text()
    declaration = Declaration.objects.get(owner=member)
    assert declaration.status == Status.SUBMITTED
    assert declaration.employment_selection == "all"
