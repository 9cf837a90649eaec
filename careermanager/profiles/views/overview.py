"""The profile's landing page, personal details and membership details."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core.forms import apply_errors, posted
from careermanager.profiles import services
from careermanager.profiles.forms import PersonalDetailsForm
from careermanager.profiles.models import (
    Achievement,
    DevelopmentScheme,
    Education,
    Employment,
    MembershipDetails,
    PersonalDetails,
    Training,
)
from careermanager.profiles.sections import SECTIONS


def _per_owner(records, aggregate=None) -> Subquery:
    """A subquery of the member's records: how many (or another aggregate), one value."""
    return Subquery(
        records.order_by()
        .values("owner")
        .annotate(value=aggregate if aggregate is not None else Count("pk"))
        .values("value")
    )


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Every part of the CV at a glance, with what to add next."""
    user = request.user
    models = {
        "employment": Employment,
        "education": Education,
        "scheme": DevelopmentScheme,
        "training": Training,
        "achievement": Achievement,
    }
    # One query: each section's count and the training hours, as subqueries of the member's row.
    facts = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values(
            training_hours=_per_owner(Training.objects.owned_by(user), Sum("hours")),
            **{
                f"count_{key}": _per_owner(model.objects.owned_by(user))
                for key, model in models.items()
            },
        )
        .get()
    )
    sections = [{"section": SECTIONS[key], "count": facts[f"count_{key}"] or 0} for key in models]
    context = {
        "personal": PersonalDetails.objects.owned_by(user).first(),
        "membership": MembershipDetails.objects.owned_by(user).first(),
        "current_roles": list(Employment.objects.owned_by(user).current()[:3]),
        "sections": sections,
        "training_hours": facts["training_hours"] or Decimal(0),
    }
    return render(request, "profiles/index.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def personal_details(request: HttpRequest) -> HttpResponse:
    user = request.user
    details = PersonalDetails.objects.owned_by(user).first()
    initial = {}
    if details is None:
        details = PersonalDetails(owner=user)
        first, _, last = user.full_name.strip().rpartition(" ")
        initial = {"first_name": first or last, "last_name": last if first else ""}
    form = PersonalDetailsForm(posted(request), instance=details, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.personal_details_save(details=form.instance, actor=user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Your personal details have been saved.")
            return redirect("profiles:index")
    return render(request, "profiles/personal_details.html", {"form": form})


@require_safe
@login_required
def membership(request: HttpRequest) -> HttpResponse:
    details = MembershipDetails.objects.owned_by(request.user).first()
    return render(request, "profiles/membership.html", {"membership": details})
