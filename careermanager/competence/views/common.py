"""Access helpers shared by the competence views."""

from django.shortcuts import get_object_or_404

from careermanager.competence.models import Assessment, Competence, Framework, JobProfile
from careermanager.core.access import owned_or_404


def owned_assessment(request, pk: int) -> Assessment:
    return owned_or_404(Assessment.objects.with_framework(), request.user, pk=pk)


def owned_profile(request, pk: int) -> JobProfile:
    return owned_or_404(JobProfile.objects.all(), request.user, pk=pk)


def competence_of(framework: Framework, code: str) -> Competence:
    return get_object_or_404(
        Competence.objects.select_related("area__framework").prefetch_related("guidance"),
        area__framework=framework,
        code=code,
    )


def guidance_of(competence: Competence) -> dict[str, str]:
    return {guidance.level: guidance.text for guidance in competence.guidance.all()}
