"""CPD activity reports: ask for one, watch it being made, download it later."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.cpd import forms
from careermanager.cpd.models import ReportJob
from careermanager.cpd.services.reports import report_request


def owned_job(request: HttpRequest, pk: int) -> ReportJob:
    return get_object_or_404(ReportJob.objects.owned_by(request.user), pk=pk)


@require_safe
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(ReportJob.objects.owned_by(request.user).recent(), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "cpd/report_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    form = forms.ReportForm(
        forms.posted(request), initial=forms.ReportForm.initial_for(timezone.localdate())
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = report_request(owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            return redirect("cpd:report-status", pk=job.pk)
    return render(request, "cpd/report_new.html", {"form": form})


@require_safe
@login_required
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = owned_job(request, pk)
    template = "cpd/report_status.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"job": job})


@require_safe
@login_required
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = owned_job(request, pk)
    if not job.is_ready:
        raise Http404("This report is not ready")
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=job.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
