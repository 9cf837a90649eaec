"""Recording activities: the list, the quick form, details, reflection and deletion."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models.functions import ExtractYear
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core import once
from careermanager.core.confirm import confirm_then
from careermanager.core.formatting import format_date, hours
from careermanager.core.forms import apply_errors, posted
from careermanager.cpd import counting, forms, links, services
from careermanager.cpd.models import REFLECTION_FIELDS, Activity, Folder
from careermanager.cpd.services.activities import ChangedElsewhere, activity_version

PAGE_SIZE = 25


def owned_activity(request: HttpRequest, pk: int, *, drafts: bool = False) -> Activity:
    activities = Activity.objects.owned_by(request.user)
    if not drafts:
        activities = activities.recorded()
    return get_object_or_404(activities.select_related("folder"), pk=pk)


@require_safe
@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    mine = Activity.objects.owned_by(request.user).recorded()
    folders = list(Folder.objects.owned_by(request.user))
    years = list(
        mine.annotate(year=ExtractYear("end_date"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    filters = forms.ActivityFilterForm(request.GET or None, folders=folders, years=years)
    activities = filters.filter(mine).select_related("folder").defer("description")
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cpd/activity_list.html",
        {"page": page, "filters": filters, "has_any": bool(years), "folders": folders},
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_add(request: HttpRequest) -> HttpResponse:
    initial = {}
    folder_id = request.GET.get("folder", "")
    if folder_id.isdigit():
        initial["folder"] = Folder.objects.owned_by(request.user).filter(pk=folder_id).first()
    if request.method == "POST" and (repeat := once.earlier(request)):
        return repeat
    form = forms.ActivityForm(posted(request), owner=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        reflect = "reflect" in request.POST
        try:
            with once.only_once(request) as submission:
                data = dict(form.cleaned_data)
                linked = links.pop_values(data)
                activity = services.activity_create(owner=request.user, **data)
                links.save(owner=request.user, activity_id=activity.pk, values=linked)
                page = "cpd:activity-reflection" if reflect else "cpd:activity-detail"
                submission.leads_to(reverse(page, args=[activity.pk]))
        except once.AlreadySubmitted as repeat:
            return repeat.response
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if reflect:
                messages.success(request, f"“{activity.title}” is saved. Now add your reflection.")
                return redirect("cpd:activity-reflection", pk=activity.pk)
            messages.success(request, f"“{activity.title}” is saved.")
            return redirect("cpd:activity-detail", pk=activity.pk)
    return render(request, "cpd/activity_form.html", {"form": form, "adding": True})


@require_safe
@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = owned_activity(request, pk)
    topics = list(activity.topics.all())
    return render(
        request,
        "cpd/activity_detail.html",
        {
            "activity": activity,
            "topics": topics,
            "counts": counting.for_activity(
                request.user, activity, topics, today=timezone.localdate()
            ),
            "competences": list(activity.competences.select_related("area__framework")),
            "linked": links.shown(request.user, activity.pk),
        },
    )


def _shown(name: str, value) -> str:
    """A value as the member reads it, for the table of changes made elsewhere."""
    if value in (None, "") or (name in ("topics", "competences") and not value):
        return "Not given"
    if name == "type":
        return Activity.Type(value).label
    if name in ("topics", "competences"):
        return ", ".join(str(item) for item in value)
    if name == "hours":
        return hours(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def _changed_elsewhere(request: HttpRequest, form_class, change: ChangedElsewhere, **kwargs):
    """The member's form again, now on the saved version, and the values that differ.

    What the member typed stays in the form; saving it again keeps theirs.
    """
    data = request.POST.copy()
    data["version"] = activity_version(change.saved)
    form = form_class(data, **kwargs)
    form.is_valid()
    yours = dict(form.cleaned_data)
    if not yours.get("end_date"):
        yours["end_date"] = yours.get("start_date")
    rows = []
    for name in change.fields:
        saved = getattr(change.saved, name)
        if name in ("topics", "competences"):
            saved = list(saved.all())
        rows.append(
            {
                "label": form[name].label,
                "saved": _shown(name, saved),
                "yours": _shown(name, yours.get(name)),
            }
        )
    return form, rows


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = owned_activity(request, pk, drafts=True)
    initial = {
        "type": activity.type,
        "title": activity.title,
        "start_date": activity.start_date,
        "end_date": activity.end_date if activity.end_date != activity.start_date else None,
        "hours": activity.hours,
        "folder": activity.folder,
        "description": activity.description,
        "topics": list(activity.topics.all()),
        "competences": list(activity.competences.all()),
        "version": activity_version(activity),
        **links.initial(request.user, activity.pk),
    }
    form_kwargs = {
        "owner": request.user,
        "initial": initial,
        # A calendar event waiting for confirmation may lie in the future.
        "allow_future": activity.is_draft,
    }
    form = forms.ActivityDetailsForm(posted(request), **form_kwargs)
    changed_elsewhere = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("folder", None)
        loaded_version = data.pop("version") or None
        topics = data.pop("topics")
        competences = data.pop("competences", None)
        linked = links.pop_values(data)
        try:
            with transaction.atomic():
                activity = services.activity_update(
                    activity=activity,
                    actor=request.user,
                    topics=topics,
                    competences=competences,
                    loaded_version=loaded_version,
                    **data,
                )
                links.save(owner=request.user, activity_id=activity.pk, values=linked)
        except ChangedElsewhere as change:
            form, changed_elsewhere = _changed_elsewhere(
                request, forms.ActivityDetailsForm, change, **form_kwargs
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Your changes are saved.")
            if activity.is_draft:
                return redirect("cpd:drafts")
            return redirect("cpd:activity-detail", pk=activity.pk)
    return render(
        request,
        "cpd/activity_form.html",
        {"form": form, "activity": activity, "changed_elsewhere": changed_elsewhere},
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_reflection(request: HttpRequest, pk: int) -> HttpResponse:
    activity = owned_activity(request, pk)
    initial = {field: getattr(activity, field) for field in REFLECTION_FIELDS}
    initial["version"] = activity_version(activity)
    form = forms.ReflectionForm(posted(request), initial=initial)
    changed_elsewhere = None
    if request.method == "POST" and form.is_valid():
        answers = dict(form.cleaned_data)
        loaded_version = answers.pop("version") or None
        try:
            services.activity_reflect(
                activity=activity, actor=request.user, loaded_version=loaded_version, **answers
            )
        except ChangedElsewhere as change:
            form, changed_elsewhere = _changed_elsewhere(
                request, forms.ReflectionForm, change, initial=initial
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Your reflection is saved.")
            return redirect("cpd:activity-detail", pk=activity.pk)
    return render(
        request,
        "cpd/reflection_form.html",
        {"form": form, "activity": activity, "changed_elsewhere": changed_elsewhere},
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = owned_activity(request, pk)
    return confirm_then(
        request,
        template="cpd/activity_delete.html",
        context={"activity": activity},
        act=lambda: services.activity_delete(activity=activity, actor=request.user),
        done=f"“{activity.title}” has been deleted.",
        next_url=reverse("cpd:activity-list"),
    )
