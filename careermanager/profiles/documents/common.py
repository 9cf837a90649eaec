"""What the profile's documents share: the member's name, when it was made, the training table."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from careermanager.core.formatting import format_span, hours
from careermanager.reports.documents import Column, Table

NO_BREAK = "\N{NO-BREAK SPACE}"


def member_name(user, details=None) -> str:
    """The member's name as their CV shows it: personal details first, then the account."""
    name = details.full_name if details is not None else ""
    return name or getattr(user, "full_name", "") or user.email


def now_or(value: datetime | None) -> datetime:
    return value or timezone.now()


def date_span_cell(start, end) -> str:
    """'13 September 2024 to 15 September 2024' for a table cell: each date kept on one line.

    A narrow column then breaks the span only after "to", never inside a date.
    """
    dates = format_span(start, end).split(" to ")
    return " to ".join(day.replace(" ", NO_BREAK) for day in dates)


def training_table(records: Sequence, *, caption: str) -> Table:
    """Dates, title, type, provider and hours of each training record, with the total."""
    total = sum((record.hours for record in records), Decimal(0))
    return Table(
        caption=caption,
        columns=[
            # "13 September 2024 to" / "15 September 2024": never three lines.
            Column("Dates", max_lines=2),
            Column("Training", wide=True),
            Column("Type"),
            Column("Provider"),
            Column("Hours", numeric=True),
        ],
        rows=[
            [
                date_span_cell(record.start_date, record.end_date),
                record.title,
                record.get_kind_display(),
                record.provider,
                hours(record.hours),
            ]
            for record in records
        ],
        totals=["", "Total", "", "", hours(total)],
    )
