"""How numbers, dates and counts read, in pages, emails and documents alike.

    hours(Decimal("10000.00"))       -> "10,000"
    hours_phrase(Decimal("1"))       -> "1 hour"
    counted(3, "record")             -> "3 records"
    counted(1, "activity", "activities") -> "1 activity"
    format_date(date(2024, 5, 3))    -> "3 May 2024"

Templates use the same functions as filters from ``core_format`` (a built-in library, no
``{% load %}`` needed): ``{{ value|hours }}``, ``{{ value|plural_hours }}``,
``{{ n|counted:"record" }}``, ``{{ n|counted:"activity,activities" }}``.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone


def hours(value) -> str:
    """Hours without needless decimals, thousands separated: 7, 7.5, 0.25, 1,250."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(value)
    whole, _, fraction = f"{number:,.2f}".partition(".")
    fraction = fraction.rstrip("0")
    if whole in ("-0", ""):
        whole = "0"
    return f"{whole}.{fraction}" if fraction else whole


def hours_phrase(value) -> str:
    """'1 hour', '7.5 hours', '0 hours'."""
    text = hours(value)
    if text == "":
        return ""
    return f"{text} hour" if text == "1" else f"{text} hours"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """'1 record', '2 records', '1,200 activities': the number and the noun that agrees."""
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:,} {noun}"


def format_date(value: date | datetime | None) -> str:
    """'3 May 2024': unambiguous in every country."""
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    """'3 May 2024 at 14:05 (UTC)', in the site's time zone."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    zone = value.tzname() or ""
    return f"{format_date(value)} at {value:%H:%M}" + (f" ({zone})" if zone else "")


def format_span(start: date | None, end: date | None, *, ongoing: str = "") -> str:
    """'3 May 2024', '3 May 2024 to 5 May 2024', or '3 May 2024 to present' (ongoing)."""
    if start and end and end != start:
        return f"{format_date(start)} to {format_date(end)}"
    if start and not end and ongoing:
        return f"{format_date(start)} to {ongoing}"
    return format_date(start or end)


def format_month_span(start: date | None, end: date | None) -> str:
    """'May 2019 to March 2023' or 'May 2019 to present': the precision CVs use for roles."""
    if not start:
        return ""
    return f"{start:%B %Y} to {f'{end:%B %Y}' if end else 'present'}"
