"""core.forms.date_field keeps every typed date within the plausible years."""

from datetime import date

import pytest
from django import forms

from careermanager.core.forms import date_field


class PeriodForm(forms.Form):
    start_date = date_field("Start date")
    end = date_field("End of the period", required=False)


@pytest.fixture(autouse=True)
def _range(settings):
    settings.EARLIEST_YEAR, settings.YEARS_AHEAD = 1950, 10


LATEST = date.today().year + 10


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"start_date": "0001-01-01"}, "start_date", "The start date must be in 1950 or later."),
        ({"start_date": "1949-12-31"}, "start_date", "The start date must be in 1950 or later."),
        (
            {"start_date": "2024-01-01", "end": "9999-12-31"},
            "end",
            f"The end of the period must be in {LATEST} or earlier.",
        ),
    ],
)
def test_implausible_years_are_refused_naming_the_field(data, field, message):
    form = PeriodForm(data)

    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_dates_within_the_range_pass():
    form = PeriodForm({"start_date": "1950-01-01", "end": f"{LATEST}-12-31"})

    assert form.is_valid(), form.errors
