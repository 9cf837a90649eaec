"""Read durations written as free text ("2 days", "half day", "1h30") as a number of hours.

The rule, also in docs/cpd.md:
- an hour is an hour, a minute is 1/60 of one;
- a day is CPD_HOURS_PER_DAY hours (7.5 unless the institution sets otherwise);
- a week is five days;
- parts add up: "1 day 3 hours" is 10.5 hours, "an hour and a half" is 1.5;
- anything else (a bare number, months, ranges such as "2-3 days", unknown words) is refused
  with a reason, never guessed.
Results are rounded to the nearest hundredth of an hour.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings

DEFAULT_HOURS_PER_DAY = Decimal("7.5")
DAYS_PER_WEEK = 5
MAX_LENGTH = 100
# No single number in a duration is this large; refusing it keeps the arithmetic exact.
MAX_NUMBER = Decimal(100_000)


class DurationError(ValueError):
    """The text is not a duration this parser can read without guessing."""


def hours_per_day() -> Decimal:
    return Decimal(str(getattr(settings, "CPD_HOURS_PER_DAY", DEFAULT_HOURS_PER_DAY)))


_NUMBER_WORDS = {
    "a": "1",
    "an": "1",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
}
_UNITS = {
    "min": "minute",
    "mins": "minute",
    "minute": "minute",
    "minutes": "minute",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hour": "hour",
    "hours": "hour",
    "d": "day",
    "day": "day",
    "days": "day",
    "w": "week",
    "wk": "week",
    "wks": "week",
    "week": "week",
    "weeks": "week",
}
_FILLERS = {"and", "plus", "about", "approx", "approximately", "around", "full", "working"}
_CALENDAR_WORDS = {"month", "months", "mth", "mths", "year", "years", "yr", "yrs", "term", "terms"}
# Phrases rewritten before reading, in this order.
_PHRASES = (
    (r"\band an? half\b", " xhalf "),
    (r"\band half\b", " xhalf "),
    (r"\ba quarter of an? hour\b", " 0.25 hour "),
    (r"\bquarter of an? hour\b", " 0.25 hour "),
    (r"\bquarter hour\b", " 0.25 hour "),
    (r"\bhalf an? (hour|day|week)\b", r" 0.5 \1 "),
    (r"\ban? half (hour|day|week)\b", r" 0.5 \1 "),
    (r"\bhalf (hour|day|week)\b", r" 0.5 \1 "),
)
_PIECE = re.compile(r"\d+:\d{2}|\d+/\d+|\d+(?:\.\d+)?|\.\d+|[a-z]+|\S")


def _unit_hours(unit: str, per_day: Decimal) -> Decimal:
    return {
        "minute": Decimal(1) / 60,
        "hour": Decimal(1),
        "day": per_day,
        "week": per_day * DAYS_PER_WEEK,
    }[unit]


def _number(piece: str) -> Decimal:
    try:
        if "/" in piece:
            top, bottom = piece.split("/")
            if int(bottom) == 0:
                raise DurationError(f"“{piece}” divides by zero.")
            value = Decimal(top) / Decimal(bottom)
        else:
            value = Decimal(piece)
    except InvalidOperation as error:
        raise DurationError(f"“{piece}” is not a number.") from error
    if value > MAX_NUMBER:
        raise DurationError(f"“{piece}” is too large to be a duration.")
    return value


def _normalise(text: str) -> str:
    text = text.strip().lower()
    text = text.replace("½", " 0.5 ").replace("¼", " 0.25 ").replace("¾", " 0.75 ")
    if re.search(r"-\s*\d", text):
        raise DurationError("Ranges and negative numbers cannot be read; enter one duration.")
    text = re.sub(r"([a-z])\.", r"\1", text)  # "hrs." -> "hrs"
    text = re.sub(r"[-,+&~]", " ", text)
    text = re.sub(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)", " ", text)  # "1h30m" -> "1 h 30 m"
    for pattern, replacement in _PHRASES:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"\s+", " ", text).strip()


def parse_duration(text: str, *, per_day: Decimal | None = None) -> Decimal:
    """Hours in text, rounded to 0.01; raise DurationError saying why it cannot be read."""
    if not isinstance(text, str) or not text.strip():
        raise DurationError("No duration was given.")
    if len(text) > MAX_LENGTH:
        raise DurationError(f"The duration is longer than {MAX_LENGTH} characters.")
    per_day = hours_per_day() if per_day is None else per_day
    total = Decimal(0)
    pending: Decimal | None = None  # a quantity waiting for its unit
    last_unit: str | None = None
    parts = 0
    for piece in _PIECE.findall(_normalise(text)):
        if piece[0].isdigit() or piece[0] == ".":
            if pending is not None:
                raise DurationError("Two numbers in a row: say what unit each one is in.")
            if ":" in piece:
                hours, minutes = piece.split(":")
                if int(minutes) >= 60:
                    raise DurationError(f"“{piece}” has more than 59 minutes.")
                total += _number(hours) + Decimal(minutes) / 60
                last_unit, parts = "hour", parts + 1
                continue
            pending = _number(piece)
        elif piece in _NUMBER_WORDS:
            if pending is not None:
                raise DurationError("Two numbers in a row: say what unit each one is in.")
            pending = Decimal(_NUMBER_WORDS[piece])
        elif piece in _UNITS or (piece == "m" and last_unit == "hour"):
            unit = _UNITS.get(piece, "minute")
            if pending is None:
                raise DurationError(f"“{piece}” needs a number before it, such as 2 {piece}.")
            total += pending * _unit_hours(unit, per_day)
            pending, last_unit, parts = None, unit, parts + 1
        elif piece == "xhalf":
            if pending is not None:
                pending += Decimal("0.5")  # "1 and a half days"
            elif last_unit is not None:
                total += Decimal("0.5") * _unit_hours(last_unit, per_day)  # "an hour and a half"
            else:
                raise DurationError("“and a half” needs a unit, such as 1 and a half days.")
        elif piece in _CALENDAR_WORDS:
            raise DurationError(
                "Months and years cannot be turned into hours; enter hours, days or weeks."
            )
        elif piece == "m":
            raise DurationError("Write minutes as “min” so that they are not read as months.")
        elif piece in _FILLERS:
            continue
        else:
            raise DurationError(f"“{piece}” is not a unit this import understands.")
    if pending is not None:
        if last_unit == "hour" and pending == pending.to_integral_value() and pending < 60:
            total += pending / 60  # "1h30": the minutes after the hours
        else:
            number = f"{pending:f}"
            raise DurationError(
                f"Say what unit {number} is in, for example {number} hours or {number} days."
            )
    if not parts:
        raise DurationError("No duration was found; enter hours, days or weeks.")
    hours = total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if hours <= 0:
        raise DurationError("The duration must be more than zero.")
    return hours
