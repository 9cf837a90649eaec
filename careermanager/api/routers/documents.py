"""Documents made in the background: ask for one (202 and a job), poll it, then download."""

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from careermanager.api.errors import ERRORS, READ_ERRORS, Problem, ProblemDetails
from careermanager.api.pagination import Page, PageParams, paginate_queryset
from careermanager.cpd import forms as cpd_forms
from careermanager.cpd.services.reports import report_request
from careermanager.reports.models import DocumentJob
from careermanager.reports.responses import download_file
from careermanager.reports.services import document_job_request

router = Router(tags=["Documents"])

# What can be asked for here, and whether it covers a period.
KINDS = {
    "cpd.summary": "CPD activity report",
    "cpd.detailed": "Detailed CPD activity report (with descriptions and reflections)",
    "profiles.cv": "CV",
}


class DocumentRequest(Schema):
    kind: Literal["cpd.summary", "cpd.detailed", "profiles.cv"]
    format: Literal["pdf", "docx"] = "pdf"
    start_date: date | None = Field(None, description="CPD reports: the period's first day.")
    end_date: date | None = Field(None, description="CPD reports: the period's last day.")


class DocumentJobRecord(Schema):
    id: int
    kind: str
    title: str
    format: str
    status: str = Field(description="queued, running, ready or failed.")
    progress: int
    filename: str
    content_type: str
    size: int
    error: str
    created_at: datetime
    finished_at: datetime | None
    expires_at: datetime
    download: str | None = Field(description="The file's address once the job is ready.")


def _record(request: HttpRequest, job: DocumentJob) -> DocumentJobRecord:
    ready = job.status == DocumentJob.Status.READY
    return DocumentJobRecord(
        id=job.pk,
        kind=job.kind,
        title=job.title,
        format=job.file_format,
        status=job.status,
        progress=job.progress,
        filename=job.filename,
        content_type=job.content_type,
        size=job.size,
        error=job.error,
        created_at=job.created_at,
        finished_at=job.finished_at,
        expires_at=job.expires_at,
        download=request.build_absolute_uri(reverse("api:v1:document-file", args=[job.pk]))
        if ready
        else None,
    )


def _job(request: HttpRequest, pk: int) -> DocumentJob:
    return get_object_or_404(DocumentJob.objects.owned_by(request.user).of_kinds(KINDS), pk=pk)


@router.post(
    "",
    response={202: DocumentJobRecord, **ERRORS},
    url_name="document-request",
    operation_id="requestDocument",
    summary="Ask for a document; poll the job, then download it",
)
def request_document(request: HttpRequest, payload: DocumentRequest):
    """Answers 202 with the job and its address in Location. The same document asked for
    again within a minute, while it is still being made, is the same job. A read-only token
    may ask: a document changes no record."""
    if payload.kind.startswith("cpd."):
        form = cpd_forms.ReportForm(
            {
                "kind": payload.kind.removeprefix("cpd."),
                "file_format": payload.format,
                "start_date": payload.start_date.isoformat() if payload.start_date else "",
                "end_date": payload.end_date.isoformat() if payload.end_date else "",
            }
        )
        if not form.is_valid():
            raise Problem(
                422,
                "Check the values sent.",
                errors={
                    {"file_format": "format"}.get(field, field): [str(m) for m in messages]
                    for field, messages in form.errors.items()
                },
            )
        job = report_request(owner=request.user, **form.cleaned_data)
    else:
        job = document_job_request(
            owner=request.user,
            kind=payload.kind,
            file_format=payload.format,
            parameters={},
            title=KINDS[payload.kind],
        )
    job.refresh_from_db()
    response = JsonResponse(_record(request, job).model_dump(mode="json"), status=202)
    response["Location"] = reverse("api:v1:document", args=[job.pk])
    return response


@router.get(
    "",
    response={200: Page[DocumentJobRecord], **READ_ERRORS},
    url_name="document-list",
    operation_id="listDocuments",
    summary="Documents you asked for through the API (kept for a few days)",
)
def list_documents(request: HttpRequest, params: Query[PageParams]):
    jobs = DocumentJob.objects.owned_by(request.user).of_kinds(KINDS)
    return paginate_queryset(
        request, jobs, params, lambda rows: [_record(request, job) for job in rows]
    )


@router.get(
    "/{int:job_id}",
    response={200: DocumentJobRecord, **READ_ERRORS},
    url_name="document",
    operation_id="getDocument",
    summary="A document job: its status and, once ready, where to download it",
)
def get_document(request: HttpRequest, job_id: int):
    return _record(request, _job(request, job_id))


@router.get(
    "/{int:job_id}/file",
    response={
        200: None,
        409: ProblemDetails,
        **READ_ERRORS,
    },
    url_name="document-file",
    operation_id="downloadDocument",
    summary="Download a ready document",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file",
                "content": {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
                        "schema": {"type": "string", "format": "binary"}
                    },
                },
            }
        }
    },
)
def download_document(request: HttpRequest, job_id: int):
    job = _job(request, job_id)
    if job.status != DocumentJob.Status.READY:
        raise Problem(409, f"The document is not ready: it is {job.get_status_display().lower()}.")
    return download_file(job.file, filename=job.filename, content_type=job.content_type)
