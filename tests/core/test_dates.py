"""Plausible dates: one configured range for every form and import."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from careermanager.core.dates import check_plausible, implausible, plausible_range


def test_the_range_runs_from_the_earliest_year_to_years_ahead(settings):
    settings.EARLIEST_YEAR, settings.YEARS_AHEAD = 1950, 10
    assert plausible_range(date(2026, 11, 29)) == (date(1950, 1, 1), date(2036, 12, 31))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (date(1, 1, 1), "The start date must be in 1950 or later."),
        (date(1949, 12, 31), "The start date must be in 1950 or later."),
        (date(9999, 12, 31), "The start date must be in 2036 or earlier."),
    ],
)
def test_dates_outside_are_refused(settings, value, message):
    settings.EARLIEST_YEAR, settings.YEARS_AHEAD = 1950, 10
    assert implausible(
        value,
        label="start date",
    ) == message.replace("2036", str(date.today().year + 10))
    with pytest.raises(ValidationError):
        check_plausible(value, label="start date")


def test_dates_inside_and_none_pass(settings):
    settings.EARLIEST_YEAR = 1950
    assert implausible(date(1950, 1, 1)) is None
    assert implausible(None) is None
    check_plausible(date(2024, 5, 3))
