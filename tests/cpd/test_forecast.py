"""The pace the policies page asks for: worked out from the days left in the period."""

from datetime import date
from decimal import Decimal

import pytest

from careermanager.cpd.engine import Period, evaluate
from tests.cpd.test_engine import item, shipped

YEAR = 2025
PERIOD = Period.ending_in(YEAR)


def forecast(today: date, recorded=12):
    """The IET's 30 hours a year, with `recorded` hours done by `today`."""
    items = [item(recorded, on=date(YEAR, 1, 1))] if recorded else []
    return evaluate(shipped("iet-active"), items, period=PERIOD, today=today).forecast


def test_on_the_first_day_the_whole_year_is_left():
    result = forecast(date(YEAR, 1, 1))
    assert result.days_left == 365
    assert (result.weeks_left, result.extra_days_left) == (52, 1)
    assert result.hours_per_week == Decimal("0.4")  # 18 * 7 / 365 = 0.345, rounded up
    assert (
        result.pace == "18 hours more CPD: about 0.4 hours a week over the 52 weeks and 1 day left."
    )


def test_late_in_november_a_month_is_not_counted_whole():
    result = forecast(date(YEAR, 11, 29))
    assert result.days_left == 33  # 29 November to 31 December, both included
    assert result.hours_per_week == Decimal("3.9")  # 18 * 7 / 33 = 3.82
    assert (
        result.pace == "18 hours more CPD: about 3.9 hours a week over the 4 weeks and 5 days left."
    )
    assert "a month" not in result.pace


def test_whole_weeks_say_no_extra_days():
    result = forecast(date(YEAR, 12, 4))
    assert result.days_left == 28
    assert result.pace == "18 hours more CPD: about 4.5 hours a week over the 4 weeks left."


def test_in_the_last_week_the_days_are_counted():
    result = forecast(date(YEAR, 12, 27))
    assert result.days_left == 5
    assert result.pace == "18 hours more CPD in the 5 days left."


def test_on_the_last_day_there_is_no_division_by_zero():
    result = forecast(date(YEAR, 12, 31), recorded=0)
    assert result.days_left == 1
    assert result.hours_per_week == Decimal("210.0")
    assert result.pace == "30 hours more CPD today, the last day of the period."


def test_nothing_needed_means_no_pace():
    result = forecast(date(YEAR, 12, 31), recorded=30)
    assert result.nothing_needed
    assert result.hours_per_week == 0


@pytest.mark.django_db
def test_the_policies_page_shows_the_weekly_pace(owner, owner_client, monkeypatch):
    from django.urls import reverse
    from django.utils import timezone

    from careermanager.cpd import services
    from careermanager.cpd.models import Policy
    from tests.cpd.factories import ActivityFactory

    services.policies_follow(owner=owner, policies=[Policy.objects.get(code="iet-active")])
    ActivityFactory(owner=owner, start_date=date(YEAR, 3, 1), hours=Decimal(12))
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(YEAR, 11, 29))
    page = owner_client.get(reverse("cpd:policies")).text
    assert "about 3.9 hours a week over the 4 weeks and 5 days left." in page
    assert "a month" not in page
