"""Importing CPD from the older system's CSV export and from calendar files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careermanager.core.confirm import confirm_then
from careermanager.core.dates import plausible_range
from careermanager.core.formatting import counted
from careermanager.core.forms import apply_errors, posted
from careermanager.cpd import forms, services
from careermanager.cpd.durations import hours_per_day
from careermanager.cpd.ics import CalendarError
from careermanager.cpd.legacy import ImportFileError, Kind, row_hours
from careermanager.cpd.models import Activity, ImportBatch

PREVIEW_ROWS = 25
DRAFTS_PER_PAGE = 50
PROBLEMS_SHOWN = 500


def owned_batch(request: HttpRequest, pk: int) -> ImportBatch:
    return get_object_or_404(ImportBatch.objects.owned_by(request.user), pk=pk)


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
def legacy_upload(request: HttpRequest) -> HttpResponse:
    form = forms.LegacyCsvForm(*posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.legacy_import_preview(
                owner=request.user, filename=upload.name, data=upload.read()
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("cpd:import-preview", pk=batch.pk)
    return render(request, "cpd/import_csv.html", {"form": form, "hours_per_day": hours_per_day()})


def _preview_summary(rows: list[dict]) -> dict:
    new = [row for row in rows if not row.get("duplicate")]
    labels = {
        Kind.ACTIVITY: ("CPD activity", "CPD activities"),
        Kind.TRAINING: ("training course for your profile", "training courses for your profile"),
        Kind.ACHIEVEMENT: (
            "achievement for your profile, from “other professional experience”",
            "achievements for your profile, from “other professional experience”",
        ),
        Kind.EDUCATION: (
            "qualification (academic study) for your profile",
            "qualifications (academic study) for your profile",
        ),
    }
    counts = []
    for kind, (one, many) in labels.items():
        count = sum(1 for row in new if row["kind"] == kind)
        counts.append({"label": one if count == 1 else many, "count": count})
    return {
        "counts": [entry for entry in counts if entry["count"]],
        "new_count": len(new),
        "duplicates": len(rows) - len(new),
        "hours": sum((row_hours(row) or 0 for row in new), 0),
    }


@require_http_methods(["GET", "POST"])
@login_required
def legacy_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = owned_batch(request, pk)
    form = forms.ConfirmImportForm(posted(request))
    if batch.was_confirmed and not (
        request.method == "POST" and batch.status == batch.Status.FAILED
    ):
        # Confirmed already (a second click, another tab): the same progress, nothing more.
        return redirect("cpd:import-status", pk=batch.pk)
    if request.method == "POST" and batch.status != batch.Status.CANCELLED and form.is_valid():
        try:
            services.legacy_import_confirm(
                batch=batch, actor=request.user, skip_problems=form.cleaned_data["skip_problems"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("cpd:import-status", pk=batch.pk)
    page = Paginator(batch.rows, PREVIEW_ROWS).get_page(request.GET.get("page"))
    rows = [row | {"label": _row_label(row)} for row in page.object_list]
    return render(
        request,
        "cpd/import_preview.html",
        {
            "batch": batch,
            "form": form,
            "page": page,
            "rows": rows,
            "summary": _preview_summary(batch.rows),
            "problems": batch.problems[:PROBLEMS_SHOWN],
            "more_problems": max(0, len(batch.problems) - PROBLEMS_SHOWN),
        },
    )


@require_safe
@login_required
def legacy_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's progress; htmx polls the #progress fragment until it has finished."""
    batch = get_object_or_404(
        ImportBatch.objects.owned_by(request.user).defer("rows", "problems"), pk=pk
    )
    if not batch.was_confirmed and not request.htmx:
        return redirect("cpd:import-preview", pk=batch.pk)
    template = "cpd/import_status.html"
    if request.htmx:
        template += "#progress"
    context = {
        "batch": batch,
        "counts": _created_counts(batch),
        "done": f"{batch.processed_rows:,}",
    }
    return render(request, template, context)


def _created_counts(batch: ImportBatch) -> list[str]:
    labels = {
        "activities": ("CPD activity", "CPD activities"),
        "training": ("training course", "training courses"),
        "achievements": ("achievement", "achievements"),
        "education": ("academic qualification", "academic qualifications"),
    }
    return [
        counted(batch.counts[name], *label)
        for name, label in labels.items()
        if batch.counts.get(name)
    ]


KIND_LABELS = {
    Kind.TRAINING: "Training",
    Kind.ACHIEVEMENT: "Achievement",
    Kind.EDUCATION: "Academic study",
}


def _row_label(row: dict) -> str:
    if row["kind"] == Kind.ACTIVITY:
        return Activity.Type(row["activity_type"]).label
    return KIND_LABELS[row["kind"]]


@require_POST
@login_required
def legacy_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    batch = owned_batch(request, pk)
    services.legacy_import_cancel(batch=batch, actor=request.user)
    messages.success(request, f"Nothing from “{batch.filename}” was imported.")
    return redirect("cpd:import")


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
