"""Retention: ended guest links and old audit events go, on the right side of each limit."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from careermanager.competence.services import verification_comment
from careermanager.core.audit import audit
from careermanager.core.models import AuditEvent, GuestTicket
from careermanager.core.retention import retention_apply
from tests.competence.factories import AssessmentFactory, issue_ticket

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def _ticket(assessment, *, ended_days_ago: int | None, revoked: bool = False):
    """A link made long ago that expired (or was revoked) so many days ago, or is active."""
    ticket, _ = issue_ticket(assessment)
    now = timezone.now()
    ended = now - ended_days_ago * DAY if ended_days_ago is not None else None
    created = min(now - 400 * DAY, (ended or now) - 30 * DAY)
    fields = {"created_at": created, "expires_at": now + 30 * DAY}
    if revoked:
        fields["revoked_at"] = ended
    elif ended is not None:
        fields["expires_at"] = ended
    GuestTicket.objects.filter(pk=ticket.pk).update(**fields)
    return ticket


def _event(days_ago: float) -> AuditEvent:
    event = audit("test.thing.happened", data={"n": days_ago})
    AuditEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - days_ago * DAY)
    return event


def _run(*args) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def _exists(obj) -> bool:
    return type(obj).objects.filter(pk=obj.pk).exists()


@pytest.fixture
def assessment(owner):
    return AssessmentFactory(owner=owner)


@pytest.fixture
def tickets(assessment, settings):
    settings.GUEST_TICKET_RETENTION_DAYS = 90
    return {
        "expired long ago": _ticket(assessment, ended_days_ago=91),
        "expired lately": _ticket(assessment, ended_days_ago=89),
        "revoked long ago": _ticket(assessment, ended_days_ago=120, revoked=True),
        "revoked lately": _ticket(assessment, ended_days_ago=10, revoked=True),
        "active": _ticket(assessment, ended_days_ago=None),
    }


def test_links_ended_longer_ago_than_the_limit_are_deleted_the_others_kept(tickets):
    output = _run()

    assert "Deleted 2 ended guest links (kept for 90 days)." in output
    gone = {name for name, ticket in tickets.items() if not _exists(ticket)}
    assert gone == {"expired long ago", "revoked long ago"}


def test_a_link_a_verifier_commented_through_is_kept_with_the_comment(assessment, settings):
    settings.GUEST_TICKET_RETENTION_DAYS = 90
    ticket, _ = issue_ticket(assessment)
    comment = verification_comment(
        ticket=ticket, assessment=assessment, competence=None, body="Ready."
    )
    now = timezone.now()
    GuestTicket.objects.filter(pk=ticket.pk).update(
        created_at=now - 400 * DAY, expires_at=now - 300 * DAY
    )

    _run()

    assert _exists(ticket)
    assert _exists(comment)


def test_the_audit_events_about_a_deleted_link_are_kept(tickets):
    ticket = tickets["expired long ago"]
    about = AuditEvent.objects.for_target(ticket)
    before = list(about.values_list("pk", flat=True))
    assert before

    _run()

    assert not _exists(ticket)
    assert list(about.values_list("pk", flat=True)) == before


def test_audit_events_older_than_the_limit_are_deleted(settings):
    settings.AUDIT_RETENTION_DAYS = 2555
    old, older = _event(2556), _event(4000)
    recent, young = _event(2554), _event(0)

    output = _run()

    assert "Deleted 2 audit events (kept for 2,555 days)." in output
    assert not _exists(old)
    assert not _exists(older)
    assert _exists(recent)
    assert _exists(young)


def test_zero_keeps_for_ever(assessment, settings):
    settings.AUDIT_RETENTION_DAYS = 0
    settings.GUEST_TICKET_RETENTION_DAYS = 0
    ancient = _event(20000)
    ticket = _ticket(assessment, ended_days_ago=3000)

    output = _run()

    assert "Kept for ever: every audit event" in output
    assert "Kept for ever: every ended guest link" in output
    assert _exists(ancient)
    assert _exists(ticket)


def test_a_dry_run_counts_and_deletes_nothing(tickets, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    events = [_event(31), _event(29)]
    total = AuditEvent.objects.count()

    output = _run("--dry-run")

    assert "Would delete 2 ended guest links (kept for 90 days)." in output
    assert "Would delete 1 audit event (kept for 30 days)." in output
    assert "Would run remove_expired_documents" in output
    assert all(_exists(ticket) for ticket in tickets.values())
    assert all(_exists(event) for event in events)
    assert AuditEvent.objects.count() == total


def test_running_again_finds_nothing_and_the_run_is_recorded(tickets, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    _event(31)

    _run()
    second = _run()

    assert "Deleted 0 ended guest links" in second
    assert "Deleted 0 audit events" in second
    recorded = AuditEvent.objects.filter(action="core.retention.applied")
    assert [event.data for event in recorded] == [{"guest_tickets": 2, "audit_events": 1}]


def test_it_runs_the_daily_clean_ups_of_documents_exports_and_files():
    output = _run()

    assert "expired document job(s)" in output
    assert "expired data export(s)" in output


def test_large_numbers_are_deleted_in_batches(settings, monkeypatch):
    monkeypatch.setattr("careermanager.core.retention.BATCH", 3)
    settings.AUDIT_RETENTION_DAYS = 10
    for _ in range(7):
        _event(11)
    keep = _event(9)

    outcomes = {outcome.key: outcome.count for outcome in retention_apply()}

    assert outcomes["audit_events"] == 7
    assert _exists(keep)
