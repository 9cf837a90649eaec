"""How you compare on the CPD overview, and turning a CPD email off, in a real browser.

Eleven members follow the IET's policy; after the daily figures are worked out the member sees
them beside their own hours (chart and table), follows the link to their CPD emails and turns
the pace reminders off. Every page is checked with axe-core.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from careermanager.cpd.comparison import comparison_compute
from careermanager.cpd.models import EmailSettings, MemberPolicy, Policy
from tests.cpd.factories import ActivityFactory
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_compare_then_turn_the_pace_reminders_off(ui):
    policy = Policy.objects.get(code="iet-active")
    day = date(timezone.localdate().year, 1, 2)
    member = UserFactory()
    for index in range(11):
        owner = member if index == 0 else UserFactory()
        MemberPolicy.objects.create(owner=owner, policy=policy)
        ActivityFactory(owner=owner, start_date=day, end_date=day, hours=Decimal(2 + index))
    comparison_compute()

    ui.log_in(member.email, TEST_PASSWORD)
    ui.visit("/cpd/")
    text = ui.text()
    assert "How you compare" in text
    assert "by the 11 members who follow IET: Professionally active" in text
    assert ui.page.locator("svg[aria-labelledby^='cpd-compare-']").count() == 1

    ui.click_link("Choose which CPD emails you get")
    assert ui.heading() == "CPD emails"
    ui.page.get_by_label("Email me when I am behind my CPD policy's pace").uncheck()
    ui.press("Save settings", within="main")
    assert "Your CPD email settings are saved." in ui.text()
    assert not ui.page.get_by_label("Email me when I am behind my CPD policy's pace").is_checked()
    assert ui.page.get_by_label(
        "Email me a monthly note of activities without a reflection"
    ).is_checked()
    chosen = EmailSettings.objects.get(owner=member)
    assert (chosen.pace_reminders, chosen.reflection_note) == (False, True)
