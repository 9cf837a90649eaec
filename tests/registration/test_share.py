"""Sharing a draft application to read: the reader's link, what it opens, and withdrawing it."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from careermanager.core.models import AuditEvent, GuestTicket
from careermanager.registration.models import ApplicationEvent, EventKind
from careermanager.registration.share import READER_PURPOSE
from careermanager.registration.sharing import application_share
from tests.factories import UserFactory
from tests.registration.factories import (
    complete_application,
    invite_attesters,
    locked_application,
    signed_application,
)
from tests.reports.pdftools import pdf_pages

pytestmark = pytest.mark.django_db

READER = {"name": "Rhoda Reader", "email": "rhoda@example.net"}


@pytest.fixture(autouse=True)
def _fresh_storage(settings):
    settings.STORAGES = {**settings.STORAGES}


def share_url(application) -> str:
    return reverse("registration:application-share", args=[application.pk])


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/guest/[^/\s]+/)", message.body).group(1)


def share(application) -> str:
    """Share the application with the reader; return the path of the link they are emailed."""
    before = len(mail.outbox)
    application_share(application=application, actor=application.owner, **READER)
    return link_in(mail.outbox[before])


def open_as_reader(link: str) -> Client:
    reader = Client()
    response = reader.post(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("registration:guest-draft")
    return reader


def test_a_member_shares_the_draft_and_the_reader_is_emailed_a_link(owner, owner_client):
    application = complete_application(owner)
    response = owner_client.post(share_url(application), READER, follow=True)
    html = response.content.decode()
    assert "We have emailed Rhoda Reader a link to read your application." in html
    assert "rhoda@example.net" in html
    assert "Works" in html
    ticket = GuestTicket.objects.for_target(application).get()
    assert ticket.purpose == READER_PURPOSE
    assert ticket.guest_email == "rhoda@example.net"
    [message] = mail.outbox
    assert message.to == ["rhoda@example.net"]
    assert "would like you to read it" in message.body
    assert "/guest/" in message.body
    event = ApplicationEvent.objects.get(application=application, kind=EventKind.SHARED)
    assert "Rhoda Reader" in event.detail
    assert AuditEvent.objects.filter(action="registration.application.shared").count() == 1


def test_the_members_own_email_is_refused_beside_the_field(owner, owner_client):
    application = complete_application(owner)
    response = owner_client.post(share_url(application), {"name": "Me", "email": owner.email})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give the reader&#x27;s email address, not your own." in html
    assert "There is a problem" in html
    assert not GuestTicket.objects.exists()
    assert not mail.outbox


def test_a_missing_name_and_a_bad_email_are_refused(owner, owner_client):
    application = complete_application(owner)
    response = owner_client.post(share_url(application), {"name": "", "email": "not-an-email"})
    html = response.content.decode()
    assert "Enter the name of the person you want to read it." in html
    assert "Enter an email address in the right form" in html
    assert not GuestTicket.objects.exists()


def test_the_reader_sees_only_that_application_read_only_and_can_download_it(owner):
    application = complete_application(owner)
    complete_application(UserFactory())  # someone else's, never shown
    reader = open_as_reader(share(application))
    page = reader.get(reverse("registration:guest-draft"))
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    html = page.content.decode()
    assert "Olive Owner" in html
    assert "How I meet A1." in html
    assert "you cannot change it" in html
    assert "<textarea" not in html
    assert 'method="post"' not in html.replace(
        f'method="post" action="{reverse("core:guest-leave")}"', ""
    )
    download = reader.get(reverse("registration:guest-draft-download"), {"format": "pdf"})
    assert download["Content-Type"] == "application/pdf"
    assert "Draft application for professional registration" in pdf_pages(download.content)[0]
    # The member's own pages stay behind the log-in.
    for name in ("application-documents", "application-download", "application-share"):
        response = reader.get(reverse(f"registration:{name}", args=[application.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_a_locked_application_is_read_as_it_was_locked(owner):
    application = locked_application(owner)
    from careermanager.profiles.models import Employment

    Employment.objects.filter(owner=owner).update(job_title="Renamed after locking")
    reader = open_as_reader(share(application))
    html = reader.get(reverse("registration:guest-draft")).content.decode()
    assert "locked it for their attesters" in html
    assert "Renamed after locking" not in html


def test_the_readers_pdf_leaves_out_what_attesters_wrote(owner, owner_client):
    application = signed_application(owner)
    reader = open_as_reader(share(application))
    download = reader.get(reverse("registration:guest-draft-download"), {"format": "pdf"})
    text = " ".join(pdf_pages(download.content))
    assert "How I meet A1." in text
    assert "A capable engineer." not in text
    assert "Grace Sponsor" not in text
    html = reader.get(reverse("registration:guest-draft")).content.decode()
    assert "A capable engineer." not in html
    # The member's own copy has them.
    url = reverse("registration:application-download", args=[application.pk])
    own = owner_client.get(url, {"format": "pdf"})
    assert "A capable engineer." in " ".join(pdf_pages(own.content))


def test_withdrawing_the_link_asks_first_then_stops_it_at_once(owner, owner_client):
    application = complete_application(owner)
    link = share(application)
    reader = open_as_reader(link)
    ticket = GuestTicket.objects.for_target(application).get()
    url = reverse("registration:application-share-revoke", args=[application.pk, ticket.pk])
    confirm = owner_client.get(url)
    assert confirm.status_code == 200
    assert "Withdraw Rhoda Reader" in confirm.content.decode()
    ticket.refresh_from_db()
    assert ticket.revoked_at is None  # the question changes nothing
    response = owner_client.post(url, follow=True)
    assert "no longer opens your application" in response.content.decode()
    assert "Withdrawn" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.revoked_at is not None
    assert Client().get(link).status_code == 410
    assert reader.get(reverse("registration:guest-draft")).status_code == 404
    assert AuditEvent.objects.filter(action="registration.application.share_withdrawn").exists()


def test_once_submitted_the_link_says_the_application_has_been_sent(owner, owner_client):
    from careermanager.registration.applications import application_submit

    application = signed_application(owner)
    link = share(application)
    reader = open_as_reader(link)
    application_submit(application=application, actor=owner)
    page = reader.get(reverse("registration:guest-draft"))
    assert page.status_code == 410
    assert "has submitted their application to the institution" in page.content.decode()
    assert reader.get(reverse("registration:guest-draft-download")).status_code == 410
    # The confirmation page says so before the reader goes further.
    assert "so this link no longer opens it" in Client().get(link).content.decode()
    # The member can no longer share it, and sees their readers' links as ended.
    html = owner_client.get(share_url(application)).content.decode()
    assert "can no longer be shared" in html
    assert "Ended on submission" in html
    assert 'name="email"' not in html
    response = owner_client.post(share_url(application), READER, follow=True)
    assert "can no longer be shared to read" in response.content.decode()
    assert GuestTicket.objects.for_target(application).count() == 1


def test_an_attesters_link_does_not_open_the_readers_page(owner):
    application = locked_application(owner)
    invited = invite_attesters(application)
    _, emails = invited["sponsor"]
    attester = Client()
    attester.post(link_in(emails[0]))
    assert attester.get(reverse("registration:guest-draft")).status_code == 404


def test_the_readers_pages_need_a_readers_link(client):
    assert client.get(reverse("registration:guest-draft")).status_code == 404
    assert client.get(reverse("registration:guest-draft-download")).status_code == 404


def test_another_member_gets_404(owner, other_client):
    application = complete_application(owner)
    share(application)
    ticket = GuestTicket.objects.for_target(application).get()
    assert other_client.get(share_url(application)).status_code == 404
    assert other_client.post(share_url(application), READER).status_code == 404
    url = reverse("registration:application-share-revoke", args=[application.pk, ticket.pk])
    assert other_client.get(url).status_code == 404
    assert other_client.post(url).status_code == 404
    ticket.refresh_from_db()
    assert ticket.revoked_at is None


def test_a_ticket_of_another_application_cannot_be_withdrawn_through_this_one(owner, owner_client):
    mine = complete_application(owner)
    theirs = complete_application(UserFactory())
    share(theirs)
    ticket = GuestTicket.objects.for_target(theirs).get()
    url = reverse("registration:application-share-revoke", args=[mine.pk, ticket.pk])
    assert owner_client.post(url).status_code == 404
    ticket.refresh_from_db()
    assert ticket.revoked_at is None
