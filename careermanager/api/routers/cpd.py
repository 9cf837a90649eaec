"""CPD activities and folders: the member's own, read and written as on the CPD pages."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
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
from careermanager.cpd import forms as cpd_forms
from careermanager.cpd import services
from careermanager.cpd.models import Activity, Folder, Topic
from careermanager.cpd.schemas import ActivityRecord, FolderRecord, ReflectionRecord

router = Router(tags=["CPD"])


class ReflectionInput(Schema):
    learned: str = ""
    went_well: str = ""
    differently: str = ""
    met_needs: str = ""
    impact: str = ""
    follow_up: str = ""


class ActivityInput(Schema):
    """A CPD activity as a client sends it (ActivityRecord without what the server decides)."""

    type: Activity.Type
    title: str
    start_date: date
    end_date: date | None = Field(None, description="The start date when left out.")
    hours: Decimal = Field(description='Hours as a decimal string, "1.50".')
    folder_id: int | None = None
    description: str = ""
    topics: list[str] = Field(default_factory=list, description="Topic codes.")
    reflection: ReflectionInput | None = Field(
        None, description="Answers to the reflection questions; left out: unchanged."
    )


class FolderInput(Schema):
    name: str


# ------------------------------------------------------------------------------ records


def activity_records(activities: list[Activity]) -> list[ActivityRecord]:
    """These activities as records (2 queries for their topics and competences)."""
    ids = [activity.pk for activity in activities]
    topics = defaultdict(list)
    for activity_id, code in (
        Activity.topics.through.objects.filter(activity_id__in=ids)
        .order_by("topic__order", "topic__name")
        .values_list("activity_id", "topic__code")
    ):
        topics[activity_id].append(code)
    competences = defaultdict(list)
    for activity_id, framework, edition, code in (
        Activity.competences.through.objects.filter(activity_id__in=ids)
        .order_by("competence__area__framework__code", "competence__area__order")
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
    return [
        ActivityRecord(
            id=activity.pk,
            folder_id=activity.folder_id,
            type=activity.type,
            status=activity.status,
            title=activity.title,
            start_date=activity.start_date,
            end_date=activity.end_date,
            hours=activity.hours,
            description=activity.description,
            reflection=ReflectionRecord(
                **{
                    name: getattr(activity, f"reflection_{name}")
                    for name in ReflectionRecord.model_fields
                }
            ),
            topics=topics[activity.pk],
            competences=competences[activity.pk],
            source=activity.source,
            source_uid=activity.source_uid,
            created_at=activity.created_at,
            updated_at=activity.updated_at,
        )
        for activity in activities
    ]


def _activity(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(Activity.objects.owned_by(request.user), pk=pk)


def _folder(request: HttpRequest, pk: int) -> Folder:
    return get_object_or_404(Folder.objects.owned_by(request.user), pk=pk)


def _topics(codes: list[str]) -> list[Topic]:
    found = {topic.code: topic for topic in Topic.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise Problem(
            422,
            "Check the values sent.",
            errors={"topics": [f"Unknown topic: {code}" for code in unknown]},
        )
    return [found[code] for code in dict.fromkeys(codes)]


def _validated(request: HttpRequest, payload: ActivityInput, *, allow_future: bool = False):
    """The activity's details, checked by the quick form the CPD pages use."""
    renames = {"folder_id": "folder"}
    data = form_data(payload, renames)
    form = cpd_forms.ActivityForm(data, owner=request.user, allow_future=allow_future)
    if payload.folder_id is not None and "folder" not in form.fields:
        raise Problem(422, "Check the values sent.", errors={"folder_id": ["Not your folder"]})
    check(form, renames)
    fields = {
        name: form.cleaned_data.get(name)
        for name in ("type", "title", "start_date", "end_date", "hours", "folder")
    }
    fields["description"] = payload.description
    return fields


def _reflect(request: HttpRequest, activity: Activity, reflection: ReflectionInput | None):
    if reflection is None:
        return activity
    answers = {f"reflection_{name}": value for name, value in reflection.model_dump().items()}
    if not any(answers.values()) and not activity.has_reflection:
        return activity
    return services.activity_reflect(activity=activity, actor=request.user, **answers)


def _one(activity: Activity) -> ActivityRecord:
    return activity_records([Activity.objects.get(pk=activity.pk)])[0]


# ------------------------------------------------------------------------------ activities


@router.get(
    "/activities",
    response={200: Page[ActivityRecord], **READ_ERRORS},
    url_name="cpd-activity-list",
    operation_id="listActivities",
    summary="List your CPD activities",
)
def list_activities(request: HttpRequest, params: Query[PageParams]):
    """Your CPD activities, in the order they were recorded."""
    return paginate_queryset(
        request, Activity.objects.owned_by(request.user), params, activity_records
    )


@router.post(
    "/activities",
    response={201: ActivityRecord, **ERRORS},
    url_name="cpd-activity-create",
    operation_id="createActivity",
    summary="Log a CPD activity",
)
def create_activity(request: HttpRequest, payload: ActivityInput):
    """Record an activity, checked as the CPD form checks it. Send an Idempotency-Key."""
    require_write(request)

    def make():
        fields = _validated(request, payload)
        topics = _topics(payload.topics)
        with transaction.atomic():
            activity = services.activity_create(owner=request.user, topics=topics, **fields)
            _reflect(request, activity, payload.reflection)
        return _one(activity), reverse("api:v1:cpd-activity", args=[activity.pk])

    return create_once(request, make)


@router.get(
    "/activities/{int:activity_id}",
    response={200: ActivityRecord, **READ_ERRORS},
    url_name="cpd-activity",
    operation_id="getActivity",
    summary="Read one CPD activity",
)
def get_activity(request: HttpRequest, activity_id: int):
    return _one(_activity(request, activity_id))


@router.put(
    "/activities/{int:activity_id}",
    response={200: ActivityRecord, **ERRORS},
    url_name="cpd-activity-update",
    operation_id="updateActivity",
    summary="Change a CPD activity",
)
def update_activity(request: HttpRequest, activity_id: int, payload: ActivityInput):
    """Replace the activity's details (and its reflection, when sent)."""
    require_write(request)
    activity = _activity(request, activity_id)
    fields = _validated(request, payload, allow_future=activity.is_draft)
    topics = _topics(payload.topics)
    with transaction.atomic():
        activity = services.activity_update(
            activity=activity, actor=request.user, topics=topics, **fields
        )
        _reflect(request, activity, payload.reflection)
    return _one(activity)


@router.delete(
    "/activities/{int:activity_id}",
    response={204: None, **ERRORS},
    url_name="cpd-activity-delete",
    operation_id="deleteActivity",
    summary="Delete a CPD activity",
)
def delete_activity(request: HttpRequest, activity_id: int):
    require_write(request)
    services.activity_delete(activity=_activity(request, activity_id), actor=request.user)
    return NO_CONTENT


# ------------------------------------------------------------------------------ folders


def _folder_records(folders: list[Folder]) -> list[FolderRecord]:
    return [FolderRecord.model_validate(folder, from_attributes=True) for folder in folders]


def _folder_form(request: HttpRequest, payload: FolderInput, folder: Folder | None = None):
    form = cpd_forms.FolderForm({"name": payload.name}, owner=request.user, folder=folder)
    return check(form).cleaned_data["name"]


@router.get(
    "/folders",
    response={200: Page[FolderRecord], **READ_ERRORS},
    url_name="cpd-folder-list",
    operation_id="listFolders",
    summary="List your CPD folders",
)
def list_folders(request: HttpRequest, params: Query[PageParams]):
    return paginate_queryset(
        request, Folder.objects.owned_by(request.user), params, _folder_records
    )


@router.post(
    "/folders",
    response={201: FolderRecord, **ERRORS},
    url_name="cpd-folder-create",
    operation_id="createFolder",
    summary="Make a CPD folder",
)
def create_folder(request: HttpRequest, payload: FolderInput):
    require_write(request)

    def make():
        folder = services.folder_create(owner=request.user, name=_folder_form(request, payload))
        return _folder_records([folder])[0], reverse("api:v1:cpd-folder", args=[folder.pk])

    return create_once(request, make)


@router.get(
    "/folders/{int:folder_id}",
    response={200: FolderRecord, **READ_ERRORS},
    url_name="cpd-folder",
    operation_id="getFolder",
    summary="Read one CPD folder",
)
def get_folder(request: HttpRequest, folder_id: int):
    return _folder_records([_folder(request, folder_id)])[0]


@router.put(
    "/folders/{int:folder_id}",
    response={200: FolderRecord, **ERRORS},
    url_name="cpd-folder-update",
    operation_id="renameFolder",
    summary="Rename a CPD folder",
)
def rename_folder(request: HttpRequest, folder_id: int, payload: FolderInput):
    require_write(request)
    folder = _folder(request, folder_id)
    name = _folder_form(request, payload, folder)
    folder = services.folder_rename(folder=folder, name=name, actor=request.user)
    return _folder_records([folder])[0]


@router.delete(
    "/folders/{int:folder_id}",
    response={204: None, **ERRORS},
    url_name="cpd-folder-delete",
    operation_id="deleteFolder",
    summary="Delete a CPD folder (its activities stay, outside any folder)",
)
def delete_folder(request: HttpRequest, folder_id: int):
    require_write(request)
    services.folder_delete(folder=_folder(request, folder_id), actor=request.user)
    return NO_CONTENT
