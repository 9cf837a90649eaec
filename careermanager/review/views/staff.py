"""Staff monitor the year's declarations: lists and counts, drawing samples, reviewing cases."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careermanager.core import once
from careermanager.core.access import staff_required
from careermanager.core.audit import audit
from careermanager.core.forms import apply_errors, posted
from careermanager.documents.queries import documents_for
from careermanager.reports.responses import download_file
from careermanager.review import services
from careermanager.review.export import outcomes_csv
from careermanager.review.forms import STATUS_FILTERS, DrawForm, OutcomeForm
from careermanager.review.models import MonitoringCase
from careermanager.review.queries import sampled_by_year, year_counts, year_list, year_samples
from careermanager.review.source import source

PER_PAGE = 50


@require_safe
@staff_required
def index(request: HttpRequest) -> HttpResponse:
    sampled = sampled_by_year()
    years = [(year, count, sampled.get(year, 0)) for year, count in source().years()]
    return render(request, "review/index.html", {"years": years})


@require_safe
@staff_required
def year(request: HttpRequest, year: int) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in STATUS_FILTERS:
        status = ""
    counts = year_counts(year)
    paginator = Paginator(year_list(year, status), PER_PAGE)
    paginator.count = counts[status]  # counted already: no second count of 100,000 rows
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "year": year,
        "status": status,
        "status_label": STATUS_FILTERS[status],
        "filters": [(key, label, counts[key]) for key, label in STATUS_FILTERS.items()],
        "page": page,
        "samples": year_samples(year),
    }
    return render(request, "review/year.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def draw(request: HttpRequest, year: int) -> HttpResponse:
    form = DrawForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if earlier := once.earlier(request):
            return earlier
        try:
            with once.only_once(request) as submission:
                sample = services.sample_draw(
                    year=year,
                    method=form.cleaned_data["method"],
                    amount=form.cleaned_data["amount"],
                    seed=form.cleaned_data["seed"],
                    actor=request.user,
                )
                listed = reverse("review:year", args=[year]) + "?status=awaiting"
                submission.leads_to(listed)
        except once.AlreadySubmitted as repeat:
            return repeat.response
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"{sample.drawn:,} of {sample.population:,} declarations were drawn for "
                f"monitoring (seed {sample.seed}). Their members are being emailed.",
            )
            return redirect(listed)
    counts = year_counts(year)
    context = {"year": year, "form": form, "counts": counts}
    return render(request, "review/draw.html", context)


def _case(pk: int) -> MonitoringCase:
    return get_object_or_404(
        MonitoringCase.objects.select_related("owner", "sample__drawn_by"), pk=pk
    )


def _case_page(request: HttpRequest, case: MonitoringCase, form: OutcomeForm) -> HttpResponse:
    submission = source().submission(case.declaration_id)
    if submission is None:
        raise Http404("The declaration is no longer submitted")
    context = {
        "case": case,
        "entries": list(case.entries.select_related("author")),
        "submission": submission,
        "reply_documents": list(documents_for(case.owner, case).values()),
        "form": form,
    }
    return render(request, "review/case.html", context)


@require_safe
@staff_required
def case(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, _case(pk), OutcomeForm())


@require_POST
@staff_required
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    found = _case(pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.case_outcome_record(
                case=found,
                outcome=form.cleaned_data["outcome"],
                feedback=form.cleaned_data["feedback"],
                actor=request.user,
            )
        except services.CaseClosed:
            messages.info(request, "This case already has its final outcome, so nothing changed.")
            return redirect("review:case", pk=found.pk)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"The outcome has been recorded and {found.owner.display_name} has been emailed.",
            )
            return redirect("review:case", pk=found.pk)
    return _case_page(request, found, form)


@require_safe
@staff_required
def case_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = _case(pk)
    pdf = source().pdf(found.declaration_id)
    if pdf is None:
        raise Http404("This declaration has no PDF yet")
    audit(
        "review.declaration_pdf.downloaded",
        actor=request.user,
        target=found,
        data={"declaration": found.declaration_id},
    )
    return download_file(
        pdf,
        filename=f"cpd-declaration-{found.year}-{found.declaration_id}.pdf",
        content_type="application/pdf",
    )


@require_safe
@staff_required
def export(request: HttpRequest, year: int) -> HttpResponse:
    content = outcomes_csv(year)
    audit("review.outcomes.exported", actor=request.user, data={"year": year})
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cpd-monitoring-{year}.csv"'
    return response
