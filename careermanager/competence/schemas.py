"""A member's competence records as plain typed records, for the API, exports and snapshots.

Values are raw, never formatted: skill levels and kinds are their stored values
("practitioner", not "Practitioner"), times are timezone-aware `datetime` (ISO 8601 in JSON),
no display text is added. A framework is named by its code and edition (frameworks are
reference data, never edited in place), and a competence by its framework and its code, so a
record means the same thing in any installation that has that edition.

`member_records(owner)` reads everything with a fixed number of queries.
"""

from collections import defaultdict
from datetime import datetime

from django.db.models import Prefetch
from ninja import Schema

from careermanager.competence.models import (
    Assessment,
    CompetenceAssessment,
    CompetenceRevision,
    JobProfile,
    JobProfileItem,
)


class FrameworkRef(Schema):
    code: str  # "UK-SPEC-CEng"
    edition: str  # "4th edition"


class CompetenceRef(Schema):
    framework: FrameworkRef
    code: str  # "A1"


class RevisionRecord(Schema):
    level: str
    evidence: str
    reference: str
    created_at: datetime


class CompetenceLevelRecord(Schema):
    """The member's current level for one competence, and every earlier save (oldest first)."""

    competence: CompetenceRef
    level: str
    evidence: str
    reference: str
    created_at: datetime
    updated_at: datetime
    revisions: list[RevisionRecord]


class AssessmentRecord(Schema):
    """A registration assessment against one framework edition, with the levels in it."""

    framework: FrameworkRef
    created_at: datetime
    updated_at: datetime
    competences: list[CompetenceLevelRecord]  # in the framework's order


class JobProfileItemRecord(Schema):
    competence: CompetenceRef
    target_level: str


class JobProfileRecord(Schema):
    id: int
    title: str
    kind: str
    description: str
    created_at: datetime
    updated_at: datetime
    items: list[JobProfileItemRecord]


class CompetenceRecords(Schema):
    assessments: list[AssessmentRecord]
    # Levels of competences in frameworks the member has no assessment of (job-role frameworks
    # assessed through a job profile).
    other_levels: list[CompetenceLevelRecord]
    job_profiles: list[JobProfileRecord]


def _framework_ref(framework) -> FrameworkRef:
    return FrameworkRef(code=framework.code, edition=framework.edition)


def _competence_ref(competence) -> CompetenceRef:
    return CompetenceRef(framework=_framework_ref(competence.area.framework), code=competence.code)


def _level(record: CompetenceAssessment) -> CompetenceLevelRecord:
    return CompetenceLevelRecord(
        competence=_competence_ref(record.competence),
        level=record.level,
        evidence=record.evidence,
        reference=record.reference,
        created_at=record.created_at,
        updated_at=record.updated_at,
        revisions=[RevisionRecord.model_validate(revision) for revision in record.history],
    )


def member_records(owner) -> CompetenceRecords:
    """Every competence record of this member (5 queries, however many records)."""
    assessments = list(Assessment.objects.owned_by(owner).with_framework())
    levels_by_framework = defaultdict(list)
    for record in (
        CompetenceAssessment.objects.owned_by(owner)
        .select_related("competence__area__framework")
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=CompetenceRevision.objects.order_by("created_at", "pk"),
                to_attr="history",
            )
        )
        .order_by("competence__area__framework_id", "competence__area__order", "competence__order")
    ):
        levels_by_framework[record.competence.area.framework_id].append(_level(record))
    assessed = {assessment.framework_id for assessment in assessments}
    profiles = JobProfile.objects.owned_by(owner).prefetch_related(
        Prefetch(
            "items",
            queryset=JobProfileItem.objects.select_related("competence__area__framework"),
        )
    )
    return CompetenceRecords(
        assessments=[
            AssessmentRecord(
                framework=_framework_ref(assessment.framework),
                created_at=assessment.created_at,
                updated_at=assessment.updated_at,
                competences=levels_by_framework[assessment.framework_id],
            )
            for assessment in assessments
        ],
        other_levels=[
            level
            for framework_id, levels in levels_by_framework.items()
            if framework_id not in assessed
            for level in levels
        ],
        job_profiles=[
            JobProfileRecord(
                id=profile.id,
                title=profile.title,
                kind=profile.kind,
                description=profile.description,
                created_at=profile.created_at,
                updated_at=profile.updated_at,
                items=[
                    JobProfileItemRecord(
                        competence=_competence_ref(item.competence),
                        target_level=item.target_level,
                    )
                    for item in profile.items.all()
                ],
            )
            for profile in profiles
        ],
    )
