"""Download pages: a form of choices, then the document.

The forms use GET: a download changes nothing, can be repeated, and its address can be kept
("my CV as Word"). A valid submission answers with the file as an attachment, so the browser
stays on the form; an invalid one shows the form again with the problems. The documents are
short enough to make while the member waits (see docs/documents.md).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from careermanager.profiles.documents import (
    build_cv,
    build_orgchart,
    build_training_summary,
    employment_for_chart,
)
from careermanager.profiles.download_forms import CvForm, OrgChartForm, TrainingSummaryForm
from careermanager.reports import renderers
from careermanager.reports.responses import download


@require_safe
@login_required
def cv(request: HttpRequest) -> HttpResponse:
    form = CvForm(request.GET or None)
    if form.is_bound and form.is_valid():
        document = build_cv(owner=request.user, sections=form.cleaned_data["sections"])
        return download(renderers.render(document, form.cleaned_data["format"]))
    return render(request, "profiles/download_cv.html", {"form": form})


@require_safe
@login_required
def training_summary(request: HttpRequest) -> HttpResponse:
    form = TrainingSummaryForm(request.GET or None, initial=TrainingSummaryForm.initial_period())
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        document = build_training_summary(
            owner=request.user,
            start=data["start"],
            end=data["end"],
            descriptions=data["descriptions"],
        )
        return download(renderers.render(document, data["format"]))
    return render(request, "profiles/download_training_summary.html", {"form": form})


@require_safe
@login_required
def orgchart(request: HttpRequest, pk: int) -> HttpResponse:
    """The chart of one of the member's roles; PDF unless the link asks for ?format=png."""
    employment = employment_for_chart(owner=request.user, pk=pk)
    form = OrgChartForm(request.GET or {"format": "pdf"})
    if form.is_valid():
        document = build_orgchart(employment=employment)
        return download(renderers.render(document, form.cleaned_data["format"]))
    return render(
        request, "profiles/download_orgchart.html", {"form": form, "employment": employment}
    )
