"""Read the events of an iCalendar (.ics) file, as Outlook, Google and Apple Calendar write it.

icalendar reads the file: time zones from its VTIMEZONE definitions, TZID names (Windows names
too), DATE and DATE-TIME values, DURATION. recurring-ical-events expands each repeating event
(RRULE with COUNT or UNTIL, RDATE, EXDATE, RECURRENCE-ID overrides) into one occurrence per
session, in start order. See docs/decisions/0010-icalendar-reads-calendar-files.md.

A file that is not a calendar raises CalendarError, with its line where there is one, and
nothing is read. An event that cannot become an activity (no start, a date or length that
cannot be read, a date outside the plausible range of core.dates) is left out and listed with
its line and the reason. At most ``max_events`` events are read, each repeat counting as one;
the rest are left out, and the result says so.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import icalendar
import recurring_ical_events
from django.utils import timezone
from recurring_ical_events import CalendarQuery

from careermanager.core.dates import implausible, plausible_range

MAX_SUMMARY = 200
MAX_DESCRIPTION = 5000
# Set on each event before expanding, so that every occurrence knows the line it came from.
LINE = "X-CAREERMANAGER-LINE"
NO_UID = "X-CAREERMANAGER-NO-UID"
# What reading a broken value can raise, from icalendar or from date arithmetic.
UNREADABLE = (ValueError, TypeError, KeyError, OverflowError)


class CalendarError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"Line {line}: {message}" if line else message)


@dataclass(frozen=True)
class CalendarEvent:
    """One occurrence: a single event, or one session of a repeating event."""

    uid: str  # empty when the file gave the event none
    summary: str
    description: str
    start: date | datetime
    end: date | datetime
    line: int
    cancelled: bool = False
    recurrence_id: date | datetime | None = None  # which session of a repeating event
    repeating: bool = False

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def start_date(self) -> date:
        return _local_date(self.start)

    @property
    def end_date(self) -> date:
        """The last day the event covers (DTEND is exclusive for all-day events)."""
        if self.all_day:
            return max(self.start, self.end - timedelta(days=1))
        last = self.end - timedelta(microseconds=1) if self.end > self.start else self.end
        return _local_date(last)

    @property
    def title(self) -> str:
        return self.summary or f"Calendar event on {self.start_date:%-d %B %Y}"

    def hours(self, per_day: Decimal) -> Decimal:
        """Time spent: days x per_day for all-day events; otherwise the clock time, at most
        per_day for each day it spans."""
        days = (self.end_date - self.start_date).days + 1
        if self.all_day:
            spent = Decimal(days) * per_day if self.end > self.start else Decimal(0)
        else:
            seconds = Decimal(int((self.end - self.start).total_seconds()))
            spent = seconds / 3600
            if days > 1:
                spent = min(spent, Decimal(days) * per_day)
        return spent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class CalendarFile:
    events: list[CalendarEvent] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # line, title, reason
    truncated: bool = False  # more than max_events: the later ones were not read


def _local_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            try:
                return timezone.localtime(value).date()
            except OverflowError:  # year 1 or 9999: the date as written will do
                return value.date()
        return value.date()
    return value


def unfold(text: str) -> list[tuple[int, str]]:
    """Logical content lines with the file line each starts on (RFC 5545 section 3.1)."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and lines:
            first, previous = lines[-1]
            lines[-1] = (first, previous + raw[1:])
        elif raw.strip():
            lines.append((number, raw))
    return lines


def _name(number: int, line: str) -> tuple[str, str]:
    """The property's name and value, or CalendarError saying what is wrong with the line."""
    match = re.match(r"^([A-Za-z0-9-]+)", line)
    if not match:
        raise CalendarError("this line is not a calendar property.", number)
    name = match.group(1).upper()
    rest = re.match(r'^(?:;[^":;]*(?:"[^"]*"[^":;]*)*)*:', line[match.end() :])
    if not rest:
        raise CalendarError(f"the {name} property has no value (a colon is missing).", number)
    return name, line[match.end() + rest.end() :]


def _event_lines(text: str) -> list[int]:
    """The line each event of the calendar begins on; CalendarError if its structure is broken.

    icalendar reads the file; this only finds lines, so that every message can name one.
    """
    lines = unfold(text)
    if not lines or lines[0][1].strip().upper() != "BEGIN:VCALENDAR":
        raise CalendarError(
            "This is not an iCalendar file: it does not start with BEGIN:VCALENDAR."
        )
    stack: list[tuple[str, int]] = []
    events: list[int] = []
    ended = False
    for number, line in lines:
        if ended:
            raise CalendarError("there is text after END:VCALENDAR.", number)
        name, value = _name(number, line)
        if name == "BEGIN":
            component = value.strip().upper()
            if not component:
                raise CalendarError("BEGIN names no component.", number)
            if component == "VEVENT" and [c for c, _ in stack] == ["VCALENDAR"]:
                events.append(number)
            stack.append((component, number))
        elif name == "END":
            component = value.strip().upper()
            if not stack or stack[-1][0] != component:
                expected = f"END:{stack[-1][0]}" if stack else "nothing"
                raise CalendarError(f"END:{component} found where {expected} was expected.", number)
            stack.pop()
            ended = not stack
    if stack:
        component, began = stack[-1]
        raise CalendarError(f"BEGIN:{component} is never closed with END:{component}.", began)
    return events


def _reason(message: str) -> str:
    """core.dates' sentence as a reason: "the start date must be in 1950 or later"."""
    return message[:1].lower() + message[1:].rstrip(".")


def _raw(event: icalendar.Event, name: str) -> str:
    value = event.get(name)
    text = value.to_ical().decode() if hasattr(value, "to_ical") else str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _unreadable(event: icalendar.Event) -> str | None:
    """Why this event cannot become an activity, or None when its dates can be read."""
    if "DTSTART" not in event:
        return "it has no start (DTSTART)"
    for name, what in (("DTSTART", "start"), ("DTEND", "end"), ("DURATION", "length")):
        try:
            value = event[name].dt if name in event else None
        except UNREADABLE:
            return f"its {what} ({name} “{_raw(event, name)}”) cannot be read"
        if name == "DTSTART" and (problem := implausible(_local_date(value), label="start date")):
            return _reason(problem)
        if name == "DURATION" and isinstance(value, timedelta) and value < timedelta(0):
            return "its length (DURATION) is negative"
    try:
        start, end = event.start, event.end
    except OverflowError:
        return "it ends after the last date a calendar can hold"
    except UNREADABLE as error:
        if "same type" in str(error):
            return "its start and end must both be dates, or both dates and times"
        return "its start and end cannot be read"
    if isinstance(start, datetime) and timezone.is_aware(start) != timezone.is_aware(end):
        start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    if end < start:
        return "it ends (DTEND) before it starts"
    last = end - timedelta(days=1) if not isinstance(end, datetime) and end > start else end
    if problem := implausible(_local_date(last), label="end date"):
        return _reason(problem)
    return None


def _text(component, name: str, limit: int) -> str:
    return str(component.get(name, "")).strip()[:limit]


def _title(component) -> str:
    summary = _text(component, "SUMMARY", MAX_SUMMARY)
    if summary:
        return summary
    try:
        return f"Calendar event on {_local_date(component.start):%-d %B %Y}"
    except UNREADABLE:
        return "Calendar event"


class _Query(CalendarQuery):
    """Expansion that leaves out a series it cannot expand (listed by read_calendar)."""

    suppressed_errors = [*CalendarQuery.suppressed_errors, *UNREADABLE]


def _why_nothing(event: icalendar.Event, timezones: list) -> str:
    """Why a readable event gave no occurrence at all."""
    alone = icalendar.Calendar()
    alone.subcomponents = [*timezones, event]
    try:
        recurring_ical_events.of(alone).first  # noqa: B018 - raises what the expansion met
    except IndexError:
        return "every date it repeats on is excluded (EXDATE)"
    except UNREADABLE:
        return f"its repeat rule (RRULE “{_raw(event, 'RRULE')}”) cannot be read"
    return "it cannot be read"


def _repeating(event) -> bool:
    return "RRULE" in event or "RDATE" in event


def _repeats_after(event: icalendar.Event, timezones: list, latest: date) -> bool:
    """Whether a repeating event has a session after the latest plausible day."""
    alone = icalendar.Calendar()
    alone.subcomponents = [*timezones, event]
    query = recurring_ical_events.of(alone, skip_bad_series=True, calendar_query=_Query)
    try:
        return next(iter(query.after(latest + timedelta(days=1))), None) is not None
    except UNREADABLE:
        return False


def read_calendar(text: str, *, max_events: int) -> CalendarFile:
    """The calendar's events, each repeat as one, and those left out with line and reason."""
    text = text.lstrip("\ufeff")
    lines = _event_lines(text)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except (*UNREADABLE, IndexError, RecursionError) as error:
        message = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        raise CalendarError(f"The file cannot be read as a calendar: {message}") from error
    vevents = [c for c in calendar.subcomponents if c.name == "VEVENT"]
    if not vevents:
        raise CalendarError("The calendar has no events in it.")
    if len(vevents) > max_events:
        raise CalendarError(
            f"The calendar has {len(vevents):,} events; one file can hold at most "
            f"{max_events:,}. Export a shorter period from your calendar program, or split it."
        )
    if len(lines) != len(vevents):  # a structure only icalendar understood: no line numbers
        lines = [0] * len(vevents)
    result = CalendarFile()
    skipped: dict[tuple[int, str], list] = {}  # (line, reason) -> [title, times]

    def skip(line: int, title: str, reason: str) -> None:
        skipped.setdefault((line, reason), [title, 0])[1] += 1

    readable: dict[int, icalendar.Event] = {}
    for event, line in zip(vevents, lines, strict=True):
        if reason := _unreadable(event):
            skip(line, _title(event), reason)
            continue
        event[LINE] = str(line)
        if not str(event.get("UID", "")).strip():
            # Expansion groups events by UID: give each its own, and remember it had none.
            event["UID"] = f"careermanager-line-{line}-{len(readable)}"
            event[NO_UID] = "1"
        readable[id(event)] = event
    timezones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
    calendar.subcomponents = [
        c for c in calendar.subcomponents if c.name != "VEVENT" or id(c) in readable
    ]
    repeating = {int(e[LINE]) for e in readable.values() if _repeating(e)}
    latest = plausible_range()[1]
    seen: set[int] = set()
    seen_uids: set[str] = set()
    beyond = False
    occurrences = recurring_ical_events.of(calendar, skip_bad_series=True, calendar_query=_Query)
    count = 0
    for occurrence in occurrences.all():
        if count == max_events:
            result.truncated = True
            break
        count += 1
        line = int(occurrence.get(LINE, 0))
        seen.add(line)
        seen_uids.add(str(occurrence["UID"]))
        try:
            start, end = occurrence.start, occurrence.end
        except UNREADABLE:
            skip(line, _title(occurrence), "one of its repeats cannot be read")
            continue
        if _local_date(start) > latest:
            # Occurrences come in start order: every later one is beyond the range too.
            beyond = True
            break
        recurrence_id = occurrence.get("RECURRENCE-ID")
        result.events.append(
            CalendarEvent(
                uid="" if NO_UID in occurrence else str(occurrence["UID"]).strip()[:200],
                summary=_text(occurrence, "SUMMARY", MAX_SUMMARY),
                description=_text(occurrence, "DESCRIPTION", MAX_DESCRIPTION),
                start=start,
                end=end,
                line=line,
                cancelled=str(occurrence.get("STATUS", "")).upper() == "CANCELLED",
                recurrence_id=recurrence_id.dt if recurrence_id is not None else None,
                repeating=line in repeating,
            )
        )
    for event in readable.values():
        line = int(event[LINE])
        if beyond and line in repeating and _repeats_after(event, timezones, latest):
            skip(line, _title(event), f"its repeats after {latest.year} are left out")
        if line in seen or str(event["UID"]) in seen_uids:
            continue
        if result.truncated:
            reason = f"it comes after the first {max_events:,} events in the file"
        else:
            reason = _why_nothing(event, timezones)
        skip(line, _title(event), reason)
    result.skipped = sorted(
        (line, title, reason if times == 1 else f"{reason} ({times:,} times)")
        for (line, reason), (title, times) in skipped.items()
    )
    return result
