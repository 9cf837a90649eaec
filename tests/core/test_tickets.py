"""Guest tickets: issued hashed, found only while valid, scoped to one object and one session."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone

from careermanager.core import tickets
from careermanager.core.models import AuditEvent, GuestTicket


def _issue(owner, target=None, **kwargs):
    return tickets.ticket_issue(
        target=target or owner,
        name=" Priya Natarajan ",
        email="priya@example.org",
        purpose="Mentor",
        created_by=owner,
        **kwargs,
    )


def _request():
    request = RequestFactory().post("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.user = AnonymousUser()
    return request


def _expire(ticket):
    now = timezone.now()
    GuestTicket.objects.filter(pk=ticket.pk).update(
        created_at=now - timedelta(days=31), expires_at=now - timedelta(seconds=1)
    )


def test_issue_stores_only_the_hash_of_a_256_bit_token(owner):
    ticket, raw = _issue(owner)
    assert len(raw) >= 43  # 32 random bytes, URL-safe base64
    assert raw not in ticket.token_hash
    assert ticket.token_hash == tickets.hash_token(raw)
    assert ticket.guest_name == "Priya Natarajan"
    assert ticket.status == GuestTicket.Status.ACTIVE
    assert timedelta(days=29) < ticket.expires_at - timezone.now() <= timedelta(days=30)
    event = AuditEvent.objects.for_target(ticket).get()
    assert event.action == "core.ticket.issued"
    assert event.actor == owner
    assert raw not in str(event.data)


def test_each_ticket_gets_a_different_token(owner):
    raws = {_issue(owner)[1] for _ in range(5)}
    assert len(raws) == 5


def test_issue_honours_the_number_of_days(owner):
    ticket, _ = _issue(owner, days=3)
    assert ticket.expires_at - timezone.now() <= timedelta(days=3)
    with pytest.raises(ValueError, match="between 1 and"):
        _issue(owner, days=0)


def test_find_returns_a_valid_ticket(owner):
    ticket, raw = _issue(owner)
    assert tickets.ticket_find(raw) == ticket


@pytest.mark.parametrize(
    "tamper",
    [
        lambda raw: raw[:-1] + ("A" if raw[-1] != "A" else "B"),
        lambda raw: raw[:-1],
        lambda raw: raw + "x",
        lambda raw: raw.upper(),
        lambda raw: "",
        lambda raw: "x" * 5000,
    ],
)
def test_a_tampered_token_finds_nothing(owner, tamper):
    _, raw = _issue(owner)
    assert tickets.ticket_find(tamper(raw)) is None
    assert tickets.ticket_lookup(tamper(raw)) is None


def test_an_expired_ticket_is_not_found_but_can_be_explained(owner):
    ticket, raw = _issue(owner)
    _expire(ticket)
    assert tickets.ticket_find(raw) is None
    assert tickets.ticket_lookup(raw).status == GuestTicket.Status.EXPIRED


def test_a_revoked_ticket_is_not_found(owner):
    ticket, raw = _issue(owner)
    tickets.ticket_revoke(ticket=ticket, actor=owner)
    assert tickets.ticket_find(raw) is None
    assert tickets.ticket_lookup(raw).status == GuestTicket.Status.REVOKED


def test_revoking_twice_records_one_event(owner):
    ticket, _ = _issue(owner)
    first = tickets.ticket_revoke(ticket=ticket, actor=owner)
    second = tickets.ticket_revoke(ticket=ticket, actor=owner)
    assert first.revoked_at == second.revoked_at
    actions = list(AuditEvent.objects.for_target(ticket).values_list("action", flat=True))
    assert actions.count("core.ticket.revoked") == 1


def test_for_target_and_valid_querysets(owner, other_member):
    mine, _ = _issue(owner)
    theirs, _ = _issue(owner, target=other_member)
    revoked, _ = _issue(owner)
    tickets.ticket_revoke(ticket=revoked, actor=owner)
    assert set(GuestTicket.objects.for_target(owner)) == {mine, revoked}
    assert set(GuestTicket.objects.for_target(owner).valid()) == {mine}
    assert list(GuestTicket.objects.for_target(other_member)) == [theirs]


def test_a_guest_session_opens_exactly_its_own_object(owner, other_member):
    ticket, _ = _issue(owner)
    request = _request()
    request.session.save()  # a session that existed before the link was followed
    old_key = request.session.session_key
    assert tickets.guest_ticket_for(request, owner) is None
    tickets.guest_session_open(request, ticket)
    assert request.session.session_key != old_key  # a planted session key is not upgraded
    assert tickets.guest_ticket_for(request, owner) == ticket
    # The same session reaches nothing else, not even another object of the same kind.
    assert tickets.guest_ticket_for(request, other_member) is None
    ticket.refresh_from_db()
    assert ticket.last_used_at is not None
    assert AuditEvent.objects.filter(action="core.ticket.opened").count() == 1


def test_a_guest_session_ends_when_the_ticket_is_revoked_or_expires(owner):
    ticket, _ = _issue(owner)
    request = _request()
    tickets.guest_session_open(request, ticket)
    tickets.ticket_revoke(ticket=ticket, actor=owner)
    assert tickets.guest_ticket_for(request, owner) is None

    second, _ = _issue(owner)
    tickets.guest_session_open(request, second)
    _expire(second)
    assert tickets.guest_ticket_for(request, owner) is None
    assert tickets.guest_session_ticket(request) is None


def test_opening_a_second_ticket_replaces_the_first(owner, other_member):
    first, _ = _issue(owner)
    second, _ = _issue(owner, target=other_member)
    request = _request()
    tickets.guest_session_open(request, first)
    tickets.guest_session_open(request, second)
    assert tickets.guest_ticket_for(request, owner) is None
    assert tickets.guest_ticket_for(request, other_member) == second


def test_an_invalid_ticket_cannot_open_a_session(owner):
    ticket, _ = _issue(owner)
    tickets.ticket_revoke(ticket=ticket, actor=owner)
    request = _request()
    with pytest.raises(ValueError, match="valid ticket"):
        tickets.guest_session_open(request, ticket)
    assert tickets.SESSION_KEY not in request.session


def test_closing_the_session_forgets_the_ticket(owner):
    ticket, _ = _issue(owner)
    request = _request()
    tickets.guest_session_open(request, ticket)
    tickets.guest_session_close(request)
    assert tickets.guest_ticket_for(request, owner) is None
    assert AuditEvent.objects.filter(action="core.ticket.closed").exists()


def test_session_target_checks_the_kind_of_object(owner):
    from careermanager.accounts.models import User
    from careermanager.core.models import OutboxMessage

    ticket, _ = _issue(owner)
    request = _request()
    tickets.guest_session_open(request, ticket)
    assert tickets.guest_session_target(request, User.objects.all()) == (ticket, owner)
    assert tickets.guest_session_target(request, OutboxMessage.objects.all()) is None


def test_a_garbled_session_value_opens_nothing(owner):
    request = _request()
    request.session[tickets.SESSION_KEY] = "1 OR 1=1"
    assert tickets.guest_session_ticket(request) is None


def test_refusals_are_audited(owner):
    ticket, _ = _issue(owner)
    tickets.ticket_refused(ticket=ticket, reason="expired")
    event = AuditEvent.objects.filter(action="core.ticket.refused").get()
    assert event.data == {"reason": "expired"}
