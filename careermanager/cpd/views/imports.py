"""Importing CPD from calendar files. (The older system's CSV export is imported on the
member's data pages: careermanager/portability/views/legacy.py.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core.confirm import confirm_then
from careermanager.core.dates import plausible_range
from careermanager.core.formatting import counted
from careermanager.core.forms import posted
from careermanager.cpd import forms, services
from careermanager.cpd.durations import hours_per_day
from careermanager.cpd.ics import CalendarError
from careermanager.cpd.models import Activity, ImportBatch

DRAFTS_PER_PAGE = 50


@require_safe
@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    batches = ImportBatch.objects.owned_by(request.user).defer("rows", "problems")[:10]
    return render(
        request,
        "cpd/import_start.html",
        {"batches": batches, "hours_per_day": hours_per_day()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def calendar_upload(request: HttpRequest) -> HttpResponse:
    form = forms.CalendarForm(*posted(request, files=True))
    earliest, latest = plausible_range()
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.calendar_import(
                owner=request.user, data=form.cleaned_data["file"].read()
            )
        except CalendarError as error:
            form.add_error("file", f"The calendar file cannot be read. {error}")
        else:
            if result.created and not result.skipped and not result.truncated:
                messages.success(
                    request,
                    f"{counted(len(result.created), 'calendar event')} "
                    f"{'is' if len(result.created) == 1 else 'are'} ready for you to check.",
                )
                return redirect("cpd:drafts")
    return render(
        request,
        "cpd/import_calendar.html",
        {
            "form": form,
            "result": result,
            "hours_per_day": hours_per_day(),
            "earliest_year": earliest.year,
            "latest_year": latest.year,
        },
    )


def _still_waiting(count: int) -> str:
    if count == 1:
        return (
            "1 event has not started yet, so it is still waiting. "
            "Confirm it once it has taken place."
        )
    return (
        f"{count:,} events have not started yet, so they are still waiting. "
        "Confirm them once they have taken place."
    )


@require_http_methods(["GET", "POST"])
@login_required
def drafts(request: HttpRequest) -> HttpResponse:
    pending = Activity.objects.owned_by(request.user).drafts().order_by("start_date", "pk")
    # Any waiting draft may be chosen, whichever page its box was ticked on.
    form = forms.DraftSelectionForm(posted(request), drafts=pending.only("pk", "title"))
    if request.method == "POST" and form.is_valid():
        ids = form.cleaned_data["selected"]
        if form.cleaned_data["action"] == form.CONFIRM:
            confirmed, future = services.drafts_confirm(owner=request.user, ids=ids)
            if confirmed:
                recorded = counted(len(confirmed), "activity", "activities")
                verb = "is" if len(confirmed) == 1 else "are"
                messages.success(request, f"{recorded} {verb} now recorded.")
            if future:
                messages.warning(request, _still_waiting(len(future)))
        else:
            count = services.drafts_discard(owner=request.user, ids=ids)
            discarded = counted(count, "calendar event")
            messages.success(request, f"{discarded} {'was' if count == 1 else 'were'} discarded.")
        return redirect("cpd:drafts")
    page = Paginator(pending, DRAFTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cpd/drafts.html",
        {"form": form, "drafts": page.object_list, "page": page, "count": page.paginator.count},
    )


@require_http_methods(["GET", "POST"])
@login_required
def drafts_discard_all(request: HttpRequest) -> HttpResponse:
    def done(count: int) -> str:
        discarded = counted(count, "calendar event")
        return f"{discarded} {'was' if count == 1 else 'were'} discarded."

    return confirm_then(
        request,
        template="cpd/drafts_discard_all.html",
        context={"count": Activity.objects.owned_by(request.user).drafts().count()},
        act=lambda: services.drafts_discard_all(owner=request.user),
        done=done,
        next_url=reverse("cpd:drafts"),
    )
