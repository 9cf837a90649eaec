"""Download pages: a form of choices, then the document.

The forms use GET: a download changes nothing, can be repeated, and its address can be kept
("my CV as Word"). A valid submission answers with the file as an attachment, so the browser
stays on the form; an invalid one shows the form again with the problems. The documents are
short enough to make while the member waits (see docs/documents.md).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from careermanager.profiles.documents import (
    build_cv,
    build_orgchart,
    build_orgcharts,
    build_training_summary,
    employment_for_chart,
)
from careermanager.profiles.download_forms import CvForm, OrgChartForm, TrainingSummaryForm
from careermanager.profiles.orgchart import chart_for, roles_for_diagram, standalone_svg
from careermanager.reports import renderers
from careermanager.reports.documents import safe_filename
from careermanager.reports.renderers import Rendered
from careermanager.reports.responses import download

SVG = "image/svg+xml"


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


# An SVG opened straight from the download runs nothing and loads nothing, whatever it held.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


@require_safe
@login_required
def orgchart(request: HttpRequest, pk: int) -> HttpResponse:
    """The chart of one of the member's roles; PDF unless the link asks for ?format=png or svg."""
    employment = employment_for_chart(owner=request.user, pk=pk)
    form = OrgChartForm(request.GET or {"format": "pdf"})
    if form.is_valid():
        if form.cleaned_data["format"] == "svg":
            return _svg_download(employment)
        document = build_orgchart(employment=employment)
        return download(renderers.render(document, form.cleaned_data["format"]))
    roles = roles_for_diagram(request.user)
    return render(
        request,
        "profiles/download_orgchart.html",
        {
            "form": form,
            "employment": employment,
            # Offer both posts in one file from the current post's page, as an application asks.
            "previous": roles[1] if len(roles) > 1 and roles[0].pk == employment.pk else None,
        },
    )


def _svg_download(employment) -> HttpResponse:
    chart = chart_for(employment)
    stem = f"organisation chart {chart.member.name} {chart.job_title} {chart.employer}"
    response = download(Rendered(safe_filename(stem, "svg"), SVG, standalone_svg(chart).encode()))
    response["Content-Security-Policy"] = SVG_POLICY
    return response


@require_safe
@login_required
def orgcharts(request: HttpRequest) -> HttpResponse:
    """The charts of the current post and the previous one (if it changed within three years)
    in one PDF, as a registration application asks for them; a 404 without any role."""
    roles = roles_for_diagram(request.user)
    if not roles:
        raise Http404("No role to draw.")
    return download(renderers.render(build_orgcharts(employments=roles), "pdf"))
