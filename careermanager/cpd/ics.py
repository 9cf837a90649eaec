"""Read events from an iCalendar (.ics) file: the small part of RFC 5545 a CPD import needs.

Supported: line unfolding; VCALENDAR containing VEVENTs (other components are skipped);
DTSTART and DTEND as DATE or DATE-TIME, in UTC ("Z"), with a TZID, or floating; DURATION;
SUMMARY, DESCRIPTION, UID, STATUS. Repeating events are read once, as their first occurrence.
A TZID this server does not know is read as the local time written in the file.

Anything malformed raises CalendarError with the line it is on, so nothing is half-read.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

# Outlook writes Windows time zone names; these are the ones members are most likely to send.
WINDOWS_ZONES = {
    "gmt standard time": "Europe/London",
    "greenwich standard time": "Atlantic/Reykjavik",
    "w. europe standard time": "Europe/Berlin",
    "romance standard time": "Europe/Paris",
    "central europe standard time": "Europe/Budapest",
    "irish standard time": "Europe/Dublin",
    "eastern standard time": "America/New_York",
    "central standard time": "America/Chicago",
    "mountain standard time": "America/Denver",
    "pacific standard time": "America/Los_Angeles",
    "india standard time": "Asia/Kolkata",
    "singapore standard time": "Asia/Singapore",
    "aus eastern standard time": "Australia/Sydney",
    "e. australia standard time": "Australia/Brisbane",
    "w. australia standard time": "Australia/Perth",
    "new zealand standard time": "Pacific/Auckland",
    "utc": "UTC",
}
_DURATION = re.compile(
    r"^\+?P(?:(?P<weeks>\d+)W|(?P<days>\d+)D(?:T(?=\d)(?:(?P<h1>\d+)H)?(?:(?P<m1>\d+)M)?(?:(?P<s1>\d+)S)?)?"
    r"|T(?=\d)(?:(?P<h2>\d+)H)?(?:(?P<m2>\d+)M)?(?:(?P<s2>\d+)S)?)$"
)
_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$")
MAX_SUMMARY = 200
MAX_DESCRIPTION = 5000


class CalendarError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"Line {line}: {message}" if line else message)


@dataclass(frozen=True)
class Property:
    name: str
    params: dict[str, str]
    value: str
    line: int


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    description: str
    start: date | datetime
    end: date | datetime
    line: int
    cancelled: bool = False

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


def _local_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            return timezone.localtime(value).date()
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


def parse_line(number: int, line: str) -> Property:
    """Split NAME;PARAM=VALUE;...:VALUE, honouring quoted parameter values."""
    match = re.match(r"^([A-Za-z0-9-]+)", line)
    if not match:
        raise CalendarError("this line is not a calendar property.", number)
    name = match.group(1).upper()
    position = match.end()
    params: dict[str, str] = {}
    while position < len(line) and line[position] == ";":
        param = re.match(r';([A-Za-z0-9-]+)=("[^"]*"|[^";:]*)', line[position:])
        if not param:
            raise CalendarError(f"the {name} property has a malformed parameter.", number)
        params[param.group(1).upper()] = param.group(2).strip('"')
        position += param.end()
    if position >= len(line) or line[position] != ":":
        raise CalendarError(f"the {name} property has no value (a colon is missing).", number)
    return Property(name, params, line[position + 1 :], number)


def unescape(value: str) -> str:
    return re.sub(
        r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value
    ).strip()


def _zone(tzid: str):
    name = WINDOWS_ZONES.get(tzid.strip().lower(), tzid.strip().lstrip("/"))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None  # read as the local time written in the file


def parse_datetime_value(prop: Property) -> date | datetime:
    value = prop.value.strip()
    if prop.params.get("VALUE", "").upper() == "DATE" or _DATE.match(value):
        match = _DATE.match(value)
        if not match:
            raise CalendarError(f"{prop.name} “{value}” is not a date (YYYYMMDD).", prop.line)
        try:
            return date(*map(int, match.groups()))
        except ValueError as error:
            raise CalendarError(f"{prop.name} “{value}” is not a real date.", prop.line) from error
    match = _DATETIME.match(value)
    if not match:
        raise CalendarError(
            f"{prop.name} “{value}” is not a date and time (YYYYMMDDTHHMMSS).", prop.line
        )
    *parts, utc = match.groups()
    try:
        moment = datetime(*map(int, parts))
    except ValueError as error:
        raise CalendarError(
            f"{prop.name} “{value}” is not a real date and time.", prop.line
        ) from error
    if utc:
        return moment.replace(tzinfo=UTC)
    if "TZID" in prop.params:
        zone = _zone(prop.params["TZID"])
        if zone is not None:
            return moment.replace(tzinfo=zone)
    return moment


def parse_duration_value(prop: Property) -> timedelta:
    value = prop.value.strip().upper()
    if value.startswith("-"):
        raise CalendarError("DURATION is negative.", prop.line)
    match = _DURATION.match(value)
    if not match:
        raise CalendarError(f"DURATION “{prop.value}” is not an iCalendar duration.", prop.line)
    number = {key: int(found or 0) for key, found in match.groupdict().items()}
    return timedelta(
        weeks=number["weeks"],
        days=number["days"],
        hours=number["h1"] + number["h2"],
        minutes=number["m1"] + number["m2"],
        seconds=number["s1"] + number["s2"],
    )


def _event(properties: dict[str, Property], line: int) -> CalendarEvent:
    if "DTSTART" not in properties:
        raise CalendarError("an event (VEVENT) has no start (DTSTART).", line)
    start = parse_datetime_value(properties["DTSTART"])
    if "DTEND" in properties:
        end = parse_datetime_value(properties["DTEND"])
        if isinstance(end, datetime) != isinstance(start, datetime):
            raise CalendarError(
                "DTSTART and DTEND must both be dates or both dates and times.",
                properties["DTEND"].line,
            )
        if isinstance(start, datetime) and timezone.is_aware(start) != timezone.is_aware(end):
            start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
        if end < start:
            raise CalendarError(
                "the event ends (DTEND) before it starts.", properties["DTEND"].line
            )
    elif "DURATION" in properties:
        end = start + parse_duration_value(properties["DURATION"])
    elif isinstance(start, datetime):
        end = start  # RFC 5545: a date-time start alone lasts no time at all
    else:
        end = start + timedelta(days=1)
    summary = unescape(properties["SUMMARY"].value) if "SUMMARY" in properties else ""
    description = unescape(properties["DESCRIPTION"].value) if "DESCRIPTION" in properties else ""
    return CalendarEvent(
        uid=properties["UID"].value.strip()[:200] if "UID" in properties else "",
        summary=summary[:MAX_SUMMARY],
        description=description[:MAX_DESCRIPTION],
        start=start,
        end=end,
        line=line,
        cancelled="STATUS" in properties
        and properties["STATUS"].value.strip().upper() == "CANCELLED",
    )


def parse_calendar(text: str) -> list[CalendarEvent]:
    """Every VEVENT in the calendar, in file order; CalendarError if anything is malformed."""
    lines = unfold(text.lstrip("\ufeff"))
    if not lines or lines[0][1].strip().upper() != "BEGIN:VCALENDAR":
        raise CalendarError(
            "This is not an iCalendar file: it does not start with BEGIN:VCALENDAR."
        )
    stack: list[tuple[str, int]] = []
    events: list[CalendarEvent] = []
    current: dict[str, Property] | None = None
    ended = False
    for number, line in lines:
        if ended:
            raise CalendarError("there is text after END:VCALENDAR.", number)
        prop = parse_line(number, line)
        if prop.name == "BEGIN":
            component = prop.value.strip().upper()
            if not component:
                raise CalendarError("BEGIN names no component.", number)
            if component == "VEVENT" and stack and stack[-1][0] == "VCALENDAR":
                current = {}
            stack.append((component, number))
        elif prop.name == "END":
            component = prop.value.strip().upper()
            if not stack or stack[-1][0] != component:
                expected = f"END:{stack[-1][0]}" if stack else "nothing"
                raise CalendarError(f"END:{component} found where {expected} was expected.", number)
            _, began = stack.pop()
            if component == "VEVENT" and current is not None and stack[-1][0] == "VCALENDAR":
                events.append(_event(current, began))
                current = None
            if not stack:
                ended = True
        elif current is not None and stack[-1][0] == "VEVENT":
            current.setdefault(prop.name, prop)  # the first of a repeated property wins
    if stack:
        component, began = stack[-1]
        raise CalendarError(f"BEGIN:{component} is never closed with END:{component}.", began)
    return events
