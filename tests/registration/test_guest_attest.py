"""The attester's side: the emailed link, the locked application, comments and signature."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from careermanager.core import tickets
from careermanager.core.models import AuditEvent, GuestTicket
from careermanager.registration.applications import (
    SIGN_STATEMENT,
    application_submit,
    application_unlock,
    attester_remove,
    attester_resend,
)
from careermanager.registration.models import Attestation, EventKind
from tests.factories import UserFactory
from tests.registration.factories import invite_attesters, locked_application, sign_all

GUEST_PAGES = ("guest-application", "guest-comment", "guest-sign")


def _page(name: str) -> str:
    return reverse(f"registration:{name}")


def _token(message) -> str:
    found = re.search(r"https?://\S+/guest/(\S+)/", message.body)
    assert found, message.body
    return found.group(1)


def _start(token: str) -> str:
    return reverse("core:guest-start", args=[token])


def _open(token: str) -> Client:
    """A guest's browser that followed the link and pressed the button."""
    guest = Client()
    response = guest.post(_start(token))
    assert response.status_code == 302, response
    assert response.url == _page("guest-application")
    return guest


def _messages(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


@pytest.fixture
def application(owner):
    return locked_application(owner)


@pytest.fixture
def invited(application):
    """{role: (attestation, raw token)}: the tokens read from the emails sent."""
    return {
        role: (attestation, _token(emails[0]))
        for role, (attestation, emails) in invite_attesters(application).items()
    }


def _area_codes(application) -> list[str]:
    return [area["code"] for area in application.snapshot["areas"]]


def _comment(guest: Client, application, overall="I know this work well.", **areas):
    data = {"overall": overall}
    data |= {f"area_{code}": text for code, text in areas.items()}
    return guest.post(_page("guest-comment"), data)


def _sign(guest: Client, application, **overrides):
    data = {
        "full_name": "Grace Sponsor",
        "registration": "CEng MIET 100200",
        "confirmed": "on",
        "seen_sha256": application.snapshot_sha256,
    } | overrides
    return guest.post(_page("guest-sign"), data)


# The link -----------------------------------------------------------------------------------


def test_the_emailed_link_opens_exactly_that_attestation(owner_client, application):
    owner_client.post(
        reverse("registration:application-attester-invite", args=[application.pk, "proposer"]),
        {"attester": "new", "name": "Pat Proposer", "email": "pat@example.org"},
    )
    [message] = mail.outbox
    token = _token(message)
    confirmation = Client().get(_start(token))
    assert confirmation.status_code == 200
    assert "Attest Olive Owner&#x27;s application for professional registration" in (
        confirmation.text
    )
    assert "as their proposer" in confirmation.text
    assert "A proposer proposes the candidate for registration" in confirmation.text
    guest = _open(token)
    page = guest.get(_page("guest-application"))
    assert page.status_code == 200
    assert "Your role: proposer" in page.text
    assert application.snapshot_sha256 in page.text
    assert "How I meet" in page.text  # the statements, from the snapshot
    assert 'action="/guest/leave/"' in page.text
    assert page["Cache-Control"] == "no-store"
    assert page["X-Robots-Tag"] == "noindex"
    assert page["Referrer-Policy"] == "strict-origin"


def test_another_application_cannot_be_reached(application, invited):
    other = locked_application(UserFactory(full_name="Nina Neighbour"))
    theirs = {role: a for role, (a, _) in invite_attesters(other).items()}
    guest = _open(invited["sponsor"][1])
    for name in GUEST_PAGES:
        page = guest.get(_page(name))
        assert other.snapshot_sha256 not in page.text
        assert "Nina Neighbour" not in page.text
    # Nothing in the address can point the session elsewhere.
    assert guest.get(_page("guest-application") + f"?pk={other.pk}").status_code == 200
    _comment(guest, application, overall="For Olive only.")
    assert Attestation.objects.get(pk=theirs["sponsor"].pk).overall_comment == ""
    assert Attestation.objects.get(pk=invited["sponsor"][0].pk).overall_comment == (
        "For Olive only."
    )


def test_guest_pages_without_a_session_say_to_open_the_link(owner_client, invited):
    for client in (Client(), owner_client):
        for name in GUEST_PAGES:
            page = client.get(_page(name))
            assert page.status_code == 404
            assert "Open the link in your email" in page.text


def test_a_tampered_token_is_not_found(invited):
    token = invited["sponsor"][1]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert Client().get(_start(tampered)).status_code == 404
    assert Client().post(_start(tampered)).status_code == 404


def test_an_expired_link_is_gone(invited):
    attestation, token = invited["sponsor"]
    now = timezone.now()
    GuestTicket.objects.for_target(attestation).update(
        created_at=now - timedelta(days=40), expires_at=now - timedelta(days=10)
    )
    page = Client().get(_start(token))
    assert page.status_code == 410
    assert "This link has expired" in page.text
    assert Client().post(_start(token)).status_code == 410


def test_an_open_session_ends_when_the_link_is_resent(application, invited):
    attestation, token = invited["sponsor"]
    guest = _open(token)
    assert guest.get(_page("guest-application")).status_code == 200
    attester_resend(attestation=attestation, actor=application.owner)
    assert guest.get(_page("guest-application")).status_code == 404
    page = Client().get(_start(token))
    assert page.status_code == 410
    assert "This link has been withdrawn" in page.text
    new_token = _token(mail.outbox[-1])
    assert _open(new_token).get(_page("guest-application")).status_code == 200


def test_a_removed_attesters_link_is_withdrawn(application, invited):
    attestation, token = invited["proposer"]
    guest = _open(token)
    attester_remove(attestation=attestation, actor=application.owner)
    assert Client().get(_start(token)).status_code == 410
    for name in GUEST_PAGES:
        assert guest.get(_page(name)).status_code == 404


def test_after_unlock_the_link_and_the_pages_stop(application, invited):
    attestation, token = invited["supporter"]
    guest = _open(token)
    _comment(guest, application)
    application_unlock(application=application, actor=application.owner)
    assert not Attestation.objects.filter(pk=attestation.pk).exists()
    for name in GUEST_PAGES:
        page = guest.get(_page(name))
        assert page.status_code == 404
        assert "Open the link in your email" in page.text
    assert _comment(guest, application, overall="Too late").status_code == 404
    assert Client().get(_start(token)).status_code == 410
    # Locked again: the old link still opens nothing.
    from careermanager.registration.applications import application_lock

    application_lock(application=application, actor=application.owner)
    assert Client().get(_start(token)).status_code == 410


def test_after_submission_the_pages_are_closed(application, invited):
    guest = _open(invited["sponsor"][1])
    sign_all(application)
    application_submit(application=application, actor=application.owner)
    assert guest.get(_page("guest-application")).status_code == 404


def test_leave_ends_the_guest_session(invited):
    guest = _open(invited["sponsor"][1])
    guest.post(reverse("core:guest-leave"))
    assert guest.get(_page("guest-application")).status_code == 404


# Briefing and comments ----------------------------------------------------------------------


def test_each_attester_reads_the_briefing_for_their_role(invited):
    sponsor = _open(invited["sponsor"][1]).get(_page("guest-application"))
    supporter = _open(invited["supporter"][1]).get(_page("guest-application"))
    assert "As the sponsor, you are asked" in sponsor.text
    assert "As the supporter, you are asked" in supporter.text
    assert "As the sponsor" not in supporter.text
    assert "Sign your attestation: type your full name" in sponsor.text


def test_the_attester_comments_overall_and_per_area(owner_client, application, invited):
    attestation, token = invited["sponsor"]
    guest = _open(token)
    codes = _area_codes(application)
    form = guest.get(_page("guest-comment"))
    for code in codes:
        assert f'name="area_{code}"' in form.text
    response = _comment(
        guest, application, overall="A careful engineer.", **{codes[0]: "Seen first hand."}
    )
    assert response.status_code == 302
    assert response.url == _page("guest-sign")
    attestation.refresh_from_db()
    assert attestation.overall_comment == "A careful engineer."
    assert attestation.area_comments == {codes[0]: "Seen first hand."}
    assert attestation.commented_at is not None
    assert AuditEvent.objects.filter(action="registration.attester.commented").count() == 1
    # Shown back to them, and to the member.
    page = guest.get(_page("guest-application"))
    assert "Seen first hand." in page.text
    assert "you have not signed yet" in page.text
    attesters = owner_client.get(
        reverse("registration:application-attesters", args=[application.pk])
    )
    assert "A careful engineer." in attesters.text


def test_an_overall_comment_is_needed(application, invited):
    guest = _open(invited["sponsor"][1])
    response = _comment(guest, application, overall=" ")
    assert response.status_code == 200
    assert "Write your overall comment." in response.text
    assert Attestation.objects.get(pk=invited["sponsor"][0].pk).overall_comment == ""


def test_a_get_saves_nothing(application, invited):
    guest = _open(invited["sponsor"][1])
    guest.get(_page("guest-comment") + "?overall=sneaky")
    guest.get(_page("guest-sign") + "?full_name=sneaky&confirmed=on")
    attestation = Attestation.objects.get(pk=invited["sponsor"][0].pk)
    assert attestation.overall_comment == ""
    assert not attestation.is_signed


# Signing ------------------------------------------------------------------------------------


def test_signing_needs_a_comment_first(application, invited):
    guest = _open(invited["sponsor"][1])
    page = guest.get(_page("guest-sign"))
    assert "Give your overall comment before you sign." in page.text
    assert 'name="full_name"' not in page.text
    response = _sign(guest, application)
    assert "Give your overall comment before you sign." in response.text
    assert not Attestation.objects.get(pk=invited["sponsor"][0].pk).is_signed


def test_signing_with_the_hash_read(owner, application, invited):
    attestation, token = invited["sponsor"]
    guest = _open(token)
    _comment(guest, application)
    form = guest.get(_page("guest-sign"))
    assert SIGN_STATEMENT in form.text
    assert f'name="seen_sha256" value="{application.snapshot_sha256}"' in form.text
    assert 'value="CEng 100200"' in form.text  # their registration as the member gave it
    before = len(mail.outbox)
    response = _sign(guest, application)
    assert response.url == _page("guest-application")
    attestation.refresh_from_db()
    assert attestation.is_signed
    assert attestation.signed_name == "Grace Sponsor"
    assert attestation.signed_registration == "CEng MIET 100200"
    assert attestation.signed_statement == SIGN_STATEMENT
    assert attestation.signed_sha256 == application.snapshot_sha256
    assert application.events.filter(kind=EventKind.ATTESTED).count() == 1
    assert AuditEvent.objects.filter(action="registration.attester.signed").count() == 1
    [message] = mail.outbox[before:]
    assert message.to == [owner.email]
    assert "Grace Sponsor, your sponsor, signed their attestation" in message.body
    assert "I know this work well." in message.body
    thanks = guest.get(_page("guest-application"))
    assert "Thank you: you have signed" in thanks.text
    assert "Add your comments" not in thanks.text


def test_a_stale_hash_is_refused(application, invited):
    attestation, token = invited["sponsor"]
    guest = _open(token)
    _comment(guest, application)
    response = _sign(guest, application, seen_sha256="0" * 64)
    assert response.url == _page("guest-application")
    assert "read it again before signing" in " ".join(_messages(response))
    attestation.refresh_from_db()
    assert not attestation.is_signed


def test_signing_needs_each_field(application, invited):
    guest = _open(invited["sponsor"][1])
    _comment(guest, application)
    response = _sign(guest, application, full_name="", registration="", confirmed="")
    assert response.status_code == 200
    assert "Type your full name to sign." in response.text
    assert "Give your own registration or membership details." in response.text
    assert "Confirm the statement to sign." in response.text
    assert not Attestation.objects.get(pk=invited["sponsor"][0].pk).is_signed


def test_signing_twice_is_refused(application, invited):
    attestation, token = invited["sponsor"]
    guest = _open(token)
    _comment(guest, application)
    _sign(guest, application)
    attestation.refresh_from_db()
    first = attestation.signed_at
    again = _sign(guest, application, full_name="Someone Else")
    assert again.url == _page("guest-application")
    assert "You have signed this attestation already" in " ".join(_messages(again))
    comment = _comment(guest, application, overall="Changed my mind")
    assert comment.url == _page("guest-application")
    attestation.refresh_from_db()
    assert (attestation.signed_name, attestation.signed_at) == ("Grace Sponsor", first)
    assert attestation.overall_comment == "I know this work well."
    assert application.events.filter(kind=EventKind.ATTESTED).count() == 1
    assert tickets.ticket_lookup(token).status == GuestTicket.Status.ACTIVE
