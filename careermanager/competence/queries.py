"""Reading a member's competence records in the shapes pages and downloads need.

Each function runs a fixed number of queries, however many competences or revisions there
are, so the pages' query budgets stay flat.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch, Q

from careermanager.competence.models import (
    Area,
    Assessment,
    Competence,
    CompetenceAssessment,
    CompetenceRevision,
    JobProfile,
    JobProfileItem,
    SkillLevel,
    VerificationComment,
)


@dataclass
class CompetenceRow:
    competence: Competence
    current: CompetenceAssessment | None = None
    history: list[CompetenceRevision] = field(default_factory=list)  # oldest first
    comments: list[VerificationComment] = field(default_factory=list)

    @property
    def assessed(self) -> bool:
        return self.current is not None

    @property
    def status(self) -> str:
        return "Completed" if self.assessed else "Not started"

    @property
    def rank(self) -> int:
        return self.current.rank if self.current else 0

    @property
    def level_label(self) -> str:
        return self.current.get_level_display() if self.current else "Not assessed"

    @property
    def level_since(self) -> datetime | None:
        """When the member reached the current level (needs the history loaded)."""
        if self.current is None:
            return None
        since = self.current.updated_at
        for revision in reversed(self.history):
            if revision.level != self.current.level:
                break
            since = revision.created_at
        return since

    @property
    def earlier_levels(self) -> list[tuple[datetime, str, int]]:
        """Each change of level before the current one: (from when, label, rank), oldest first."""
        changes = []
        previous = None
        for revision in self.history:
            if revision.level != previous:
                changes.append((revision.created_at, revision.get_level_display(), revision.rank))
                previous = revision.level
        return changes[:-1] if changes else []


@dataclass
class AreaRows:
    area: Area
    rows: list[CompetenceRow]

    @property
    def assessed_count(self) -> int:
        return sum(1 for row in self.rows if row.assessed)

    def count_at(self, level: str) -> int:
        return sum(1 for row in self.rows if row.current and row.current.level == level)

    @property
    def level_counts(self) -> list[int]:
        return [self.count_at(level) for level in SkillLevel.values]


@dataclass
class AssessmentView:
    assessment: Assessment
    areas: list[AreaRows]
    overall_comments: list[VerificationComment] = field(default_factory=list)
    # Answers to competences found not to be part of the standard (retired from our data):
    # kept and shown apart, never counted towards the assessment.
    retired: list[CompetenceRow] = field(default_factory=list)

    @property
    def rows(self) -> list[CompetenceRow]:
        return [row for area in self.areas for row in area.rows]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def assessed_count(self) -> int:
        return sum(area.assessed_count for area in self.areas)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.assessed_count == self.total

    @property
    def level_totals(self) -> list[int]:
        return [sum(area.count_at(level) for area in self.areas) for level in SkillLevel.values]


def _areas_with_competences(framework) -> list[Area]:
    return list(
        Area.objects.filter(framework=framework)
        .order_by("order", "code")
        .prefetch_related(
            Prefetch("competences", queryset=Competence.objects.order_by("order", "code"))
        )
    )


def assessment_view(
    assessment: Assessment, *, history: bool = False, comments: bool = True
) -> AssessmentView:
    """The assessment's competences by area, with the member's current levels.

    With history, each row also carries every revision (for the chart); with comments, the
    verifiers' comments (current tickets and old ones alike).
    """
    framework = assessment.framework
    currents = {
        current.competence_id: current
        for current in CompetenceAssessment.objects.filter(
            owner_id=assessment.owner_id, competence__area__framework=framework
        )
    }
    revisions: dict[int, list[CompetenceRevision]] = defaultdict(list)
    if history:
        for revision in CompetenceRevision.objects.filter(
            competence_assessment__in=[current.pk for current in currents.values()]
        ).order_by("created_at", "pk"):
            revisions[revision.competence_assessment_id].append(revision)
    by_competence: dict[int | None, list[VerificationComment]] = defaultdict(list)
    if comments:
        for comment in VerificationComment.objects.for_assessment(assessment).order_by(
            "-updated_at"
        ):
            by_competence[comment.competence_id].append(comment)
    areas = []
    retired = []
    for area in _areas_with_competences(framework):
        rows = []
        for competence in area.competences.all():
            current = currents.get(competence.pk)
            row = CompetenceRow(
                competence=competence,
                current=current,
                history=revisions.get(current.pk, []) if current else [],
                comments=by_competence.get(competence.pk, []),
            )
            if not competence.is_retired:
                rows.append(row)
            elif current is not None or row.comments:
                retired.append(row)
        areas.append(AreaRows(area=area, rows=rows))
    return AssessmentView(
        assessment=assessment,
        areas=areas,
        overall_comments=by_competence.get(None, []),
        retired=retired,
    )


@dataclass
class Progress:
    assessment: Assessment
    assessed: int
    total: int


def assessment_progress(user) -> list[Progress]:
    """How far the member has got with each of their assessments, most recent first."""
    assessments = list(
        Assessment.objects.owned_by(user)
        .select_related("framework")
        .annotate(
            total=Count(
                "framework__areas__competences",
                filter=Q(framework__areas__competences__retired_at__isnull=True),
                distinct=True,
            )
        )
    )
    assessed = dict(
        CompetenceAssessment.objects.owned_by(user)
        .filter(competence__retired_at__isnull=True)
        .values_list("competence__area__framework")
        .annotate(count=Count("pk"))
        .values_list("competence__area__framework", "count")
    )
    return [
        Progress(assessment, assessed.get(assessment.framework_id, 0), assessment.total)
        for assessment in assessments
    ]


@dataclass
class ProfileRow:
    item: JobProfileItem
    current: CompetenceAssessment | None

    @property
    def gap(self) -> int:
        """Levels still to gain: 0 when the target is met."""
        have = self.current.rank if self.current else 0
        return max(self.item.target_rank - have, 0)

    @property
    def gap_text(self) -> str:
        if self.current is None:
            return "Not assessed yet"
        if self.gap == 0:
            return "Target met"
        return f"{self.gap} level{'s' if self.gap > 1 else ''} to go"


def job_profile_rows(profile: JobProfile) -> list[ProfileRow]:
    # Registration standards first, then job-role frameworks, each in the framework's order.
    items = list(
        profile.items.select_related("competence__area__framework").order_by(
            "-competence__area__framework__kind",
            "competence__area__framework__name",
            "competence__area__order",
            "competence__order",
        )
    )
    currents = {
        current.competence_id: current
        for current in CompetenceAssessment.objects.filter(
            owner_id=profile.owner_id, competence__in=[item.competence_id for item in items]
        )
    }
    return [ProfileRow(item, currents.get(item.competence_id)) for item in items]


def competences_assessed_by(owner):
    """The competences of every framework the member has an assessment against, in order.

    Other apps link their records to these (a CPD activity as evidence of a competence).
    """
    frameworks = Assessment.objects.owned_by(owner).values("framework")
    return (
        Competence.objects.filter(area__framework__in=frameworks)
        .select_related("area__framework")
        .order_by("area__framework__category", "area__order", "order", "code")
    )
