"""Which dates are plausible for a record: no year 1 starts and no year 9999 ends.

Every form and import checks its dates against one configured range, from
``CAREERMANAGER_EARLIEST_YEAR`` (default 1950) to ``CAREERMANAGER_YEARS_AHEAD`` years after
this one (default 10):

    error = implausible(value, label="start date")   # None, or the message to show
    check_plausible(value, label="start date")       # raises ValidationError instead
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone


def plausible_range(today: date | None = None) -> tuple[date, date]:
    """The first and last day a record's date may fall on."""
    today = today or timezone.localdate()
    earliest = date(settings.EARLIEST_YEAR, 1, 1)
    latest = date(today.year + settings.YEARS_AHEAD, 12, 31)
    return earliest, latest


def implausible(value: date | None, *, label: str = "date") -> str | None:
    """The message for a date outside the plausible range, or None when it is fine."""
    if value is None:
        return None
    earliest, latest = plausible_range()
    if value < earliest:
        return f"The {label} must be in {earliest.year} or later."
    if value > latest:
        return f"The {label} must be in {latest.year} or earlier."
    return None


def check_plausible(value: date | None, *, label: str = "date") -> None:
    message = implausible(value, label=label)
    if message:
        raise ValidationError(message, code="implausible")
