"""Development history and the CPD planning report as PDF and Word.

Both are document jobs (``careermanager.reports``): the page asks for one with a POST, then
the engine's status page (``reports:job-status``) shows its progress and offers the download.
Each page lists the member's recent documents of its kind.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from careermanager.core.forms import posted
from careermanager.development import documents
from careermanager.development.document_forms import HistoryForm, PlanningReportForm
from careermanager.reports.models import DocumentJob

RECENT = 10


def _recent(request: HttpRequest, kind: str):
    return DocumentJob.objects.owned_by(request.user).of_kinds([kind]).recent()[:RECENT]


@require_http_methods(["GET", "POST"])
@login_required
def history_download(request: HttpRequest) -> HttpResponse:
    form = HistoryForm(posted(request))
    if request.method == "POST" and form.is_valid():
        job = documents.history_request(
            owner=request.user,
            file_format=form.cleaned_data["file_format"],
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )
        return redirect("reports:job-status", pk=job.pk)
    context = {
        "form": form,
        "jobs": _recent(request, documents.HISTORY),
        "days_kept": settings.DOCUMENT_DAYS,
    }
    return render(request, "development/history_download.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def planning_report(request: HttpRequest) -> HttpResponse:
    form = PlanningReportForm(posted(request), initial=PlanningReportForm.initial_period())
    if request.method == "POST" and form.is_valid():
        job = documents.planning_report_request(
            owner=request.user,
            file_format=form.cleaned_data["file_format"],
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            completed_only=form.cleaned_data["completed_only"],
        )
        return redirect("reports:job-status", pk=job.pk)
    context = {
        "form": form,
        "jobs": _recent(request, documents.PLANNING),
        "days_kept": settings.DOCUMENT_DAYS,
    }
    return render(request, "development/planning_report.html", context)
