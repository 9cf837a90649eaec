"""Job profiles: a role as competences with target levels, and the member's gap to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.competence import services
from careermanager.competence.forms import JobProfileForm, JobProfileItemForm, TargetLevelForm
from careermanager.competence.models import JobProfile, JobProfileItem
from careermanager.competence.queries import job_profile_rows
from careermanager.competence.services.job_profiles import AlreadyInProfile
from careermanager.competence.views.assessments import assess_competence
from careermanager.competence.views.common import owned_profile
from careermanager.core import once
from careermanager.core.confirm import confirm_then
from careermanager.core.forms import apply_errors, posted


def _item(profile: JobProfile, item_pk: int) -> JobProfileItem:
    return get_object_or_404(
        JobProfileItem.objects.select_related("competence__area__framework"),
        profile=profile,
        pk=item_pk,
    )


@require_safe
@login_required
def job_profile_list(request: HttpRequest) -> HttpResponse:
    profiles = JobProfile.objects.owned_by(request.user).annotate(item_count=Count("items"))
    return render(request, "competence/job_profile_list.html", {"profiles": profiles})


@require_http_methods(["GET", "POST"])
@login_required
def job_profile_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and (repeat := once.earlier(request)):
        return repeat
    form = JobProfileForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            with once.only_once(request) as submission:
                profile = services.job_profile_create(owner=request.user, **form.cleaned_data)
                submission.leads_to(reverse("competence:job-profile-detail", args=[profile.pk]))
        except once.AlreadySubmitted as repeat:
            return repeat.response
        messages.success(request, f"Created “{profile.title}”. Now add the competences it needs.")
        return redirect("competence:job-profile-detail", pk=profile.pk)
    return render(request, "competence/job_profile_form.html", {"form": form, "profile": None})


@require_safe
@login_required
def job_profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = owned_profile(request, pk)
    rows = job_profile_rows(profile)
    return render(
        request,
        "competence/job_profile_detail.html",
        {
            "profile": profile,
            "rows": rows,
            "met": sum(1 for row in rows if row.current and row.gap == 0),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def job_profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    profile = owned_profile(request, pk)
    form = JobProfileForm(posted(request), instance=profile)
    if request.method == "POST" and form.is_valid():
        services.job_profile_update(profile=profile, actor=request.user, **form.cleaned_data)
        messages.success(request, "Your job profile is saved.")
        return redirect("competence:job-profile-detail", pk=profile.pk)
    return render(request, "competence/job_profile_form.html", {"form": form, "profile": profile})


@require_http_methods(["GET", "POST"])
@login_required
def job_profile_delete(request: HttpRequest, pk: int) -> HttpResponse:
    profile = owned_profile(request, pk)
    return confirm_then(
        request,
        template="competence/job_profile_delete.html",
        context={"profile": profile, "item_count": profile.items.count()},
        act=lambda: services.job_profile_delete(profile=profile, actor=request.user),
        done=f"Deleted the job profile “{profile.title}”.",
        next_url=reverse("competence:job-profile-list"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def job_profile_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    profile = owned_profile(request, pk)
    form = JobProfileItemForm(posted(request))
    existing = None  # the item already holding the chosen competence, to offer its edit page
    if request.method == "POST" and form.is_valid():
        competence = form.cleaned_data["competence"]
        try:
            services.job_profile_add_competence(
                profile=profile,
                competence=competence,
                target_level=form.cleaned_data["target_level"],
                actor=request.user,
            )
        except AlreadyInProfile as error:
            existing = error.item
            apply_errors(form, error)
        except ValidationError as error:
            form.add_error("competence", error.messages)
        else:
            messages.success(request, f"Added {competence.code} {competence.title}.")
            return redirect("competence:job-profile-detail", pk=profile.pk)
    return render(
        request,
        "competence/job_profile_item_add.html",
        {"profile": profile, "form": form, "existing": existing},
    )


@require_http_methods(["GET", "POST"])
@login_required
def job_profile_item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    profile = owned_profile(request, pk)
    item = _item(profile, item_pk)
    form = TargetLevelForm(posted(request), initial={"target_level": item.target_level})
    if request.method == "POST" and form.is_valid():
        services.job_profile_item_update(
            item=item, target_level=form.cleaned_data["target_level"], actor=request.user
        )
        messages.success(request, f"Changed the target for {item.competence.code}.")
        return redirect("competence:job-profile-detail", pk=profile.pk)
    return render(
        request,
        "competence/job_profile_item_edit.html",
        {"profile": profile, "item": item, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def job_profile_item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    profile = owned_profile(request, pk)
    item = _item(profile, item_pk)
    return confirm_then(
        request,
        template="competence/job_profile_item_remove.html",
        context={"profile": profile, "item": item},
        act=lambda: services.job_profile_item_remove(item=item, actor=request.user),
        done=f"Removed {item.competence.code} from this profile.",
        next_url=reverse("competence:job-profile-detail", args=[profile.pk]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def job_profile_item_assess(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    profile = owned_profile(request, pk)
    item = _item(profile, item_pk)
    back = reverse("competence:job-profile-detail", args=[profile.pk])
    return assess_competence(
        request,
        competence=item.competence,
        back_url=back,
        back_label=f"Back to {profile.title}",
        success_url=back,
        objective_level=item.target_level,
        objective_job_profile=profile.pk,
    )
