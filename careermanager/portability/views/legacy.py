"""Importing the older Career Manager's CSV export of CPD and profile records.

The file is read and checked by the CPD app (``careermanager.cpd.services.imports``), which
keeps the batch and imports it in the background; these are its pages, among the member's
other ways of bringing data in and taking it out.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careermanager.core.formatting import counted
from careermanager.core.forms import apply_errors, posted
from careermanager.cpd import forms, services
from careermanager.cpd.durations import hours_per_day
from careermanager.cpd.legacy import ImportFileError, Kind, row_hours
from careermanager.cpd.models import Activity, ImportBatch

PREVIEW_ROWS = 25
PROBLEMS_SHOWN = 500


def owned_batch(request: HttpRequest, pk: int) -> ImportBatch:
    return get_object_or_404(ImportBatch.objects.owned_by(request.user), pk=pk)


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
            return redirect("portability:legacy-preview", pk=batch.pk)
    return render(
        request, "portability/legacy_csv.html", {"form": form, "hours_per_day": hours_per_day()}
    )


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
        return redirect("portability:legacy-status", pk=batch.pk)
    if request.method == "POST" and batch.status != batch.Status.CANCELLED and form.is_valid():
        try:
            services.legacy_import_confirm(
                batch=batch, actor=request.user, skip_problems=form.cleaned_data["skip_problems"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("portability:legacy-status", pk=batch.pk)
    page = Paginator(batch.rows, PREVIEW_ROWS).get_page(request.GET.get("page"))
    rows = [row | {"label": _row_label(row)} for row in page.object_list]
    return render(
        request,
        "portability/legacy_preview.html",
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
        return redirect("portability:legacy-preview", pk=batch.pk)
    template = "portability/legacy_status.html"
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
