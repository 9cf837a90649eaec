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
    Framework,
    JobProfile,
    JobProfileItem,
    RegistrationCategory,
    SkillLevel,
    VerificationComment,
)
from careermanager.core.formatting import format_date


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
    def level_changes(self) -> list[tuple[datetime, str, int]]:
        """Each level the member has held: (from when, label, rank), oldest first."""
        changes = []
        previous = None
        for revision in self.history:
            if revision.level != previous:
                changes.append((revision.created_at, revision.get_level_display(), revision.rank))
                previous = revision.level
        if not changes and self.current is not None:
            changes.append((self.current.updated_at, self.level_label, self.rank))
        return changes

    @property
    def earlier_levels(self) -> list[tuple[datetime, str, int]]:
        """Each change of level before the current one: (from when, label, rank), oldest first."""
        return self.level_changes[:-1]

    @property
    def timeline_text(self) -> str:
        """The levels over time in words: "Trainee from 3 March 2025, Practitioner since …"."""
        changes = self.level_changes
        return ", ".join(
            f"{label} {'since' if index == len(changes) - 1 else 'from'} {format_date(when)}"
            for index, (when, label, _rank) in enumerate(changes)
        )


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

    @property
    def next_category(self) -> str:
        """The registration usually sought after this one; "" after CEng."""
        return NEXT_CATEGORY.get(self.assessment.framework.category, "")


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


def levels_for(owner, competence_ids) -> dict[int, str]:
    """The member's current level (a SkillLevel value) for each competence they have assessed.

    Competences they have not assessed are left out. One query, however many competences.
    """
    ids = list(competence_ids)
    if not ids:
        return {}
    return dict(
        CompetenceAssessment.objects.owned_by(owner)
        .filter(competence__in=ids)
        .values_list("competence_id", "level")
    )


def assessed_competences(owner):
    """The current competences of every current framework the member has an assessment for.

    Ordered by framework, area and the competence's place in it, with its area and framework
    loaded, so a form can group the choices by framework without more queries.
    """
    frameworks = Assessment.objects.owned_by(owner).values("framework")
    return (
        Competence.objects.current()
        .filter(area__framework__in=frameworks, area__framework__retired_at__isnull=True)
        .select_related("area__framework")
        .order_by(
            "area__framework__kind",
            "area__framework__category",
            "area__framework__code",
            "area__order",
            "order",
            "code",
        )
    )


def current_competence(pk: int) -> Competence | None:
    """A competence of a current framework edition, with its area and framework; else None.

    For a link that names a competence of a framework the member has not assessed yet, such
    as one of the next grade's. One query.
    """
    return (
        Competence.objects.current()
        .filter(pk=pk, area__framework__retired_at__isnull=True)
        .select_related("area__framework")
        .first()
    )


@dataclass(frozen=True)
class JobProfileTarget:
    """One competence of one of the member's job profiles, and the level the role needs."""

    job_profile_id: int
    job_profile_title: str
    competence_id: int
    competence_code: str
    competence_title: str
    framework_name: str
    target_level: str
    target_label: str
    current_level: str  # "" when the member has not assessed it

    @property
    def gap(self) -> int:
        have = SkillLevel.rank_of(self.current_level)
        return max(SkillLevel.rank_of(self.target_level) - have, 0)


def job_profile_targets(owner) -> list[JobProfileTarget]:
    """Every competence in the member's job profiles with its target and their level.

    Profiles most recently changed first, each in the order its page shows. Two queries.
    """
    items = list(
        JobProfileItem.objects.filter(profile__in=JobProfile.objects.owned_by(owner))
        .select_related("profile", "competence__area__framework")
        .order_by(
            "-profile__updated_at",
            "-profile__pk",
            "-competence__area__framework__kind",
            "competence__area__framework__name",
            "competence__area__order",
            "competence__order",
        )
    )
    levels = levels_for(owner, {item.competence_id for item in items})
    return [
        JobProfileTarget(
            job_profile_id=item.profile_id,
            job_profile_title=item.profile.title,
            competence_id=item.competence_id,
            competence_code=item.competence.code,
            competence_title=item.competence.title,
            framework_name=item.competence.area.framework.name,
            target_level=item.target_level,
            target_label=item.get_target_level_display(),
            current_level=levels.get(item.competence_id, ""),
        )
        for item in items
    ]


# The registration a member usually works towards after each one. CEng is the highest.
NEXT_CATEGORY = {
    RegistrationCategory.ENGTECH: RegistrationCategory.IENG,
    RegistrationCategory.ICTTECH: RegistrationCategory.IENG,
    RegistrationCategory.IENG: RegistrationCategory.CENG,
}


@dataclass(frozen=True)
class NextGradeRow:
    """One competence of the next grade: the member's level, the level expected, the gap."""

    competence_id: int
    code: str
    title: str
    area_code: str
    area_title: str
    expected_level: str
    expected_label: str
    current_level: str  # "" when there is no level to compare
    current_label: str  # "Not assessed" when there is none
    # Where the level comes from ("your EngTech B1"), or why there is none.
    source: str

    @property
    def assessed(self) -> bool:
        return bool(self.current_level)

    @property
    def gap(self) -> int:
        """Levels still to gain (from nothing when not assessed); 0 when met."""
        return max(
            SkillLevel.rank_of(self.expected_level) - SkillLevel.rank_of(self.current_level), 0
        )

    @property
    def gap_text(self) -> str:
        if not self.assessed:
            return "Not assessed"
        if self.gap == 0:
            return "Expected level met"
        return f"{self.gap} level{'s' if self.gap > 1 else ''} to go"


@dataclass(frozen=True)
class NextGrade:
    """What the next registration grade asks of a member, from one of their assessments."""

    category: str  # the assessment's category, e.g. "EngTech"
    framework_name: str
    next_category: str  # "" when there is no next grade (CEng)
    next_category_label: str
    next_framework_id: int | None  # None when no current framework for the next grade
    next_framework_name: str
    next_framework_edition: str
    expected_level: str
    expected_label: str
    # Whether the two standards share their code structure (UK-SPEC's categories do), so a
    # level carries over by code with the same meaning; otherwise codes are only a guide.
    same_standard: bool
    rows: list[NextGradeRow] = field(default_factory=list)

    @property
    def has_next(self) -> bool:
        return bool(self.next_category)

    @property
    def met_count(self) -> int:
        return sum(1 for row in self.rows if row.assessed and row.gap == 0)

    @property
    def below_count(self) -> int:
        return sum(1 for row in self.rows if row.assessed and row.gap > 0)

    @property
    def not_assessed_count(self) -> int:
        return sum(1 for row in self.rows if not row.assessed)


# Codes whose frameworks are editions of the same standard, UK-SPEC, with one code structure.
UK_SPEC_CATEGORIES = {
    RegistrationCategory.CENG,
    RegistrationCategory.IENG,
    RegistrationCategory.ENGTECH,
}


def next_grade(owner, assessment: Assessment) -> NextGrade:
    """Compare the member's levels in one assessment with what the next grade expects.

    Each current competence of the next grade's current framework is matched by code with
    the competence of the same code in the assessment's framework. A competence the member has
    assessed in the next framework itself (from a job profile or its own assessment) counts
    first. Plain data, four queries at most, however many competences or revisions.
    """
    framework = assessment.framework
    category = framework.category
    next_category = NEXT_CATEGORY.get(category, "")
    empty = NextGrade(
        category=category,
        framework_name=framework.name,
        next_category=next_category,
        next_category_label=RegistrationCategory(next_category).label if next_category else "",
        next_framework_id=None,
        next_framework_name="",
        next_framework_edition="",
        expected_level="",
        expected_label="",
        same_standard=category in UK_SPEC_CATEGORIES,
    )
    if not next_category:
        return empty
    target = Framework.objects.current().for_category(next_category).first()
    if target is None:
        return empty
    competences = list(
        Competence.objects.filter(area__framework__in=[framework.pk, target.pk])
        .select_related("area")
        .order_by("area__order", "order", "code")
    )
    levels = levels_for(owner, [competence.pk for competence in competences])
    held = {
        competence.code: competence
        for competence in competences
        if competence.area.framework_id == framework.pk and not competence.is_retired
    }
    same_standard = category in UK_SPEC_CATEGORIES
    expected = SkillLevel(target.expected_level)
    rows = []
    for competence in competences:
        if competence.area.framework_id != target.pk or competence.is_retired:
            continue
        counterpart = held.get(competence.code)
        if competence.pk in levels:
            level = levels[competence.pk]
            source = f"Your {next_category} {competence.code}"
        elif counterpart is None:
            level = ""
            source = f"{category} has no {competence.code}, so you have no level to carry over"
        elif counterpart.pk in levels:
            level = levels[counterpart.pk]
            source = f"Your {category} {competence.code}"
        else:
            level = ""
            source = f"You have not assessed {category} {competence.code} yet"
        rows.append(
            NextGradeRow(
                competence_id=competence.pk,
                code=competence.code,
                title=competence.title,
                area_code=competence.area.code,
                area_title=competence.area.title,
                expected_level=expected.value,
                expected_label=expected.label,
                current_level=level,
                current_label=SkillLevel(level).label if level else "Not assessed",
                source=source,
            )
        )
    return NextGrade(
        category=category,
        framework_name=framework.name,
        next_category=next_category,
        next_category_label=RegistrationCategory(next_category).label,
        next_framework_id=target.pk,
        next_framework_name=target.name,
        next_framework_edition=target.edition,
        expected_level=expected.value,
        expected_label=expected.label,
        same_standard=same_standard,
        rows=rows,
    )


@dataclass(frozen=True)
class CategoryCompetence:
    """One competence of a registration category's current framework, as an application
    lists it."""

    area_code: str
    area_title: str
    code: str
    title: str
    description: str


def category_competences(category: str) -> list[CategoryCompetence]:
    """The current competences of the category's current framework, in order (1 query).

    Empty when no current framework for the category has been imported.
    """
    rows = (
        Competence.objects.current()
        .filter(
            area__framework__in=Framework.objects.current().registration().for_category(category)
        )
        .select_related("area")
        .order_by("area__order", "area__code", "order", "code")
    )
    return [
        CategoryCompetence(
            area_code=row.area.code,
            area_title=row.area.title,
            code=row.code,
            title=row.title,
            description=row.description,
        )
        for row in rows
    ]


def evidence_by_code(owner, category: str) -> dict[str, str]:
    """The member's written evidence for each competence of the category's current framework,
    by competence code; competences without evidence are left out (1 query)."""
    rows = (
        CompetenceAssessment.objects.owned_by(owner)
        .filter(
            competence__area__framework__in=Framework.objects.current()
            .registration()
            .for_category(category)
        )
        .exclude(evidence="")
        .values_list("competence__code", "evidence")
    )
    return dict(rows)
