"""The CPD declaration summary as document data, for PDF and Word.

``summary_document`` turns a declaration's records (``careermanager.declarations.snapshot``)
into a ``Document``: live for a draft, the snapshot for a submitted declaration, so the
submitted PDF shows exactly what was sent. ``build_summary`` is the builder of the document
job "declarations.summary" (``DeclarationsConfig.documents``), with the parameter
``declaration`` (its id; only the owner's own declaration is found).
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from careermanager.core.formatting import format_date, format_span, hours
from careermanager.core.uploads import size_text
from careermanager.cpd.categories import Category
from careermanager.declarations.models import Compliance, Declaration, EmploymentStatus
from careermanager.declarations.supporting import DOCUMENT_LABELS
from careermanager.profiles.queries import qualification_label, training_kind_label
from careermanager.reports.documents import (
    Column,
    Document,
    KeyValues,
    LongText,
    Paragraph,
    Section,
    Table,
    TitleBlock,
)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _when(value: str | None, done: str, not_done: str) -> str:
    moment = _moment(value)
    return f"{done} on {format_date(timezone.localtime(moment))}" if moment else not_done


def _choice(choices, value: str) -> str:
    return choices(value).label if value else "Not given"


def _declaration_section(data: dict, submitted: bool) -> Section:
    d = data["declaration"]
    items = [
        ("Year under review", str(d["year"])),
        (
            "Status",
            _when(d.get("submitted_at"), "Submitted", "Draft: not submitted")
            if submitted
            else "Draft: not submitted",
        ),
        ("CPD monitoring", _when(d["monitoring_agreed_at"], "Agreed", "Not agreed")),
        (
            "CPD reports",
            _when(d["reports_acknowledged_at"], "Acknowledged as up to date", "Not acknowledged"),
        ),
        ("Employment status", _choice(EmploymentStatus, d["employment_status"])),
        ("Compliance statement", _choice(Compliance, d["compliance"])),
    ]
    if d["out_of_work_from"] or d["out_of_work_to"]:
        items.append(
            (
                "Out of work",
                format_span(_date(d["out_of_work_from"]), _date(d["out_of_work_to"]))
                if d["out_of_work_from"] and d["out_of_work_to"]
                else (
                    f"From {format_date(_date(d['out_of_work_from']))}"
                    if d["out_of_work_from"]
                    else f"Until {format_date(_date(d['out_of_work_to']))}"
                ),
            )
        )
    blocks: list = [KeyValues(items)]
    if d["employment_comments"]:
        blocks.append(LongText("Comments on employment status", d["employment_comments"]))
    if d["compliance_reason"]:
        blocks.append(LongText("Why the CPD policy was not met", d["compliance_reason"]))
    return Section("Declaration", blocks)


def _hours_section(data: dict) -> Section:
    rows = [
        [
            Category(total["category"]).label,
            str(total["count"]),
            hours(Decimal(total["hours"])) if total["category"] != Category.ACADEMIC else "",
        ]
        for total in data["totals"]
    ]
    blocks: list = [
        Table(
            caption=f"CPD completed in {data['declaration']['year']}, by TWAVES category",
            columns=[
                Column("Category", wide=True),
                Column("Records", numeric=True),
                Column("Hours", numeric=True),
            ],
            rows=rows,
            totals=["Total", "", hours(Decimal(data["total_hours"]))],
        )
    ]
    if not data["verdicts"]:
        blocks.append(Paragraph("No CPD policy was followed, so there is no verdict."))
    for verdict in data["verdicts"]:
        items = [
            ("Policy", verdict["name"]),
            ("Period checked", verdict["period"]),
            ("Hours that count", hours(Decimal(verdict["counted_hours"]))),
        ]
        if verdict["total_minimum"] is not None:
            items.append(("Hours required", hours(Decimal(verdict["total_minimum"]))))
        items += [
            (
                minimum["label"],
                f"{hours(Decimal(minimum['counted']))} of {hours(Decimal(minimum['required']))} "
                f"hours: {'met' if minimum['met'] else 'not met'}",
            )
            for minimum in verdict["minimums"]
        ]
        if verdict["requires_reflection"]:
            items.append(
                ("Reflections", "Given" if verdict["reflection_met"] else "Some are missing")
            )
        items.append(("Verdict", "Met" if verdict["compliant"] else "Not met"))
        blocks.append(KeyValues(items))
    return Section("Total CPD hours", blocks)


def _employment_section(data: dict) -> Section:
    if not data["employment"]:
        return Section("Employment history", [Paragraph("No roles are included.")])
    subsections = []
    for role in data["employment"]:
        blocks: list = [
            KeyValues(
                [
                    ("Employer", role["employer"]),
                    (
                        "Dates",
                        format_span(
                            _date(role["start_date"]), _date(role["end_date"]), ongoing="present"
                        ),
                    ),
                    *([("Location", role["location"])] if role["location"] else []),
                ]
            )
        ]
        if role["responsibilities"]:
            blocks.append(LongText("Responsibilities", role["responsibilities"]))
        if role["achievements"]:
            blocks.append(LongText("Achievements", role["achievements"]))
        subsections.append(Section(role["job_title"], blocks))
    return Section("Employment history", [], subsections)


def _study_section(data: dict) -> Section:
    if not data["education"]:
        return Section("Academic study", [Paragraph("No academic study is included.")])
    rows = [
        [
            study["course"],
            study["institution"],
            qualification_label(study["qualification_type"]),
            format_span(_date(study["start_date"]), _date(study["end_date"]), ongoing="present"),
        ]
        for study in data["education"]
    ]
    return Section(
        "Academic study",
        [
            Paragraph("Academic study is listed without hours."),
            Table(
                caption="Academic study included",
                columns=[
                    Column("Course", wide=True),
                    Column("Institution"),
                    Column("Qualification"),
                    Column("Dates", max_lines=2),
                ],
                rows=rows,
            ),
        ],
    )


def _records_section(data: dict) -> Section:
    year = data["declaration"]["year"]
    blocks: list = []
    if data["activities"]:
        blocks.append(
            Table(
                caption=f"CPD activities completed in {year}",
                columns=[
                    Column("Completed"),
                    Column("Type"),
                    Column("Title", wide=True),
                    Column("Hours", numeric=True),
                ],
                rows=[
                    [
                        format_date(_date(activity["end_date"])),
                        Category(activity["type"]).label,
                        activity["title"],
                        hours(Decimal(activity["hours"])),
                    ]
                    for activity in data["activities"]
                ],
            )
        )
    if data["training"]:
        blocks.append(
            Table(
                caption=f"Training completed in {year}",
                columns=[
                    Column("Completed"),
                    Column("Title", wide=True),
                    Column("Kind"),
                    Column("Hours", numeric=True),
                ],
                rows=[
                    [
                        format_date(_date(course["end_date"] or course["start_date"])),
                        course["title"],
                        training_kind_label(course["kind"]),
                        hours(Decimal(course["hours"])),
                    ]
                    for course in data["training"]
                ],
            )
        )
    if not blocks:
        blocks.append(Paragraph(f"No CPD activities or training were completed in {year}."))
    return Section("CPD records", blocks)


def _documents_section(data: dict) -> Section:
    documents = data.get("supporting_documents", [])
    if not documents:
        return Section(
            "Supporting documents",
            [Paragraph("No supporting documents: the records above are the declaration.")],
        )
    return Section(
        "Supporting documents",
        [
            Table(
                caption="Files sent with the declaration",
                columns=[
                    Column("Document"),
                    Column("File", wide=True),
                    Column("Size", numeric=True),
                    Column("SHA-256"),
                ],
                rows=[
                    [
                        DOCUMENT_LABELS.get(document["type"], document["type"]),
                        document["name"],
                        size_text(document["size"]),
                        document["sha256"][:16] + "…",
                    ]
                    for document in documents
                ],
            )
        ],
    )


def summary_document(
    data: dict, *, submitted: bool, sha256: str = "", generated_at: datetime | None = None
) -> Document:
    """The declaration summary: what the member declares and the records for the year."""
    year = data["declaration"]["year"]
    title = "CPD declaration" if submitted else "Draft CPD declaration summary"
    details = (("Snapshot SHA-256", sha256),) if sha256 else ()
    sections = [
        _declaration_section(data, submitted),
        _hours_section(data),
        _employment_section(data),
        _study_section(data),
        _records_section(data),
        _documents_section(data),
    ]
    membership = data.get("membership") or {}
    return Document(
        title=TitleBlock(
            member=data["member"]["name"],
            title=f"{title} {year}",
            period=format_span(
                _date(data["declaration"]["period_start"]),
                _date(data["declaration"]["period_end"]),
            ),
            post_nominals=membership.get("registration_titles", ""),
            details=details,
            generated_at=_moment(data["declaration"].get("submitted_at"))
            if submitted
            else generated_at or timezone.now(),
        ),
        sections=sections,
        filename=f"cpd-declaration-{year}-{data['member']['name']}"
        + ("" if submitted else "-draft"),
        subject=f"{title} for {year}",
        item_count=len(data["activities"]) + len(data["training"]),
    )


def document_for(declaration: Declaration, *, generated_at: datetime | None = None) -> Document:
    """The summary of a declaration: its snapshot once submitted, else its records now."""
    if declaration.is_submitted:
        return summary_document(
            declaration.snapshot, submitted=True, sha256=declaration.snapshot_sha256
        )
    from careermanager.declarations.snapshot import declaration_records

    return summary_document(
        declaration_records(declaration), submitted=False, generated_at=generated_at
    )


def build_summary(*, owner, declaration: int | str) -> Document:
    """The declaration summary of a document job."""
    found = Declaration.objects.owned_by(owner).select_related("owner").get(pk=int(declaration))
    return document_for(found)
