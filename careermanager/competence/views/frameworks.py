"""Staff pages: the frameworks members assess against, importing and retiring editions."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.competence import services
from careermanager.competence.forms import ExpectedLevelForm, FrameworkImportForm
from careermanager.competence.importers import FrameworkImportError, csv_format
from careermanager.competence.models import Area, Competence, Framework, SkillLevel
from careermanager.core.access import staff_required
from careermanager.core.confirm import confirm_then
from careermanager.core.formatting import counted
from careermanager.core.forms import posted


@require_safe
@staff_required
def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = Framework.objects.annotate(
        competence_count=Count(
            "areas__competences",
            filter=Q(areas__competences__retired_at__isnull=True),
            distinct=True,
        ),
        assessment_count=Count("assessments", distinct=True),
    ).order_by("retired_at", "-kind", "name")
    return render(request, "competence/framework_list.html", {"frameworks": frameworks})


@require_safe
@staff_required
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=pk)
    areas = Area.objects.filter(framework=framework).prefetch_related("competences__guidance")
    order = {value: index for index, value in enumerate(SkillLevel.values)}
    rows = [
        (
            area,
            [
                (
                    competence,
                    sorted(competence.guidance.all(), key=lambda guidance: order[guidance.level]),
                )
                for competence in area.competences.all()
            ],
        )
        for area in areas
    ]
    return render(
        request,
        "competence/framework_detail.html",
        {
            "framework": framework,
            "rows": rows,
            "competence_count": Competence.objects.current()
            .filter(area__framework=framework)
            .count(),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def framework_import(request: HttpRequest) -> HttpResponse:
    form = FrameworkImportForm(*posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        try:
            framework = services.framework_import(data=form.framework_data, actor=request.user)
        except FrameworkImportError as error:
            form.add_error("file", error.errors)
        else:
            messages.success(
                request,
                f"Imported {framework} with "
                f"{counted(form.framework_data.competence_count, 'competence')}.",
            )
            return redirect("competence:framework-detail", pk=framework.pk)
    return render(
        request,
        "competence/framework_import.html",
        {"form": form, "csv_columns": csv_format.COLUMNS},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def framework_retire(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=pk)
    if framework.is_retired:
        messages.info(request, f"{framework} is already retired.")
        return redirect("competence:framework-detail", pk=framework.pk)
    return confirm_then(
        request,
        template="competence/framework_retire.html",
        context={"framework": framework, "assessment_count": framework.assessments.count()},
        act=lambda: services.framework_retire(framework=framework, actor=request.user),
        done=f"{framework} is retired.",
        next_url=reverse("competence:framework-detail", args=[framework.pk]),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def framework_expected_level(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=pk)
    form = ExpectedLevelForm(posted(request), initial={"expected_level": framework.expected_level})
    if request.method == "POST" and form.is_valid():
        framework = services.framework_set_expected_level(
            framework=framework, level=form.cleaned_data["expected_level"], actor=request.user
        )
        messages.success(
            request,
            f"{framework} now expects {framework.get_expected_level_display()} in each competence.",
        )
        return redirect("competence:framework-detail", pk=framework.pk)
    return render(
        request, "competence/framework_expected_level.html", {"framework": framework, "form": form}
    )
