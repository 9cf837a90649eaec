"""Reading calendar (.ics) files: the small part of RFC 5545 the import needs."""

import re
from datetime import date
from decimal import Decimal

import pytest

from careermanager.cpd.ics import CalendarError, parse_calendar

PER_DAY = Decimal("7.5")


def calendar(*lines: str) -> str:
    return "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", *lines, "END:VCALENDAR", ""]
    )


def event(*lines: str) -> list[str]:
    return ["BEGIN:VEVENT", *lines, "END:VEVENT"]


def test_timed_event_in_utc():
    (found,) = parse_calendar(
        calendar(
            *event("UID:a", "DTSTART:20260310T090000Z", "DTEND:20260310T123000Z", "SUMMARY:Lecture")
        )
    )
    assert found.summary == "Lecture"
    assert found.start_date == date(2026, 3, 10)
    assert found.hours(PER_DAY) == Decimal("3.5")


def test_tzid_and_windows_zone_names():
    events = parse_calendar(
        calendar(
            *event(
                "DTSTART;TZID=Europe/London:20260610T090000",
                "DTEND;TZID=Europe/London:20260610T100000",
            ),
            *event(
                'DTSTART;TZID="GMT Standard Time":20260611T090000',
                'DTEND;TZID="GMT Standard Time":20260611T111500',
            ),
        )
    )
    assert [e.hours(PER_DAY) for e in events] == [Decimal(1), Decimal("2.25")]


def test_unknown_tzid_reads_the_times_as_written():
    (found,) = parse_calendar(
        calendar(
            *event(
                "DTSTART;TZID=Mars/Olympus:20260101T100000",
                "DTEND;TZID=Mars/Olympus:20260101T120000",
            )
        )
    )
    assert found.hours(PER_DAY) == 2


def test_all_day_events_count_days():
    (found,) = parse_calendar(
        calendar(
            *event("DTSTART;VALUE=DATE:20260401", "DTEND;VALUE=DATE:20260403", "SUMMARY:Conference")
        )
    )
    assert (found.start_date, found.end_date) == (date(2026, 4, 1), date(2026, 4, 2))
    assert found.hours(PER_DAY) == 15


def test_all_day_without_end_is_one_day():
    (found,) = parse_calendar(calendar(*event("DTSTART;VALUE=DATE:20260401")))
    assert found.hours(PER_DAY) == Decimal("7.5")


def test_duration_instead_of_end():
    events = parse_calendar(
        calendar(
            *event("DTSTART:20260501T130000Z", "DURATION:PT1H30M"),
            *event("DTSTART:20260502T090000Z", "DURATION:P1W"),
        )
    )
    assert events[0].hours(PER_DAY) == Decimal("1.5")
    # A week-long timed event counts at most a working day for each day it spans.
    assert events[1].hours(PER_DAY) == Decimal("7.5") * 8


def test_multi_day_timed_event_is_capped_per_day():
    (found,) = parse_calendar(calendar(*event("DTSTART:20260601T090000", "DTEND:20260603T170000")))
    assert found.hours(PER_DAY) == Decimal("22.5")


def test_unfolding_and_text_escapes():
    (found,) = parse_calendar(
        calendar(
            *event(
                "DTSTART:20260310T090000Z",
                "SUMMARY:IET lecture: grid-scale stor",
                " age",
                "DESCRIPTION:First line\\nSecond\\, with comma\\; and semicolon",
            )
        )
    )
    assert found.summary == "IET lecture: grid-scale storage"
    assert found.description == "First line\nSecond, with comma; and semicolon"


def test_alarms_inside_events_are_ignored():
    (found,) = parse_calendar(
        calendar(
            *event(
                "DTSTART:20260310T090000Z",
                "DTEND:20260310T100000Z",
                "SUMMARY:Meeting",
                "BEGIN:VALARM",
                "DESCRIPTION:Reminder",
                "TRIGGER:-PT15M",
                "END:VALARM",
            )
        )
    )
    assert found.summary == "Meeting"


def test_cancelled_events_are_marked():
    (found,) = parse_calendar(calendar(*event("DTSTART;VALUE=DATE:20260401", "STATUS:CANCELLED")))
    assert found.cancelled


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hello", "does not start with BEGIN:VCALENDAR"),
        (calendar(*event("SUMMARY:No start")), "Line 4: an event (VEVENT) has no start"),
        (calendar(*event("DTSTART:2026")), "Line 5: DTSTART “2026” is not a date and time"),
        (calendar(*event("DTSTART:20261340")), "not a real date"),
        (calendar(*event("DTSTART:20260101T100000Z", "DURATION:P1X")), "not an iCalendar duration"),
        (calendar(*event("DTSTART:20260101T100000Z", "DURATION:-PT1H")), "negative"),
        (
            calendar(*event("DTSTART:20260102T100000Z", "DTEND:20260101T100000Z")),
            "ends (DTEND) before it starts",
        ),
        (
            calendar(*event("DTSTART;VALUE=DATE:20260102", "DTEND:20260103T100000Z")),
            "both be dates",
        ),
        ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260101\r\n", "never closed"),
        ("BEGIN:VCALENDAR\r\nEND:VEVENT\r\nEND:VCALENDAR", "END:VEVENT found where END:VCALENDAR"),
        (
            "BEGIN:VCALENDAR\r\nno colon here\r\nEND:VCALENDAR",
            "Line 2: the NO property has no value",
        ),
        ("BEGIN:VCALENDAR\r\n!!!\r\nEND:VCALENDAR", "Line 2: this line is not a calendar property"),
        ("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nSUMMARY:x", "after END:VCALENDAR"),
    ],
)
def test_malformed_calendars_say_where(text, message):
    with pytest.raises(CalendarError, match=re.escape(message)):
        parse_calendar(text)
