"""Folders: list, add, rename, delete (activities are kept)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core import once
from careermanager.core.confirm import confirm_then
from careermanager.core.formatting import counted
from careermanager.core.forms import apply_errors, posted
from careermanager.cpd import forms, services
from careermanager.cpd.models import Activity, Folder


def owned_folder(request: HttpRequest, pk: int) -> Folder:
    return get_object_or_404(Folder.objects.owned_by(request.user), pk=pk)


@require_safe
@login_required
def folder_list(request: HttpRequest) -> HttpResponse:
    recorded = Q(activities__status=Activity.Status.RECORDED)
    folders = Folder.objects.owned_by(request.user).annotate(
        activity_count=Count("activities", filter=recorded),
    )
    unfiled = Activity.objects.owned_by(request.user).recorded().filter(folder__isnull=True)
    return render(
        request,
        "cpd/folder_list.html",
        {"folders": folders, "unfiled_count": unfiled.count()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def folder_add(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and (repeat := once.earlier(request)):
        return repeat
    form = forms.FolderForm(posted(request), owner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with once.only_once(request) as submission:
                folder = services.folder_create(owner=request.user, name=form.cleaned_data["name"])
                submission.leads_to(reverse("cpd:folder-list"))
        except once.AlreadySubmitted as repeat:
            return repeat.response
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"The folder “{folder.name}” is ready.")
            return redirect("cpd:folder-list")
    return render(request, "cpd/folder_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def folder_rename(request: HttpRequest, pk: int) -> HttpResponse:
    folder = owned_folder(request, pk)
    form = forms.FolderForm(
        posted(request), owner=request.user, folder=folder, initial={"name": folder.name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.folder_rename(
                folder=folder, name=form.cleaned_data["name"], actor=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"The folder is now called “{folder.name}”.")
            return redirect("cpd:folder-list")
    return render(request, "cpd/folder_form.html", {"form": form, "folder": folder})


@require_http_methods(["GET", "POST"])
@login_required
def folder_delete(request: HttpRequest, pk: int) -> HttpResponse:
    folder = owned_folder(request, pk)
    name = folder.name

    def done(kept: int) -> str:
        if not kept:
            return f"The folder “{name}” has been deleted."
        activities = counted(kept, "activity", "activities")
        verb = "is" if kept == 1 else "are"
        kept_note = f"Its {activities} {verb} kept, outside any folder."
        return f"The folder “{name}” has been deleted. {kept_note}"

    return confirm_then(
        request,
        template="cpd/folder_delete.html",
        context={
            "folder": folder,
            "count": Activity.objects.owned_by(request.user).filter(folder=folder).count(),
        },
        act=lambda: services.folder_delete(folder=folder, actor=request.user),
        done=done,
        next_url=reverse("cpd:folder-list"),
    )
