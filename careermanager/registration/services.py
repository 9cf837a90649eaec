"""Keeping supporters and stating an intention to register: every change, with its audit event."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from careermanager.core.audit import audit
from careermanager.core.mail import absolute_url, send_email
from careermanager.registration.checklist import checklist, missing
from careermanager.registration.models import Intention, Route, Status, Supporter
from careermanager.registration.schemas import intention_sent

OWN_EMAIL_MESSAGE = (
    "You cannot support your own application: give the email address of someone else."
)
DUPLICATE_EMAIL_MESSAGE = "You already have a supporter with this email address."
SUBMITTED_MESSAGE = "This intention has been submitted and can no longer change."
SUPPORTER_FIELDS = ("name", "email", "relationship", "registration_number", "note")


class AlreadySubmitted(Exception):
    """The intention was submitted already (perhaps a moment ago, by another request)."""


def _check_supporter_email(*, owner, email: str, supporter: Supporter | None = None) -> None:
    if email.strip().lower() == owner.email.strip().lower():
        raise ValidationError({"email": OWN_EMAIL_MESSAGE}, code="own_email")
    others = Supporter.objects.owned_by(owner).with_email(email)
    if supporter is not None:
        others = others.exclude(pk=supporter.pk)
    if others.exists():
        raise ValidationError({"email": DUPLICATE_EMAIL_MESSAGE}, code="duplicate_email")


def _save_supporter(supporter: Supporter) -> None:
    supporter.full_clean()
    try:
        with transaction.atomic():
            supporter.save()
    except IntegrityError:
        # Added at the same moment by another request: the constraint kept one.
        raise ValidationError({"email": DUPLICATE_EMAIL_MESSAGE}, code="duplicate_email") from None


@transaction.atomic
def supporter_create(*, owner, **values) -> Supporter:
    """Add a supporter to the member's list."""
    supporter = Supporter(owner=owner, **_supporter_values(values))
    _check_supporter_email(owner=owner, email=supporter.email)
    _save_supporter(supporter)
    audit("registration.supporter.added", actor=owner, target=supporter)
    return supporter


@transaction.atomic
def supporter_update(*, supporter: Supporter, actor, **values) -> Supporter:
    """Change a supporter's details; intentions already submitted keep what they sent."""
    for name, value in _supporter_values(values).items():
        setattr(supporter, name, value)
    _check_supporter_email(owner=supporter.owner, email=supporter.email, supporter=supporter)
    _save_supporter(supporter)
    audit("registration.supporter.changed", actor=actor, target=supporter)
    return supporter


@transaction.atomic
def supporter_delete(*, supporter: Supporter, actor) -> int:
    """Remove a supporter; returns from how many draft intentions they were taken off."""
    drafts = supporter.intentions.filter(status=Status.DRAFT).count()
    audit("registration.supporter.removed", actor=actor, target=supporter)
    supporter.delete()
    return drafts


def _supporter_values(values: dict) -> dict:
    unknown = set(values) - set(SUPPORTER_FIELDS)
    if unknown:
        raise TypeError(f"A supporter does not hold {', '.join(sorted(unknown))}")
    return {name: value.strip() for name, value in values.items()}


@transaction.atomic
def intention_start(*, owner) -> tuple[Intention, bool]:
    """The member's draft intention: the open one if there is one, else a new one.

    Returns (intention, created): one draft at a time, so a second start leads to the first.
    """
    existing = Intention.objects.owned_by(owner).drafts().first()
    if existing is not None:
        return existing, False
    intention = Intention(owner=owner)
    intention.full_clean()
    try:
        with transaction.atomic():
            intention.save()
    except IntegrityError:
        # Started at the same moment by another request: that one is the draft.
        return Intention.objects.owned_by(owner).drafts().get(), False
    audit("registration.intention.started", actor=owner, target=intention)
    return intention, True


def _locked_draft(intention: Intention) -> Intention:
    locked = Intention.objects.select_for_update().get(pk=intention.pk)
    if locked.is_submitted:
        raise ValidationError(SUBMITTED_MESSAGE, code="submitted")
    return locked


@transaction.atomic
def intention_set_category(
    *, intention: Intention, actor, category: str, timescale: str, route: str, scheme_name: str = ""
) -> Intention:
    """Save the category, the expected timescale and the route (with the scheme's name)."""
    locked = _locked_draft(intention)
    locked.category = category
    locked.timescale = timescale
    locked.route = route
    locked.scheme_name = scheme_name.strip() if route == Route.APPROVED_SCHEME else ""
    if route == Route.APPROVED_SCHEME and not locked.scheme_name:
        raise ValidationError({"scheme_name": "Give the name of the scheme."})
    locked.full_clean()
    locked.save()
    audit(
        "registration.intention.updated",
        actor=actor,
        target=locked,
        data={"section": "category", "category": category},
    )
    return locked


@transaction.atomic
def intention_set_supporters(
    *, intention: Intention, actor, supporters: list[Supporter]
) -> Intention:
    """Choose which of the member's supporters will help."""
    locked = _locked_draft(intention)
    if any(supporter.owner_id != locked.owner_id for supporter in supporters):
        raise ValidationError({"supporters": "Choose from your own supporters."})
    locked.supporters.set(supporters)
    locked.save(update_fields=["updated_at"])
    audit(
        "registration.intention.updated",
        actor=actor,
        target=locked,
        data={"section": "supporters", "supporters": sorted(s.pk for s in supporters)},
    )
    return locked


@transaction.atomic
def intention_set_note(*, intention: Intention, actor, note: str) -> Intention:
    """Save the member's short note to the institution."""
    locked = _locked_draft(intention)
    locked.note = note.strip()
    locked.full_clean()
    locked.save()
    audit("registration.intention.updated", actor=actor, target=locked, data={"section": "note"})
    return locked


@transaction.atomic
def intention_submit(*, intention: Intention, actor) -> Intention:
    """Submit the intention and email the member an acknowledgement.

    Two submissions at once give one: the row is locked, and the second finds it submitted
    (AlreadySubmitted). Refused, naming what is missing, while a required item is not done.
    """
    locked = (
        Intention.objects.select_for_update(of=("self",))
        .with_progress()
        .select_related("owner")
        .get(pk=intention.pk)
    )
    if locked.is_submitted:
        raise AlreadySubmitted
    still_missing = missing(checklist(locked))
    if still_missing:
        names = ", ".join(f"{item.number}. {item.title}" for item in still_missing)
        raise ValidationError(f"Complete these before you submit: {names}.", code="incomplete")
    chosen = list(locked.supporters.order_by("name", "pk"))
    locked.sent = intention_sent(locked, chosen).model_dump(mode="json")
    locked.status = Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.full_clean()
    locked.save()
    audit(
        "registration.intention.submitted",
        actor=actor,
        target=locked,
        data={"category": locked.category, "supporters": len(chosen)},
    )
    send_email(
        to=[locked.owner.email],
        subject=f"We have received your intention to register as {locked.category}",
        template="registration/email/intention_submitted.txt",
        context={
            "intention": locked,
            "member": locked.owner,
            "supporters": chosen,
            "link": absolute_url(reverse("registration:intention-detail", args=[locked.pk])),
        },
    )
    return locked
