"""A member's CPD records as plain typed records, for the API, exports and snapshots.

Values are raw, never formatted: dates are `date` (ISO "2024-05-03" in JSON), types, statuses
and sources are their stored values ("self_study", not "Self-study"), hours are `Decimal`
written in JSON as strings exactly as stored ("7.50"), so no hour is rounded through a float.
No display text is added. Topics, institutions and policies are named by their codes, and a
competence by its framework's code and edition and its own code.

`member_records(owner)` reads everything with a fixed number of queries. (For CPD within a
period, as the totals, compliance and reports count it, see `careermanager.cpd.queries`.)
"""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from ninja import Schema

from careermanager.competence.schemas import CompetenceRef, FrameworkRef
from careermanager.cpd.models import Activity, Folder, MemberPolicy


class FolderRecord(Schema):
    id: int
    name: str
    created_at: datetime


class ReflectionRecord(Schema):
    """The member's answers to the reflection questions ("" when not answered)."""

    learned: str
    went_well: str
    differently: str
    met_needs: str
    impact: str
    follow_up: str


class ActivityRecord(Schema):
    id: int
    folder_id: int | None
    type: str
    status: str
    title: str
    start_date: date
    end_date: date
    hours: Decimal
    description: str
    reflection: ReflectionRecord
    topics: list[str]  # topic codes
    competences: list[CompetenceRef]  # the competences it gives evidence of
    source: str
    source_uid: str
    created_at: datetime
    updated_at: datetime


class ChosenPolicyRecord(Schema):
    policy: str  # the policy's code, "iet-active"
    institution: str  # the institution's code
    chosen_at: datetime


class CpdRecords(Schema):
    folders: list[FolderRecord]
    activities: list[ActivityRecord]  # newest first
    policies: list[ChosenPolicyRecord]


_ACTIVITY_FIELDS = [
    "id",
    "folder_id",
    "type",
    "status",
    "title",
    "start_date",
    "end_date",
    "hours",
    "description",
    *(f"reflection_{answer}" for answer in ReflectionRecord.model_fields),
    "source",
    "source_uid",
    "created_at",
    "updated_at",
]


def member_records(owner) -> CpdRecords:
    """Every CPD record of this member (5 queries, however many records)."""
    mine = Activity.objects.owned_by(owner)
    topics = defaultdict(list)
    for activity_id, code in (
        Activity.topics.through.objects.filter(activity__in=mine)
        .order_by("topic__order", "topic__name")
        .values_list("activity_id", "topic__code")
    ):
        topics[activity_id].append(code)
    competences = defaultdict(list)
    for activity_id, framework, edition, code in (
        Activity.competences.through.objects.filter(activity__in=mine)
        .order_by(
            "competence__area__framework__code",
            "competence__area__order",
            "competence__order",
            "competence__code",
        )
        .values_list(
            "activity_id",
            "competence__area__framework__code",
            "competence__area__framework__edition",
            "competence__code",
        )
    ):
        competences[activity_id].append(
            CompetenceRef(framework=FrameworkRef(code=framework, edition=edition), code=code)
        )
    activities = []
    for row in mine.values(*_ACTIVITY_FIELDS):
        row["reflection"] = {
            answer: row.pop(f"reflection_{answer}") for answer in ReflectionRecord.model_fields
        }
        row["topics"] = topics[row["id"]]
        row["competences"] = competences[row["id"]]
        activities.append(ActivityRecord.model_validate(row))
    return CpdRecords(
        folders=[
            FolderRecord.model_validate(row)
            for row in Folder.objects.owned_by(owner).values(*FolderRecord.model_fields)
        ],
        activities=activities,
        policies=[
            ChosenPolicyRecord(policy=policy, institution=institution, chosen_at=chosen_at)
            for policy, institution, chosen_at in MemberPolicy.objects.filter(owner=owner)
            .order_by("created_at", "pk")
            .values_list("policy__code", "policy__institution__code", "created_at")
        ],
    )
