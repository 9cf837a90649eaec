"""The member's professional registration assessment: task list, competences, summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careermanager.competence import services
from careermanager.competence.charts import levels_chart, timeline_chart
from careermanager.competence.forms import AssessCompetenceForm, StartAssessmentForm
from careermanager.competence.models import (
    Competence,
    CompetenceAssessment,
    SkillLevel,
    VerificationComment,
)
from careermanager.competence.queries import (
    NEXT_CATEGORY,
    CompetenceRow,
    assessment_progress,
    assessment_view,
)
from careermanager.competence.views.common import competence_of, guidance_of, owned_assessment
from careermanager.core.forms import posted


@require_safe
@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "competence/assessment_list.html",
        {"progress": assessment_progress(request.user), "form": StartAssessmentForm()},
    )


@require_POST
@login_required
def assessment_start(request: HttpRequest) -> HttpResponse:
    form = StartAssessmentForm(request.POST)
    if form.is_valid():
        try:
            assessment = services.assessment_start(
                owner=request.user, category=form.cleaned_data["category"]
            )
        except ValidationError as error:
            form.add_error("category", error)
        else:
            return redirect("competence:assessment-detail", pk=assessment.pk)
    return render(
        request,
        "competence/assessment_list.html",
        {"progress": assessment_progress(request.user), "form": form},
    )


@require_safe
@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = owned_assessment(request, pk)
    return render(
        request,
        "competence/assessment_detail.html",
        {
            "assessment": assessment,
            "view": assessment_view(assessment, history=True),
            "next_category": NEXT_CATEGORY.get(assessment.framework.category, ""),
        },
    )


@require_safe
@login_required
def assessment_summary(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = owned_assessment(request, pk)
    view = assessment_view(assessment, history=True, comments=False)
    return render(
        request,
        "competence/assessment_summary.html",
        {
            "assessment": assessment,
            "view": view,
            "chart": levels_chart(view),
            "levels": SkillLevel.choices,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def assessment_competence(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = owned_assessment(request, pk)
    competence = competence_of(assessment.framework, code)
    back = reverse("competence:assessment-detail", args=[assessment.pk])
    comments = VerificationComment.objects.for_assessment(assessment).filter(competence=competence)
    return assess_competence(
        request,
        competence=competence,
        back_url=back,
        back_label="Back to your assessment",
        success_url=f"{back}#competence-{competence.code}",
        comments=comments,
    )


def assess_competence(
    request: HttpRequest,
    *,
    competence: Competence,
    back_url: str,
    back_label: str,
    success_url: str,
    comments=(),
    objective_level: str = "",
    objective_job_profile: int | None = None,
) -> HttpResponse:
    """Show a competence with its guidance and the member's history; save a new assessment."""
    current = (
        CompetenceAssessment.objects.owned_by(request.user).filter(competence=competence).first()
    )
    framework = competence.area.framework
    guidance = guidance_of(competence)
    initial = (
        {"level": current.level, "evidence": current.evidence, "reference": current.reference}
        if current
        else {}
    )
    form = AssessCompetenceForm(posted(request), initial=initial, guidance=guidance)
    if request.method == "POST" and form.is_valid():
        try:
            services.competence_assess(
                owner=request.user,
                competence=competence,
                level=form.cleaned_data["level"],
                evidence=form.cleaned_data["evidence"],
                reference=form.cleaned_data["reference"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            level = SkillLevel(form.cleaned_data["level"]).label
            messages.success(request, f"Saved {competence.code}: {level}.")
            return redirect(success_url)
    history = list(current.revisions.all()) if current else []
    row = CompetenceRow(competence=competence, current=current, history=history[::-1])
    changes = row.level_changes
    return render(
        request,
        "competence/competence_form.html",
        {
            "competence": competence,
            "framework": framework,
            "form": form,
            "current": current,
            "history": history,
            "timeline": timeline_chart(changes, row.timeline_text) if changes else None,
            "comments": comments,
            "objective_level": objective_level,
            "objective_job_profile": objective_job_profile,
            "guidance": [(label, guidance.get(value, "")) for value, label in SkillLevel.choices],
            "back_url": back_url,
            "back_label": back_label,
        },
    )
