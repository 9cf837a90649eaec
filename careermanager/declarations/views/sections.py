"""The checklist's sections: each page saves one item of a draft declaration."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careermanager.core.formatting import format_span
from careermanager.core.forms import apply_errors, posted
from careermanager.cpd.services.reports import report_request
from careermanager.declarations import forms, services
from careermanager.declarations.models import Declaration, Selection
from careermanager.declarations.queries import year_review
from careermanager.declarations.supporting import SLUGS
from careermanager.declarations.views.common import if_submitted, owned_declaration
from careermanager.declarations.years import period
from careermanager.development.documents import planning_report_request
from careermanager.documents.queries import document_rows
from careermanager.documents.views import upload_page
from careermanager.profiles import schemas as profile_schemas
from careermanager.profiles.queries import qualification_label

SAVED = "Saved. {title} is complete."


def _saved(request: HttpRequest, declaration: Declaration, title: str) -> HttpResponse:
    messages.success(request, SAVED.format(title=title))
    return redirect("declarations:detail", pk=declaration.pk)


@require_http_methods(["GET", "POST"])
@login_required
def reports(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = owned_declaration(request, pk)
    if response := if_submitted(request, declaration):
        return response
    form = forms.AcknowledgeForm(
        posted(request), initial={"acknowledge": declaration.reports_acknowledged_at is not None}
    )
    if request.method == "POST" and form.is_valid():
        services.declaration_confirm(declaration=declaration, item="reports", actor=request.user)
        return _saved(request, declaration, "CPD reports")
    start, end = period(declaration.year)
    context = {"declaration": declaration, "form": form, "span": format_span(start, end)}
    return render(request, "declarations/reports.html", context)


REPORTS = ("activity", "planning")


@require_POST
@login_required
def report_request_view(request: HttpRequest, pk: int, report: str) -> HttpResponse:
    """Ask the document engine for the year's detailed activity or planning report."""
    declaration = owned_declaration(request, pk)
    form = forms.FormatForm(request.POST)
    if report not in REPORTS or not form.is_valid():
        messages.error(request, "Choose a report and a format.")
        return redirect("declarations:reports", pk=declaration.pk)
    start, end = period(declaration.year)
    file_format = form.cleaned_data["file_format"]
    if report == "activity":
        job = report_request(
            owner=request.user,
            kind="detailed",
            file_format=file_format,
            start_date=start,
            end_date=end,
        )
    else:
        job = planning_report_request(
            owner=request.user, file_format=file_format, start=start, end=end, completed_only=True
        )
    return redirect("reports:job-status", pk=job.pk)


@require_http_methods(["GET", "POST"])
@login_required
def employment_status(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = owned_declaration(request, pk)
    if response := if_submitted(request, declaration):
        return response
    form = forms.EmploymentStatusForm(
        posted(request),
        initial={
            "employment_status": declaration.employment_status,
            "employment_comments": declaration.employment_comments,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_update(
                declaration=declaration,
                section="employment-status",
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _saved(request, declaration, "Employment status")
    return render(
        request, "declarations/employment_status.html", {"declaration": declaration, "form": form}
    )


def _selection(
    request: HttpRequest,
    pk: int,
    *,
    section: str,
    title: str,
    noun: str,
    records,
    describe,
    template: str,
) -> HttpResponse:
    declaration = owned_declaration(request, pk)
    if response := if_submitted(request, declaration):
        return response
    selection_field, ids_field = services.SECTION_FIELDS[section]
    records = list(records(request.user))
    choices = [(record.id, describe(record)) for record in records]
    form = forms.SelectionForm(
        posted(request),
        choices=choices,
        noun=noun,
        initial={
            "selection": getattr(declaration, selection_field) or Selection.ALL,
            "chosen": getattr(declaration, ids_field),
        },
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["selection"]
        ids = sorted(form.cleaned_data["chosen"]) if chosen == Selection.CHOSEN else []
        services.declaration_update(
            declaration=declaration,
            section=section,
            actor=request.user,
            **{selection_field: chosen, ids_field: ids},
        )
        return _saved(request, declaration, title)
    context = {"declaration": declaration, "form": form, "records": records, "noun": noun}
    return render(request, template, context)


def _role(role) -> str:
    dates = format_span(role.start_date, role.end_date, ongoing="present")
    return f"{role.job_title}, {role.employer} ({dates})"


def _study(study) -> str:
    qualification = qualification_label(study.qualification_type)
    what = f"{study.course}, {study.institution}"
    return f"{what} ({qualification})" if qualification else what


@require_http_methods(["GET", "POST"])
@login_required
def employment_history(request: HttpRequest, pk: int) -> HttpResponse:
    return _selection(
        request,
        pk,
        section="employment-history",
        title="Employment history",
        noun="roles",
        records=lambda owner: profile_schemas.member_records(owner).employment,
        describe=_role,
        template="declarations/employment_history.html",
    )


@require_http_methods(["GET", "POST"])
@login_required
def academic_study(request: HttpRequest, pk: int) -> HttpResponse:
    return _selection(
        request,
        pk,
        section="academic-study",
        title="Academic study",
        noun="academic study",
        records=lambda owner: profile_schemas.member_records(owner).education,
        describe=_study,
        template="declarations/academic_study.html",
    )


@require_http_methods(["GET", "POST"])
@login_required
def hours(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = owned_declaration(request, pk)
    if response := if_submitted(request, declaration):
        return response
    form = forms.HoursForm(
        posted(request), initial={"confirm": declaration.hours_confirmed_at is not None}
    )
    if request.method == "POST" and form.is_valid():
        services.declaration_confirm(declaration=declaration, item="hours", actor=request.user)
        return _saved(request, declaration, "Total CPD hours")
    context = {
        "declaration": declaration,
        "form": form,
        "review": year_review(request.user, declaration.year),
    }
    return render(request, "declarations/hours.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def compliance(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = owned_declaration(request, pk)
    if response := if_submitted(request, declaration):
        return response
    form = forms.ComplianceForm(
        posted(request),
        initial={
            "compliance": declaration.compliance,
            "compliance_reason": declaration.compliance_reason,
            "out_of_work_from": declaration.out_of_work_from,
            "out_of_work_to": declaration.out_of_work_to,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_update(
                declaration=declaration,
                section="compliance",
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _saved(request, declaration, "Compliance statement")
    context = {
        "declaration": declaration,
        "form": form,
        "review": year_review(request.user, declaration.year),
    }
    return render(request, "declarations/compliance.html", context)


def _upload_urls(declaration: Declaration) -> dict[str, str]:
    return {
        key: reverse("declarations:supporting-document", args=[declaration.pk, slug])
        for slug, key in SLUGS.items()
    }


@require_safe
@login_required
def supporting_documents(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = owned_declaration(request, pk)
    if response := if_submitted(request, declaration):
        return response
    context = {
        "declaration": declaration,
        "rows": document_rows(request.user, declaration, _upload_urls(declaration)),
    }
    return render(request, "declarations/supporting_documents.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def supporting_document(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    declaration = owned_declaration(request, pk)
    if response := if_submitted(request, declaration):
        return response
    if slug not in SLUGS:
        raise Http404("No such supporting document")
    return upload_page(
        request,
        holder=declaration,
        type_key=SLUGS[slug],
        back_url=reverse("declarations:supporting-documents", args=[declaration.pk]),
        back_label="Back to your supporting documents",
        layout="declarations/layout.html",
    )
