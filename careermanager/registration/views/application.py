"""The member's application while they write it: starting, the checklist, each section, and
the length meter.

Every change goes through registration/applications.py, which refuses any change to a locked
or sent application (``WrongState``): a page of a fixed application sends the member back to
its checklist with that message, whether they came by a link (GET) or a crafted POST.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careermanager.competence.queries import category_competences, evidence_by_code
from careermanager.core.formatting import counted
from careermanager.core.forms import posted
from careermanager.registration import applications
from careermanager.registration.application_checklist import checklist, missing, required_done
from careermanager.registration.application_forms import (
    AdvisorForm,
    CategoryForm,
    LengthForm,
    PanellingForm,
    RoleForm,
    StatementForm,
    yes_no,
)
from careermanager.registration.application_records import cv_text, shown_records
from careermanager.registration.length import (
    PAGE_GUIDE,
    ROLE_GUIDE_CHARS,
    estimated_pages,
    text_length,
)
from careermanager.registration.models import Application, Intention, ListKind, RegistrationCategory
from careermanager.registration.views.drafting import (
    draft_page,
    institution_list,
    length_meter,
    owned_application,
    saved,
    to_overview,
)

# Starting and the checklist --------------------------------------------------------------


@require_POST
@login_required
def application_start(request: HttpRequest) -> HttpResponse:
    """Start an application, or go back to the one in progress (one at a time)."""
    intended = (
        Intention.objects.owned_by(request.user)
        .submitted()
        .order_by("-submitted_at")
        .values_list("category", flat=True)
        .first()
    )
    application, created = applications.application_start(
        owner=request.user, category=intended or ""
    )
    if created:
        messages.success(request, "You have started your application for registration.")
    else:
        messages.info(request, "You already have an application in progress: here it is.")
    return to_overview(application)


@require_safe
@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = owned_application(request, pk)
    records = shown_records(application)
    items = checklist(application, records)
    done, required = required_done(items)
    long_roles = [
        {"title": f"{role['job_title']}, {role['employer']}", "chars": length}
        for role in records["employment"]
        if role["included"] and (length := text_length(role["application_text"])) > ROLE_GUIDE_CHARS
    ]
    context = {
        "application": application,
        "items": items,
        "done": done,
        "required": required,
        "missing": missing(items),
        "pages": (pages := estimated_pages(records)),
        "pages_over": max(pages - PAGE_GUIDE, 0),
        "page_guide": PAGE_GUIDE,
        "role_guide": ROLE_GUIDE_CHARS,
        "long_roles": long_roles,
        "editable": application.is_draft,
    }
    return render(request, "registration/application/detail.html", context)


# Category and route ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@draft_page
def application_category(request: HttpRequest, application: Application) -> HttpResponse:
    categories = [
        (value, label)
        for value, label in RegistrationCategory.choices
        if category_competences(value)
    ]
    schemes = institution_list(ListKind.SCHEME, application.scheme)
    form = CategoryForm(
        posted(request),
        categories=categories,
        schemes=schemes,
        initial={
            "category": application.category,
            "route": application.route,
            "scheme": application.scheme,
        },
    )
    if request.method == "POST" and form.is_valid():
        before = application.category
        values = {"scheme": "", **form.cleaned_data}
        if saved(
            form,
            lambda: applications.application_update(
                application=application, section="category", actor=request.user, **values
            ),
        ):
            messages.success(request, "Your category and route are saved.")
            if before and before != values["category"] and application.statements.exists():
                messages.warning(
                    request,
                    f"Your statements are kept by competence code. Check that each still "
                    f"fits the {values['category']} competences.",
                )
            return to_overview(application)
    context = {
        "application": application,
        "form": form,
        "has_schemes": bool(schemes),
        "has_statements": application.statements.exists(),
    }
    return render(request, "registration/application/category.html", context)


# Employment ------------------------------------------------------------------------------


def _shown(role: dict) -> dict:
    """A role of the records with what its pages show: dates, and its length against the guide."""
    chars = text_length(role["application_text"])
    return role | {
        "start": date.fromisoformat(role["start_date"]),
        "end": date.fromisoformat(role["end_date"]) if role["end_date"] else None,
        "chars": chars,
        "chars_label": f"{chars:,}",
        "over": max(chars - ROLE_GUIDE_CHARS, 0),
    }


@require_safe
@login_required
@draft_page
def application_roles(request: HttpRequest, application: Application) -> HttpResponse:
    records = shown_records(application)
    context = {
        "application": application,
        "roles": [_shown(role) for role in records["employment"]],
        "role_guide": ROLE_GUIDE_CHARS,
        "pages": estimated_pages(records),
        "page_guide": PAGE_GUIDE,
    }
    return render(request, "registration/application/roles.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@draft_page
def application_role(
    request: HttpRequest, application: Application, employment_id: int
) -> HttpResponse:
    records = shown_records(application)
    role = next((r for r in records["employment"] if r["id"] == employment_id), None)
    if role is None:
        raise Http404
    url = reverse("registration:application-role", args=[application.pk, employment_id])

    def save(text: str, included: bool):
        return lambda: applications.role_save(
            application=application,
            actor=request.user,
            employment_id=employment_id,
            text=text,
            included=included,
        )

    if request.POST.get("action") == "from_cv":
        if role["included"]:
            reset = lambda: applications.role_reset(  # noqa: E731
                application=application, actor=request.user, employment_id=employment_id
            )
            done = "Your text for this role follows your CV again."
        else:
            reset = save(cv_text(role["responsibilities"], role["achievements"]), False)
            done = "Your text for this role starts again from your CV."
        try:
            reset()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("registration:application", pk=application.pk)
        messages.success(request, done)
        return redirect(url)
    form = RoleForm(
        posted(request),
        length_url=reverse("registration:application-length", args=[application.pk]),
        employment_id=employment_id,
        initial={"included": yes_no(role["included"]), "text": role["application_text"]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if saved(form, save(data["text"], data["included"])):
            messages.success(request, f"Your text for {role['job_title']} is saved.")
            if request.POST.get("action") == "stay":
                return redirect(url)
            return redirect("registration:application-roles", pk=application.pk)
    typed = form.data.get("text") if form.is_bound else None
    included = {"yes": True, "no": False}.get(form.data.get("included")) if form.is_bound else None
    context = {
        "application": application,
        "role": _shown(role),
        "cv_text": cv_text(role["responsibilities"], role["achievements"]),
        "form": form,
        "meter": length_meter(
            records, kind="role", key=str(employment_id), text=typed, included=included
        ),
    }
    return render(request, "registration/application/role.html", context)


# Advisor ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@draft_page
def application_advisor(request: HttpRequest, application: Application) -> HttpResponse:
    form = AdvisorForm(
        posted(request),
        initial={
            "advisor_spoken": yes_no(application.advisor_spoken),
            "advisor_name": application.advisor_name,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: applications.application_update(
                application=application, section="advisor", actor=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "Your answer about a Professional Registration Advisor is saved.")
        return to_overview(application)
    return render(
        request, "registration/application/advisor.html", {"application": application, "form": form}
    )


# Competence statements -------------------------------------------------------------------


def _fill_from_evidence(request: HttpRequest, application: Application) -> int:
    """Fill every empty statement that has assessment evidence; never one already written."""
    written = {
        code for code, text in application.statements.values_list("code", "text") if text.strip()
    }
    evidence = evidence_by_code(request.user, application.category)
    filled = 0
    with transaction.atomic():
        for competence in category_competences(application.category):
            text = evidence.get(competence.code, "").strip()
            if text and competence.code not in written:
                applications.statement_save(
                    application=application, actor=request.user, code=competence.code, text=text
                )
                filled += 1
    return filled


@require_http_methods(["GET", "POST"])
@login_required
@draft_page
def application_statements(request: HttpRequest, application: Application) -> HttpResponse:
    if request.method == "POST":
        if not application.category:
            messages.error(request, "Choose your category first: the statements follow it.")
            return redirect("registration:application-category", pk=application.pk)
        filled = _fill_from_evidence(request, application)
        if filled:
            messages.success(
                request,
                f"{counted(filled, 'statement')} filled from your assessment evidence. "
                "Read each one and edit it for your application.",
            )
        else:
            messages.info(
                request,
                "No statement was filled: every competence with assessment evidence already "
                "has a statement.",
            )
        return redirect("registration:application-statements", pk=application.pk)
    competences = category_competences(application.category) if application.category else []
    statements = dict(application.statements.values_list("code", "text"))
    evidence = evidence_by_code(request.user, application.category) if competences else {}
    areas: list[dict] = []
    for competence in competences:
        if not areas or areas[-1]["code"] != competence.area_code:
            areas.append({"code": competence.area_code, "title": competence.area_title, "rows": []})
        areas[-1]["rows"].append(
            {
                "competence": competence,
                "written": bool(statements.get(competence.code, "").strip()),
                "has_evidence": bool(evidence.get(competence.code, "").strip()),
            }
        )
    rows = [row for area in areas for row in area["rows"]]
    context = {
        "application": application,
        "areas": areas,
        "written": sum(row["written"] for row in rows),
        "total": len(rows),
        "can_fill": sum(row["has_evidence"] and not row["written"] for row in rows),
    }
    return render(request, "registration/application/statements.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@draft_page
def application_statement(
    request: HttpRequest, application: Application, code: str
) -> HttpResponse:
    competence = next(
        (c for c in category_competences(application.category) if c.code == code), None
    )
    if competence is None:
        raise Http404
    evidence = evidence_by_code(request.user, application.category).get(code, "").strip()
    url = reverse("registration:application-statement", args=[application.pk, code])

    def save(text: str):
        return lambda: applications.statement_save(
            application=application, actor=request.user, code=code, text=text
        )

    if request.POST.get("action") == "use_evidence":
        if evidence:
            save(evidence)()
            messages.success(
                request, "Your statement now holds your assessment evidence: edit it to fit."
            )
        else:
            messages.error(request, f"You have no assessment evidence for {code} to use.")
        return redirect(url)
    current = application.statements.filter(code=code).values_list("text", flat=True).first()
    form = StatementForm(
        posted(request),
        length_url=reverse("registration:application-length", args=[application.pk]),
        code=code,
        initial={"text": current or ""},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(form, save(form.cleaned_data["text"]))
    ):
        messages.success(request, f"Your statement against {code} is saved.")
        if request.POST.get("action") == "stay":
            return redirect(url)
        return redirect("registration:application-statements", pk=application.pk)
    typed = form.data.get("text") if form.is_bound else None
    context = {
        "application": application,
        "competence": competence,
        "evidence": evidence,
        "form": form,
        "meter": length_meter(shown_records(application), kind="statement", key=code, text=typed),
    }
    return render(request, "registration/application/statement.html", context)


# Panelling -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@draft_page
def application_panelling(request: HttpRequest, application: Application) -> HttpResponse:
    items = checklist(application)
    others_missing = [item for item in missing(items) if item.key != "panelling"]
    context = {"application": application, "others_missing": others_missing}
    if others_missing:
        if request.method == "POST":
            messages.error(request, "Complete the other required items before the panelling.")
            return to_overview(application)
        return render(request, "registration/application/panelling.html", context)
    sectors = institution_list(ListKind.SECTOR, application.sector)
    specialisms = institution_list(ListKind.SPECIALISM, *application.specialisms)
    form = PanellingForm(
        posted(request),
        sectors=sectors,
        specialisms=specialisms,
        interview=application.needs_interview,
        initial={
            "sector": application.sector,
            "specialisms": application.specialisms,
            "interview_location": application.interview_location,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda: applications.application_update(
                application=application,
                section="panelling",
                actor=request.user,
                **form.cleaned_data,
            ),
        )
    ):
        messages.success(request, "Your panelling information is saved.")
        return to_overview(application)
    context |= {"form": form, "sectors": sectors, "specialisms": specialisms}
    return render(request, "registration/application/panelling.html", context)


# The length meter ----------------------------------------------------------------------


@require_POST
@login_required
def application_length(request: HttpRequest, pk: int) -> HttpResponse:
    """The meter for a text as the member is typing it (htmx); changes nothing."""
    application = owned_application(request, pk)
    form = LengthForm(request.POST)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    included = {"yes": True, "no": False}.get(data["included"])
    meter = length_meter(
        shown_records(application),
        kind=data["kind"],
        key=data["key"],
        text=data["text"],
        included=included,
    )
    if meter is None:
        raise Http404
    return render(request, "registration/application/meter.html", {"meter": meter})


_pk = "application/<int:pk>/"
urlpatterns: list = [
    path("application/start/", application_start, name="application-start"),
    path(_pk, application_detail, name="application"),
    path(f"{_pk}category/", application_category, name="application-category"),
    path(f"{_pk}employment/", application_roles, name="application-roles"),
    path(f"{_pk}employment/<int:employment_id>/", application_role, name="application-role"),
    path(f"{_pk}advisor/", application_advisor, name="application-advisor"),
    path(f"{_pk}statements/", application_statements, name="application-statements"),
    path(f"{_pk}statements/<str:code>/", application_statement, name="application-statement"),
    path(f"{_pk}panelling/", application_panelling, name="application-panelling"),
    path(f"{_pk}length/", application_length, name="application-length"),
]
