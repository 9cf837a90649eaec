"""Reading calendar (.ics) files as Outlook, Google and Apple Calendar write them."""

import re
from datetime import date
from decimal import Decimal

import pytest

from careermanager.cpd.ics import CalendarError, read_calendar

PER_DAY = Decimal("7.5")


def calendar(*lines: str) -> str:
    return "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", *lines, "END:VCALENDAR", ""]
    )


def event(*lines: str) -> list[str]:
    return ["BEGIN:VEVENT", *lines, "END:VEVENT"]


def read(text: str, max_events: int = 2000):
    return read_calendar(text, max_events=max_events)


def events_of(text: str):
    found = read(text)
    assert not found.skipped, found.skipped
    return found.events


# Outlook: a Windows zone name, defined in the file by a VTIMEZONE.
OUTLOOK_ZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Far East Office Time",
    "BEGIN:STANDARD",
    "DTSTART:16010101T000000",
    "TZOFFSETFROM:+0500",
    "TZOFFSETTO:+0500",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def test_timed_event_in_utc():
    (found,) = events_of(
        calendar(
            *event("UID:a", "DTSTART:20260310T090000Z", "DTEND:20260310T123000Z", "SUMMARY:Lecture")
        )
    )
    assert found.summary == "Lecture"
    assert found.start_date == date(2026, 3, 10)
    assert found.hours(PER_DAY) == Decimal("3.5")


def test_tzid_and_windows_zone_names():
    events = events_of(
        calendar(
            *event(
                "UID:a",
                "DTSTART;TZID=Europe/London:20260610T090000",
                "DTEND;TZID=Europe/London:20260610T100000",
            ),
            *event(
                "UID:b",
                'DTSTART;TZID="GMT Standard Time":20260611T090000',
                'DTEND;TZID="GMT Standard Time":20260611T111500',
            ),
        )
    )
    assert [e.hours(PER_DAY) for e in events] == [Decimal(1), Decimal("2.25")]


def test_a_time_zone_defined_in_the_file_is_used():
    """23:00 at +05:00 is 18:00 in London: the same day, not the next one."""
    (found,) = events_of(
        calendar(
            *OUTLOOK_ZONE,
            *event(
                "UID:a",
                "DTSTART;TZID=Far East Office Time:20260310T230000",
                "DTEND;TZID=Far East Office Time:20260311T003000",
            ),
        )
    )
    assert found.start.utcoffset().total_seconds() == 5 * 3600
    assert found.start_date == date(2026, 3, 10)
    assert found.hours(PER_DAY) == Decimal("1.5")


def test_unknown_tzid_reads_the_times_as_written():
    (found,) = events_of(
        calendar(
            *event(
                "UID:a",
                "DTSTART;TZID=Mars/Olympus:20260101T100000",
                "DTEND;TZID=Mars/Olympus:20260101T120000",
            )
        )
    )
    assert found.hours(PER_DAY) == 2


def test_all_day_events_count_days():
    (found,) = events_of(
        calendar(
            *event(
                "UID:a",
                "DTSTART;VALUE=DATE:20260401",
                "DTEND;VALUE=DATE:20260403",
                "SUMMARY:Conference",
            )
        )
    )
    assert (found.start_date, found.end_date) == (date(2026, 4, 1), date(2026, 4, 2))
    assert found.hours(PER_DAY) == 15


def test_all_day_without_end_is_one_day():
    (found,) = events_of(calendar(*event("UID:a", "DTSTART;VALUE=DATE:20260401")))
    assert found.hours(PER_DAY) == Decimal("7.5")


def test_duration_instead_of_end():
    events = events_of(
        calendar(
            *event("UID:a", "DTSTART:20260501T130000Z", "DURATION:PT1H30M"),
            *event("UID:b", "DTSTART:20260502T090000Z", "DURATION:P1W"),
        )
    )
    assert events[0].hours(PER_DAY) == Decimal("1.5")
    # A week-long timed event counts at most a working day for each day it spans.
    assert events[1].hours(PER_DAY) == Decimal("7.5") * 8


def test_multi_day_timed_event_is_capped_per_day():
    (found,) = events_of(
        calendar(*event("UID:a", "DTSTART:20260601T090000", "DTEND:20260603T170000"))
    )
    assert found.hours(PER_DAY) == Decimal("22.5")


def test_unfolding_and_text_escapes():
    (found,) = events_of(
        calendar(
            *event(
                "UID:a",
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
    (found,) = events_of(
        calendar(
            *event(
                "UID:a",
                "DTSTART:20260310T090000Z",
                "DTEND:20260310T100000Z",
                "SUMMARY:Meeting",
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "DESCRIPTION:Reminder",
                "TRIGGER:-PT15M",
                "END:VALARM",
            )
        )
    )
    assert found.summary == "Meeting"


def test_cancelled_events_are_marked():
    (found,) = events_of(
        calendar(*event("UID:a", "DTSTART;VALUE=DATE:20260401", "STATUS:CANCELLED"))
    )
    assert found.cancelled


def test_a_weekly_lecture_is_each_of_its_sessions():
    """COUNT=5, one session excluded (EXDATE), one moved (RECURRENCE-ID), one cancelled."""
    found = events_of(
        calendar(
            *OUTLOOK_ZONE,
            *event(
                "UID:lecture",
                "SUMMARY:Lecture",
                "DTSTART;TZID=Far East Office Time:20260105T090000",
                "DTEND;TZID=Far East Office Time:20260105T100000",
                "RRULE:FREQ=WEEKLY;COUNT=5",
                "EXDATE;TZID=Far East Office Time:20260112T090000",
            ),
            *event(
                "UID:lecture",
                "SUMMARY:Lecture (moved)",
                "RECURRENCE-ID;TZID=Far East Office Time:20260119T090000",
                "DTSTART;TZID=Far East Office Time:20260119T140000",
                "DTEND;TZID=Far East Office Time:20260119T160000",
            ),
            *event(
                "UID:lecture",
                "SUMMARY:Lecture",
                "STATUS:CANCELLED",
                "RECURRENCE-ID;TZID=Far East Office Time:20260126T090000",
                "DTSTART;TZID=Far East Office Time:20260126T090000",
                "DTEND;TZID=Far East Office Time:20260126T100000",
            ),
        )
    )
    assert [(e.start_date, e.summary, e.hours(PER_DAY), e.cancelled) for e in found] == [
        (date(2026, 1, 5), "Lecture", 1, False),
        (date(2026, 1, 19), "Lecture (moved)", 2, False),
        (date(2026, 1, 26), "Lecture", 1, True),
        (date(2026, 2, 2), "Lecture", 1, False),
    ]
    assert len({(e.uid, e.recurrence_id) for e in found}) == 4


def test_until_and_all_day_repeats():
    found = events_of(
        calendar(
            *event(
                "UID:course",
                "DTSTART;VALUE=DATE:20260302",
                "DTEND;VALUE=DATE:20260303",
                "RRULE:FREQ=DAILY;UNTIL=20260304",
            )
        )
    )
    assert [e.start_date.day for e in found] == [2, 3, 4]


def test_google_floating_times_take_the_calendar_zone():
    """Google writes X-WR-TIMEZONE and local times without TZID."""
    (found,) = events_of(
        calendar(
            "X-WR-TIMEZONE:America/New_York",
            *event("UID:a", "DTSTART:20260610T220000", "DTEND:20260610T230000"),
        )
    )
    # 22:00 in New York is 03:00 the next day in London.
    assert found.start_date == date(2026, 6, 11)


def test_an_endless_repeat_stops_at_the_plausible_range():
    found = read(
        calendar(
            *event(
                "UID:weekly",
                "SUMMARY:Team meeting",
                "DTSTART:20250106T090000Z",
                "DTEND:20250106T100000Z",
                "RRULE:FREQ=WEEKLY",
            )
        )
    )
    assert found.events
    assert found.events[-1].start_date.year <= date.today().year + 10
    assert [(line, reason) for line, _, reason in found.skipped] == [
        (4, f"its repeats after {date.today().year + 10} are left out")
    ]


def test_repeats_are_read_only_up_to_the_cap():
    found = read(
        calendar(
            *event("UID:daily", "DTSTART:20250101T090000Z", "DURATION:PT1H", "RRULE:FREQ=DAILY"),
            *event("UID:later", "DTSTART:20260101T090000Z", "DURATION:PT1H"),
        ),
        max_events=10,
    )
    assert len(found.events) == 10
    assert found.truncated
    assert [(line, reason) for line, _, reason in found.skipped] == [
        (10, "it comes after the first 10 events in the file")
    ]


def test_too_many_events_in_one_file_is_refused():
    many = [line for n in range(11) for line in event(f"UID:{n}", "DTSTART:20250101T090000Z")]
    with pytest.raises(CalendarError, match=re.escape("one file can hold at most 10")):
        read(calendar(*many), max_events=10)


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (["SUMMARY:No start"], "it has no start (DTSTART)"),
        (["DTSTART:2026"], "its start (DTSTART “2026”) cannot be read"),
        (["DTSTART:20261340"], "its start (DTSTART “20261340”) cannot be read"),
        (
            ["DTSTART:20260101T100000Z", "DURATION:P1X"],
            "its length (DURATION “P1X”) cannot be read",
        ),
        (
            ["DTSTART:20260101T100000Z", "DURATION:P99999999999W"],
            "its length (DURATION “P99999999999W”) cannot be read",
        ),
        (["DTSTART:20260101T100000Z", "DURATION:-PT1H"], "its length (DURATION) is negative"),
        (
            ["DTSTART:20260102T100000Z", "DTEND:20260101T100000Z"],
            "it ends (DTEND) before it starts",
        ),
        (
            ["DTSTART;VALUE=DATE:20260102", "DTEND:20260103T100000Z"],
            "its start and end must both be dates, or both dates and times",
        ),
        (["DTSTART:00010101T000000Z"], "the start date must be in 1950 or later"),
        (["DTSTART;VALUE=DATE:00010101"], "the start date must be in 1950 or later"),
        (["DTSTART;VALUE=DATE:99991231"], "the start date must be in"),
        (["DTSTART:99991231T230000Z", "DURATION:PT2H"], "the start date must be in"),
        (["DTSTART:20260101T100000Z", "DURATION:P9999W"], "the end date must be in"),
        (
            ["DTSTART:20260101T100000Z", "RRULE:FREQ=SOMETIMES"],
            "its repeat rule (RRULE “FREQ=SOMETIMES”) cannot be read",
        ),
        (
            ["DTSTART:20260101T100000Z", "RRULE:FREQ=DAILY;COUNT=1", "EXDATE:20260101T100000Z"],
            "every date it repeats on is excluded (EXDATE)",
        ),
    ],
)
def test_an_event_that_cannot_be_read_is_left_out_with_its_line(lines, reason):
    found = read(
        calendar(
            *event("UID:good", "DTSTART:20260310T090000Z", "SUMMARY:Good"),
            *event("UID:bad", *lines),
        )
    )
    assert [e.summary for e in found.events] == ["Good"]
    [(line, _, why)] = found.skipped
    assert line == 9
    assert why.startswith(reason)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hello", "does not start with BEGIN:VCALENDAR"),
        ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260101\r\n", "never closed"),
        ("BEGIN:VCALENDAR\r\nEND:VEVENT\r\nEND:VCALENDAR", "END:VEVENT found where END:VCALENDAR"),
        (
            "BEGIN:VCALENDAR\r\nno colon here\r\nEND:VCALENDAR",
            "Line 2: the NO property has no value",
        ),
        ("BEGIN:VCALENDAR\r\n!!!\r\nEND:VCALENDAR", "Line 2: this line is not a calendar property"),
        ("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nSUMMARY:x", "after END:VCALENDAR"),
        (calendar(), "The calendar has no events in it"),
    ],
)
def test_malformed_calendars_say_where(text, message):
    with pytest.raises(CalendarError, match=re.escape(message)):
        read(text)
