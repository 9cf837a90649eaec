from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from careermanager.competence.models import JobProfile
from careermanager.competence.queries import assessment_progress


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "competence/index.html",
        {
            "progress": assessment_progress(request.user),
            "profile_count": JobProfile.objects.owned_by(request.user).count(),
        },
    )
