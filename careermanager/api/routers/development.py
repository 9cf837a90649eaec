"""Development objectives and their actions, checked by the development pages' forms.

Objectives about a competence are read here; the API sets and changes personal objectives
(choosing a competence and its level is done on the objective's page).
"""

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from careermanager.api.auth import require_write
from careermanager.api.errors import ERRORS, NO_CONTENT, READ_ERRORS, Problem
from careermanager.api.idempotency import create_once
from careermanager.api.inputs import check, form_data
from careermanager.api.pagination import Page, PageParams, paginate_queryset
from careermanager.competence.schemas import CompetenceRef, FrameworkRef
from careermanager.development import forms as dev_forms
from careermanager.development import services
from careermanager.development.models import Action, Objective, Status
from careermanager.development.schemas import ActionRecord, ObjectiveRecord

router = Router(tags=["Development"])

PERSONAL_ONLY = (
    "The API sets personal objectives: choose a competence and its level on the objective's page."
)


class ObjectiveInput(Schema):
    """A personal objective (ObjectiveRecord without what the server decides)."""

    kind: str = Field("personal", description="Only `personal` can be sent.")
    title: str
    measure: str
    reason: str = ""
    target_date: date
    status: str = Field("not_started", description="not_started, in_progress, complete…")
    completed_on: date | None = None


class ActionInput(Schema):
    kind: str
    description: str
    due_date: date
    status: str = "not_started"
    completed_on: date | None = None
    training_id: int | None = None
    activity_id: int | None = None


def objective_records(objectives: list[Objective]) -> list[ObjectiveRecord]:
    ids = [objective.pk for objective in objectives]
    activities = defaultdict(list)
    for objective_id, activity_id in (
        Objective.activities.through.objects.filter(objective_id__in=ids)
        .order_by("activity_id")
        .values_list("objective_id", "activity_id")
    ):
        activities[objective_id].append(activity_id)
    loaded = (
        Objective.objects.filter(pk__in=ids)
        .select_related("competence__area__framework")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("due_date", "pk")))
        .order_by("pk")
    )
    records = []
    for objective in loaded:
        competence = objective.competence
        records.append(
            ObjectiveRecord(
                id=objective.pk,
                kind=objective.kind,
                competence=None
                if competence is None
                else CompetenceRef(
                    framework=FrameworkRef(
                        code=competence.area.framework.code,
                        edition=competence.area.framework.edition,
                    ),
                    code=competence.code,
                ),
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
        )
    return records


def _objective(request: HttpRequest, pk: int) -> Objective:
    return get_object_or_404(Objective.objects.owned_by(request.user), pk=pk)


def _action(request: HttpRequest, pk: int) -> Action:
    return get_object_or_404(
        Action.objects.filter(objective__owner=request.user).select_related("objective"), pk=pk
    )


def _objective_fields(request: HttpRequest, payload: ObjectiveInput, objective=None) -> dict:
    if payload.kind != Objective.Kind.PERSONAL:
        raise Problem(422, PERSONAL_ONLY, errors={"kind": [PERSONAL_ONLY]})
    form = dev_forms.ObjectiveForm(form_data(payload, {}), owner=request.user, objective=objective)
    return check(form).service_kwargs()


def _status(status: str) -> str:
    if status not in Status.values:
        raise Problem(422, "Check the values sent.", errors={"status": ["Not a status"]})
    return status


@router.get(
    "/objectives",
    response={200: Page[ObjectiveRecord], **READ_ERRORS},
    url_name="development-objective-list",
    operation_id="listObjectives",
    summary="List your development objectives",
)
def list_objectives(request: HttpRequest, params: Query[PageParams]):
    return paginate_queryset(
        request, Objective.objects.owned_by(request.user), params, objective_records
    )


@router.post(
    "/objectives",
    response={201: ObjectiveRecord, **ERRORS},
    url_name="development-objective-create",
    operation_id="createObjective",
    summary="Set a personal objective",
)
def create_objective(request: HttpRequest, payload: ObjectiveInput):
    require_write(request)

    def make():
        fields = _objective_fields(request, payload)
        fields["status"] = _status(payload.status)
        objective = services.objective_create(
            owner=request.user, completed_on=payload.completed_on, **fields
        )
        location = reverse("api:v1:development-objective", args=[objective.pk])
        return objective_records([objective])[0], location

    return create_once(request, make)


@router.get(
    "/objectives/{int:objective_id}",
    response={200: ObjectiveRecord, **READ_ERRORS},
    url_name="development-objective",
    operation_id="getObjective",
    summary="Read one objective, with its actions",
)
def get_objective(request: HttpRequest, objective_id: int):
    return objective_records([_objective(request, objective_id)])[0]


@router.put(
    "/objectives/{int:objective_id}",
    response={200: ObjectiveRecord, **ERRORS},
    url_name="development-objective-update",
    operation_id="updateObjective",
    summary="Change a personal objective, or its status",
)
def update_objective(request: HttpRequest, objective_id: int, payload: ObjectiveInput):
    require_write(request)
    objective = _objective(request, objective_id)
    if objective.kind != Objective.Kind.PERSONAL:
        raise Problem(409, PERSONAL_ONLY)
    fields = _objective_fields(request, payload, objective)
    status = _status(payload.status)
    with transaction.atomic():
        objective = services.objective_update(objective=objective, actor=request.user, **fields)
        if status != objective.status or (
            status == Status.COMPLETE and payload.completed_on not in (None, objective.completed_on)
        ):
            services.objective_set_status(
                objective=objective,
                actor=request.user,
                status=status,
                completed_on=payload.completed_on,
            )
    return objective_records([objective])[0]


@router.delete(
    "/objectives/{int:objective_id}",
    response={204: None, **ERRORS},
    url_name="development-objective-delete",
    operation_id="deleteObjective",
    summary="Delete an objective and its actions",
)
def delete_objective(request: HttpRequest, objective_id: int):
    require_write(request)
    services.objective_delete(objective=_objective(request, objective_id), actor=request.user)
    return NO_CONTENT


def _action_fields(request: HttpRequest, payload: ActionInput, *, adding: bool) -> dict:
    renames = {"training_id": "training", "activity_id": "activity"}
    form = dev_forms.ActionForm(form_data(payload, renames), owner=request.user, adding=adding)
    return check(form, renames).service_kwargs()


def _action_record(action: Action) -> ActionRecord:
    return ActionRecord.model_validate(Action.objects.get(pk=action.pk), from_attributes=True)


@router.post(
    "/objectives/{int:objective_id}/actions",
    response={201: ActionRecord, **ERRORS},
    url_name="development-action-create",
    operation_id="createAction",
    summary="Add an action to an objective",
)
def create_action(request: HttpRequest, objective_id: int, payload: ActionInput):
    require_write(request)
    objective = _objective(request, objective_id)

    def make():
        fields = _action_fields(request, payload, adding=True)
        action = services.action_create(
            objective=objective, actor=request.user, completed_on=payload.completed_on, **fields
        )
        return _action_record(action), reverse("api:v1:development-action", args=[action.pk])

    return create_once(request, make)


@router.get(
    "/actions/{int:action_id}",
    response={200: ActionRecord, **READ_ERRORS},
    url_name="development-action",
    operation_id="getAction",
    summary="Read one action",
)
def get_action(request: HttpRequest, action_id: int):
    return _action_record(_action(request, action_id))


@router.put(
    "/actions/{int:action_id}",
    response={200: ActionRecord, **ERRORS},
    url_name="development-action-update",
    operation_id="updateAction",
    summary="Change an action, or its status",
)
def update_action(request: HttpRequest, action_id: int, payload: ActionInput):
    require_write(request)
    action = _action(request, action_id)
    fields = _action_fields(request, payload, adding=False)
    status = _status(payload.status)
    with transaction.atomic():
        action = services.action_update(action=action, actor=request.user, **fields)
        if status != action.status:
            services.action_set_status(
                action=action, actor=request.user, status=status, completed_on=payload.completed_on
            )
    return _action_record(action)


@router.delete(
    "/actions/{int:action_id}",
    response={204: None, **ERRORS},
    url_name="development-action-delete",
    operation_id="deleteAction",
    summary="Delete an action",
)
def delete_action(request: HttpRequest, action_id: int):
    require_write(request)
    services.action_delete(action=_action(request, action_id), actor=request.user)
    return NO_CONTENT
