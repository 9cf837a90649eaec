"""The plan, the review page, the development history and planning settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core.forms import posted
from careermanager.development import forms, queries, services


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The plan: open objectives with their actions and progress."""
    return render(
        request,
        "development/index.html",
        {"objectives": queries.open_objectives(request.user), "today": timezone.localdate()},
    )


@require_safe
@login_required
def review(request: HttpRequest) -> HttpResponse:
    """What needs attention: overdue, due in the next 30 days, and the next priority."""
    today = timezone.localdate()
    return render(
        request,
        "development/review.html",
        {
            "review": queries.review(request.user, today),
            "days": queries.DUE_SOON_DAYS,
            "today": today,
        },
    )


@require_safe
@login_required
def history(request: HttpRequest) -> HttpResponse:
    """Completed objectives with the day each was completed and the actions done."""
    return render(
        request, "development/history.html", {"objectives": queries.history(request.user)}
    )


@require_http_methods(["GET", "POST"])
@login_required
def settings(request: HttpRequest) -> HttpResponse:
    plan = services.plan_for(request.user)
    form = forms.PlanSettingsForm(posted(request), initial={"reminders": plan.reminders})
    if request.method == "POST" and form.is_valid():
        reminders = form.cleaned_data["reminders"]
        services.plan_set_reminders(owner=request.user, reminders=reminders)
        messages.success(
            request,
            "You will be emailed a week before an action is due."
            if reminders
            else "You will not be emailed about actions falling due.",
        )
        return redirect("development:settings")
    return render(request, "development/settings.html", {"form": form})
