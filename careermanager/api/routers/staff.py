"""Read-only lists for the institution's staff: only staff tokens (or staff signed in with
two-factor in the browser) reach them."""

from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from careermanager.api.auth import require_staff
from careermanager.api.errors import READ_ERRORS
from careermanager.api.pagination import Page, PageParams, paginate_queryset
from careermanager.declarations.queries import submitted_in_year
from careermanager.registration.models import SENT_STATUSES, Application
from careermanager.review.queries import year_list

router = Router(tags=["Staff"])


class Member(Schema):
    id: int
    email: str
    full_name: str


class SubmittedDeclaration(Schema):
    id: int
    year: int
    member: Member
    compliance: str
    submitted_at: datetime | None


class ReceivedApplication(Schema):
    id: int
    member: Member
    status: str
    category: str
    route: str
    submitted_at: datetime | None
    received_at: datetime | None
    outcome: str
    decided_at: datetime | None


class MonitoringRecord(Schema):
    declaration_id: int
    year: int
    member: Member
    submitted_at: datetime | None
    sampled: bool
    status: str = Field(description="The case's status; `not_sampled` when not in the sample.")
    outcome_at: datetime | None
    replied_at: datetime | None


class YearParams(PageParams):
    year: int = Field(default_factory=lambda: timezone.localdate().year, ge=1950, le=2200)


def _member(user) -> Member:
    return Member(id=user.pk, email=user.email, full_name=user.full_name)


@router.get(
    "/declarations",
    response={200: Page[SubmittedDeclaration], **READ_ERRORS},
    url_name="staff-declaration-list",
    operation_id="listSubmittedDeclarations",
    summary="Declarations submitted for a year",
)
def list_submitted_declarations(request: HttpRequest, params: Query[YearParams]):
    require_staff(request)

    def build(rows):
        return [
            SubmittedDeclaration(
                id=row.pk,
                year=row.year,
                member=_member(row.owner),
                compliance=row.compliance,
                submitted_at=row.submitted_at,
            )
            for row in rows
        ]

    return paginate_queryset(request, submitted_in_year(params.year), params, build)


@router.get(
    "/applications",
    response={200: Page[ReceivedApplication], **READ_ERRORS},
    url_name="staff-application-list",
    operation_id="listReceivedApplications",
    summary="Registration applications sent to the institution",
)
def list_received_applications(request: HttpRequest, params: Query[PageParams]):
    require_staff(request)

    def build(rows):
        return [
            ReceivedApplication(
                id=row.pk,
                member=_member(row.owner),
                status=row.status,
                category=row.category,
                route=row.route,
                submitted_at=row.submitted_at,
                received_at=row.received_at,
                outcome=row.outcome,
                decided_at=row.decided_at,
            )
            for row in rows
        ]

    sent = Application.objects.filter(status__in=SENT_STATUSES).select_related("owner")
    return paginate_queryset(request, sent, params, build)


@router.get(
    "/monitoring",
    response={200: Page[MonitoringRecord], **READ_ERRORS},
    url_name="staff-monitoring-list",
    operation_id="listMonitoring",
    summary="CPD monitoring of a year: each submitted declaration and its outcome",
)
def list_monitoring(request: HttpRequest, params: Query[YearParams]):
    require_staff(request)

    def build(rows):
        records = []
        for row in rows:
            case = getattr(row, "monitoring_case", None)
            records.append(
                MonitoringRecord(
                    declaration_id=row.pk,
                    year=row.year,
                    member=_member(row.owner),
                    submitted_at=row.submitted_at,
                    sampled=case is not None,
                    status=case.status if case else "not_sampled",
                    outcome_at=case.outcome_at if case else None,
                    replied_at=case.replied_at if case else None,
                )
            )
        return records

    return paginate_queryset(request, year_list(params.year), params, build)
