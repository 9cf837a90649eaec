"""Builders: a member's records in, a ``Document`` (plain data) out.

One module per document. A builder is a function named ``build_<document>`` taking the member
(and the choices the download form made) as keyword arguments and returning a
``careermanager.reports.documents.Document``. It reads only the member's own records, through
``owned_by(user)``, with a fixed number of queries whatever the number of records
(``select_related`` / ``prefetch_related``), and lets no ORM object out: everything in the
document is a string, already formatted for people ("3 May 2024", "7.5").

    from careermanager.reports.builders.training import build_training_summary
    from careermanager.reports.renderers import render

    document = build_training_summary(user=request.user, start=start, end=end)
    rendered = render(document, "pdf")

``generated_at`` defaults to now; tests pass a fixed time.
"""

from datetime import date, datetime

from django.utils import timezone

from careermanager.reports.documents import format_date


def member_name(user, details=None) -> str:
    """The member's name as their CV shows it: personal details first, then the account."""
    name = details.full_name if details is not None else ""
    return name or getattr(user, "full_name", "") or user.email


def now_or(value: datetime | None) -> datetime:
    return value or timezone.now()


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
