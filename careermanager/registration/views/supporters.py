"""The member's supporters: the list, adding, changing and removing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core import once
from careermanager.core.access import owned_or_404
from careermanager.core.confirm import confirm_then
from careermanager.core.forms import apply_errors, posted
from careermanager.registration import services
from careermanager.registration.forms import SupporterForm
from careermanager.registration.models import Supporter


def owned_supporter(request: HttpRequest, pk: int) -> Supporter:
    return owned_or_404(Supporter.objects.all(), request.user, pk=pk)


def _next_url(request: HttpRequest) -> str:
    """Back to the intention's supporters page when the member came from there."""
    intention = request.GET.get("intention", "")
    if intention.isdigit():
        return reverse("registration:intention-supporters", args=[int(intention)])
    return reverse("registration:supporter-list")


@require_safe
@login_required
def supporter_list(request: HttpRequest) -> HttpResponse:
    supporters = Supporter.objects.owned_by(request.user).order_by("name", "pk")
    return render(request, "registration/supporter_list.html", {"supporters": supporters})


@require_http_methods(["GET", "POST"])
@login_required
def supporter_add(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and (repeat := once.earlier(request)):
        return repeat
    form = SupporterForm(posted(request))
    next_url = _next_url(request)
    if request.method == "POST" and form.is_valid():
        try:
            with once.only_once(request) as submission:
                supporter = services.supporter_create(owner=request.user, **form.cleaned_data)
                submission.leads_to(next_url)
        except once.AlreadySubmitted as repeat:
            return repeat.response
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{supporter.name} is now one of your supporters.")
            return redirect(next_url)
    return render(
        request,
        "registration/supporter_form.html",
        {"form": form, "adding": True, "cancel_url": next_url},
    )


@require_http_methods(["GET", "POST"])
@login_required
def supporter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    supporter = owned_supporter(request, pk)
    form = SupporterForm(posted(request), initial=SupporterForm.initial_for(supporter))
    if request.method == "POST" and form.is_valid():
        try:
            services.supporter_update(supporter=supporter, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Your changes to {supporter.name} are saved.")
            return redirect("registration:supporter-list")
    return render(
        request,
        "registration/supporter_form.html",
        {
            "form": form,
            "supporter": supporter,
            "cancel_url": reverse("registration:supporter-list"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def supporter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    supporter = owned_supporter(request, pk)
    name = supporter.name
    drafts = supporter.intentions.drafts().exists()
    return confirm_then(
        request,
        template="registration/supporter_delete.html",
        context={"supporter": supporter, "in_draft": drafts},
        act=lambda: services.supporter_delete(supporter=supporter, actor=request.user),
        done=f"{name} has been removed from your supporters.",
        next_url=reverse("registration:supporter-list"),
    )
