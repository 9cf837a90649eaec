"""The member's declarations: the list, starting one, the checklist, the summary and submitting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careermanager.core import once
from careermanager.core.forms import apply_errors, posted
from careermanager.declarations import services
from careermanager.declarations.checklist import checklist, missing, required_done
from careermanager.declarations.documents import document_for
from careermanager.declarations.forms import FormatForm, StartForm, SubmitForm
from careermanager.declarations.models import Declaration
from careermanager.declarations.panels import declaration_panels
from careermanager.declarations.views.common import if_submitted, owned_declaration
from careermanager.declarations.years import open_years
from careermanager.documents.queries import documents_for
from careermanager.reports.responses import download_file
from careermanager.reports.services import document_job_request


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    declarations = list(Declaration.objects.owned_by(request.user).order_by("-year"))
    started = {declaration.year for declaration in declarations}
    context = {
        "declarations": declarations,
        "can_start": [year for year in open_years() if year not in started],
    }
    return render(request, "declarations/index.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def start(request: HttpRequest) -> HttpResponse:
    years = open_years()
    chosen = request.GET.get("year", "")
    initial = {"year": int(chosen)} if chosen.isdigit() and int(chosen) in years else {}
    form = StartForm(posted(request), years=years, initial=initial)
    if request.method == "POST" and form.is_valid():
        if earlier := once.earlier(request):
            return earlier
        try:
            with once.only_once(request) as submission:
                declaration, created = services.declaration_start(
                    owner=request.user, year=form.cleaned_data["year"]
                )
                submission.leads_to(reverse("declarations:detail", args=[declaration.pk]))
        except once.AlreadySubmitted as repeat:
            return repeat.response
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if created:
                messages.success(
                    request, f"You have started your CPD declaration for {declaration.year}."
                )
            else:
                messages.info(
                    request,
                    f"You had already started your declaration for {declaration.year}: here it is.",
                )
            return redirect("declarations:detail", pk=declaration.pk)
    context = {"form": form}
    return render(request, "declarations/start.html", context)


@require_safe
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = owned_declaration(request, pk)
    items = checklist(declaration, documents_given=len(documents_for(request.user, declaration)))
    done, required = required_done(items)
    context = {
        "declaration": declaration,
        "items": items,
        "done": done,
        "required": required,
        "ready": not missing(items),
    }
    if declaration.is_submitted:
        context["document"] = document_for(declaration)
        context["panels"] = declaration_panels(request, declaration)
        return render(request, "declarations/submitted.html", context)
    return render(request, "declarations/detail.html", context)


@require_safe
@login_required
def monitoring(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = owned_declaration(request, pk)
    return render(request, "declarations/monitoring.html", {"declaration": declaration})


@require_safe
@login_required
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = owned_declaration(request, pk)
    context = {"declaration": declaration, "document": document_for(declaration)}
    return render(request, "declarations/summary.html", context)


@require_POST
@login_required
def summary_download(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = owned_declaration(request, pk)
    form = FormatForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose PDF or Word.")
        return redirect("declarations:summary", pk=declaration.pk)
    kind = "Draft CPD declaration summary" if not declaration.is_submitted else "CPD declaration"
    job = document_job_request(
        owner=request.user,
        kind="declarations.summary",
        file_format=form.cleaned_data["file_format"],
        parameters={"declaration": declaration.pk},
        title=f"{kind} {declaration.year}",
    )
    return redirect("reports:job-status", pk=job.pk)


def _check_context(request: HttpRequest, declaration: Declaration, form: SubmitForm) -> dict:
    given = len(documents_for(request.user, declaration))
    items = checklist(declaration, documents_given=given)
    return {
        "declaration": declaration,
        "items": items,
        "missing": missing(items),
        "form": form,
        "document": document_for(declaration),
    }


@require_safe
@login_required
def check(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = owned_declaration(request, pk)
    if response := if_submitted(request, declaration):
        return response
    context = _check_context(request, declaration, SubmitForm())
    return render(request, "declarations/check.html", context)


@require_POST
@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = owned_declaration(request, pk)
    form = SubmitForm(request.POST)
    if form.is_valid():
        if earlier := once.earlier(request):
            return earlier
        try:
            with once.only_once(request) as submission:
                services.declaration_submit(declaration=declaration, actor=request.user)
                submission.leads_to(reverse("declarations:detail", args=[declaration.pk]))
        except once.AlreadySubmitted as repeat:
            return repeat.response
        except services.AlreadySubmitted:
            messages.info(request, "This declaration had already been submitted.")
            return redirect("declarations:detail", pk=declaration.pk)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"Your CPD declaration for {declaration.year} has been submitted. "
                "We have emailed you to confirm it.",
            )
            return redirect("declarations:detail", pk=declaration.pk)
    if response := if_submitted(request, declaration):
        return response
    context = _check_context(request, declaration, form)
    return render(request, "declarations/check.html", context, status=200)


@require_safe
@login_required
def submitted_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = owned_declaration(request, pk)
    if not declaration.is_submitted or not declaration.pdf:
        raise Http404("This declaration has no PDF yet")
    return download_file(
        declaration.pdf,
        filename=f"cpd-declaration-{declaration.year}.pdf",
        content_type="application/pdf",
    )
