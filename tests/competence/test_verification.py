"""Verification by a mentor or line manager through an emailed guest ticket."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from careermanager.competence.models import VerificationComment
from careermanager.competence.services import assessment_start
from careermanager.core import tickets
from careermanager.core.models import AuditEvent, GuestTicket
from tests.competence.factories import assess, issue_ticket


@pytest.fixture
def assessment(owner):
    assessment = assessment_start(owner=owner, category="CEng")
    assess(owner, "A1", evidence="I derived the array cable settings from first principles.")
    assess(owner, "B2", evidence="I planned 240 fault cases.")
    return assessment


@pytest.fixture
def ticket_and_token(assessment):
    return issue_ticket(assessment)


def _start_url(token: str) -> str:
    return reverse("core:guest-start", args=[token])


def _open(token: str) -> Client:
    """A guest's browser that has followed the link and pressed the button."""
    guest = Client()
    response = guest.post(_start_url(token))
    assert response.status_code == 302
    assert response.url == reverse("competence:guest-assessment")
    return guest


def _expire(ticket):
    now = timezone.now()
    GuestTicket.objects.filter(pk=ticket.pk).update(
        created_at=now - timedelta(days=40), expires_at=now - timedelta(days=10)
    )


# The member's side


def test_sending_emails_the_verifier_a_link(
    owner_client, owner, assessment, django_capture_on_commit_callbacks
):
    url = reverse("competence:verification-new", args=[assessment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            url,
            {
                "name": "Priya Natarajan",
                "email": "priya@example.org",
                "role": "Mentor",
                "message": "Thanks for looking at this before my review.",
            },
        )
    assert response.status_code == 302
    ticket = GuestTicket.objects.for_target(assessment).get()
    assert (ticket.guest_name, ticket.guest_email, ticket.purpose) == (
        "Priya Natarajan",
        "priya@example.org",
        "Mentor",
    )
    [message] = mail.outbox
    assert message.to == ["priya@example.org"]
    assert "Olive Owner asks you to verify" in message.subject
    assert "Thanks for looking at this before my review." in message.body
    link = re.search(r"https?://\S+/guest/(\S+)/", message.body)
    assert link, message.body
    token = link.group(1)
    assert tickets.ticket_find(token) == ticket
    assert token not in ticket.token_hash
    assert AuditEvent.objects.filter(action="competence.verification.requested").exists()
    page = owner_client.get(response.url)
    assert "We have emailed a link to Priya Natarajan (priya@example.org)." in page.text


def test_the_form_page_sends_nothing(owner_client, assessment):
    url = reverse("competence:verification-new", args=[assessment.pk])
    page = owner_client.get(url + "?name=Priya&email=priya@example.org&role=Mentor")
    assert "The link works for 30 days" in page.text
    assert "Send guest ticket" in page.text
    assert not GuestTicket.objects.exists()
    assert mail.outbox == []


def test_sending_needs_a_name_email_and_role(owner_client, assessment):
    url = reverse("competence:verification-new", args=[assessment.pk])
    response = owner_client.post(url, {"name": "", "email": "not-an-email", "role": ""})
    assert "Enter the name of the person who will verify" in response.text
    assert "Enter an email address in the correct format" in response.text
    assert "Choose whether they are your mentor or line manager" in response.text
    assert not GuestTicket.objects.exists()
    assert mail.outbox == []


def test_a_member_cannot_verify_themselves(owner_client, owner, assessment):
    url = reverse("competence:verification-new", args=[assessment.pk])
    response = owner_client.post(url, {"name": "Me", "email": owner.email, "role": "Mentor"})
    assert "you cannot verify yourself" in response.text
    assert not GuestTicket.objects.exists()


def test_another_member_cannot_send_or_see_tickets(other_client, assessment, ticket_and_token):
    ticket, _ = ticket_and_token
    for url in (
        reverse("competence:verification-list", args=[assessment.pk]),
        reverse("competence:verification-new", args=[assessment.pk]),
        reverse("competence:verification-revoke", args=[assessment.pk, ticket.pk]),
    ):
        assert other_client.get(url).status_code == 404
    response = other_client.post(
        reverse("competence:verification-revoke", args=[assessment.pk, ticket.pk])
    )
    assert response.status_code == 404
    ticket.refresh_from_db()
    assert ticket.revoked_at is None


def test_the_member_lists_and_revokes_tickets_after_a_confirmation(
    owner_client, assessment, ticket_and_token
):
    ticket, raw = ticket_and_token
    listing = owner_client.get(reverse("competence:verification-list", args=[assessment.pk]))
    assert "Priya Natarajan" in listing.text
    assert "Active" in listing.text
    url = reverse("competence:verification-revoke", args=[assessment.pk, ticket.pk])
    confirm = owner_client.get(url)
    assert "Revoke Priya Natarajan" in confirm.text
    assert "will no longer be able to open" in confirm.text
    ticket.refresh_from_db()
    assert ticket.revoked_at is None
    response = owner_client.post(url)
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == GuestTicket.Status.REVOKED
    assert tickets.ticket_find(raw) is None
    assert "Revoked" in owner_client.get(response.url).text


def test_a_ticket_of_another_assessment_cannot_be_revoked_through_this_one(
    owner_client, owner, assessment
):
    other_assessment = assessment_start(owner=owner, category="IEng")
    ticket, _ = issue_ticket(other_assessment)
    url = reverse("competence:verification-revoke", args=[assessment.pk, ticket.pk])
    assert owner_client.post(url).status_code == 404
    ticket.refresh_from_db()
    assert ticket.revoked_at is None


# The verifier's side (the entry page's 404 and 410 are tested with core's tickets)


def test_the_link_shows_a_confirmation_and_changes_nothing(ticket_and_token):
    ticket, raw = ticket_and_token
    events_before = AuditEvent.objects.count()
    guest = Client()
    page = guest.get(_start_url(raw))
    assert page.status_code == 200
    assert "<h1>Verify Olive Owner&#x27;s competence assessment</h1>" in page.text
    assert "Olive Owner has sent you a private link, as their mentor." in page.text
    assert "Their Chartered Engineer (CEng) competence assessment, against" in page.text
    assert "Open the assessment" in page.text
    assert page["Cache-Control"] == "no-store"
    ticket.refresh_from_db()
    assert ticket.last_used_at is None
    assert AuditEvent.objects.count() == events_before
    assert tickets.SESSION_KEY not in guest.session
    # Without pressing the button, the assessment stays closed.
    assert guest.get(reverse("competence:guest-assessment")).status_code == 404


def test_posting_opens_the_assessment_read_only(ticket_and_token):
    ticket, raw = ticket_and_token
    guest = _open(raw)
    page = guest.get(reverse("competence:guest-assessment"))
    assert page.status_code == 200
    assert "I derived the array cable settings from first principles." in page.text
    assert 'name="evidence"' not in page.text
    assert AuditEvent.objects.filter(action="core.ticket.opened").count() == 1
    ticket.refresh_from_db()
    assert ticket.last_used_at is not None


def test_the_verifier_comments_per_competence_and_overall(
    owner_client, assessment, ticket_and_token
):
    ticket, raw = ticket_and_token
    guest = _open(raw)
    url = reverse("competence:guest-competence", args=["A1"])
    assert "I derived the array cable settings" in guest.get(url).text
    response = guest.post(url, {"body": "I saw this work; the level is right."})
    assert response.status_code == 302
    guest.post(url, {"body": "I saw this work; Expert is right."})  # changes the same comment
    guest.post(reverse("competence:guest-overall"), {"body": "Ready to apply after C4."})
    comments = VerificationComment.objects.filter(ticket=ticket)
    assert comments.count() == 2
    assert comments.get(competence__code="A1").body == "I saw this work; Expert is right."
    assert comments.get(competence=None).body == "Ready to apply after C4."
    assert AuditEvent.objects.filter(action="competence.verification.commented").count() == 3
    # The member sees them on their pages.
    detail = owner_client.get(reverse("competence:assessment-detail", args=[assessment.pk]))
    assert "Ready to apply after C4." in detail.text
    assert "Priya Natarajan (mentor) wrote on" in detail.text
    competence_page = owner_client.get(
        reverse("competence:assessment-competence", args=[assessment.pk, "A1"])
    )
    assert "I saw this work; Expert is right." in competence_page.text
    # And the verifier sees their own comment on the assessment page.
    assert (
        "I saw this work; Expert is right."
        in guest.get(reverse("competence:guest-assessment")).text
    )


def test_an_empty_comment_is_refused(ticket_and_token):
    _, raw = ticket_and_token
    guest = _open(raw)
    response = guest.post(reverse("competence:guest-competence", args=["A1"]), {"body": " "})
    assert response.status_code == 200
    assert "Enter your comment" in response.text
    assert not VerificationComment.objects.exists()


def test_get_on_comment_pages_saves_nothing(ticket_and_token):
    """A GET on a comment page shows the form and saves nothing."""
    _, raw = ticket_and_token
    guest = _open(raw)
    guest.get(reverse("competence:guest-competence", args=["A1"]) + "?body=sneaky")
    guest.get(reverse("competence:guest-overall") + "?body=sneaky")
    assert not VerificationComment.objects.exists()


def test_leave_rejects_get_and_post_ends_the_session(ticket_and_token):
    _, raw = ticket_and_token
    guest = _open(raw)
    assert guest.get(reverse("core:guest-leave")).status_code == 405
    assert guest.get(reverse("competence:guest-assessment")).status_code == 200
    guest.post(reverse("core:guest-leave"))
    assert guest.get(reverse("competence:guest-assessment")).status_code == 404


def test_the_guest_session_reaches_nothing_else(owner, other_member, assessment, ticket_and_token):
    _, raw = ticket_and_token
    guest = _open(raw)
    second = assessment_start(owner=owner, category="IEng")
    theirs = assessment_start(owner=other_member, category="CEng")
    # The member's own pages stay behind the log-in, for this assessment and any other.
    for pk in (assessment.pk, second.pk, theirs.pk):
        for name in ("assessment-detail", "assessment-summary", "verification-list"):
            response = guest.get(reverse(f"competence:{name}", args=[pk]))
            assert response.status_code == 302, name
            assert response.url.startswith(reverse("accounts:login"))
    for name in ("competence:index", "competence:job-profile-list", "core:bare"):
        assert guest.get(reverse(name)).status_code in (302, 404)
    # The guest pages show only the ticket's assessment, whatever the URL asks for.
    assert guest.get(reverse("competence:guest-competence", args=["Z9"])).status_code == 404
    page = guest.get(reverse("competence:guest-assessment"))
    assert f"/assessments/{second.pk}/" not in page.text
    # A comment posted by the guest always lands on the ticket's assessment.
    guest.post(reverse("competence:guest-overall"), {"body": "Only here"})
    assert VerificationComment.objects.get().assessment == assessment


def test_a_ticket_for_another_assessment_opens_only_that_one(owner, other_member, assessment):
    theirs = assessment_start(owner=other_member, category="CEng")
    assess(other_member, "A1", evidence="Other member's secret evidence")
    _, raw = issue_ticket(theirs)
    guest = _open(raw)
    page = guest.get(reverse("competence:guest-assessment"))
    assert "Other member&#x27;s secret evidence" in page.text
    assert "I derived the array cable settings" not in page.text


def test_revoking_ends_an_open_guest_session_at_once(owner, ticket_and_token):
    ticket, raw = ticket_and_token
    guest = _open(raw)
    tickets.ticket_revoke(ticket=ticket, actor=owner)
    assert guest.get(reverse("competence:guest-assessment")).status_code == 404
    response = guest.post(reverse("competence:guest-overall"), {"body": "Too late"})
    assert response.status_code == 404
    assert not VerificationComment.objects.exists()


def test_expiry_ends_an_open_guest_session(ticket_and_token):
    ticket, raw = ticket_and_token
    guest = _open(raw)
    _expire(ticket)
    assert guest.get(reverse("competence:guest-competence", args=["A1"])).status_code == 404


def test_a_signed_in_member_can_use_a_link_for_someone_elses_assessment(
    other_client, assessment, ticket_and_token
):
    _, raw = ticket_and_token
    response = other_client.post(_start_url(raw))
    assert response.status_code == 302
    page = other_client.get(reverse("competence:guest-assessment"))
    assert "I derived the array cable settings" in page.text
    # Their own member pages still treat the assessment as someone else's.
    assert (
        other_client.get(reverse("competence:assessment-detail", args=[assessment.pk])).status_code
        == 404
    )


def test_the_member_sees_comment_counts_per_ticket(owner_client, assessment, ticket_and_token):
    _, raw = ticket_and_token
    guest = _open(raw)
    guest.post(reverse("competence:guest-competence", args=["B2"]), {"body": "Good."})
    listing = owner_client.get(reverse("competence:verification-list", args=[assessment.pk]))
    assert re.search(r'<td class="numeric">1</td>', listing.text)
