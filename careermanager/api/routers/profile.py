"""The CV's records: employment, education, development schemes, training, achievements.

Each section has the same five operations, checked by the form its page uses and saved by
`profiles.services.record_save`, so the API keeps the page's rules.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema

from careermanager.api.auth import require_write
from careermanager.api.errors import ERRORS, NO_CONTENT, READ_ERRORS, Problem
from careermanager.api.idempotency import create_once
from careermanager.api.inputs import check, form_data, input_schema
from careermanager.api.pagination import Page, PageParams, paginate_queryset
from careermanager.profiles import services
from careermanager.profiles.forms import PersonalDetailsForm
from careermanager.profiles.models import PersonalDetails
from careermanager.profiles.schemas import (
    AchievementRecord,
    DevelopmentSchemeRecord,
    EducationRecord,
    EmploymentRecord,
    PersonalDetailsRecord,
    TrainingRecord,
)
from careermanager.profiles.sections import SECTIONS
from careermanager.profiles.services import SAVED_ELSEWHERE

router = Router(tags=["Profile"])


@dataclass(frozen=True)
class Area:
    path: str  # /profile/<path>
    section: str  # profiles.sections key
    record: type[Schema]
    noun: str  # "Employment": operation ids listEmployment, createEmployment, …
    label: str  # "role": summaries


AREAS = [
    Area("employment", "employment", EmploymentRecord, "Employment", "role"),
    Area("education", "education", EducationRecord, "Education", "qualification"),
    Area("schemes", "scheme", DevelopmentSchemeRecord, "DevelopmentScheme", "development scheme"),
    Area("training", "training", TrainingRecord, "Training", "training record"),
    Area("achievements", "achievement", AchievementRecord, "Achievement", "achievement"),
]


def _records(area: Area):
    def build(rows: list) -> list:
        if area.section == "employment":
            # The accountability diagram's people come with each role (one query).
            prefetch_related_objects(rows, "accountability_people")
        return [area.record.model_validate(row, from_attributes=True) for row in rows]

    return build


def _register(area: Area) -> None:
    spec = SECTIONS[area.section]
    exclude = ("accountability_people",) if area.section == "employment" else ()
    Input = input_schema(area.record, f"{area.noun}Input", exclude=exclude)
    build = _records(area)
    item_url = f"profile-{area.path}"

    def owned(request: HttpRequest, pk: int):
        return get_object_or_404(spec.model.objects.owned_by(request.user), pk=pk)

    def save(request: HttpRequest, payload, record):
        form = spec.form(form_data(payload), instance=record)
        check(form)
        return services.record_save(record=form.instance, actor=request.user)

    def listing(request: HttpRequest, params: Query[PageParams]):
        return paginate_queryset(request, spec.model.objects.owned_by(request.user), params, build)

    def create(request: HttpRequest, payload: Input):  # type: ignore[valid-type]
        require_write(request)

        def make():
            record = save(request, payload, spec.model(owner=request.user))
            return build([record])[0], reverse(f"api:v1:{item_url}", args=[record.pk])

        return create_once(request, make)

    def read(request: HttpRequest, record_id: int):
        return build([owned(request, record_id)])[0]

    def update(request: HttpRequest, record_id: int, payload: Input):  # type: ignore[valid-type]
        require_write(request)
        return build([save(request, payload, owned(request, record_id))])[0]

    def delete(request: HttpRequest, record_id: int):
        require_write(request)
        services.record_delete(record=owned(request, record_id), actor=request.user)
        return NO_CONTENT

    for function in (listing, create, read, update, delete):
        function.__name__ = f"{function.__name__}_{area.path}"
    base, item = f"/{area.path}", f"/{area.path}/{{int:record_id}}"
    router.get(
        base,
        response={200: Page[area.record], **READ_ERRORS},
        url_name=f"profile-{area.path}-list",
        operation_id=f"list{area.noun}",
        summary=f"List your {spec.title.lower()}",
    )(listing)
    router.post(
        base,
        response={201: area.record, **ERRORS},
        url_name=f"profile-{area.path}-create",
        operation_id=f"create{area.noun}",
        summary=f"Add {spec.article} {area.label}",
    )(create)
    router.get(
        item,
        response={200: area.record, **READ_ERRORS},
        url_name=item_url,
        operation_id=f"get{area.noun}",
        summary=f"Read one {area.label}",
    )(read)
    router.put(
        item,
        response={200: area.record, **ERRORS},
        url_name=f"{item_url}-update",
        operation_id=f"update{area.noun}",
        summary=f"Change {spec.article} {area.label}",
    )(update)
    router.delete(
        item,
        response={204: None, **ERRORS},
        url_name=f"{item_url}-delete",
        operation_id=f"delete{area.noun}",
        summary=f"Delete {spec.article} {area.label}",
    )(delete)


for _area in AREAS:
    _register(_area)


PersonalDetailsInput = input_schema(PersonalDetailsRecord, "PersonalDetailsInput")


def _personal(details: PersonalDetails) -> PersonalDetailsRecord:
    return PersonalDetailsRecord.model_validate(details, from_attributes=True)


@router.get(
    "/personal",
    response={200: PersonalDetailsRecord, **READ_ERRORS},
    url_name="profile-personal",
    operation_id="getPersonalDetails",
    summary="Read your personal details",
)
def get_personal(request: HttpRequest):
    """Your name, address and contact details (a 404 until you have saved them)."""
    return _personal(get_object_or_404(PersonalDetails.objects.owned_by(request.user)))


@router.put(
    "/personal",
    response={200: PersonalDetailsRecord, **ERRORS},
    url_name="profile-personal-update",
    operation_id="updatePersonalDetails",
    summary="Save your personal details",
)
def update_personal(request: HttpRequest, payload: PersonalDetailsInput):  # type: ignore[valid-type]
    require_write(request)
    details = PersonalDetails.objects.owned_by(request.user).first() or PersonalDetails(
        owner=request.user
    )
    form = check(PersonalDetailsForm(form_data(payload), instance=details))
    try:
        details = services.personal_details_save(details=form.instance, actor=request.user)
    except ValidationError as error:
        if getattr(error, "code", "") == "saved_elsewhere":
            raise Problem(409, SAVED_ELSEWHERE) from None
        raise
    return _personal(details)
