"""Locking and unlocking the application, its attesters as the member manages them,
submitting it, and its timeline."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careermanager.core import once
from careermanager.core.access import owned_or_404
from careermanager.core.forms import apply_errors, posted
from careermanager.core.models import GuestTicket
from careermanager.core.tickets import default_days
from careermanager.registration import applications
from careermanager.registration.application_checklist import checklist, missing
from careermanager.registration.application_records import shown_records
from careermanager.registration.attester_forms import SOMEONE_ELSE, InviteForm, default_message
from careermanager.registration.briefings import WHO_DECIDES, all_briefings, briefing
from careermanager.registration.models import (
    Application,
    Attestation,
    AttesterRole,
    EventKind,
    Intention,
    Supporter,
)
from careermanager.registration.receipt import SEND_SEPARATELY

LOCK_FIRST = "Lock your application first: attesters read it as it is when you lock it."


def owned_application(request: HttpRequest, pk: int) -> Application:
    return owned_or_404(Application.objects.select_related("owner"), request.user, pk=pk)


def _to_application(application: Application) -> HttpResponse:
    return redirect("registration:application", pk=application.pk)


def _to_attesters(application: Application) -> HttpResponse:
    return redirect("registration:application-attesters", pk=application.pk)


def _role_or_404(role: str) -> str:
    if role not in AttesterRole.values:
        raise Http404
    return role


def _not_locked(request: HttpRequest, application: Application) -> HttpResponse | None:
    """Where a page for a locked application sends the member when it is not locked."""
    if application.is_locked:
        return None
    if application.is_draft:
        messages.info(request, LOCK_FIRST)
        return _to_application(application)
    messages.info(request, applications.STATE_MESSAGES[application.status])
    return _to_attesters(application)


# Lock and unlock ----------------------------------------------------------------------------


def _lock_context(application: Application) -> dict:
    records = shown_records(application)
    items = checklist(application, records)
    return {"application": application, "records": records, "missing": missing(items)}


@require_http_methods(["GET", "POST"])
@login_required
def application_lock(request: HttpRequest, pk: int) -> HttpResponse:
    application = owned_application(request, pk)
    if not application.is_draft:
        messages.info(request, applications.STATE_MESSAGES[application.status])
        return _to_attesters(application)
    if request.method == "POST":
        if earlier := once.earlier(request):
            return earlier
        try:
            with once.only_once(request) as submission:
                applications.application_lock(application=application, actor=request.user)
                submission.leads_to(
                    reverse("registration:application-attesters", args=[application.pk])
                )
        except once.AlreadySubmitted as repeat:
            return repeat.response
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(
                request,
                "Your application is locked. Now invite your three attesters to read it, "
                "comment and sign.",
            )
            return _to_attesters(application)
    return render(request, "registration/attest/lock.html", _lock_context(application))


ROLE_ORDER = {role: index for index, role in enumerate(AttesterRole.values)}


def _in_role_order(application: Application) -> list[Attestation]:
    return sorted(application.attestations.all(), key=lambda a: ROLE_ORDER[a.role])


def _responded(attestations: list[Attestation]) -> tuple[int, int]:
    commented = sum(1 for a in attestations if a.commented_at and not a.is_signed)
    signed = sum(1 for a in attestations if a.is_signed)
    return commented, signed


@require_http_methods(["GET", "POST"])
@login_required
def application_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    application = owned_application(request, pk)
    if not application.is_locked:
        if application.is_draft:
            messages.info(request, "Your application is not locked: you can change it now.")
            return _to_application(application)
        messages.info(request, applications.STATE_MESSAGES[application.status])
        return _to_attesters(application)
    if request.method == "POST":
        try:
            applications.application_unlock(application=application, actor=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return _to_attesters(application)
        messages.success(
            request,
            "Your application is unlocked: you can change it again. Lock it when it is ready "
            "and invite your attesters again.",
        )
        return _to_application(application)
    attestations = _in_role_order(application)
    commented, signed = _responded(attestations)
    context = {
        "application": application,
        "attestations": attestations,
        "commented": commented,
        "signed": signed,
    }
    return render(request, "registration/attest/unlock.html", context)


# Attesters ----------------------------------------------------------------------------------


def _latest_tickets(attestations: list[Attestation]) -> dict[int, GuestTicket]:
    """The newest ticket of each attestation, in one query."""
    if not attestations:
        return {}
    found = GuestTicket.objects.filter(
        target_type=ContentType.objects.get_for_model(Attestation),
        target_id__in=[str(a.pk) for a in attestations],
    ).order_by("target_id", "-created_at", "-pk")
    latest: dict[int, GuestTicket] = {}
    for ticket in found:
        latest.setdefault(int(ticket.target_id), ticket)
    return latest


def _slots(application: Application) -> list[dict]:
    attestations = list(application.attestations.all())
    by_role = {a.role: a for a in attestations}
    tickets = _latest_tickets(attestations)
    slots = []
    for role_briefing in all_briefings():
        attestation = by_role.get(role_briefing.role)
        ticket = tickets.get(attestation.pk) if attestation else None
        if attestation is None:
            state, label = "none", "Not invited"
        elif attestation.is_signed:
            state, label = "signed", "Signed"
        elif attestation.commented_at:
            state, label = "commented", "Commented, not signed"
        else:
            state, label = "invited", "Invited"
        slots.append(
            {
                "role": role_briefing.role,
                "briefing": role_briefing,
                "attestation": attestation,
                "ticket": ticket,
                "state": state,
                "label": label,
                "hash_matches": bool(
                    attestation
                    and attestation.is_signed
                    and attestation.signed_sha256 == application.snapshot_sha256
                ),
            }
        )
    return slots


@require_safe
@login_required
def application_attesters(request: HttpRequest, pk: int) -> HttpResponse:
    application = owned_application(request, pk)
    if application.is_draft:
        messages.info(request, LOCK_FIRST)
        return _to_application(application)
    slots = _slots(application)
    context = {
        "application": application,
        "slots": slots,
        "signed": sum(1 for slot in slots if slot["hash_matches"]),
        "needed": applications.ATTESTERS_NEEDED,
        "who_decides": WHO_DECIDES,
        "days": default_days(),
    }
    return render(request, "registration/attest/attesters.html", context)


def _email_preview(application: Application, role: str, values: dict, supporters) -> str:
    """The invitation as the attester will read it, with a stand-in for their link."""
    chosen = next((s for s in supporters if str(s.pk) == values.get("attester")), None)
    name = chosen.name if chosen else (values.get("name") or "").strip()
    attestation = Attestation(
        application=application,
        role=role,
        name=name or "the person you invite",
        message=(values.get("message") or "").strip(),
    )
    return render_to_string(
        "registration/email/attester_invited.txt",
        {
            "service_name": settings.SERVICE_NAME,
            "attestation": attestation,
            "application": application,
            "member": application.owner,
            "link": "(their personal link goes here)",
            "expires_at": timezone.now() + timedelta(days=default_days()),
        },
    )


def _invite_error(form: InviteForm, error: ValidationError) -> None:
    """The service's refusals beside the field the member chose with."""
    if form.chose_supporter and hasattr(error, "error_dict") and "email" in error.error_dict:
        error = ValidationError(
            {
                ("attester" if name == "email" else name): errors
                for name, errors in error.error_dict.items()
            }
        )
    apply_errors(form, error)


def _invitable_supporters(application: Application) -> list[Supporter]:
    """The member's supporters who are not attesting in another role already."""
    taken = {email.lower() for email in application.attestations.values_list("email", flat=True)}
    return [
        supporter
        for supporter in Supporter.objects.owned_by(application.owner).order_by("name", "pk")
        if supporter.email.lower() not in taken
    ]


def _initial_choice(request: HttpRequest, role: str, supporters: list[Supporter]) -> str:
    if not supporters:
        return SOMEONE_ELSE  # the only choice: the form shows the details to fill in
    asked = request.GET.get("supporter", "")
    if any(str(s.pk) == asked for s in supporters):
        return asked
    same = [s for s in supporters if s.relationship == role]
    return str(same[0].pk) if len(same) == 1 else ""


@require_http_methods(["GET", "POST"])
@login_required
def attester_invite(request: HttpRequest, pk: int, role: str) -> HttpResponse:
    application = owned_application(request, pk)
    role = _role_or_404(role)
    if response := _not_locked(request, application):
        return response
    label = AttesterRole(role).label
    if application.attestations.filter(role=role).exists():
        messages.info(request, f"You have invited your {label.lower()} already.")
        return _to_attesters(application)
    supporters = _invitable_supporters(application)
    initial = {
        "message": default_message(
            member_name=application.owner.display_name,
            category=application.get_category_display(),
            role_label=label,
        ),
        "attester": _initial_choice(request, role, supporters),
    }
    previewing = request.method == "POST" and request.POST.get("action") == "preview"
    if previewing:
        # The member's words, shown back in the form and in the email, with nothing checked.
        initial |= {name: request.POST.get(name, "") for name in InviteForm.base_fields}
        form = InviteForm(supporters=supporters, initial=initial)
    else:
        form = InviteForm(posted(request), supporters=supporters, initial=initial)
    if request.method == "POST" and not previewing and form.is_valid():
        if earlier := once.earlier(request):
            return earlier
        data = form.cleaned_data
        try:
            with once.only_once(request) as submission:
                attestation = applications.attester_invite(
                    application=application,
                    actor=request.user,
                    role=role,
                    name=data["name"],
                    email=data["email"],
                    registration_number=data["registration_number"],
                    message=data["message"],
                    supporter=data["supporter"],
                )
                submission.leads_to(
                    reverse("registration:application-attesters", args=[application.pk])
                )
        except once.AlreadySubmitted as repeat:
            return repeat.response
        except ValidationError as error:
            _invite_error(form, error)
        else:
            messages.success(
                request,
                f"We have emailed {attestation.name} ({attestation.email}) a link to attest "
                f"your application as your {label.lower()}.",
            )
            return _to_attesters(application)
    context = {
        "application": application,
        "role": role,
        "label": label,
        "briefing": briefing(role),
        "who_decides": WHO_DECIDES,
        "form": form,
        "has_supporters": bool(supporters),
        "preview": _email_preview(
            application, role, form.data if form.is_bound else form.initial, supporters
        ),
        "previewing": previewing,
        "days": default_days(),
    }
    return render(request, "registration/attest/invite.html", context)


def _attestation_or_404(application: Application, role: str) -> Attestation:
    attestation = application.attestations.filter(role=_role_or_404(role)).first()
    if attestation is None:
        raise Http404
    attestation.application = application
    return attestation


@require_POST
@login_required
def attester_resend(request: HttpRequest, pk: int, role: str) -> HttpResponse:
    application = owned_application(request, pk)
    if response := _not_locked(request, application):
        return response
    attestation = _attestation_or_404(application, role)
    if earlier := once.earlier(request):
        return earlier
    try:
        with once.only_once(request) as submission:
            applications.attester_resend(attestation=attestation, actor=request.user)
            submission.leads_to(
                reverse("registration:application-attesters", args=[application.pk])
            )
    except once.AlreadySubmitted as repeat:
        return repeat.response
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            f"We have emailed {attestation.name} a new link. The link sent before no longer works.",
        )
    return _to_attesters(application)


@require_http_methods(["GET", "POST"])
@login_required
def attester_remove(request: HttpRequest, pk: int, role: str) -> HttpResponse:
    application = owned_application(request, pk)
    if response := _not_locked(request, application):
        return response
    attestation = _attestation_or_404(application, role)
    if request.method == "POST":
        try:
            applications.attester_remove(attestation=attestation, actor=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(
                request,
                f"{attestation.name} is no longer your {attestation.get_role_display().lower()}"
                f", and their link no longer works.",
            )
        return _to_attesters(application)
    return render(
        request,
        "registration/attest/remove.html",
        {"application": application, "attestation": attestation},
    )


# Submit -------------------------------------------------------------------------------------


def _submitted_page(request: HttpRequest, application: Application) -> HttpResponse:
    context = {
        "application": application,
        "attestations": _in_role_order(application),
        "send_separately": SEND_SEPARATELY,
    }
    return render(request, "registration/attest/submitted.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = owned_application(request, pk)
    if application.is_draft:
        messages.info(request, LOCK_FIRST)
        return _to_application(application)
    if request.method == "POST":
        if earlier := once.earlier(request):
            return earlier
        here = reverse("registration:application-submit", args=[application.pk])
        try:
            with once.only_once(request) as submission:
                applications.application_submit(application=application, actor=request.user)
                submission.leads_to(here)
        except once.AlreadySubmitted as repeat:
            return repeat.response
        except applications.AlreadySubmitted:
            return redirect(here)  # a second click: the submission it made is the answer
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(
                request, "Your application has been submitted. We have emailed you to say so."
            )
        return redirect(here)
    if application.is_sent:
        return _submitted_page(request, application)
    slots = _slots(application)
    signed = sum(1 for slot in slots if slot["hash_matches"])
    context = {
        "application": application,
        "slots": slots,
        "signed": signed,
        "needed": applications.ATTESTERS_NEEDED,
        "ready": signed == applications.ATTESTERS_NEEDED,
    }
    return render(request, "registration/attest/submit.html", context)


# Timeline -----------------------------------------------------------------------------------


def timeline_entries(application: Application) -> list[dict]:
    """The application's events and the member's submitted intentions, oldest first."""
    entries = [
        {
            "at": event.at,
            "label": event.get_kind_display(),
            "detail": event.detail,
            "staff": event.kind in (EventKind.STAFF_COMMENT, EventKind.RECEIVED),
            "kind": event.kind,
        }
        for event in application.events.all()
    ]
    for intention in Intention.objects.owned_by(application.owner).submitted():
        entries.append(
            {
                "at": intention.submitted_at,
                "label": EventKind.INTENTION_SUBMITTED.label,
                "detail": f"Working towards {intention.get_category_display()}",
                "staff": False,
                "kind": EventKind.INTENTION_SUBMITTED,
            }
        )
    entries.sort(key=lambda entry: entry["at"])
    return entries


@require_safe
@login_required
def application_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    application = owned_application(request, pk)
    context = {"application": application, "entries": timeline_entries(application)}
    return render(request, "registration/attest/timeline.html", context)


urlpatterns: list = [
    path("application/<int:pk>/lock/", application_lock, name="application-lock"),
    path("application/<int:pk>/unlock/", application_unlock, name="application-unlock"),
    path("application/<int:pk>/attesters/", application_attesters, name="application-attesters"),
    path(
        "application/<int:pk>/attesters/<str:role>/invite/",
        attester_invite,
        name="application-attester-invite",
    ),
    path(
        "application/<int:pk>/attesters/<str:role>/resend/",
        attester_resend,
        name="application-attester-resend",
    ),
    path(
        "application/<int:pk>/attesters/<str:role>/remove/",
        attester_remove,
        name="application-attester-remove",
    ),
    path("application/<int:pk>/submit/", application_submit, name="application-submit"),
    path("application/<int:pk>/timeline/", application_timeline, name="application-timeline"),
]
