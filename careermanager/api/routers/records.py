"""What the member reads but changes on the website: assessments, declarations, registration."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from careermanager.api.errors import READ_ERRORS
from careermanager.api.pagination import Page, PageParams, paginate_list, paginate_queryset
from careermanager.competence import schemas as competence
from careermanager.competence.schemas import AssessmentRecord, JobProfileRecord
from careermanager.declarations.models import Declaration
from careermanager.registration import schemas as registration
from careermanager.registration.models import Application
from careermanager.registration.schemas import IntentionRecord, SupporterRecord

router = Router(tags=["Submitted and assessed"])


class DeclarationRecord(Schema):
    """An annual CPD declaration: its year and where it has got to (the rest is on its page)."""

    id: int
    year: int
    status: str
    compliance: str
    submitted_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ApplicationRecord(Schema):
    """A registration application: its category, route and where it has got to."""

    id: int
    status: str
    category: str
    route: str
    locked_at: datetime | None
    snapshot_sha256: str
    submitted_at: datetime | None
    received_at: datetime | None
    outcome: str
    decided_at: datetime | None
    created_at: datetime
    updated_at: datetime


def declaration_records(rows: list) -> list[DeclarationRecord]:
    return [DeclarationRecord.model_validate(row, from_attributes=True) for row in rows]


def application_records(rows: list) -> list[ApplicationRecord]:
    return [ApplicationRecord.model_validate(row, from_attributes=True) for row in rows]


@router.get(
    "/assessments",
    response={200: Page[AssessmentRecord], **READ_ERRORS},
    url_name="assessment-list",
    operation_id="listAssessments",
    summary="Your competence assessments, with every level and its history",
)
def list_assessments(request: HttpRequest, params: Query[PageParams]):
    return paginate_list(request, competence.member_records(request.user).assessments, params)


@router.get(
    "/job-profiles",
    response={200: Page[JobProfileRecord], **READ_ERRORS},
    url_name="job-profile-list",
    operation_id="listJobProfiles",
    summary="Your job profiles and the levels each role needs",
)
def list_job_profiles(request: HttpRequest, params: Query[PageParams]):
    return paginate_list(request, competence.member_records(request.user).job_profiles, params)


@router.get(
    "/declarations",
    response={200: Page[DeclarationRecord], **READ_ERRORS},
    url_name="declaration-list",
    operation_id="listDeclarations",
    summary="Your annual CPD declarations",
)
def list_declarations(request: HttpRequest, params: Query[PageParams]):
    return paginate_queryset(
        request, Declaration.objects.owned_by(request.user), params, declaration_records
    )


@router.get(
    "/applications",
    response={200: Page[ApplicationRecord], **READ_ERRORS},
    url_name="application-list",
    operation_id="listApplications",
    summary="Your registration applications",
)
def list_applications(request: HttpRequest, params: Query[PageParams]):
    return paginate_queryset(
        request, Application.objects.owned_by(request.user), params, application_records
    )


@router.get(
    "/intentions",
    response={200: Page[IntentionRecord], **READ_ERRORS},
    url_name="intention-list",
    operation_id="listIntentions",
    summary="Your intentions to register",
)
def list_intentions(request: HttpRequest, params: Query[PageParams]):
    return paginate_list(request, registration.member_records(request.user).intentions, params)


@router.get(
    "/supporters",
    response={200: Page[SupporterRecord], **READ_ERRORS},
    url_name="supporter-list",
    operation_id="listSupporters",
    summary="The supporters you have named for registration",
)
def list_supporters(request: HttpRequest, params: Query[PageParams]):
    return paginate_list(request, registration.member_records(request.user).supporters, params)
