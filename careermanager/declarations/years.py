"""Which years members may declare: the institution's setting, or last year and this year.

``DECLARATION_YEARS`` (environment ``CAREERMANAGER_DECLARATION_YEARS``, e.g. "2025,2026") lists
the years under review that are open. Left empty, the previous calendar year and the current
one are open, so a member can declare last year's CPD early in the new year.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


def open_years(today: date | None = None) -> list[int]:
    """The years under review a member may start or change a declaration for, newest first."""
    configured = getattr(settings, "DECLARATION_YEARS", None) or []
    if not configured:
        year = (today or timezone.localdate()).year
        return [year, year - 1]
    years = []
    for value in configured:
        try:
            years.append(int(value))
        except (TypeError, ValueError):
            raise ImproperlyConfigured(
                f"CAREERMANAGER_DECLARATION_YEARS must list years such as 2025, not {value!r}"
            ) from None
    return sorted(set(years), reverse=True)


def period(year: int) -> tuple[date, date]:
    """The year under review as its first and last day."""
    return date(year, 1, 1), date(year, 12, 31)
