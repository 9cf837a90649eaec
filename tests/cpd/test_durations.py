"""Free-text durations from the older system, read as hours by the documented rule."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careermanager.cpd.durations import DurationError, parse_duration

KNOWN = {
    "2 days": "15",
    "3 hrs": "3",
    "half day": "3.75",
    "Half a day": "3.75",
    "half-day": "3.75",
    "1.5h": "1.5",
    "90 minutes": "1.5",
    "30 mins": "0.5",
    "1 week": "37.5",
    "2 weeks": "75",
    "1 day 3 hours": "10.5",
    "1 day, 3 hours": "10.5",
    "an hour and a half": "1.5",
    "1 and a half days": "11.25",
    "1h30": "1.5",
    "1h30m": "1.5",
    "1:45": "1.75",
    "Two Days": "15",
    "a day": "7.5",
    "1/2 day": "3.75",
    "½ day": "3.75",
    "approx 3 hrs.": "3",
    "1 hr 15 min": "1.25",
    "20 minutes": "0.33",
    "one week and two days": "52.5",
}


@pytest.mark.parametrize(("text", "hours"), KNOWN.items())
def test_known_examples(text, hours):
    assert parse_duration(text) == Decimal(hours)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2", "what unit"),
        ("1.5", "what unit"),
        ("3 months", "Months and years"),
        ("1 year", "Months and years"),
        ("2-3 days", "Ranges"),
        ("-2 hours", "Ranges and negative"),
        ("0 hours", "more than zero"),
        ("", "No duration"),
        ("   ", "No duration"),
        ("a while", "not a unit"),
        ("45 m", "months"),
        ("hours", "needs a number"),
        ("1/0 days", "divides by zero"),
        ("2 3 hours", "Two numbers"),
        ("1:75", "59 minutes"),
        ("9" * 30 + " days", "too large"),
    ],
)
def test_refuses_rather_than_guesses(text, reason):
    with pytest.raises(DurationError, match=reason):
        parse_duration(text)


def test_day_length_is_a_setting(settings):
    settings.CPD_HOURS_PER_DAY = "8"
    assert parse_duration("2 days") == Decimal(16)
    assert parse_duration("1 week") == Decimal(40)


def test_day_length_can_be_passed():
    assert parse_duration("half day", per_day=Decimal(7)) == Decimal("3.5")


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_any_text_either_reads_as_positive_hours_or_says_why(text):
    try:
        hours = parse_duration(text)
    except DurationError as error:
        message = str(error)
        hours = None
    if hours is None:
        assert message, "a refusal always says why"
    else:
        assert hours > 0
        assert hours == hours.quantize(Decimal("0.01"))


duration_words = st.lists(
    st.one_of(
        st.decimals(min_value=0, max_value=10_000, places=2).map(str),
        st.sampled_from(
            [
                "h",
                "hrs",
                "hours",
                "min",
                "minutes",
                "day",
                "days",
                "week",
                "weeks",
                "half",
                "a",
                "an",
                "and",
                "a half",
                "-",
                ",",
                "1/2",
                ":",
                "m",
                "months",
                "½",
            ]
        ),
    ),
    max_size=8,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(duration_words)
def test_duration_like_text_never_crashes_or_goes_negative(text):
    try:
        hours = parse_duration(text)
    except DurationError:
        return
    assert hours > 0
