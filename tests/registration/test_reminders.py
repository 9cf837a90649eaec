"""Daily reminders: attesters who have not signed after a week, staff for applications not
received after five working days; each once, however often the command runs."""

from datetime import date, datetime, timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from careermanager.accounts.models import User
from careermanager.accounts.services import user_set_role
from careermanager.core.models import AuditEvent
from careermanager.registration.applications import application_submit, attester_resend
from careermanager.registration.models import (
    Application,
    ApplicationStatus,
    Attestation,
    EventKind,
)
from careermanager.registration.reminders import (
    add_working_days,
    attester_reminders_send,
    is_overdue,
    overdue_before,
    receipt_due,
    reminders_send,
    staff_reminders_send,
    working_days_between,
)
from tests.concurrency import at_once, concurrent_postgres
from tests.factories import UserFactory
from tests.registration.factories import (
    invite_attesters,
    locked_application,
    signed_application,
)

pytestmark = pytest.mark.django_db

THURSDAY = date(2026, 3, 5)
FRIDAY, SATURDAY, MONDAY = date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 9)


def at(day: date, hour: int = 10) -> datetime:
    """A moment of that day in the site's time zone."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch):
    """The application's PDF is its own task's business; these tests do not need it."""
    from careermanager.registration import tasks

    monkeypatch.setattr(tasks, "make_application_pdf", SimpleNamespace(enqueue=lambda *a: None))


# Working days ------------------------------------------------------------------------------


def test_working_days_skip_the_weekend():
    assert add_working_days(THURSDAY, 1) == FRIDAY
    assert add_working_days(THURSDAY, 2) == MONDAY
    assert add_working_days(THURSDAY, 5) == date(2026, 3, 12)  # the next Thursday
    assert add_working_days(FRIDAY, 5) == date(2026, 3, 13)
    assert add_working_days(SATURDAY, 1) == MONDAY
    assert add_working_days(SATURDAY, 5) == date(2026, 3, 13)  # the Friday after
    assert working_days_between(THURSDAY, MONDAY) == 2
    assert working_days_between(FRIDAY, MONDAY) == 1
    assert working_days_between(MONDAY, MONDAY) == 0


def test_an_application_is_late_after_five_full_working_days():
    submitted = at(THURSDAY, 16)
    assert receipt_due(submitted) == date(2026, 3, 12)
    # A week later to the day is still within five working days (the weekend does not count).
    assert not is_overdue(submitted, at(date(2026, 3, 12), 23))
    assert is_overdue(submitted, at(date(2026, 3, 13), 0))
    # Submitted on a Saturday: the five days are the next Monday to Friday.
    assert not is_overdue(at(SATURDAY), at(date(2026, 3, 13), 18))
    assert is_overdue(at(SATURDAY), at(date(2026, 3, 14)))


@pytest.mark.parametrize("today", [date(2026, 3, d) for d in range(9, 23)])
def test_the_database_cutoff_agrees_with_the_rule(today):
    """overdue_before (for queries) gives the same answer as is_overdue for every day."""
    now = at(today, 12)
    cutoff = overdue_before(now)
    for back in range(0, 20):
        submitted = at(today - timedelta(days=back), 9)
        assert (submitted < cutoff) == is_overdue(submitted, now), (today, back)


# Staff -------------------------------------------------------------------------------------


def _submitted(day: date, owner=None) -> Application:
    application = signed_application(owner)
    application_submit(application=application, actor=application.owner)
    Application.objects.filter(pk=application.pk).update(submitted_at=at(day, 15))
    application.refresh_from_db()
    return application


@pytest.fixture
def staff_members(db):
    staff = user_set_role(
        user=UserFactory(email="staff@example.org"), role=User.Role.STAFF, actor=None
    )
    user_set_role(user=UserFactory(email="admin@example.org"), role=User.Role.ADMIN, actor=None)
    gone = user_set_role(
        user=UserFactory(email="gone@example.org"), role=User.Role.STAFF, actor=None
    )
    User.objects.filter(pk=gone.pk).update(is_active=False)
    return staff


def test_staff_are_reminded_once_of_an_application_not_received(staff_members, settings):
    settings.REGISTRATION_STAFF_EMAIL = []
    application = _submitted(THURSDAY)
    mail.outbox.clear()
    assert staff_reminders_send(now=at(date(2026, 3, 12), 18)) == 0  # within five working days
    assert staff_reminders_send(now=at(date(2026, 3, 13), 8)) == 1
    (message,) = mail.outbox
    # Every active member of staff; not administrators, not a former member of staff.
    assert message.to == ["staff@example.org"]
    assert "Not yet received" in message.subject
    assert application.owner.display_name in message.body
    assert f"/review/applications/{application.pk}/" in message.body
    assert "12 March 2026" in message.body  # when receipt was due
    application.refresh_from_db()
    assert application.staff_reminded_at is not None
    assert AuditEvent.objects.filter(action="registration.application.staff_reminded").count() == 1
    # Tomorrow, and the day after: nothing more.
    assert staff_reminders_send(now=at(date(2026, 3, 13), 9)) == 0
    assert staff_reminders_send(now=at(date(2026, 3, 16))) == 0
    assert len(mail.outbox) == 1


def test_the_configured_staff_address_is_used(staff_members, settings):
    settings.REGISTRATION_STAFF_EMAIL = ["registration@example.org"]
    _submitted(THURSDAY)
    mail.outbox.clear()
    staff_reminders_send(now=at(date(2026, 3, 20)))
    (message,) = mail.outbox
    assert message.to == ["registration@example.org"]


def test_received_applications_need_no_reminder(staff_members):
    from careermanager.registration.applications import application_receive

    application = _submitted(THURSDAY)
    application_receive(application=application, actor=staff_members)
    mail.outbox.clear()
    assert staff_reminders_send(now=at(date(2026, 3, 20))) == 0
    assert mail.outbox == []


def test_with_nobody_to_tell_nothing_is_marked(db, settings, caplog):
    settings.REGISTRATION_STAFF_EMAIL = []
    application = _submitted(THURSDAY)
    assert staff_reminders_send(now=at(date(2026, 3, 20))) == 0
    assert "no staff address is known" in caplog.text
    application.refresh_from_db()
    assert application.staff_reminded_at is None  # reminded once someone can be told


# Attesters ---------------------------------------------------------------------------------


@pytest.fixture
def invited(owner) -> Application:
    application = locked_application(owner)
    invite_attesters(application)
    return application


def _invited_days_ago(application: Application, days: int, **filters) -> None:
    Attestation.objects.filter(application=application, **filters).update(
        invited_at=timezone.now() - timedelta(days=days)
    )


def test_attesters_who_have_not_signed_after_a_week_are_reminded_once(invited, owner):
    _invited_days_ago(invited, 6)
    mail.outbox.clear()
    assert attester_reminders_send() == 0
    _invited_days_ago(invited, 8)
    assert attester_reminders_send() == 3
    to_attesters = [m for m in mail.outbox if m.to != [owner.email]]
    to_member = [m for m in mail.outbox if m.to == [owner.email]]
    assert sorted(m.to[0] for m in to_attesters) == [
        "grace@example.org",
        "pat@example.org",
        "sam@example.org",
    ]
    reminder = next(m for m in to_attesters if m.to == ["grace@example.org"])
    assert "Reminder" in reminder.subject
    assert "Dear Grace Sponsor" in reminder.body
    assert "Please open the link in the email we sent you on" in reminder.body
    assert "ask Olive Owner (owner@example.org) to send you a new one" in reminder.body
    assert "/guest/" not in reminder.body
    assert "http" not in reminder.body
    # One email tells the member who has not responded.
    (told,) = to_member
    assert told.subject == "3 of your attesters have not responded yet"
    for name in ("Grace Sponsor", "Pat Proposer", "Sam Supporter"):
        assert name in told.body
    assert f"/registration/application/{invited.pk}/attesters/" in told.body
    # The timeline and the rows say so; a second run sends nothing.
    events = invited.events.filter(kind=EventKind.ATTESTER_REMINDED)
    assert sorted(events.values_list("detail", flat=True)) == [
        "Proposer: Pat Proposer",
        "Sponsor: Grace Sponsor",
        "Supporter: Sam Supporter",
    ]
    assert not invited.attestations.filter(reminded_at__isnull=True).exists()
    mail.outbox.clear()
    assert attester_reminders_send() == 0
    assert attester_reminders_send(now=timezone.now() + timedelta(days=30)) == 0
    assert mail.outbox == []


def test_only_the_attester_who_has_not_signed_is_reminded(invited, owner):
    from careermanager.core import tickets
    from careermanager.registration.applications import attestation_comment, attestation_sign

    grace = invited.attestations.get(role="sponsor")
    ticket, _ = tickets.ticket_issue(
        target=grace, name=grace.name, email=grace.email, purpose="Sponsor", created_by=owner
    )
    attestation_comment(attestation=grace, ticket=ticket, overall="Good.", areas={})
    attestation_sign(
        attestation=grace,
        ticket=ticket,
        full_name="Grace Sponsor",
        registration="CEng MIET 1",
        confirmed=True,
        seen_sha256=invited.snapshot_sha256,
    )
    _invited_days_ago(invited, 8)
    _invited_days_ago(invited, 2, role="supporter")
    mail.outbox.clear()
    assert attester_reminders_send() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["owner@example.org", "pat@example.org"]
    told = next(m for m in mail.outbox if m.to == ["owner@example.org"])
    assert told.subject == "Your attester has not responded yet"
    assert "Proposer: Pat Proposer" in told.body


def test_a_new_link_can_be_reminded_again_a_week_later(invited, owner):
    _invited_days_ago(invited, 8)
    attester_reminders_send()
    pat = invited.attestations.get(role="proposer")
    attester_resend(attestation=pat, actor=owner)
    mail.outbox.clear()
    assert attester_reminders_send() == 0  # the new link is a day old
    assert attester_reminders_send(now=timezone.now() + timedelta(days=8)) == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["owner@example.org", "pat@example.org"]


def test_applications_no_longer_locked_are_left_alone(owner):
    application = signed_application(owner)
    _invited_days_ago(application, 10)
    Attestation.objects.filter(application=application).update(signed_at=None)
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now()
    )
    mail.outbox.clear()
    assert attester_reminders_send() == 0
    assert mail.outbox == []


# The command -------------------------------------------------------------------------------


def test_the_daily_command_sends_each_reminder_once(invited, staff_members):
    _invited_days_ago(invited, 8)
    late = signed_application(UserFactory())
    application_submit(application=late, actor=late.owner)
    Application.objects.filter(pk=late.pk).update(submitted_at=timezone.now() - timedelta(21))
    mail.outbox.clear()
    out = StringIO()
    call_command("send_registration_reminders", stdout=out)
    assert out.getvalue().strip() == "Reminded 3 attester(s); sent 1 staff reminder email(s)."
    assert len(mail.outbox) == 3 + 1 + 1  # three attesters, their member, staff
    out = StringIO()
    call_command("send_registration_reminders", stdout=out)
    assert out.getvalue().strip() == "Reminded 0 attester(s); sent 0 staff reminder email(s)."
    assert len(mail.outbox) == 5


def test_reminders_send_returns_both_counts(db):
    assert reminders_send() == (0, 0)


# Two runs at the same moment ---------------------------------------------------------------


RACE = concurrent_postgres("two runs at once need PostgreSQL")


@RACE[0]
@RACE[1]
@pytest.mark.real_on_commit
def test_two_runs_at_once_send_each_reminder_once(settings):
    settings.REGISTRATION_STAFF_EMAIL = ["registration@example.org"]
    owner = UserFactory()
    application = locked_application(owner)
    invite_attesters(application)
    _invited_days_ago(application, 8)
    late = signed_application(UserFactory())
    application_submit(application=late, actor=late.owner)
    Application.objects.filter(pk=late.pk).update(submitted_at=timezone.now() - timedelta(21))
    mail.outbox.clear()

    outcomes = at_once(4, lambda i: reminders_send())

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sum(attesters for attesters, _ in outcomes) == 3
    assert sum(staff for _, staff in outcomes) == 1
    assert len(mail.outbox) == 3 + 1 + 1
    assert application.events.filter(kind=EventKind.ATTESTER_REMINDED).count() == 3
