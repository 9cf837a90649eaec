"""A member's development plan as plain typed records, for the API, exports and snapshots.

Values are raw, never formatted: kinds, statuses and levels are their stored values
("in_progress", not "In progress"), dates are `date` (ISO "2026-05-03" in JSON), no display
text is added. A competence is named by its framework's code and edition and its own code
(competence.schemas.CompetenceRef). Training records and CPD activities an action or objective
points at are named by their ids in the profiles and cpd records.

`member_records(owner)` reads everything with a fixed number of queries.
"""

from collections import defaultdict
from datetime import date, datetime

from django.db.models import Prefetch
from ninja import Schema

from careermanager.competence.schemas import CompetenceRef, FrameworkRef
from careermanager.development.models import Action, Objective, Plan


class ActionRecord(Schema):
    id: int
    kind: str
    description: str
    due_date: date
    status: str
    completed_on: date | None
    training_id: int | None  # a profiles training record
    activity_id: int | None  # a cpd activity
    created_at: datetime
    updated_at: datetime


class ObjectiveRecord(Schema):
    id: int
    kind: str
    competence: CompetenceRef | None
    job_profile_id: int | None
    starting_level: str
    target_level: str
    title: str
    measure: str
    reason: str
    target_date: date
    status: str
    completed_on: date | None
    activity_ids: list[int]  # CPD activities the member says served it
    actions: list[ActionRecord]  # by due date
    created_at: datetime
    updated_at: datetime


class PlanRecord(Schema):
    reminders: bool


class DevelopmentRecords(Schema):
    objectives: list[ObjectiveRecord]  # by target date
    plan: PlanRecord


def _competence_ref(objective: Objective) -> CompetenceRef | None:
    competence = objective.competence
    if competence is None:
        return None
    framework = competence.area.framework
    return CompetenceRef(
        framework=FrameworkRef(code=framework.code, edition=framework.edition),
        code=competence.code,
    )


def member_records(owner) -> DevelopmentRecords:
    """Every development record of this member (4 queries, however many records)."""
    activities = defaultdict(list)
    for objective_id, activity_id in (
        Objective.activities.through.objects.filter(objective__owner=owner)
        .order_by("activity_id")
        .values_list("objective_id", "activity_id")
    ):
        activities[objective_id].append(activity_id)
    objectives = (
        Objective.objects.owned_by(owner)
        .select_related("competence__area__framework")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("due_date", "pk")))
        .order_by("target_date", "pk")
    )
    plan = Plan.objects.filter(owner=owner).first()
    return DevelopmentRecords(
        objectives=[
            ObjectiveRecord(
                id=objective.pk,
                kind=objective.kind,
                competence=_competence_ref(objective),
                job_profile_id=objective.job_profile_id,
                starting_level=objective.starting_level,
                target_level=objective.target_level,
                title=objective.title,
                measure=objective.measure,
                reason=objective.reason,
                target_date=objective.target_date,
                status=objective.status,
                completed_on=objective.completed_on,
                activity_ids=activities[objective.pk],
                actions=[
                    ActionRecord.model_validate(action, from_attributes=True)
                    for action in objective.actions.all()
                ],
                created_at=objective.created_at,
                updated_at=objective.updated_at,
            )
            for objective in objectives
        ],
        plan=PlanRecord(reminders=(plan or Plan(owner=owner)).reminders),
    )
