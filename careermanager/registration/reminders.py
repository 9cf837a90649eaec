"""Daily reminders about applications that are waiting on someone.

``reminders_send()`` is run once a day by the ``send_registration_reminders`` command
(docs/deployment.md). It sends two kinds of email:

- **Attesters** invited more than ``ATTESTER_REMINDER_DAYS`` days ago who have not signed a
  locked application: one reminder per invitation (``Attestation.reminded_at``; sending a new
  link clears it, so a new invitation can be reminded once too). We keep only the hash of a
  guest ticket's token, so the reminder cannot carry the link: it asks the attester to use the
  one in the first email, or to ask the member for a new one. The member is told, in one email
  per application, who has not responded, and the timeline records each reminder.
- **Staff**, for applications submitted more than ``RECEIPT_WORKING_DAYS`` working days ago and
  not yet received: one email per application (``Application.staff_reminded_at``), to
  ``REGISTRATION_STAFF_EMAIL`` or, when that is not set, to every active member of staff.

Running it twice, or twice at the same moment, sends nothing twice: each application's row is
locked (attesters) or marked by a conditional update (staff) in the transaction that queues
the email, and the second run finds the mark.

Working days are Monday to Friday; the service keeps no list of bank holidays.
"""

import logging
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from careermanager.core.audit import audit
from careermanager.core.mail import absolute_url, send_email
from careermanager.registration.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Attestation,
    EventKind,
)

logger = logging.getLogger(__name__)

ATTESTER_REMINDER_DAYS = 7
RECEIPT_WORKING_DAYS = 5


# Working days ----------------------------------------------------------------------------


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def add_working_days(day: date, count: int) -> date:
    """The working day ``count`` working days after ``day`` (Monday to Friday)."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def receipt_due(submitted_at: datetime) -> date:
    """The last day staff have to confirm receipt before the application counts as late."""
    return add_working_days(timezone.localdate(submitted_at), RECEIPT_WORKING_DAYS)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end is not later)."""
    count = 0
    while start < end:
        start += timedelta(days=1)
        count += is_working_day(start)
    return count


def is_overdue(submitted_at: datetime, now: datetime | None = None) -> bool:
    """Submitted more than RECEIPT_WORKING_DAYS working days before ``now``'s day."""
    return timezone.localdate(now or timezone.now()) > receipt_due(submitted_at)


def overdue_before(now: datetime | None = None) -> datetime:
    """The moment before which a submission is late on ``now``'s day, for a database filter.

    ``receipt_due`` only grows with the day of submission, so the first day still on time
    today is found by stepping back from today.
    """
    today = timezone.localdate(now or timezone.now())
    first_on_time = today
    while add_working_days(first_on_time - timedelta(days=1), RECEIPT_WORKING_DAYS) >= today:
        first_on_time -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(first_on_time, time.min))


# Attesters -------------------------------------------------------------------------------


def _attesters_due(now: datetime):
    return Attestation.objects.filter(
        application__status=ApplicationStatus.LOCKED,
        signed_at__isnull=True,
        reminded_at__isnull=True,
        invited_at__lt=now - timedelta(days=ATTESTER_REMINDER_DAYS),
    )


def attester_reminders_send(*, now: datetime | None = None) -> int:
    """Remind every attester who has not signed after a week; return how many were reminded."""
    now = now or timezone.now()
    applications = set(_attesters_due(now).values_list("application_id", flat=True))
    reminded = 0
    for application_id in sorted(applications):
        try:
            reminded += _remind_attesters(application_id, now)
        except Exception:
            # One application's failure must not stop the others; the next run tries again.
            logger.exception("Could not send attester reminders for application %s", application_id)
    return reminded


@transaction.atomic
def _remind_attesters(application_id: int, now: datetime) -> int:
    """Remind one application's attesters who are due, and tell its member: once each."""
    # Locked first, so a second run at the same moment waits here and then finds them marked.
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("owner")
        .filter(pk=application_id, status=ApplicationStatus.LOCKED)
        .first()
    )
    if application is None:
        return 0
    attestations = list(
        _attesters_due(now).filter(application=application).select_for_update(of=("self",))
    )
    if not attestations:
        return 0
    for attestation in attestations:
        attestation.reminded_at = now
    Attestation.objects.bulk_update(attestations, ["reminded_at"])
    ApplicationEvent.objects.bulk_create(
        ApplicationEvent(
            application=application,
            kind=EventKind.ATTESTER_REMINDED,
            at=now,
            detail=f"{attestation.get_role_display()}: {attestation.name}",
        )
        for attestation in attestations
    )
    audit(
        "registration.attester.reminded",
        target=application,
        data={"attestations": [attestation.pk for attestation in attestations]},
    )
    member = application.owner
    for attestation in attestations:
        send_email(
            to=[attestation.email],
            subject=(
                f"Reminder: {member.display_name} asked you to attest their application "
                f"for {application.category} registration"
            ),
            template="registration/email/attester_reminder.txt",
            context={
                "attestation": attestation,
                "application": application,
                "member": member,
                "days": ATTESTER_REMINDER_DAYS,
            },
        )
    send_email(
        to=[member.email],
        subject=(
            "Your attester has not responded yet"
            if len(attestations) == 1
            else f"{len(attestations)} of your attesters have not responded yet"
        ),
        template="registration/email/attesters_not_responded.txt",
        context={
            "application": application,
            "member": member,
            "attestations": attestations,
            "days": ATTESTER_REMINDER_DAYS,
            "link": absolute_url(
                reverse("registration:application-attesters", args=[application.pk])
            ),
        },
    )
    return len(attestations)


# Staff -----------------------------------------------------------------------------------


def staff_addresses() -> list[str]:
    """Where staff reminders go: the configured address(es), or every active staff member."""
    configured = getattr(settings, "REGISTRATION_STAFF_EMAIL", None) or []
    if isinstance(configured, str):
        configured = [part.strip() for part in configured.split(",")]
    configured = [address for address in configured if address]
    if configured:
        return configured
    from django.contrib.auth import get_user_model

    from careermanager.accounts.models import REVIEW_PERMISSION

    app_label, codename = REVIEW_PERMISSION.split(".")
    holds = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    )
    users = get_user_model().objects.filter(holds, is_active=True, is_superuser=False)
    return sorted(set(users.values_list("email", flat=True)))


def _staff_due(now: datetime):
    return Application.objects.filter(
        status=ApplicationStatus.SUBMITTED,
        staff_reminded_at__isnull=True,
        submitted_at__lt=overdue_before(now),
    )


def staff_reminders_send(*, now: datetime | None = None) -> int:
    """Email staff about each application not received in time; return how many emails."""
    now = now or timezone.now()
    pending = list(_staff_due(now).order_by("submitted_at", "pk").values_list("pk", flat=True))
    if not pending:
        return 0
    to = staff_addresses()
    if not to:
        logger.warning(
            "%s applications wait for receipt, but no staff address is known: set "
            "CAREERMANAGER_REGISTRATION_STAFF_EMAIL or add someone to the Staff group.",
            len(pending),
        )
        return 0
    sent = 0
    for application_id in pending:
        try:
            sent += _remind_staff(application_id, to, now)
        except Exception:
            logger.exception("Could not send the staff reminder for application %s", application_id)
    return sent


@transaction.atomic
def _remind_staff(application_id: int, to: list[str], now: datetime) -> int:
    # The conditional update marks the row once: a second run, even at the same moment,
    # updates nothing (PostgreSQL checks the condition again after the first commits).
    marked = Application.objects.filter(
        pk=application_id, status=ApplicationStatus.SUBMITTED, staff_reminded_at__isnull=True
    ).update(staff_reminded_at=now)
    if not marked:
        return 0
    application = Application.objects.select_related("owner").get(pk=application_id)
    due = receipt_due(application.submitted_at)
    send_email(
        to=to,
        subject=(
            f"Not yet received: {application.owner.display_name}'s application for "
            f"{application.category} registration"
        ),
        template="registration/email/staff_reminder.txt",
        context={
            "application": application,
            "member": application.owner,
            "due": due,
            "working_days": RECEIPT_WORKING_DAYS,
            "link": absolute_url(reverse("review:application", args=[application.pk])),
        },
    )
    audit("registration.application.staff_reminded", target=application, data={"to": len(to)})
    return 1


def reminders_send(*, now: datetime | None = None) -> tuple[int, int]:
    """Both reminders; returns (attesters reminded, staff emails)."""
    now = now or timezone.now()
    return attester_reminders_send(now=now), staff_reminders_send(now=now)
