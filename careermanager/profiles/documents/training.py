"""A training summary for a chosen period: for appraisals and reviews with a mentor.

Training counts in the period it was completed (its end date, or its start date when it took
place on one day), as ``Training.objects.completed_between`` decides. Listed oldest first, so
the summary reads as the story of the period.
"""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from careermanager.core.formatting import format_date, format_span
from careermanager.core.formatting import hours as format_hours
from careermanager.profiles.documents.common import member_name, now_or, training_table
from careermanager.profiles.models import PersonalDetails, Training
from careermanager.reports.documents import (
    Column,
    Document,
    KeyValues,
    LongText,
    Section,
    Table,
    TitleBlock,
)
from careermanager.reports.registry import parameter_date


def build_training_summary(
    *,
    owner,
    start: date | str,
    end: date | str,
    descriptions: bool = False,
    generated_at: datetime | None = None,
) -> Document:
    """Training completed from start to end (both included), with hours and their total."""
    start, end = parameter_date(start), parameter_date(end)
    if end < start:
        raise ValueError("The period must end on or after its start.")
    details = PersonalDetails.objects.owned_by(owner).first()
    name = member_name(owner, details)
    records = sorted(
        Training.objects.owned_by(owner).completed_between(start, end),
        key=lambda record: (record.completed_on, record.start_date, record.pk),
    )
    period = f"{format_date(start)} to {format_date(end)}"
    sections = []
    if records:
        sections.append(_summary(records))
        sections.append(_list(records))
        described = [record for record in records if record.description.strip()]
        if descriptions and described:
            sections.append(
                Section(
                    "What each training covered",
                    subsections=[
                        Section(
                            f"{record.title} ({format_span(record.start_date, record.end_date)})",
                            [LongText("", record.description)],
                        )
                        for record in described
                    ],
                )
            )
    return Document(
        title=TitleBlock(
            member=name,
            title="Training summary",
            period=period,
            generated_at=now_or(generated_at),
        ),
        sections=sections,
        filename=f"training summary {name} {start:%Y-%m-%d} to {end:%Y-%m-%d}",
        empty_message=(
            f"No training was completed between {format_date(start)} and {format_date(end)}."
        ),
        subject=f"Training completed by {name} from {period}",
        item_count=len(records),
    )


def _summary(records: list[Training]) -> Section:
    total = sum((record.hours for record in records), Decimal(0))
    by_kind: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    for record in records:
        by_kind[record.kind] += record.hours
        counts[record.kind] += 1
    rows = [
        [Training.Kind(kind).label, str(counts[kind]), format_hours(by_kind[kind])]
        for kind in Training.Kind.values
        if kind in by_kind
    ]
    return Section(
        "Summary",
        [
            KeyValues(
                [
                    ("Training records", str(len(records))),
                    ("Total hours", format_hours(total)),
                ]
            ),
            Table(
                caption="Hours by type of training",
                columns=[
                    Column("Type of training", wide=True),
                    Column("Records", numeric=True),
                    Column("Hours", numeric=True),
                ],
                rows=rows,
                totals=["Total", str(len(records)), format_hours(total)],
            ),
        ],
    )


def _list(records: list[Training]) -> Section:
    return Section(
        "Training in this period",
        [training_table(records, caption="Training completed in the period, oldest first")],
    )
