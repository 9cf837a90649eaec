"""Who is above and below the member in a role, and the diagram drawn from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core.forms import posted
from careermanager.profiles import services
from careermanager.profiles.forms import (
    MAX_REPORTS,
    AbovePersonForm,
    ReportFormSet,
    check_levels_above,
)
from careermanager.profiles.models import MAX_LEVELS_ABOVE, Employment
from careermanager.profiles.orgchart import chart_for, render_svg, roles_for_diagram


def _errors(above_forms, formset) -> list[tuple[str, str]]:
    """(field id, message) for the error summary, in the order the page shows them."""
    errors = []
    for form in [*above_forms, *formset.forms]:
        for error in form.non_field_errors():
            errors.append((f"{form.prefix}-name", error))
        for name, field_errors in form.errors.items():
            if name == "__all__":
                continue
            errors.extend((form[name].auto_id, error) for error in field_errors)
    errors.extend(("reports-0-name", error) for error in formset.non_form_errors())
    return errors


@require_http_methods(["GET", "POST"])
@login_required
def accountabilities(request: HttpRequest, pk: int) -> HttpResponse:
    employment = get_object_or_404(Employment.objects.owned_by(request.user), pk=pk)
    people = list(employment.accountability_people.all())
    above_initial = {p.level: p for p in people if p.relation == p.Relation.ABOVE}
    reports_initial = [
        {"name": p.name, "job_title": p.job_title, "registration": p.registration}
        for p in people
        if p.relation == p.Relation.REPORT
    ]
    data = posted(request)
    above_forms = []
    for level in range(1, MAX_LEVELS_ABOVE + 1):
        person = above_initial.get(level)
        initial = (
            {
                "name": person.name,
                "job_title": person.job_title,
                "registration": person.registration,
            }
            if person
            else None
        )
        above_forms.append(AbovePersonForm(data, level=level, initial=initial))
    formset = ReportFormSet(data, initial=reports_initial, prefix="reports")

    if request.method == "POST":
        valid = all(form.is_valid() for form in above_forms) & formset.is_valid()
        if valid and check_levels_above(above_forms):
            above = [
                services.PersonEntry(
                    **{k: f.cleaned_data[k] for k in ("name", "job_title", "registration")}
                )
                for f in above_forms
                if f.is_filled
            ]
            reports = [
                services.PersonEntry(
                    **{k: f.cleaned_data[k] for k in ("name", "job_title", "registration")}
                )
                for f in formset.forms
                if f.is_filled
            ]
            services.accountabilities_save(
                employment=employment, above=above, reports=reports, actor=request.user
            )
            messages.success(request, "The people in your accountability diagram have been saved.")
            if "add_rows" in request.POST:
                return redirect(
                    reverse("profiles:accountabilities", args=[employment.pk]) + "#reports"
                )
            return redirect("profiles:employment-detail", pk=employment.pk)

    return render(
        request,
        "profiles/accountabilities.html",
        {
            "employment": employment,
            "above_forms": above_forms,
            "formset": formset,
            "errors": _errors(above_forms, formset) if request.method == "POST" else [],
            "max_reports": MAX_REPORTS,
        },
    )


@require_safe
@login_required
def orgchart(request: HttpRequest) -> HttpResponse:
    """The diagram for the current role, and for the previous one after a recent change."""
    roles = roles_for_diagram(request.user)
    charts = []
    for role in roles:
        chart = chart_for(role)
        charts.append(
            {
                "employment": role,
                "chart": chart,
                "svg": render_svg(chart, id_prefix=f"orgchart-{role.pk}"),
                "has_people": bool(chart.above or chart.reports),
            }
        )
    other_roles = Employment.objects.owned_by(request.user).exclude(pk__in=[r.pk for r in roles])
    return render(
        request,
        "profiles/orgchart.html",
        {"charts": charts, "other_roles": other_roles},
    )
