"""CPD activity reports: everything completed in a period, summary or detailed.

The summary lists each activity (date, title, type, hours) with totals by TWAVES type; the
detailed report adds each description and reflection, and the files of evidence kept with
each activity (names, kinds, sizes, when added). Training and academic study come from the
member's profile; academic study is listed without hours.

Registered on ``CpdConfig.documents`` as "cpd.summary" and "cpd.detailed": the reports are made
as document jobs (``careermanager.reports``), with parameters ``start`` and ``end``.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone

from careermanager.core.formatting import counted, format_date
from careermanager.core.formatting import hours as format_hours
from careermanager.cpd.categories import Category
from careermanager.cpd.charts import render_type_chart_svg, type_chart
from careermanager.cpd.evidence import Attachment, evidence_by_activity
from careermanager.cpd.queries import cpd_in_period
from careermanager.cpd.records import CategoryTotal
from careermanager.profiles.queries import qualification_label, training_kind_label
from careermanager.reports.documents import (
    Column,
    Document,
    Image,
    KeyValues,
    LongText,
    Paragraph,
    Section,
    Table,
    TitleBlock,
)
from careermanager.reports.registry import parameter_date

NO_HOURS = "\N{EN DASH}"


class ReportKind(models.TextChoices):
    SUMMARY = "summary", "Summary"
    DETAILED = "detailed", "Detailed (with descriptions and reflections)"


# The registered document (``CpdConfig.documents``) that makes each kind of report.
REPORT_DOCUMENTS = {ReportKind.SUMMARY: "cpd.summary", ReportKind.DETAILED: "cpd.detailed"}


@dataclass(frozen=True)
class ReportItem:
    """One record in the report, as plain data."""

    category: Category
    title: str
    start: date
    end: date
    hours: Decimal | None  # None for academic study
    details: list[tuple[str, str]] = field(default_factory=list)  # shown as label: value
    description: str = ""
    reflection: list[tuple[str, str]] | None = None  # None: the record has no reflection
    attachments: tuple[Attachment, ...] = ()  # the activity's evidence (detailed report only)

    @property
    def dates(self) -> str:
        if self.start == self.end:
            return format_date(self.end)
        return f"{format_date(self.start)} to {format_date(self.end)}"


def gather(owner, start: date, end: date, *, detailed: bool = True) -> list[ReportItem]:
    """Every record completed within [start, end], dated the day it was completed.

    Without `detailed`, descriptions, folders, competences and reflections are not read: the
    summary shows none of them.
    """
    items: list[ReportItem] = []
    evidence = evidence_by_activity(owner) if detailed else {}
    for record in cpd_in_period(owner, start, end, detailed=detailed):
        if record.category == Category.TRAINING:
            details = [("Kind of training", training_kind_label(record.kind))]
            if record.provider:
                details.append(("Provider", record.provider))
            reflection = None
        elif record.category == Category.ACADEMIC:
            details = [("Institution", record.institution)]
            if record.kind:
                details.append(("Qualification", qualification_label(record.kind)))
            if record.classification:
                details.append(("Classification", record.classification))
            reflection = None
        else:
            details = [("Folder", record.folder)] if record.folder else []
            if record.topic_names:
                details.append(("Topics", ", ".join(record.topic_names)))
            if record.competences:
                details.append(("Competences", "; ".join(record.competences)))
            reflection = list(record.reflection) if detailed else None
        items.append(
            ReportItem(
                category=record.category,
                title=record.title,
                start=record.start,
                end=record.end,
                hours=record.hours,
                details=details,
                description=record.description,
                reflection=reflection,
                attachments=tuple(_evidence_of(record.key, evidence)),
            )
        )
    items.sort(key=lambda item: (item.end, item.start, item.title))
    return items


def _period(start: date, end: date) -> str:
    return f"{format_date(start)} to {format_date(end)}"


def _category_totals(items: list[ReportItem]) -> list[CategoryTotal]:
    return [
        CategoryTotal(
            category,
            sum((item.hours or 0 for item in items if item.category == category), Decimal(0)),
            sum(1 for item in items if item.category == category),
        )
        for category in Category
    ]


def totals_chart(items: list[ReportItem]) -> Image:
    chart = type_chart(_category_totals(items))
    return Image(render_type_chart_svg(chart), alt=f"Hours by type: {chart.description}")


def totals_table(items: list[ReportItem]) -> Table:
    rows, total_hours, total_count = [], Decimal(0), 0
    for category in Category:
        mine = [item for item in items if item.category == category]
        hours = sum((item.hours or 0 for item in mine), Decimal(0))
        total_hours += hours
        total_count += len(mine)
        shown = NO_HOURS if category == Category.ACADEMIC else format_hours(hours)
        rows.append([category.label, str(len(mine)), shown])
    return Table(
        caption="Hours by type of CPD (TWAVES)",
        columns=[
            Column("Type", wide=True),
            Column("Records", numeric=True),
            Column("Hours", numeric=True),
        ],
        rows=rows,
        totals=["Total CPD hours", str(total_count), format_hours(total_hours)],
    )


def activities_table(items: list[ReportItem], start: date, end: date) -> Table:
    return Table(
        caption=f"CPD completed from {_period(start, end)}",
        columns=[
            Column("Date"),
            Column("Title", wide=True),
            Column("Type"),
            Column("Hours", numeric=True),
        ],
        rows=[
            [
                format_date(item.end),
                item.title,
                item.category.label,
                NO_HOURS if item.hours is None else format_hours(item.hours),
            ]
            for item in items
        ],
        totals=[
            "",
            "Total",
            "",
            format_hours(sum((item.hours or 0 for item in items), Decimal(0))),
        ],
    )


def _evidence_of(key: str, evidence: dict[int, list[Attachment]]) -> list[Attachment]:
    source, _colon, pk = key.partition(":")
    return evidence.get(int(pk), []) if source == "activity" and pk.isdigit() else []


def attachments_table(attachments: tuple[Attachment, ...]) -> Table:
    return Table(
        caption="Attachments",
        columns=[Column("File", wide=True), Column("Kind"), Column("Size"), Column("Added")],
        rows=[
            [attachment.name, attachment.kind, attachment.size_text, attachment.added_on]
            for attachment in attachments
        ],
    )


def item_section(item: ReportItem) -> Section:
    hours = "Not recorded for academic study" if item.hours is None else format_hours(item.hours)
    blocks = [
        KeyValues(
            [("Dates", item.dates), ("Type", item.category.label), ("Hours", hours), *item.details]
        )
    ]
    if item.description:
        blocks.append(LongText("Description", item.description))
    if item.reflection is not None:
        if item.reflection:
            blocks.extend(LongText(question, answer) for question, answer in item.reflection)
        else:
            blocks.append(Paragraph("No reflection has been recorded for this activity yet."))
    if item.attachments:
        blocks.append(attachments_table(item.attachments))
    return Section(item.title, blocks)


def build_document(
    *,
    member: str,
    items: list[ReportItem],
    start: date,
    end: date,
    detailed: bool,
    generated_at: datetime,
) -> Document:
    """The report as plain document data: the same for PDF and Word."""
    title = "Detailed CPD activity report" if detailed else "CPD activity report"
    sections = []
    if items:
        sections.append(
            Section(
                "Summary",
                [
                    Paragraph(
                        f"{counted(len(items), 'record')} of CPD completed "
                        f"from {_period(start, end)}. "
                        "Academic study is listed without hours."
                    ),
                    totals_table(items),
                    totals_chart(items),
                ],
            )
        )
        sections.append(Section("Activities", [activities_table(items, start, end)]))
        if detailed:
            sections.append(
                Section(
                    "Activities in detail",
                    [Paragraph("Each record with its description and your reflection.")],
                    [item_section(item) for item in items],
                )
            )
    return Document(
        title=TitleBlock(
            member=member, title=title, period=_period(start, end), generated_at=generated_at
        ),
        sections=sections,
        filename=f"{title}-{member}-{start.isoformat()}-to-{end.isoformat()}",
        empty_message="No CPD was completed in this period.",
        subject=f"{title}, {_period(start, end)}",
        item_count=len(items),
    )


def cpd_activity_report(owner, *, start: date, end: date, detailed: bool) -> Document:
    return build_document(
        member=owner.display_name,
        items=gather(owner, start, end, detailed=detailed),
        start=start,
        end=end,
        detailed=detailed,
        generated_at=timezone.now(),
    )


def build_report(*, owner, start: date | str, end: date | str, detailed: bool = False) -> Document:
    """The report of a document job: parameters as the job keeps them (ISO dates)."""
    return cpd_activity_report(
        owner, start=parameter_date(start), end=parameter_date(end), detailed=detailed
    )


def build_summary_report(*, owner, start: date | str, end: date | str) -> Document:
    return build_report(owner=owner, start=start, end=end)


def build_detailed_report(*, owner, start: date | str, end: date | str) -> Document:
    return build_report(owner=owner, start=start, end=end, detailed=True)
