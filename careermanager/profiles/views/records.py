"""List, add, change and delete the CV's records; one set of views for every section."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core import once
from careermanager.core.confirm import confirm_then
from careermanager.core.forms import posted
from careermanager.profiles import services
from careermanager.profiles.models import AccountabilityPerson, Employment
from careermanager.profiles.orgchart import chart_for, render_svg
from careermanager.profiles.sections import SECTIONS, Section


def _owned(section: Section, request: HttpRequest, pk: int):
    return get_object_or_404(section.model.objects.owned_by(request.user), pk=pk)


@require_safe
@login_required
def record_list(request: HttpRequest, section: str) -> HttpResponse:
    spec = SECTIONS[section]
    records = spec.model.objects.owned_by(request.user).order_by(*spec.model._meta.ordering)
    context = {"section": spec}
    if spec.key == "employment":
        records = records.annotate(
            people=Count("accountability_people"),
            reports_count=Count(
                "accountability_people",
                filter=Q(accountability_people__relation=AccountabilityPerson.Relation.REPORT),
            ),
        )
    if spec.key == "training":
        context["total_hours"] = records.total_hours()
    context["page"] = Paginator(records, spec.per_page).get_page(request.GET.get("page"))
    return render(request, spec.list_template, context)


def _after_save(spec: Section, record) -> HttpResponse:
    if spec.key == "employment":
        return redirect("profiles:employment-detail", pk=record.pk)
    return redirect(spec.list_url)


@require_http_methods(["GET", "POST"])
@login_required
def record_add(request: HttpRequest, section: str) -> HttpResponse:
    spec = SECTIONS[section]
    if request.method == "POST" and (repeat := once.earlier(request)):
        return repeat
    form = spec.form(posted(request), instance=spec.model(owner=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            with once.only_once(request) as submission:
                record = services.record_save(record=form.instance, actor=request.user)
                response = _after_save(spec, record)
                submission.leads_to(response.url)
        except once.AlreadySubmitted as repeat:
            return repeat.response
        messages.success(request, f"{spec.singular.capitalize()} added: {record}.")
        return response
    heading = f"Add {spec.article} {spec.singular}"
    return render(
        request, "profiles/record_form.html", {"section": spec, "form": form, "heading": heading}
    )


@require_http_methods(["GET", "POST"])
@login_required
def record_edit(request: HttpRequest, section: str, pk: int) -> HttpResponse:
    spec = SECTIONS[section]
    record = _owned(spec, request, pk)
    form = spec.form(posted(request), instance=record)
    if request.method == "POST" and form.is_valid():
        record = services.record_save(record=form.instance, actor=request.user)
        messages.success(request, f"Your changes to “{record}” have been saved.")
        return _after_save(spec, record)
    heading = f"Change {spec.singular}"
    return render(
        request,
        "profiles/record_form.html",
        {"section": spec, "form": form, "heading": heading, "record": record},
    )


@require_http_methods(["GET", "POST"])
@login_required
def record_delete(request: HttpRequest, section: str, pk: int) -> HttpResponse:
    """GET says what will be lost; only the POST deletes."""
    spec = SECTIONS[section]
    record = _owned(spec, request, pk)
    return confirm_then(
        request,
        template="profiles/record_confirm_delete.html",
        context={"section": spec, "record": record, "summary": spec.summary(record)},
        act=lambda: services.record_delete(record=record, actor=request.user),
        done=f"{spec.singular.capitalize()} deleted: {record}.",
        next_url=reverse(spec.list_url),
    )


@require_safe
@login_required
def employment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employment = get_object_or_404(
        Employment.objects.owned_by(request.user).prefetch_related("accountability_people"),
        pk=pk,
    )
    chart = chart_for(employment)
    return render(
        request,
        "profiles/employment_detail.html",
        {
            "employment": employment,
            "chart": chart,
            "svg": render_svg(chart, id_prefix=f"orgchart-{employment.pk}"),
            "has_people": bool(chart.above or chart.reports),
        },
    )
