"""The "Your data" page, and downloads made at once: JSON Resume, CSV, the export's schema."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from careermanager.portability import conf, csvexport, jsonresume
from careermanager.portability.document import VERSION
from careermanager.portability.models import DataExport
from careermanager.portability.schema import SCHEMA_PATH
from careermanager.reports.renderers import Rendered
from careermanager.reports.responses import download

RECENT_EXPORTS = 5


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    exports = DataExport.objects.owned_by(request.user).recent()[:RECENT_EXPORTS]
    return render(
        request,
        "portability/index.html",
        {"exports": exports, "days_kept": conf.export_days(), "version": VERSION},
    )


def _dated(name: str, extension: str) -> str:
    return f"{name}-{timezone.localdate():%Y-%m-%d}.{extension}"


@require_safe
@login_required
def json_resume(request: HttpRequest) -> HttpResponse:
    content = jsonresume.resume_json(request.user)
    return download(Rendered(_dated("resume", "json"), "application/json", content))


@require_safe
@login_required
def activities_csv(request: HttpRequest) -> HttpResponse:
    content = csvexport.activities_csv(request.user)
    return download(Rendered(_dated("cpd-activities", "csv"), "text/csv; charset=utf-8", content))


@require_safe
@login_required
def training_csv(request: HttpRequest) -> HttpResponse:
    content = csvexport.training_csv(request.user)
    return download(Rendered(_dated("training", "csv"), "text/csv; charset=utf-8", content))


@require_safe
def export_schema(request: HttpRequest) -> FileResponse:
    """The published JSON Schema of the export document; public, like any format's schema."""
    response = FileResponse(
        SCHEMA_PATH.open("rb"), content_type="application/schema+json", filename=SCHEMA_PATH.name
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
