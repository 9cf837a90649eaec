"""The member's side of attestation: locking, unlocking, inviting attesters, submitting, the
timeline."""

import html as html_module
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from careermanager.core import tickets
from careermanager.core.models import AuditEvent, GuestTicket
from careermanager.registration.applications import (
    DUPLICATE_EMAIL_MESSAGE,
    OWN_EMAIL_MESSAGE,
    application_staff_comment,
    attestation_comment,
)
from careermanager.registration.models import (
    ApplicationEvent,
    ApplicationStatus,
    Attestation,
    EventKind,
    Intention,
    Relationship,
    Status,
    Timescale,
)
from careermanager.registration.receipt import SEND_SEPARATELY
from tests.registration.factories import (
    SupporterFactory,
    complete_application,
    invite_attesters,
    locked_application,
    sign_all,
    signed_application,
)

TOKEN = "a-once-token-of-twenty-chars-or-more"


def _url(name: str, application, *args) -> str:
    return reverse(f"registration:{name}", args=[application.pk, *args])


def _messages(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def _link_token(message) -> str:
    found = re.search(r"https?://\S+/guest/(\S+)/", message.body)
    assert found, message.body
    return found.group(1)


@pytest.fixture
def draft(owner):
    return complete_application(owner)


@pytest.fixture
def locked(owner):
    return locked_application(owner)


# Lock ---------------------------------------------------------------------------------------


def test_lock_page_shows_what_will_be_fixed_and_locks(owner_client, draft):
    page = owner_client.get(_url("application-lock", draft))
    assert page.status_code == 200
    assert "Check your application before you lock it" in page.text
    assert "Changes you make to your profile, CV or assessment after locking" in page.text
    assert "How I meet" in page.text  # the application view, with the statements
    assert "Lock application" in page.text
    response = owner_client.post(_url("application-lock", draft), {"once_token": TOKEN})
    assert response.status_code == 302
    assert response.url == _url("application-attesters", draft)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.LOCKED
    assert len(draft.snapshot_sha256) == 64
    assert AuditEvent.objects.filter(action="registration.application.locked").count() == 1
    assert "Your application is locked." in " ".join(_messages(response))


def test_locking_twice_with_one_form_locks_once(owner_client, draft):
    owner_client.post(_url("application-lock", draft), {"once_token": TOKEN})
    again = owner_client.post(_url("application-lock", draft), {"once_token": TOKEN})
    assert again.status_code == 302
    assert draft.events.filter(kind=EventKind.LOCKED).count() == 1


def test_an_incomplete_application_lists_what_is_missing_and_has_no_button(owner_client, draft):
    draft.statements.all().delete()
    page = owner_client.get(_url("application-lock", draft))
    assert "You cannot lock your application yet" in page.text
    assert "8. Competence statements" in page.text
    assert reverse("registration:application-statements", args=[draft.pk]) in page.text
    assert "Lock application</button>" not in page.text
    response = owner_client.post(_url("application-lock", draft), {"once_token": TOKEN})
    assert response.status_code == 200
    assert "Complete these before you lock" in response.text
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_locked_application_is_not_locked_again(owner_client, locked):
    response = owner_client.get(_url("application-lock", locked))
    assert response.url == _url("application-attesters", locked)


def test_another_member_cannot_lock(other_client, draft):
    assert other_client.get(_url("application-lock", draft)).status_code == 404
    assert other_client.post(_url("application-lock", draft)).status_code == 404
    draft.refresh_from_db()
    assert draft.is_draft


# Unlock -------------------------------------------------------------------------------------


def test_unlock_warns_what_is_lost_then_discards_attestations(owner_client, locked):
    invited = invite_attesters(locked)
    sponsor = invited["sponsor"][0]
    sponsor_token = _link_token(invited["sponsor"][1][0])
    ticket = tickets.ticket_find(sponsor_token)
    attestation_comment(attestation=sponsor, ticket=ticket, overall="Good.", areas={})
    page = owner_client.get(_url("application-unlock", locked))
    assert "Unlocking discards the comments and signatures of your 3 attesters" in page.text
    assert "1 has commented without signing yet" in page.text
    assert "Their links stop working at once" in page.text
    assert "Grace Sponsor" in page.text
    locked.refresh_from_db()
    assert locked.is_locked  # the warning changed nothing
    response = owner_client.post(_url("application-unlock", locked))
    assert response.url == reverse("registration:application", args=[locked.pk])
    locked.refresh_from_db()
    assert locked.is_draft
    assert not Attestation.objects.filter(application=locked).exists()
    assert tickets.ticket_lookup(sponsor_token).status == GuestTicket.Status.REVOKED
    assert AuditEvent.objects.filter(action="registration.application.unlocked").exists()


def test_unlock_counts_signatures(owner, owner_client):
    application = signed_application(owner)
    page = owner_client.get(_url("application-unlock", application))
    assert "your 3 attesters: 3 have signed" in page.text


def test_unlocking_a_draft_says_it_is_not_locked(owner_client, draft):
    response = owner_client.post(_url("application-unlock", draft))
    assert response.status_code == 302
    assert "not locked" in " ".join(_messages(response))
    assert not draft.events.filter(kind=EventKind.UNLOCKED).exists()


def test_another_member_cannot_unlock(other_client, locked):
    assert other_client.post(_url("application-unlock", locked)).status_code == 404
    locked.refresh_from_db()
    assert locked.is_locked


# The attesters page -------------------------------------------------------------------------


def test_the_attesters_page_of_a_draft_sends_the_member_to_lock_first(owner_client, draft):
    response = owner_client.get(_url("application-attesters", draft))
    assert response.url == reverse("registration:application", args=[draft.pk])
    assert "Lock your application first" in " ".join(_messages(response))


def test_the_attesters_page_shows_three_slots_and_their_briefings(owner_client, locked):
    page = owner_client.get(_url("application-attesters", locked))
    assert page.status_code == 200
    assert page.text.count("Not invited") == 3
    for role in ("sponsor", "proposer", "supporter"):
        assert _url("application-attester-invite", locked, role) in page.text
    assert "Vouches for the application as a whole" in page.text
    assert "0 of 3 attesters have signed" in page.text


def test_the_attesters_page_shows_each_state(owner_client, locked):
    invited = invite_attesters(locked)
    proposer = invited["proposer"][0]
    ticket = tickets.ticket_find(_link_token(invited["proposer"][1][0]))
    attestation_comment(attestation=proposer, ticket=ticket, overall="So far so good.", areas={})
    page = owner_client.get(_url("application-attesters", locked))
    assert "Commented, not signed" in page.text
    assert "So far so good." in page.text
    assert page.text.count("Not opened yet") == 2  # the proposer's comment used the link
    assert "Works until" in page.text
    sign_all(locked)
    page = owner_client.get(_url("application-attesters", locked))
    assert page.text.count('tag--green">Signed<') == 3
    assert "CEng MIET 100200" in page.text
    assert locked.snapshot_sha256 in page.text
    assert "(the version you locked)" in page.text
    assert "3 of 3 attesters have signed" in page.text
    assert _url("application-submit", locked) in page.text


def test_another_member_cannot_see_the_attesters(other_client, locked):
    assert other_client.get(_url("application-attesters", locked)).status_code == 404


# Invite -------------------------------------------------------------------------------------


def test_invite_page_offers_supporters_a_message_and_a_preview(owner, owner_client, locked):
    SupporterFactory(
        owner=owner,
        name="Grace Hopper",
        email="grace@example.net",
        relationship=Relationship.SPONSOR,
        registration_number="CEng 55",
    )
    page = owner_client.get(_url("application-attester-invite", locked, "sponsor"))
    assert page.status_code == 200
    assert "Invite your sponsor" in page.text
    assert "Grace Hopper (sponsor): grace@example.net, CEng 55" in page.text
    assert "checked" in page.text  # the one supporter named as sponsor is chosen
    assert "would be grateful if you would act as my sponsor" in page.text
    assert "The email they will receive" in page.text
    assert "(their personal link goes here)" in page.text
    assert not Attestation.objects.exists()
    assert mail.outbox == []


def test_preview_shows_the_members_words_and_sends_nothing(owner_client, locked):
    response = owner_client.post(
        _url("application-attester-invite", locked, "proposer"),
        {
            "attester": "new",
            "name": "Pat Proposer",
            "email": "pat@example.org",
            "message": "Pat, thanks for <b>everything</b>.",
            "action": "preview",
        },
    )
    assert response.status_code == 200
    assert "Dear Pat Proposer," in response.text
    assert "Pat, thanks for &lt;b&gt;everything&lt;/b&gt;." in response.text
    assert "There is a problem" not in response.text
    assert not Attestation.objects.exists()
    assert mail.outbox == []


def test_inviting_a_supporter_uses_their_details_and_emails_a_link(owner, owner_client, locked):
    supporter = SupporterFactory(
        owner=owner,
        name="Grace Hopper",
        email="grace@example.net",
        relationship=Relationship.MENTOR,
        registration_number="CEng 55",
    )
    response = owner_client.post(
        _url("application-attester-invite", locked, "sponsor"),
        {
            "attester": str(supporter.pk),
            "name": "ignored",
            "message": "Grace, would you be my sponsor?",
            "once_token": TOKEN,
        },
    )
    assert response.status_code == 302
    assert response.url == _url("application-attesters", locked)
    attestation = locked.attestations.get()
    assert (attestation.role, attestation.name, attestation.email) == (
        "sponsor",
        "Grace Hopper",
        "grace@example.net",
    )
    assert attestation.registration_number == "CEng 55"
    assert attestation.supporter == supporter
    [message] = mail.outbox
    assert message.to == ["grace@example.net"]
    assert "Olive Owner asks you to attest" in message.subject
    assert "Dear Grace Hopper," in message.body
    assert "act as their sponsor" in message.body
    assert "Grace, would you be my sponsor?" in message.body
    assert "please do not forward it" in message.body
    assert "The link works until" in message.body
    token = _link_token(message)
    assert tickets.ticket_find(token).opens(attestation)
    assert "We have emailed Grace Hopper (grace@example.net)" in " ".join(_messages(response))
    assert AuditEvent.objects.filter(action="registration.attester.invited").count() == 1
    assert locked.events.filter(kind=EventKind.ATTESTER_INVITED).count() == 1


def test_inviting_a_new_person(owner_client, locked):
    response = owner_client.post(
        _url("application-attester-invite", locked, "supporter"),
        {
            "attester": "new",
            "name": "Sam Supporter",
            "email": "sam@example.org",
            "registration_number": "IEng 9",
            "message": "",
        },
    )
    assert response.status_code == 302
    attestation = locked.attestations.get()
    assert (attestation.name, attestation.email, attestation.registration_number) == (
        "Sam Supporter",
        "sam@example.org",
        "IEng 9",
    )
    assert attestation.supporter is None
    [message] = mail.outbox
    assert message.to == ["sam@example.org"]
    assert "Their message to you" not in message.body


def test_a_new_person_needs_a_name_and_email(owner_client, locked):
    response = owner_client.post(
        _url("application-attester-invite", locked, "supporter"), {"attester": "new"}
    )
    assert response.status_code == 200
    assert "Enter the full name of the person you are inviting." in response.text
    assert "Enter the email address of the person you are inviting." in response.text
    assert not Attestation.objects.exists()


def _field_error(html: str, field: str) -> str:
    """The error shown beside one field (the list with the field's error id)."""
    found = re.search(rf'id="id_{field}_error">(.*?)</ul>', html, re.S)
    return html_module.unescape(found.group(1)) if found else ""


def test_the_members_own_email_is_refused_beside_the_field(owner, owner_client, locked):
    response = owner_client.post(
        _url("application-attester-invite", locked, "sponsor"),
        {"attester": "new", "name": "Me", "email": owner.email.upper()},
    )
    assert response.status_code == 200
    assert "You cannot attest your own application" in _field_error(response.text, "email")
    assert "There is a problem" in response.text
    assert not Attestation.objects.exists()
    assert mail.outbox == []


def test_a_duplicate_email_is_refused_beside_the_field(owner_client, locked):
    invite_attesters_first = owner_client.post(
        _url("application-attester-invite", locked, "sponsor"),
        {"attester": "new", "name": "Grace", "email": "grace@example.org"},
    )
    assert invite_attesters_first.status_code == 302
    response = owner_client.post(
        _url("application-attester-invite", locked, "proposer"),
        {"attester": "new", "name": "Grace again", "email": "Grace@Example.org"},
    )
    assert response.status_code == 200
    assert DUPLICATE_EMAIL_MESSAGE in _field_error(response.text, "email")
    assert locked.attestations.count() == 1
    assert len(mail.outbox) == 1


def test_a_supporter_with_the_members_own_email_is_refused_beside_the_choice(
    owner, owner_client, locked
):
    mine = SupporterFactory(owner=owner, email=owner.email)
    response = owner_client.post(
        _url("application-attester-invite", locked, "sponsor"), {"attester": str(mine.pk)}
    )
    assert OWN_EMAIL_MESSAGE in _field_error(response.text, "attester")
    assert not Attestation.objects.exists()


def test_supporters_already_attesting_are_not_offered_again(owner, owner_client, locked):
    grace = SupporterFactory(owner=owner, name="Grace Hopper", email="grace@example.net")
    owner_client.post(
        _url("application-attester-invite", locked, "sponsor"), {"attester": str(grace.pk)}
    )
    page = owner_client.get(_url("application-attester-invite", locked, "proposer"))
    assert "Grace Hopper (mentor)" not in page.text


def test_another_members_supporter_cannot_be_chosen(other_member, owner_client, locked):
    theirs = SupporterFactory(owner=other_member)
    response = owner_client.post(
        _url("application-attester-invite", locked, "sponsor"), {"attester": str(theirs.pk)}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Attestation.objects.exists()


def test_a_role_taken_or_unknown(owner_client, locked):
    invite_attesters(locked)
    response = owner_client.get(_url("application-attester-invite", locked, "sponsor"))
    assert response.url == _url("application-attesters", locked)
    assert "You have invited your sponsor already." in " ".join(_messages(response))
    assert owner_client.get(_url("application-attester-invite", locked, "judge")).status_code == 404


def test_inviting_to_a_draft_sends_the_member_to_lock_first(owner_client, draft):
    response = owner_client.post(
        _url("application-attester-invite", draft, "sponsor"),
        {"attester": "new", "name": "Grace", "email": "grace@example.org"},
    )
    assert response.status_code == 302
    assert not Attestation.objects.exists()


def test_another_member_cannot_invite(other_client, locked):
    url = _url("application-attester-invite", locked, "sponsor")
    assert other_client.get(url).status_code == 404
    response = other_client.post(url, {"attester": "new", "name": "X", "email": "x@example.org"})
    assert response.status_code == 404
    assert not Attestation.objects.exists()


# Resend and remove --------------------------------------------------------------------------


def test_resend_emails_a_new_link_and_the_old_one_stops(owner_client, locked):
    invited = invite_attesters(locked)
    old_token = _link_token(invited["sponsor"][1][0])
    url = _url("application-attester-resend", locked, "sponsor")
    assert owner_client.get(url).status_code == 405
    before = len(mail.outbox)
    response = owner_client.post(url, {"once_token": TOKEN})
    assert response.url == _url("application-attesters", locked)
    assert "The link sent before no longer works" in " ".join(_messages(response))
    [message] = mail.outbox[before:]
    assert message.to == ["grace@example.org"]
    assert tickets.ticket_lookup(old_token).status == GuestTicket.Status.REVOKED
    assert tickets.ticket_lookup(_link_token(message)).status == GuestTicket.Status.ACTIVE
    owner_client.post(url, {"once_token": TOKEN})  # the same form again: nothing new
    assert len(mail.outbox) == before + 1
    assert AuditEvent.objects.filter(action="registration.attester.reinvited").count() == 1


def test_a_signed_attester_is_not_sent_a_new_link(owner, owner_client):
    application = signed_application(owner)
    before = len(mail.outbox)
    response = owner_client.post(_url("application-attester-resend", application, "sponsor"))
    assert "This attester has signed already." in " ".join(_messages(response))
    assert len(mail.outbox) == before


def test_remove_asks_first_then_withdraws_the_link(owner_client, locked):
    invited = invite_attesters(locked)
    token = _link_token(invited["proposer"][1][0])
    url = _url("application-attester-remove", locked, "proposer")
    page = owner_client.get(url)
    assert "Remove Pat Proposer as your proposer?" in page.text
    assert "stops working at once" in page.text
    assert locked.attestations.count() == 3
    response = owner_client.post(url)
    assert response.url == _url("application-attesters", locked)
    assert locked.attestations.count() == 2
    assert tickets.ticket_lookup(token).status == GuestTicket.Status.REVOKED
    assert AuditEvent.objects.filter(action="registration.attester.removed").count() == 1
    assert owner_client.get(url).status_code == 404  # nobody left to remove


def test_another_member_cannot_resend_or_remove(other_client, locked):
    invite_attesters(locked)
    for name in ("application-attester-resend", "application-attester-remove"):
        assert other_client.post(_url(name, locked, "sponsor")).status_code == 404
    assert locked.attestations.count() == 3


# Submit -------------------------------------------------------------------------------------


def test_submit_before_three_signatures_is_refused(owner_client, locked):
    invite_attesters(locked)
    page = owner_client.get(_url("application-submit", locked))
    assert "You can submit once all three attesters have signed: 0 of 3 have." in page.text
    assert "Submit my application" not in page.text
    response = owner_client.post(_url("application-submit", locked), {"once_token": TOKEN})
    assert response.status_code == 302
    assert "All three attesters must sign before you submit" in " ".join(_messages(response))
    locked.refresh_from_db()
    assert locked.is_locked
    assert not locked.events.filter(kind=EventKind.SUBMITTED).exists()


def test_submit_shows_the_signatures_and_submits_once(owner_client, owner):
    application = signed_application(owner)
    before = len(mail.outbox)
    page = owner_client.get(_url("application-submit", application))
    assert "All three attesters have signed the version you locked." in page.text
    assert page.text.count("The version you locked") == 3
    assert "Grace Sponsor" in page.text
    response = owner_client.post(_url("application-submit", application), {"once_token": TOKEN})
    assert response.url == _url("application-submit", application)
    again = owner_client.post(_url("application-submit", application), {"once_token": TOKEN})
    third = owner_client.post(
        _url("application-submit", application), {"once_token": TOKEN + "-another"}
    )
    assert again.status_code == third.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.events.filter(kind=EventKind.SUBMITTED).count() == 1
    submitted_mails = [m for m in mail.outbox[before:] if "has been submitted" in m.subject]
    assert len(submitted_mails) == 1
    assert submitted_mails[0].to == [owner.email]
    assert f"{application.category}-{application.pk}" in submitted_mails[0].body
    assert AuditEvent.objects.filter(action="registration.application.submitted").count() == 1
    page = owner_client.get(third.url)
    assert page.status_code == 200
    assert "Application submitted" in page.text
    assert SEND_SEPARATELY[0] in page.text


def test_submitting_a_draft_sends_the_member_to_lock_first(owner_client, draft):
    response = owner_client.post(_url("application-submit", draft))
    assert response.url == reverse("registration:application", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.is_draft


def test_another_member_cannot_submit(other_client):
    application = signed_application()
    assert other_client.post(_url("application-submit", application)).status_code == 404
    application.refresh_from_db()
    assert application.is_locked


# Timeline -----------------------------------------------------------------------------------


def test_the_timeline_lists_every_event_in_order_with_dates(owner, owner_client, staff):
    application = signed_application(owner)
    # Submitted a year before the application was started.
    intention = Intention.objects.create(
        owner=owner,
        status=Status.SUBMITTED,
        category="IEng",
        timescale=Timescale.ONE_TO_2_YEARS,
        submitted_at=timezone.now() - timedelta(days=365),
        sent={},
    )
    from careermanager.registration.applications import application_submit

    application_submit(application=application, actor=owner)
    application_staff_comment(
        application=application,
        actor=staff,
        text="Thank you.\nPlease send your certificates by post.",
    )
    page = owner_client.get(_url("application-timeline", application))
    assert page.status_code == 200
    text = page.text
    labels = [
        "Intention to register submitted",
        "Application locked",
        "Attester invited",
        "Attestation signed",
        "Application submitted",
        "Comment from the institution",
    ]
    positions = [text.index(label) for label in labels]
    assert positions == sorted(positions)
    assert "Thank you.\nPlease send your certificates by post." in text
    assert "Sponsor: Grace Sponsor" in text
    assert f"{intention.submitted_at:%-d %B %Y}" in text
    assert "Working towards Incorporated Engineer" in text
    events = ApplicationEvent.objects.filter(application=application)
    assert text.count("datetime=") == events.count() + 1


def test_another_member_cannot_see_the_timeline(other_client, locked):
    assert other_client.get(_url("application-timeline", locked)).status_code == 404
