"""The registration application's life: every transition one function, audited and dated.

    draft --lock--> locked --submit--> submitted --receive--> received --decide--> decided
      ^               |
      +----unlock-----+   (every attester's comments and signature are discarded)

Each function locks the application's row (``select_for_update``), checks the state it may
start from, changes it, writes an audit event and a timeline event (``ApplicationEvent``), and
sends its email once the transaction commits. A transition from the wrong state raises
``WrongState`` (a ``ValidationError`` with a message for the member), so a crafted POST, a
stale page or a double click changes nothing.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from careermanager.core import tickets
from careermanager.core.audit import audit
from careermanager.core.mail import absolute_url, send_email
from careermanager.core.snapshots import snapshot_hash
from careermanager.documents.services import (
    documents_lock_for_holder,
    documents_unlock_for_holder,
)
from careermanager.registration.models import (
    Application,
    ApplicationEvent,
    ApplicationRole,
    ApplicationRoute,
    ApplicationStatus,
    Attestation,
    AttesterRole,
    EventKind,
    InterviewLocation,
    Outcome,
    Statement,
    Supporter,
)

ATTESTERS_NEEDED = len(AttesterRole)
OWN_EMAIL_MESSAGE = "You cannot attest your own application: give someone else's email address."
DUPLICATE_EMAIL_MESSAGE = "Each attester needs their own email address."
ROLE_TAKEN_MESSAGE = "This application already has an attester in this role."
SIGN_STATEMENT = (
    "I confirm that I have read this application, that to the best of my knowledge what it "
    "says about the candidate is true, and that the comments I have given are my own."
)

# The fields each section of the application may change while it is a draft.
SECTION_FIELDS = {
    "category": ("category", "route", "scheme"),
    "advisor": ("advisor_spoken", "advisor_name"),
    "diagram": ("use_profile_diagram",),
    "panelling": ("sector", "specialisms", "interview_location"),
}

STATE_MESSAGES = {
    ApplicationStatus.DRAFT: "This application is a draft: lock it first.",
    ApplicationStatus.LOCKED: "This application is locked: unlock it to change it.",
    ApplicationStatus.SUBMITTED: "This application has been submitted and can no longer change.",
    ApplicationStatus.RECEIVED: "This application has been received and can no longer change.",
    ApplicationStatus.DECIDED: "This application has been decided and can no longer change.",
}


class WrongState(ValidationError):
    """The application is not in a state this transition may start from."""


class AlreadySubmitted(WrongState):
    """Submitted already (perhaps a moment ago, by another request)."""


def _locked_row(application: Application, *allowed: str) -> Application:
    """The application's row, locked for this transaction, in one of the allowed states."""
    row = (
        Application.objects.select_for_update(of=("self",))
        .select_related("owner")
        .get(pk=application.pk)
    )
    if row.status not in allowed:
        error = AlreadySubmitted if row.is_sent else WrongState
        raise error(STATE_MESSAGES[row.status], code="state")
    return row


def _event(application: Application, kind: str, *, actor=None, detail: str = "", at=None):
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        detail=detail,
        at=at or timezone.now(),
    )


def _member_link(application: Application) -> str:
    return absolute_url(reverse("registration:application", args=[application.pk]))


def _email_after_commit(**kwargs) -> None:
    transaction.on_commit(lambda: send_email(**kwargs))


# Drafting --------------------------------------------------------------------------------


@transaction.atomic
def application_start(*, owner, category: str = "") -> tuple[Application, bool]:
    """The member's open application, or a new draft; returns (application, created)."""
    existing = Application.objects.owned_by(owner).open().first()
    if existing is not None:
        return existing, False
    application = Application(owner=owner, category=category)
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # Started at the same moment by another request: that one is the application.
        return Application.objects.owned_by(owner).open().get(), False
    _event(application, EventKind.STARTED, actor=owner)
    audit("registration.application.started", actor=owner, target=application)
    return application, True


@transaction.atomic
def application_update(*, application: Application, section: str, actor, **values) -> Application:
    """Save one section of a draft application (SECTION_FIELDS)."""
    row = _locked_row(application, ApplicationStatus.DRAFT)
    unknown = set(values) - set(SECTION_FIELDS[section])
    if unknown:
        raise TypeError(f"{section} does not hold {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    if row.route != ApplicationRoute.STREAMLINED:
        row.scheme = ""
    if row.advisor_spoken is not True:
        row.advisor_name = ""
    if section == "category" and row.route == ApplicationRoute.STREAMLINED and not row.scheme:
        raise ValidationError({"scheme": "Choose the approved scheme you followed."})
    if section == "advisor" and row.advisor_spoken and not row.advisor_name:
        raise ValidationError({"advisor_name": "Give the name of the advisor you spoke to."})
    if row.category and not row.needs_interview and row.interview_location:
        row.interview_location = InterviewLocation.NOT_APPLICABLE
    row.full_clean()
    row.save()
    audit(
        "registration.application.updated",
        actor=actor,
        target=row,
        data={"section": section},
    )
    return row


@transaction.atomic
def role_save(
    *, application: Application, actor, employment_id: int, text: str, included: bool = True
) -> ApplicationRole:
    """Save the application's text for one of the member's roles (the CV is not changed)."""
    from careermanager.profiles.queries import employment_ids

    row = _locked_row(application, ApplicationStatus.DRAFT)
    if employment_id not in employment_ids(row.owner):
        raise ValidationError({"employment": "Choose one of the roles in your CV."})
    role, _ = ApplicationRole.objects.update_or_create(
        application=row,
        employment_id=employment_id,
        defaults={"text": text.strip(), "included": included},
    )
    role.full_clean()
    row.save(update_fields=["updated_at"])
    audit(
        "registration.application.updated",
        actor=actor,
        target=row,
        data={"section": "role", "employment": employment_id},
    )
    return role


@transaction.atomic
def role_reset(*, application: Application, actor, employment_id: int) -> None:
    """Let an included role's text follow the CV again: the application's own text for it is
    dropped, so later changes to the CV show in the draft."""
    row = _locked_row(application, ApplicationStatus.DRAFT)
    deleted, _ = ApplicationRole.objects.filter(
        application=row, employment_id=employment_id, included=True
    ).delete()
    if deleted:
        row.save(update_fields=["updated_at"])
        audit(
            "registration.application.updated",
            actor=actor,
            target=row,
            data={"section": "role", "employment": employment_id, "reset": True},
        )


@transaction.atomic
def statement_save(*, application: Application, actor, code: str, text: str) -> Statement:
    """Save the statement against one competence of the application's category."""
    from careermanager.competence.queries import category_competences

    row = _locked_row(application, ApplicationStatus.DRAFT)
    if code not in {competence.code for competence in category_competences(row.category)}:
        raise ValidationError({"code": "Choose a competence of this category."})
    statement, _ = Statement.objects.update_or_create(
        application=row, code=code, defaults={"text": text.strip()}
    )
    statement.full_clean()
    row.save(update_fields=["updated_at"])
    audit(
        "registration.application.updated",
        actor=actor,
        target=row,
        data={"section": "statement", "code": code},
    )
    return statement


# Locking ---------------------------------------------------------------------------------


def application_lock(*, application: Application, actor) -> Application:
    """Lock a complete draft: keep what it shows as its snapshot, sealed with its SHA-256.

    Refused, naming what is missing, while a mandatory item is not complete. Supporting
    documents are kept as they are until the application is unlocked.
    """
    from careermanager.registration.application_checklist import checklist, missing
    from careermanager.registration.application_records import application_records

    with transaction.atomic():
        row = _locked_row(application, ApplicationStatus.DRAFT)
        still_missing = missing(checklist(row))
        if still_missing:
            names = ", ".join(f"{item.number}. {item.title}" for item in still_missing)
            raise ValidationError(f"Complete these before you lock: {names}.", code="incomplete")
        now = timezone.now()
        records = application_records(row)
        records["application"]["locked_at"] = now.isoformat().replace("+00:00", "Z")
        row.snapshot = records
        row.snapshot_sha256 = snapshot_hash(records)
        row.status = ApplicationStatus.LOCKED
        row.locked_at = now
        row.full_clean()
        row.save()
        documents_lock_for_holder(owner=row.owner, holder=row)
        _event(row, EventKind.LOCKED, actor=actor, at=now)
        audit(
            "registration.application.locked",
            actor=actor,
            target=row,
            data={"sha256": row.snapshot_sha256},
        )
    return row


def application_unlock(*, application: Application, actor) -> Application:
    """Unlock a locked application: every attester's comments and signature are discarded
    and their links stop working."""
    with transaction.atomic():
        row = _locked_row(application, ApplicationStatus.LOCKED)
        attestations = list(row.attestations.all())
        for attestation in attestations:
            _revoke_tickets(attestation, actor)
        row.attestations.all().delete()
        row.status = ApplicationStatus.DRAFT
        row.snapshot = None
        row.snapshot_sha256 = ""
        row.locked_at = None
        row.full_clean()
        row.save()
        documents_unlock_for_holder(owner=row.owner, holder=row)
        _event(
            row,
            EventKind.UNLOCKED,
            actor=actor,
            detail=f"{len(attestations)} attestations discarded" if attestations else "",
        )
        audit(
            "registration.application.unlocked",
            actor=actor,
            target=row,
            data={"attestations_discarded": len(attestations)},
        )
    return row


# Attesters -------------------------------------------------------------------------------


def _revoke_tickets(attestation: Attestation, actor) -> None:
    from careermanager.core.models import GuestTicket

    for ticket in GuestTicket.objects.for_target(attestation).valid():
        tickets.ticket_revoke(ticket=ticket, actor=actor)


def _issue_and_email(attestation: Attestation, *, actor) -> None:
    application = attestation.application
    ticket, raw_token = tickets.ticket_issue(
        target=attestation,
        name=attestation.name,
        email=attestation.email,
        purpose=attestation.get_role_display(),
        created_by=actor,
    )
    _email_after_commit(
        to=[attestation.email],
        subject=(
            f"{application.owner.display_name} asks you to attest their application "
            f"for {application.category} registration"
        ),
        template="registration/email/attester_invited.txt",
        context={
            "attestation": attestation,
            "application": application,
            "member": application.owner,
            "link": absolute_url(reverse("core:guest-start", args=[raw_token])),
            "expires_at": ticket.expires_at,
        },
    )


def _check_attester_email(row: Application, email: str, attestation: Attestation | None = None):
    if email.strip().lower() == row.owner.email.strip().lower():
        raise ValidationError({"email": OWN_EMAIL_MESSAGE}, code="own_email")
    others = row.attestations.filter(email__iexact=email.strip())
    if attestation is not None:
        others = others.exclude(pk=attestation.pk)
    if others.exists():
        raise ValidationError({"email": DUPLICATE_EMAIL_MESSAGE}, code="duplicate_email")


def attester_invite(
    *,
    application: Application,
    actor,
    role: str,
    name: str,
    email: str,
    registration_number: str = "",
    message: str = "",
    supporter: Supporter | None = None,
) -> Attestation:
    """Invite an attester to a locked application: their row, a guest ticket and an email."""
    with transaction.atomic():
        row = _locked_row(application, ApplicationStatus.LOCKED)
        if supporter is not None and supporter.owner_id != row.owner_id:
            raise ValidationError({"supporter": "Choose one of your own supporters."})
        if row.attestations.filter(role=role).exists():
            raise ValidationError({"role": ROLE_TAKEN_MESSAGE}, code="role_taken")
        _check_attester_email(row, email)
        attestation = Attestation(
            application=row,
            role=role,
            supporter=supporter,
            name=name.strip(),
            email=email.strip(),
            registration_number=registration_number.strip(),
            message=message.strip(),
            invited_at=timezone.now(),
        )
        attestation.full_clean(validate_constraints=False)
        attestation.save()
        _issue_and_email(attestation, actor=actor)
        _event(
            row,
            EventKind.ATTESTER_INVITED,
            actor=actor,
            detail=f"{attestation.get_role_display()}: {attestation.name}",
        )
        audit(
            "registration.attester.invited",
            actor=actor,
            target=row,
            data={"role": role, "attestation": attestation.pk},
        )
    return attestation


def _attestation_row(attestation: Attestation) -> tuple[Application, Attestation]:
    row = _locked_row(attestation.application, ApplicationStatus.LOCKED)
    current = Attestation.objects.select_for_update().filter(pk=attestation.pk).first()
    if current is None:  # removed a moment ago, by another request
        raise WrongState("This attester is no longer on the application.", code="removed")
    return row, current


def attester_resend(*, attestation: Attestation, actor) -> Attestation:
    """Send the attester a new link; the old one stops working."""
    with transaction.atomic():
        row, attestation = _attestation_row(attestation)
        if attestation.is_signed:
            raise ValidationError("This attester has signed already.", code="signed")
        _revoke_tickets(attestation, actor)
        attestation.application = row
        attestation.invited_at = timezone.now()
        attestation.reminded_at = None
        attestation.save(update_fields=["invited_at", "reminded_at"])
        _issue_and_email(attestation, actor=actor)
        _event(
            row,
            EventKind.ATTESTER_REINVITED,
            actor=actor,
            detail=f"{attestation.get_role_display()}: {attestation.name}",
        )
        audit(
            "registration.attester.reinvited",
            actor=actor,
            target=row,
            data={"attestation": attestation.pk},
        )
    return attestation


def attester_remove(*, attestation: Attestation, actor) -> None:
    """Take an attester off the application; their link stops working at once."""
    with transaction.atomic():
        row, attestation = _attestation_row(attestation)
        _revoke_tickets(attestation, actor)
        detail = f"{attestation.get_role_display()}: {attestation.name}"
        attestation.delete()
        _event(row, EventKind.ATTESTER_REMOVED, actor=actor, detail=detail)
        audit("registration.attester.removed", actor=actor, target=row, data={"detail": detail})


def _check_ticket(ticket, attestation: Attestation) -> None:
    """Refuse a ticket that does not open this attestation now, as the database has it."""
    from careermanager.core.models import GuestTicket

    current = GuestTicket.objects.filter(pk=ticket.pk).first()
    if current is None or not (current.is_valid and current.opens(attestation)):
        raise WrongState("This link no longer opens the application.", code="ticket")


def _guest_row(attestation: Attestation, ticket) -> tuple[Application, Attestation]:
    """The rows a guest may change: the ticket must still open this attestation, and the
    application must still be locked (an unlock deletes the attestation)."""
    _check_ticket(ticket, attestation)
    row, attestation = _attestation_row(attestation)
    # Again under the application's lock: a resend, a removal or an unlock revokes the
    # ticket while holding that lock, perhaps since the caller read it.
    _check_ticket(ticket, attestation)
    if attestation.is_signed:
        raise WrongState("You have signed this attestation already.", code="signed")
    return row, attestation


def attestation_comment(
    *, attestation: Attestation, ticket, overall: str, areas: dict[str, str]
) -> Attestation:
    """Save the attester's comments: overall and per competence area (area code -> text)."""
    with transaction.atomic():
        row, attestation = _guest_row(attestation, ticket)
        known = {area["code"] for area in row.snapshot.get("areas", [])}
        unknown = set(areas) - known
        if unknown:
            raise ValidationError("Comment only on the application's competence areas.")
        attestation.overall_comment = overall.strip()
        attestation.area_comments = {
            code: text.strip() for code, text in areas.items() if text.strip()
        }
        attestation.commented_at = timezone.now()
        attestation.full_clean(validate_constraints=False)
        attestation.save()
        tickets.guest_ticket_touch(ticket)
        audit(
            "registration.attester.commented",
            target=row,
            data={"attestation": attestation.pk, "ticket": ticket.pk},
        )
    return attestation


def attestation_sign(
    *,
    attestation: Attestation,
    ticket,
    full_name: str,
    registration: str,
    confirmed: bool,
    seen_sha256: str,
) -> Attestation:
    """Sign the attestation: the typed name, their registration details, the confirmation,
    the time and the hash of the snapshot they read (it must be the application's)."""
    with transaction.atomic():
        row, attestation = _guest_row(attestation, ticket)
        errors = {}
        if not full_name.strip():
            errors["full_name"] = "Type your full name to sign."
        if not registration.strip():
            errors["registration"] = "Give your own registration or membership details."
        if not confirmed:
            errors["confirmed"] = "Confirm the statement to sign."
        if errors:
            raise ValidationError(errors)
        if seen_sha256 != row.snapshot_sha256:
            raise WrongState(
                "The application changed since you opened it: read it again before signing.",
                code="stale",
            )
        if not attestation.overall_comment:
            raise ValidationError("Give your overall comment before you sign.", code="comment")
        now = timezone.now()
        attestation.signed_name = full_name.strip()
        attestation.signed_registration = registration.strip()
        attestation.signed_statement = SIGN_STATEMENT
        attestation.signed_at = now
        attestation.signed_sha256 = row.snapshot_sha256
        attestation.full_clean(validate_constraints=False)
        attestation.save()
        tickets.guest_ticket_touch(ticket)
        _event(
            row,
            EventKind.ATTESTED,
            detail=f"{attestation.get_role_display()}: {attestation.signed_name}",
            at=now,
        )
        audit(
            "registration.attester.signed",
            target=row,
            data={
                "attestation": attestation.pk,
                "ticket": ticket.pk,
                "sha256": attestation.signed_sha256,
            },
        )
        _email_after_commit(
            to=[row.owner.email],
            subject=f"Your {attestation.get_role_display().lower()} has signed their attestation",
            template="registration/email/attested.txt",
            context={"attestation": attestation, "application": row, "link": _member_link(row)},
        )
    return attestation


# Submission and after --------------------------------------------------------------------


def application_submit(*, application: Application, actor) -> Application:
    """Submit a locked application whose three attesters have all signed; once only.

    Two submissions at once give one: the row is locked and the second finds it submitted
    (AlreadySubmitted). The PDF is made from the snapshot by a background task.
    """
    from careermanager.registration.tasks import make_application_pdf

    with transaction.atomic():
        row = _locked_row(application, ApplicationStatus.LOCKED)
        signed = row.attestations.filter(
            signed_at__isnull=False, signed_sha256=row.snapshot_sha256
        ).count()
        if signed < ATTESTERS_NEEDED:
            raise ValidationError(
                f"All three attesters must sign before you submit: {signed} of "
                f"{ATTESTERS_NEEDED} have.",
                code="unsigned",
            )
        now = timezone.now()
        row.status = ApplicationStatus.SUBMITTED
        row.submitted_at = now
        row.full_clean()
        row.save()
        _event(row, EventKind.SUBMITTED, actor=actor, at=now)
        audit(
            "registration.application.submitted",
            actor=actor,
            target=row,
            data={"category": row.category, "sha256": row.snapshot_sha256},
        )
        _email_after_commit(
            to=[row.owner.email],
            subject=f"Your application for {row.category} registration has been submitted",
            template="registration/email/application_submitted.txt",
            context={"application": row, "member": row.owner, "link": _member_link(row)},
        )
        application_id = row.pk
        transaction.on_commit(lambda: make_application_pdf.enqueue(application_id))
    return row


def application_receive(*, application: Application, actor, comment: str = "") -> Application:
    """Staff confirm receipt: the member is emailed and sees the comment on the application."""
    from careermanager.registration.receipt import SEND_SEPARATELY

    with transaction.atomic():
        row = _locked_row(application, ApplicationStatus.SUBMITTED)
        now = timezone.now()
        row.status = ApplicationStatus.RECEIVED
        row.received_at = now
        row.save(update_fields=["status", "received_at", "updated_at"])
        _event(row, EventKind.RECEIVED, actor=actor, detail=comment.strip(), at=now)
        audit("registration.application.received", actor=actor, target=row)
        _email_after_commit(
            to=[row.owner.email],
            subject=f"We have received your application for {row.category} registration",
            template="registration/email/application_received.txt",
            context={
                "application": row,
                "member": row.owner,
                "comment": comment.strip(),
                "send_separately": SEND_SEPARATELY,
                "link": _member_link(row),
            },
        )
    return row


@transaction.atomic
def application_staff_comment(*, application: Application, actor, text: str) -> ApplicationEvent:
    """A comment from staff on a sent application, which the member sees in its timeline."""
    row = _locked_row(
        application,
        *(ApplicationStatus.SUBMITTED, ApplicationStatus.RECEIVED, ApplicationStatus.DECIDED),
    )
    if not text.strip():
        raise ValidationError({"text": "Write the comment."})
    event = _event(row, EventKind.STAFF_COMMENT, actor=actor, detail=text.strip())
    audit("registration.application.commented", actor=actor, target=row)
    return event


@transaction.atomic
def application_decide(
    *, application: Application, actor, outcome: str, note: str = ""
) -> Application:
    """Record the outcome of a received application."""
    row = _locked_row(application, ApplicationStatus.RECEIVED)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose an outcome."})
    now = timezone.now()
    row.status = ApplicationStatus.DECIDED
    row.outcome = outcome
    row.outcome_note = note.strip()
    row.decided_at = now
    row.full_clean()
    row.save()
    _event(row, EventKind.DECIDED, actor=actor, detail=Outcome(outcome).label, at=now)
    audit("registration.application.decided", actor=actor, target=row, data={"outcome": outcome})
    return row
