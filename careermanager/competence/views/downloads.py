"""Downloads of the member's assessment and job profiles, rendered by the reports engine."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from careermanager.competence.documents import build_assessment, build_job_profile
from careermanager.competence.views.common import owned_assessment, owned_profile
from careermanager.reports import renderers
from careermanager.reports.responses import download

FORMATS = ("pdf", "docx")


def _format(name: str) -> str:
    if name not in FORMATS:
        raise Http404
    return name


@require_safe
@login_required
def assessment_download(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    assessment = owned_assessment(request, pk)
    document = build_assessment(assessment=assessment)
    return download(renderers.render(document, _format(format)))


@require_safe
@login_required
def job_profile_download(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    profile = owned_profile(request, pk)
    document = build_job_profile(profile=profile)
    return download(renderers.render(document, _format(format)))
