"""Competence downloads: a member's registration assessment, and a job profile summary.

The assessment carries the same levels chart as its summary page
(``careermanager.competence.charts``), followed by the same figures as a table, then each
competence with its level, evidence, reference, history and any verifier's comments, so a
mentor or line manager can review it on paper.

The download pages (``careermanager.competence.views.downloads``) call the builders directly;
they are also registered on ``CompetenceConfig.documents`` (parameters: the object's id), so a
document job can make them.
"""

from datetime import datetime

from django.utils import timezone

from careermanager.competence.charts import levels_chart, render_chart_svg
from careermanager.competence.models import Assessment, JobProfile, SkillLevel
from careermanager.competence.queries import AssessmentView, assessment_view, job_profile_rows
from careermanager.core.formatting import format_date
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


def member_name(user) -> str:
    return getattr(user, "full_name", "") or user.email


def now_or(value: datetime | None) -> datetime:
    return value or timezone.now()


def build_assessment(*, assessment: Assessment, generated_at: datetime | None = None) -> Document:
    """The whole assessment: summary, chart, then every competence by area."""
    framework = assessment.framework
    view = assessment_view(assessment, history=True)
    name = member_name(assessment.owner)
    sections = [_summary(view)]
    if view.overall_comments:
        sections.append(
            Section(
                "Comments on the whole assessment",
                [_comment(comment) for comment in view.overall_comments],
            )
        )
    sections += [_area(group) for group in view.areas]
    if view.retired:
        sections.append(_retired(view.retired))
    title = f"{framework.category} competence assessment"
    checked = (
        f"; checked against the source on {format_date(framework.checked_on)}"
        if framework.checked_on
        else ""
    )
    return Document(
        title=TitleBlock(
            member=name,
            title=title,
            subtitle=f"{framework.name}, {framework.edition} ({framework.source}{checked})",
            generated_at=now_or(generated_at),
        ),
        sections=sections,
        filename=f"{framework.category} competence assessment {name}",
        subject=f"{name}'s self-assessment against {framework}",
    )


def _summary(view: AssessmentView) -> Section:
    chart = levels_chart(view)
    status = (
        "Complete: every competence has a level and evidence"
        if view.complete
        else f"In progress: {view.total - view.assessed_count} still to assess"
    )
    by_area = Table(
        caption="Number of competences at each level, by area",
        columns=[
            Column("Area", wide=True),
            *(Column(label, numeric=True) for label in SkillLevel.labels),
            Column("Assessed", numeric=True),
        ],
        rows=[
            [
                f"{group.area.code}. {group.area.title}",
                *(str(count) for count in group.level_counts),
                f"{group.assessed_count} of {len(group.rows)}",
            ]
            for group in view.areas
        ],
        totals=[
            "All areas",
            *(str(count) for count in view.level_totals),
            f"{view.assessed_count} of {view.total}",
        ],
    )
    levels = Table(
        caption="Current level in each competence and the levels held before",
        columns=[
            Column("Competence"),
            Column("Current level"),
            Column("Earlier levels", wide=True),
        ],
        rows=[
            [
                row.competence.code,
                row.level_label
                + (f" (since {format_date(row.level_since)})" if row.level_since else ""),
                "; ".join(
                    f"{label} from {format_date(when)}" for when, label, _ in row.earlier_levels
                )
                or "None",
            ]
            for row in view.rows
        ],
    )
    return Section(
        "Summary",
        [
            KeyValues(
                [
                    ("Competences assessed", f"{view.assessed_count} of {view.total}"),
                    ("Status", status),
                ]
            ),
            by_area,
            Image(render_chart_svg(chart), alt=chart.summary, caption="Levels over time"),
            levels,
        ],
    )


def _area(group) -> Section:
    return Section(
        f"{group.area.code}. {group.area.title}",
        subsections=[_competence(row) for row in group.rows],
    )


def _retired(rows) -> Section:
    """Answers to competences the published standard does not have: kept, not counted."""
    return Section(
        "No longer part of the standard",
        [
            Paragraph(
                "Career Manager's data for this standard listed these competences by mistake. "
                "What was written for them is kept here, but it does not count towards the "
                "assessment."
            )
        ],
        subsections=[_competence(row) for row in rows],
    )


def _competence(row) -> Section:
    heading = f"{row.competence.code} {row.competence.title}"
    if row.current is None:
        return Section(heading, [Paragraph("Not assessed yet.")])
    current = row.current
    blocks = [
        KeyValues(
            [
                ("Level", current.get_level_display()),
                ("Reference", current.reference or "None given"),
                ("Last updated", format_date(current.updated_at)),
            ]
        ),
        LongText("Evidence", current.evidence or "None given"),
    ]
    if len(row.history) > 1:
        blocks.append(
            Table(
                caption="Earlier versions, newest first",
                columns=[Column("Saved"), Column("Level"), Column("Evidence", wide=True)],
                rows=[
                    [
                        format_date(revision.created_at),
                        revision.get_level_display(),
                        revision.evidence,
                    ]
                    for revision in reversed(row.history[:-1])
                ],
            )
        )
    blocks += [_comment(comment) for comment in row.comments]
    return Section(heading, blocks)


def _comment(comment) -> LongText:
    ticket = comment.ticket
    return LongText(
        f"Comment from {ticket.guest_name} ({ticket.purpose.lower()}), "
        f"{format_date(comment.updated_at)}",
        comment.body,
    )


def build_job_profile(*, profile: JobProfile, generated_at: datetime | None = None) -> Document:
    """The role's competences with target, current level and gap, then the evidence."""
    rows = job_profile_rows(profile)
    name = member_name(profile.owner)
    met = sum(1 for row in rows if row.current and row.gap == 0)
    overview = [
        KeyValues(
            [
                ("Role", profile.get_kind_display()),
                ("Competences", str(len(rows))),
                ("Targets met", f"{met} of {len(rows)}"),
            ]
        )
    ]
    if profile.description:
        overview.append(LongText("Notes", profile.description))
    sections = [Section("Overview", overview)]
    if rows:
        sections.append(
            Section(
                "Competences and gaps",
                [
                    Table(
                        caption="Each competence: the level the role needs, yours, and the gap",
                        columns=[
                            Column("Competence", wide=True),
                            Column("Framework"),
                            Column("Target"),
                            Column("Your level"),
                            Column("Gap"),
                        ],
                        rows=[
                            [
                                f"{row.item.competence.code} {row.item.competence.title}",
                                row.item.competence.area.framework.name,
                                row.item.get_target_level_display(),
                                row.current.get_level_display() if row.current else "Not assessed",
                                row.gap_text,
                            ]
                            for row in rows
                        ],
                    )
                ],
            )
        )
        assessed = [row for row in rows if row.current]
        if assessed:
            sections.append(
                Section(
                    "Your evidence",
                    subsections=[
                        Section(
                            f"{row.item.competence.code} {row.item.competence.title}",
                            [
                                KeyValues(
                                    [
                                        ("Level", row.current.get_level_display()),
                                        ("Reference", row.current.reference or "None given"),
                                    ]
                                ),
                                LongText("Evidence", row.current.evidence or "None given"),
                            ],
                        )
                        for row in assessed
                    ],
                )
            )
    return Document(
        title=TitleBlock(
            member=name,
            title="Job profile summary",
            subtitle=profile.title,
            generated_at=now_or(generated_at),
        ),
        sections=sections,
        filename=f"job profile {profile.title} {name}",
        empty_message="This job profile has no competences yet.",
        subject=f"{name}'s job profile: {profile.title}",
    )


def build_assessment_of(*, owner, assessment: int) -> Document:
    """The owner's assessment with this id, as a document job asks for it."""
    owned = Assessment.objects.with_framework().owned_by(owner)
    return build_assessment(assessment=owned.get(pk=assessment))


def build_job_profile_of(*, owner, profile: int) -> Document:
    """The owner's job profile with this id, as a document job asks for it."""
    return build_job_profile(profile=JobProfile.objects.owned_by(owner).get(pk=profile))
