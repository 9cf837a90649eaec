"""Access helpers shared by the competence views."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from careermanager.competence.models import Assessment, Competence, Framework, JobProfile


def staff_required(view):
    """Signed in and on the institution's staff; everyone else is told the page is not there."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_reviewer:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def owned_assessment(request, pk: int) -> Assessment:
    return get_object_or_404(Assessment.objects.owned_by(request.user).with_framework(), pk=pk)


def owned_profile(request, pk: int) -> JobProfile:
    return get_object_or_404(JobProfile.objects.owned_by(request.user), pk=pk)


def competence_of(framework: Framework, code: str) -> Competence:
    return get_object_or_404(
        Competence.objects.select_related("area__framework").prefetch_related("guidance"),
        area__framework=framework,
        code=code,
    )


def guidance_of(competence: Competence) -> dict[str, str]:
    return {guidance.level: guidance.text for guidance in competence.guidance.all()}
