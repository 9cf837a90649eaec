"""Quick capture: log an activity in seconds on a phone, with or without a connection.

The page is an ordinary form (a POST, once-only through core.once) that works without
JavaScript. With it, cpd/capture.js keeps each activity as a draft on the device and sends
it to `capture_send`, which answers in JSON. A draft carries a key made on the device when
the draft was made; the key is the form's once-only token, so a draft sent again (its first
answer lost on the way back) creates nothing new, in whichever process it lands.
"""

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from careermanager.core import once
from careermanager.core.forms import apply_errors, counted_textarea
from careermanager.core.models import FormToken
from careermanager.cpd import forms, services

NOTE_LIMIT = 500
# The page the service worker keeps for offline use says so in this header (core/webapp.py).
SHELL_HEADER = "X-Offline-Shell"
SIGNED_OUT = "Sign in again to send this draft."
SOMEONE_ELSE = "This draft was made while someone else was signed in on this device."


class CaptureForm(forms.ActivityForm):
    """The few things that matter when logging on the move; the rest can be added later."""

    KEPT = ("type", "title", "start_date", "hours", "description")

    description = django_forms.CharField(
        label="Short note",
        required=False,
        max_length=NOTE_LIMIT,
        widget=counted_textarea(NOTE_LIMIT, rows=3),
        help_text="What it was, or what you took from it. You can add more later.",
        error_messages={"max_length": f"The note must be {NOTE_LIMIT} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in self.KEPT:
                del self.fields[name]
        self.fields["start_date"].label = "Date"
        self.fields["start_date"].error_messages |= {
            "required": "Enter the date.",
            "invalid": "The date must be a real date, for example 27 3 2024.",
        }
        self.fields["title"].help_text = ""
        self.fields["hours"].help_text = "For example 1.5 for an hour and a half."
        self.order_fields(["title", "type", "start_date", "hours", "description"])


def _create(request: HttpRequest, form: CaptureForm):
    return services.activity_create(owner=request.user, **form.cleaned_data)


@require_http_methods(["GET", "POST"])
@login_required
def capture(request: HttpRequest) -> HttpResponse:
    """The quick capture page; without JavaScript, its form is posted here."""
    if request.method == "POST" and (repeat := once.earlier(request)):
        return repeat
    form = CaptureForm(
        request.POST if request.method == "POST" else None,
        owner=request.user,
        initial={"start_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with once.only_once(request) as submission:
                activity = _create(request, form)
                submission.leads_to(reverse("cpd:activity-detail", args=[activity.pk]))
        except once.AlreadySubmitted as repeat:
            return repeat.response
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, f"“{activity.title}” is saved. Log another, or add to it later."
            )
            return redirect("cpd:capture")
    shell = request.method == "GET" and not len(messages.get_messages(request))
    response = render(
        request,
        "cpd/capture.html",
        {"form": form, "csrf_cookie_name": settings.CSRF_COOKIE_NAME},
    )
    if shell:
        response[SHELL_HEADER] = "1"
    return response


def _answer(status: int, state: str, message: str = "", **data) -> JsonResponse:
    return JsonResponse({"state": state, "message": message, **data}, status=status)


def _sent(request: HttpRequest, url: str, title: str, *, already: bool) -> JsonResponse:
    message = (
        f"“{title}” had already been sent, so nothing new was saved."
        if already
        else f"“{title}” is sent and saved."
    )
    return _answer(200 if already else 201, "sent", message, url=url, already=already)


@require_POST
def capture_send(request: HttpRequest) -> HttpResponse:
    """Save a draft sent from a device (cpd/capture.js); answer in JSON.

    The draft's key is required: it is what makes a resend harmless.
    """
    if not request.user.is_authenticated:
        login = redirect_to_login(reverse("cpd:capture")).url
        return _answer(401, "signed-out", SIGNED_OUT, login_url=login)
    if request.POST.get("member") != str(request.user.pk):
        return _answer(403, "someone-else", SOMEONE_ELSE)
    title = request.POST.get("title", "").strip()[:200]
    key = once.posted_token(request)
    if not key:
        return _answer(400, "invalid", "This draft has no key.", errors={"__all__": ["No key"]})
    used = FormToken.objects.filter(token=key, user=request.user).first()
    if used is not None:
        return _sent(request, used.url, title, already=True)
    form = CaptureForm(request.POST, owner=request.user)
    if form.is_valid():
        try:
            with once.only_once(request) as submission:
                activity = _create(request, form)
                url = reverse("cpd:activity-detail", args=[activity.pk])
                submission.leads_to(url)
        except once.AlreadySubmitted as repeat:
            # Sent twice at the same moment: the other request saved it. The note core.once
            # leaves for the next page is not for this answer.
            list(messages.get_messages(request))
            return _sent(request, repeat.response.url, title, already=True)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _sent(request, url, activity.title, already=False)
    return _answer(
        400,
        "invalid",
        "Correct this draft before it can be sent.",
        errors={name: list(errors) for name, errors in form.errors.items()},
    )
