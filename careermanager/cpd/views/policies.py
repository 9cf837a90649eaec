"""The CPD policies a member follows: choosing them, and how their record measures up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core.forms import apply_errors, posted
from careermanager.cpd import forms, services
from careermanager.cpd.compliance import evaluate_followed, followed_policies
from careermanager.cpd.models import Institution, Policy

YEARS_OFFERED = 6


def _item_url(key: str, view: str = "cpd:activity-detail") -> str | None:
    """The page of an activity; training and academic study live in the profile."""
    kind, _, pk = key.partition(":")
    return reverse(view, kwargs={"pk": int(pk)}) if kind == "activity" else None


def _view_of(status) -> dict:
    """What the page shows for one policy, beyond the evaluation itself."""
    evaluation = status.evaluation
    not_counted = [
        {
            "item": entry.item,
            "counted": entry.counted,
            "why": entry.why,
            "url": _item_url(entry.item.key),
        }
        for entry in evaluation.left_out
    ]
    missing = [
        {"item": item, "url": _item_url(item.key, "cpd:activity-reflection")}
        for item in evaluation.missing_reflections
    ]
    return {"status": status, "not_counted": not_counted, "missing": missing}


@require_safe
@login_required
def policy_status(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    years = list(range(today.year, today.year - YEARS_OFFERED, -1))
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    if year not in years:
        year = today.year
    statuses = evaluate_followed(request.user, year=year, today=today)
    return render(
        request,
        "cpd/policies.html",
        {
            "year": year,
            "years": years,
            "is_current": year == today.year,
            "views": [_view_of(status) for status in statuses],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def policy_choose(request: HttpRequest) -> HttpResponse:
    institutions = list(
        Institution.objects.prefetch_related(
            Prefetch("policies", queryset=Policy.objects.order_by("order", "name"))
        )
    )
    followed = followed_policies(request.user)
    form = forms.PolicyChoiceForm(posted(request), institutions=institutions, followed=followed)
    if request.method == "POST" and form.is_valid():
        try:
            chosen = services.policies_follow(owner=request.user, policies=form.chosen())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if chosen:
                names = ", ".join(str(policy) for policy in chosen)
                messages.success(request, f"You now follow: {names}.")
            else:
                messages.success(request, "You no longer follow any CPD policy.")
            return redirect("cpd:policies")
    return render(request, "cpd/policy_choose.html", {"form": form})
