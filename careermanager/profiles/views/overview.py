"""The profile's landing page, personal details and membership details."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
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


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Every part of the CV at a glance, with what to add next."""
    user = request.user
    training = Training.objects.owned_by(user)
    counts = {
        "employment": Employment.objects.owned_by(user).count(),
        "education": Education.objects.owned_by(user).count(),
        "scheme": DevelopmentScheme.objects.owned_by(user).count(),
        "training": training.count(),
        "achievement": Achievement.objects.owned_by(user).count(),
    }
    sections = [{"section": SECTIONS[key], "count": count} for key, count in counts.items()]
    context = {
        "personal": PersonalDetails.objects.owned_by(user).first(),
        "membership": MembershipDetails.objects.owned_by(user).first(),
        "current_roles": list(Employment.objects.owned_by(user).current()[:3]),
        "sections": sections,
        "training_hours": training.total_hours(),
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
