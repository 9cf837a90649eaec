"""How long records are kept, applied once a day by `careermanager apply_retention`.

Core's own rules:

- **Guest links** (`GuestTicket`) that ended (expired or revoked) more than
  CAREERMANAGER_GUEST_TICKET_RETENTION_DAYS ago are deleted, unless something the guest wrote
  through the link still refers to it (a verifier's comments). The audit events about a link
  are kept: they name it by id, not by a reference that would delete them with it.
- **Audit events** older than CAREERMANAGER_AUDIT_RETENTION_DAYS are deleted.

Either setting at 0 keeps those records for ever. Then the command runs the apps' own daily
clean-ups (`CLEANUP_COMMANDS`: expired documents and exports, stray uploaded files), each of
which decides what its records' time is, so nothing is decided twice.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from careermanager.core.audit import audit
from careermanager.core.models import AuditEvent, GuestTicket

# The apps' daily commands that remove what has had its time; run when installed.
CLEANUP_COMMANDS = (
    "remove_expired_documents",
    "remove_expired_exports",
    "remove_stray_supporting_files",
    "remove_expired_api_keys",
)
# Rows deleted per statement, so a first run over years of events holds no long lock.
BATCH = 5000


@dataclass(frozen=True)
class Rule:
    """Records of one kind that are kept for `days` (0: for ever)."""

    key: str
    label: str  # what one of them is called: "audit event"
    setting: str

    @property
    def days(self) -> int:
        return int(getattr(settings, self.setting))

    def cutoff(self, now: datetime) -> datetime | None:
        return now - timedelta(days=self.days) if self.days else None

    def queryset(self, cutoff: datetime) -> models.QuerySet:
        raise NotImplementedError

    def due(self, now: datetime) -> models.QuerySet:
        """What is past its time at `now`."""
        cutoff = self.cutoff(now)
        if cutoff is None:
            return self.queryset(now).none()
        return self.queryset(cutoff)

    def count(self, now: datetime) -> int:
        return self.due(now).count()

    def apply(self, now: datetime) -> int:
        """Delete what is past its time, in batches; return how many rows."""
        due = self.due(now)
        removed = 0
        while True:
            with transaction.atomic():
                batch = list(due.order_by("pk").values_list("pk", flat=True)[:BATCH])
                if not batch:
                    return removed
                due.model._default_manager.filter(pk__in=batch).delete()
            removed += len(batch)


class GuestTicketRule(Rule):
    def queryset(self, cutoff: datetime) -> models.QuerySet:
        ended = models.Q(expires_at__lt=cutoff) | models.Q(revoked_at__lt=cutoff)
        tickets = GuestTicket.objects.filter(ended)
        # Rows in other apps that refer to a link (a verifier's comments) would be deleted
        # with it: keep any link something still refers to.
        for relation in GuestTicket._meta.related_objects:
            tickets = tickets.filter(**{f"{relation.name}__isnull": True})
        return tickets


class AuditEventRule(Rule):
    def queryset(self, cutoff: datetime) -> models.QuerySet:
        return AuditEvent.objects.filter(created_at__lt=cutoff)


RULES = (
    GuestTicketRule("guest_tickets", "ended guest link", "GUEST_TICKET_RETENTION_DAYS"),
    AuditEventRule("audit_events", "audit event", "AUDIT_RETENTION_DAYS"),
)


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str
    days: int
    count: int


def retention_preview(*, now: datetime | None = None) -> list[Outcome]:
    """What each rule would delete now, counted and left alone."""
    now = now or timezone.now()
    return [Outcome(rule.key, rule.label, rule.days, rule.count(now)) for rule in RULES]


def retention_apply(*, now: datetime | None = None) -> list[Outcome]:
    """Delete what each rule says is past its time; record the counts in the audit trail."""
    now = now or timezone.now()
    outcomes = [Outcome(rule.key, rule.label, rule.days, rule.apply(now)) for rule in RULES]
    if any(outcome.count for outcome in outcomes):
        audit(
            "core.retention.applied",
            data={outcome.key: outcome.count for outcome in outcomes},
        )
    return outcomes


def cleanup_commands() -> list[str]:
    """The apps' daily clean-ups that are installed, in order."""
    from django.core.management import get_commands

    known = get_commands()
    return [name for name in CLEANUP_COMMANDS if name in known]
