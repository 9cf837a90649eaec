"""Guest tickets: emailed links that open exactly one object to one named guest.

A guest (a mentor, a line manager, an attester) often has no account. The member's app issues
a ticket for one object; the guest receives the raw token by email and follows the link:

1. GET on the link (`core:guest-start`, core/guest.py) shows a confirmation page and changes
   nothing (mail scanners follow links).
2. POST on that page calls `guest_session_open(request, ticket)`: the session now carries
   this one ticket, and nothing else; the guest lands on the owning app's page.
3. Every guest page reads its object from the session with `guest_session_target()` (or the
   `core.guest.guest_page` decorator), never from the URL.

Core knows no domain model: each app names, on its AppConfig, the kinds of object its
tickets open, with a `GuestTarget` for each (see `target_handler()`):

    class CompetenceConfig(AppConfig):
        guest_ticket_targets = ["careermanager.competence.guest.AssessmentGuestTarget"]

Only the SHA-256 of the token is stored. Every step writes an audit event on the ticket.
"""

import hashlib
import secrets
from datetime import timedelta
from functools import cache

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string

from careermanager.core.audit import audit
from careermanager.core.models import GuestTicket

SESSION_KEY = "guest_ticket_id"
# How long a ticket opens its object unless the caller says otherwise.
DEFAULT_DAYS = 30
MAX_DAYS = 365


class GuestTarget:
    """What a guest ticket opens, for one kind of object: the owning app subclasses it.

    The confirmation page shows `heading()`, the member, the ticket's purpose and
    `describe()`; its button says `button`; the POST lands the guest on `landing_url()`.
    """

    model: type[models.Model]
    # The kind of object in a sentence: "no longer opens their assessment".
    noun: str = "record"
    button: str = "Continue"

    def queryset(self) -> models.QuerySet:
        """The objects a ticket may open; select what the guest pages need."""
        return self.model._default_manager.all()

    def member(self, target: models.Model):
        """The member whose object this is, named on the guest's pages."""
        return target.owner

    def heading(self, target: models.Model) -> str:
        return f"{self.member(target).display_name} has asked for your help"

    def describe(self, target: models.Model) -> str:
        """What the ticket opens, in a short phrase for the confirmation page."""
        raise NotImplementedError

    def details(self, target: models.Model) -> list[str]:
        """Paragraphs on what the guest will be able to do, and not do."""
        return []

    def landing_url(self, target: models.Model) -> str:
        """The guest page the ticket opens first."""
        raise NotImplementedError


@cache
def target_handlers() -> dict[tuple[str, str], GuestTarget]:
    """Every registered GuestTarget, by its model's (app_label, model_name)."""
    handlers: dict[tuple[str, str], GuestTarget] = {}
    for config in apps.get_app_configs():
        for path in getattr(config, "guest_ticket_targets", ()):
            handler = import_string(path)()
            key = (handler.model._meta.app_label, handler.model._meta.model_name)
            if key in handlers:
                raise ImproperlyConfigured(f"Two guest ticket targets for {'.'.join(key)}")
            handlers[key] = handler
    return handlers


def target_handler(ticket: GuestTicket) -> GuestTarget | None:
    """The handler of the kind of object this ticket opens; None when no app serves it."""
    target_type = ticket.target_type
    return target_handlers().get((target_type.app_label, target_type.model))


def handler_for_model(model: type[models.Model]) -> GuestTarget | None:
    return target_handlers().get((model._meta.app_label, model._meta.model_name))


def _first_with_pk[M: models.Model](queryset: models.QuerySet[M], pk: str) -> M | None:
    try:
        return queryset.filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError):  # a key the model's pk cannot hold
        return None


def ticket_target(ticket: GuestTicket) -> tuple[GuestTarget, models.Model] | None:
    """The ticket's handler and the object it opens; None if no app serves it or it is gone."""
    handler = target_handler(ticket)
    if handler is None:
        return None
    target = _first_with_pk(handler.queryset(), ticket.target_id)
    if target is None:
        return None
    return handler, target


def default_days() -> int:
    return int(getattr(settings, "GUEST_TICKET_DAYS", DEFAULT_DAYS))


def hash_token(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode("utf-8")).hexdigest()


@transaction.atomic
def ticket_issue(
    *,
    target: models.Model,
    name: str,
    email: str,
    purpose: str,
    created_by,
    days: int | None = None,
) -> tuple[GuestTicket, str]:
    """Create a ticket for one guest and one object; return it with the raw token.

    The raw token exists only in the return value: put it in the guest's email and drop it.
    """
    days = default_days() if days is None else days
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"A guest ticket lasts between 1 and {MAX_DAYS} days, not {days}")
    from django.contrib.contenttypes.models import ContentType

    raw_token = secrets.token_urlsafe(32)  # 256 bits
    now = timezone.now()
    ticket = GuestTicket(
        token_hash=hash_token(raw_token),
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        guest_name=name.strip(),
        guest_email=email.strip(),
        purpose=purpose.strip(),
        created_by=created_by,
        expires_at=now + timedelta(days=days),
    )
    ticket.full_clean()
    ticket.save()
    audit(
        "core.ticket.issued",
        actor=created_by,
        target=ticket,
        data={
            "target_type": ticket.target_type.model,
            "target_id": ticket.target_id,
            "guest_email": ticket.guest_email,
            "purpose": ticket.purpose,
            "expires_at": ticket.expires_at.isoformat(),
        },
    )
    return ticket, raw_token


def ticket_lookup(raw_token: str) -> GuestTicket | None:
    """The ticket this token belongs to, whatever its status; None for an unknown token.

    The lookup is by the token's hash, so comparing a guessed token takes the same time
    whatever its prefix.
    """
    if not raw_token or len(raw_token) > 200:
        return None
    return (
        GuestTicket.objects.select_related("target_type", "created_by")
        .filter(token_hash=hash_token(raw_token))
        .first()
    )


def ticket_find(raw_token: str) -> GuestTicket | None:
    """The ticket for this token if it still opens its object; None when unknown,
    expired or revoked."""
    ticket = ticket_lookup(raw_token)
    if ticket is None or not ticket.is_valid:
        return None
    return ticket


@transaction.atomic
def ticket_revoke(*, ticket: GuestTicket, actor) -> GuestTicket:
    """Stop the ticket opening anything, at once; revoking twice changes nothing."""
    ticket = GuestTicket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.revoked_at is None:
        ticket.revoked_at = timezone.now()
        ticket.save(update_fields=["revoked_at"])
        audit("core.ticket.revoked", actor=actor, target=ticket)
    return ticket


def ticket_refused(*, ticket: GuestTicket, reason: str) -> None:
    """Record that someone presented a ticket that no longer opens anything."""
    audit("core.ticket.refused", target=ticket, data={"reason": reason})


@transaction.atomic
def guest_session_open(request: HttpRequest, ticket: GuestTicket) -> None:
    """Let this browser act as the ticket's guest, for this ticket only.

    A new session key stops a session planted before the link was followed from being
    upgraded; any ticket opened earlier in this browser is replaced.
    """
    # Read it again: the ticket may have been revoked since the caller looked it up.
    ticket = GuestTicket.objects.select_for_update().get(pk=ticket.pk)
    if not ticket.is_valid:
        raise ValueError("Only a valid ticket can open a guest session")
    request.session.cycle_key()
    request.session[SESSION_KEY] = ticket.pk
    GuestTicket.objects.filter(pk=ticket.pk).update(last_used_at=timezone.now())
    audit("core.ticket.opened", actor=request.user, target=ticket)


def guest_session_close(request: HttpRequest) -> None:
    """Forget the ticket this browser opened."""
    ticket_id = request.session.pop(SESSION_KEY, None)
    if ticket_id is not None:
        ticket = GuestTicket.objects.filter(pk=ticket_id).first()
        if ticket is not None:
            audit("core.ticket.closed", actor=request.user, target=ticket)


def guest_session_ticket(request: HttpRequest) -> GuestTicket | None:
    """The valid ticket this browser opened, or None."""
    ticket_id = request.session.get(SESSION_KEY)
    if not isinstance(ticket_id, int):
        return None
    ticket = (
        GuestTicket.objects.select_related("target_type", "created_by").filter(pk=ticket_id).first()
    )
    if ticket is None or not ticket.is_valid:
        return None
    return ticket


def guest_session_target[M: models.Model](
    request: HttpRequest, queryset: models.QuerySet[M]
) -> tuple[GuestTicket, M] | None:
    """The valid ticket of this browser's guest session and the object it opens.

    `queryset` names the kind of object the caller serves (e.g. `Assessment.objects.all()`);
    a ticket for any other kind of object gives None.
    """
    from django.contrib.contenttypes.models import ContentType

    ticket = guest_session_ticket(request)
    if ticket is None:
        return None
    if ticket.target_type_id != ContentType.objects.get_for_model(queryset.model).pk:
        return None
    target = _first_with_pk(queryset, ticket.target_id)
    if target is None:
        return None
    return ticket, target


def guest_ticket_for(request: HttpRequest, target: models.Model) -> GuestTicket | None:
    """The ticket of this browser's guest session if it is valid and opens `target`."""
    ticket = guest_session_ticket(request)
    if ticket is None or not ticket.opens(target):
        return None
    return ticket


def guest_ticket_touch(ticket: GuestTicket) -> None:
    """Note that the guest used the ticket just now."""
    GuestTicket.objects.filter(pk=ticket.pk).update(last_used_at=timezone.now())
