"""The CPD emails a member receives, each of which they can turn off."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from careermanager.core.forms import posted
from careermanager.cpd import forms, services


@require_http_methods(["GET", "POST"])
@login_required
def email_settings(request: HttpRequest) -> HttpResponse:
    current = services.email_settings_for(request.user)
    form = forms.EmailSettingsForm(
        posted(request),
        initial={
            "pace_reminders": current.pace_reminders,
            "reflection_note": current.reflection_note,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.email_settings_update(owner=request.user, **form.cleaned_data)
        messages.success(request, "Your CPD email settings are saved.")
        return redirect("cpd:email-settings")
    return render(
        request,
        "cpd/email_settings.html",
        {"form": form, "days": settings.CPD_REMINDER_DAYS},
    )
