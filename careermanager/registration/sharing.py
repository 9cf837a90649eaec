"""Sharing a draft application to read: a reader's guest ticket, emailed, and withdrawing it.

A member may ask a mentor, manager or advisor to read the application before they send it.
The reader gets a guest ticket (purpose ``share.READER_PURPOSE``) that opens the application
read-only (``share.ApplicationGuestTarget``) until it expires, the member withdraws it, or the
application is submitted.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from careermanager.core import tickets
from careermanager.core.audit import audit
from careermanager.core.mail import absolute_url, send_email
from careermanager.core.models import GuestTicket
from careermanager.registration.models import (
    OPEN_STATUSES,
    Application,
    ApplicationEvent,
    EventKind,
)
from careermanager.registration.share import READER_PURPOSE

SENT_MESSAGE = "This application has been sent, so it can no longer be shared to read."
OWN_EMAIL_MESSAGE = "Give the reader's email address, not your own."


def reader_tickets(application: Application):
    """The application's readers' tickets, newest first (valid, expired and withdrawn)."""
    return (
        GuestTicket.objects.for_target(application)
        .filter(purpose=READER_PURPOSE)
        .order_by("-created_at", "-pk")
    )


@transaction.atomic
def application_share(*, application: Application, actor, name: str, email: str) -> GuestTicket:
    """Give a reader a link to the application and email it to them; returns the ticket."""
    row = (
        Application.objects.select_for_update(of=("self",))
        .select_related("owner")
        .get(pk=application.pk)
    )
    if row.status not in OPEN_STATUSES:
        raise ValidationError(SENT_MESSAGE, code="state")
    name, email = name.strip(), email.strip()
    if email.lower() == row.owner.email.lower():
        raise ValidationError({"email": OWN_EMAIL_MESSAGE}, code="own")
    ticket, raw_token = tickets.ticket_issue(
        target=row, name=name, email=email, purpose=READER_PURPOSE, created_by=actor
    )
    ApplicationEvent.objects.create(
        application=row, kind=EventKind.SHARED, actor=actor, detail=f"Shared to read with {name}"
    )
    audit(
        "registration.application.shared",
        actor=actor,
        target=row,
        data={"ticket": ticket.pk, "reader_email": email},
    )
    send_email(
        to=[email],
        subject=f"{row.owner.display_name} asks you to read their draft application",
        template="registration/email/draft_shared.txt",
        context={
            "reader_name": name,
            "member": row.owner,
            "application": row,
            "link": absolute_url(reverse("core:guest-start", args=[raw_token])),
            "expires_at": ticket.expires_at,
        },
    )
    return ticket


@transaction.atomic
def application_share_revoke(*, application: Application, ticket: GuestTicket, actor) -> None:
    """Withdraw a reader's link at once; withdrawing it twice changes nothing."""
    if not ticket.opens(application) or ticket.purpose != READER_PURPOSE:
        raise ValueError("That ticket is not a reader's ticket for this application")
    was_valid = ticket.revoked_at is None
    tickets.ticket_revoke(ticket=ticket, actor=actor)
    if was_valid:
        audit(
            "registration.application.share_withdrawn",
            actor=actor,
            target=application,
            data={"ticket": ticket.pk},
        )
