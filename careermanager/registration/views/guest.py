"""The attester's pages: the locked application, their comments, their signature.

Nothing here needs an account. The emailed link goes to core's entry page (core/guest.py),
whose POST opens a guest session scoped to one attestation and lands here. Each page reads the
attestation from that session through `guest_page`, never from the URL, so no other
application can be reached through it. Unlocking the application deletes the attestation and
revokes the ticket: these pages then answer "Open the link in your email".
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_safe

from careermanager.core.forms import apply_errors, posted
from careermanager.core.guest import guest_page
from careermanager.core.models import GuestTicket
from careermanager.registration import applications
from careermanager.registration.attester_forms import CommentForm, SignForm
from careermanager.registration.briefings import AFTER, STEPS, briefing
from careermanager.registration.guest import attestations_open
from careermanager.registration.models import Attestation


def _context(ticket: GuestTicket, attestation: Attestation, **more) -> dict:
    application = attestation.application
    return {
        "ticket": ticket,
        "attestation": attestation,
        "application": application,
        "member": application.owner,
        "briefing": briefing(attestation.role),
        **more,
    }


def _back(request: HttpRequest, text: str = "", *, level=messages.INFO) -> HttpResponse:
    if text:
        messages.add_message(request, level, text)
    return redirect("registration:guest-application")


@require_safe
@guest_page(attestations_open())
def guest_application(
    request: HttpRequest, ticket: GuestTicket, attestation: Attestation
) -> HttpResponse:
    application = attestation.application
    snapshot = application.snapshot
    areas = {area["code"]: area["title"] for area in snapshot.get("areas", [])}
    area_comments = [
        {"code": code, "title": areas.get(code, ""), "text": text}
        for code, text in attestation.area_comments.items()
    ]
    context = _context(
        ticket,
        attestation,
        records=snapshot,
        steps=STEPS,
        after=AFTER,
        area_comments=area_comments,
    )
    return render(request, "registration/guest/application.html", context)


@require_http_methods(["GET", "POST"])
@guest_page(attestations_open())
def guest_comment(
    request: HttpRequest, ticket: GuestTicket, attestation: Attestation
) -> HttpResponse:
    if attestation.is_signed:
        return _back(request, "You have signed your attestation, so your comments are final.")
    areas = attestation.application.snapshot.get("areas", [])
    form = CommentForm(posted(request), areas=areas, initial=CommentForm.initial_for(attestation))
    if request.method == "POST" and form.is_valid():
        try:
            applications.attestation_comment(
                attestation=attestation,
                ticket=ticket,
                overall=form.cleaned_data["overall"],
                areas=form.area_comments(),
            )
        except applications.WrongState as error:
            return _back(request, " ".join(error.messages), level=messages.ERROR)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, "Your comments are saved. When you are ready, sign your attestation."
            )
            return redirect("registration:guest-sign")
    return render(
        request,
        "registration/guest/comment.html",
        _context(ticket, attestation, form=form, areas=areas),
    )


@require_http_methods(["GET", "POST"])
@guest_page(attestations_open())
def guest_sign(request: HttpRequest, ticket: GuestTicket, attestation: Attestation) -> HttpResponse:
    if attestation.is_signed:
        return _back(request, "You have signed this attestation already. Thank you.")
    application = attestation.application
    form = SignForm(
        posted(request),
        initial={
            "registration": attestation.registration_number,
            "seen_sha256": application.snapshot_sha256,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            applications.attestation_sign(
                attestation=attestation,
                ticket=ticket,
                full_name=data["full_name"],
                registration=data["registration"],
                confirmed=data["confirmed"],
                seen_sha256=data["seen_sha256"],
            )
        except applications.WrongState as error:
            return _back(request, " ".join(error.messages), level=messages.ERROR)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Thank you: your attestation is signed.")
            return redirect("registration:guest-application")
    context = _context(ticket, attestation, form=form, commented=bool(attestation.overall_comment))
    return render(request, "registration/guest/sign.html", context)


urlpatterns: list = [
    path("attest/", guest_application, name="guest-application"),
    path("attest/comment/", guest_comment, name="guest-comment"),
    path("attest/sign/", guest_sign, name="guest-sign"),
]
