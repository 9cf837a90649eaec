"""Asking a mentor or line manager to verify an assessment, and what they write back.

The verifier reaches the assessment through a core guest ticket (see core/tickets.py).
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from careermanager.competence.models import Assessment, Competence, VerificationComment
from careermanager.competence.validators import reject_links
from careermanager.core import tickets
from careermanager.core.audit import audit
from careermanager.core.mail import absolute_url, email_allowed, send_email
from careermanager.core.models import GuestTicket


class VerifierRole(models.TextChoices):
    MENTOR = "Mentor", "Mentor"
    LINE_MANAGER = "Line manager", "Line manager"


MESSAGE_WITH_LINK = (
    "Take the web link out of the message. The email brings its own link to your "
    "assessment, and messages cannot carry other links."
)


def guest_link(raw_token: str) -> str:
    return absolute_url(reverse("core:guest-start", args=[raw_token]))


@transaction.atomic
def verification_request(
    *, assessment: Assessment, name: str, email: str, role: str, message: str, actor
) -> GuestTicket:
    """Issue a guest ticket for the assessment and email its link to the verifier.

    Refused (a ValidationError) when the message carries a web link, and past the hourly
    limit of requests to one address or from one member, so the service cannot be used to
    send mail to someone over and over.
    """
    try:
        reject_links(message)
    except ValidationError as error:
        shown = MESSAGE_WITH_LINK if error.code == "link" else error
        raise ValidationError({"message": shown}) from None
    if not email_allowed(purpose="competence.verification", address=email, member=actor):
        raise ValidationError(
            "You cannot send another verification request just now. Try again in an hour.",
            code="email_limit",
        )
    ticket, raw_token = tickets.ticket_issue(
        target=assessment,
        name=name,
        email=email,
        purpose=VerifierRole(role).label,
        created_by=actor,
    )
    send_email(
        to=[ticket.guest_email],
        subject=f"{actor.display_name} asks you to verify their competence assessment",
        template="competence/email/verification_request.txt",
        context={
            "ticket": ticket,
            "member": actor,
            "assessment": assessment,
            "framework": assessment.framework,
            "message": message.strip(),
            "link": guest_link(raw_token),
            "expires_at": ticket.expires_at,
        },
    )
    audit(
        "competence.verification.requested",
        actor=actor,
        target=assessment,
        data={"ticket": ticket.pk, "guest_email": ticket.guest_email, "role": ticket.purpose},
    )
    return ticket


@transaction.atomic
def verification_revoke(*, assessment: Assessment, ticket: GuestTicket, actor) -> GuestTicket:
    if not ticket.opens(assessment):
        raise ValueError("This ticket does not belong to this assessment")
    already = ticket.revoked_at is not None
    ticket = tickets.ticket_revoke(ticket=ticket, actor=actor)
    if not already:
        audit(
            "competence.verification.revoked",
            actor=actor,
            target=assessment,
            data={"ticket": ticket.pk, "guest_email": ticket.guest_email},
        )
    return ticket


@transaction.atomic
def verification_comment(
    *,
    ticket: GuestTicket,
    assessment: Assessment,
    competence: Competence | None,
    body: str,
) -> VerificationComment:
    """Save the verifier's comment on one competence (or the whole assessment when None).

    Each verifier has one comment per competence; saving again replaces its text.
    """
    if not (ticket.is_valid and ticket.opens(assessment)):
        raise PermissionError("This guest ticket does not open this assessment")
    if competence is not None and competence.area.framework_id != assessment.framework_id:
        raise ValueError("The competence is not part of this assessment")
    now = timezone.now()
    comment, created = VerificationComment.objects.select_for_update().get_or_create(
        ticket=ticket,
        competence=competence,
        defaults={"assessment": assessment, "body": body.strip(), "created_at": now},
    )
    comment.body = body.strip()
    comment.updated_at = now
    comment.full_clean()
    comment.save()
    tickets.guest_ticket_touch(ticket)
    audit(
        "competence.verification.commented",
        target=assessment,
        data={
            "ticket": ticket.pk,
            "guest_email": ticket.guest_email,
            "competence": competence.code if competence else None,
            "new": created,
        },
    )
    return comment
