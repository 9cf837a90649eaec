"""Asking for an export of all one's data, watching it being made, and downloading it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from careermanager.portability import conf, services
from careermanager.portability.models import DataExport
from careermanager.reports.responses import download_file


def owned_export(request: HttpRequest, pk: int) -> DataExport:
    return get_object_or_404(DataExport.objects.owned_by(request.user), pk=pk)


@require_POST
@login_required
def export_request(request: HttpRequest) -> HttpResponse:
    export = services.export_request(owner=request.user)
    return redirect("portability:export-status", pk=export.pk)


@require_safe
@login_required
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The export's progress; htmx polls the #progress fragment until it is finished."""
    export = owned_export(request, pk)
    template = "portability/export_status.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"export": export, "days_kept": conf.export_days()})


@require_safe
@login_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = owned_export(request, pk)
    if not export.is_ready:
        raise Http404("This export is not ready, or no longer kept")
    return download_file(export.file, filename=export.filename, content_type="application/zip")
