"""Staff's inbox of registration: the lists, one application, and confirming receipt,
commenting and recording the outcome."""

import html
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from careermanager.core.models import AuditEvent
from careermanager.registration.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    EventKind,
    Outcome,
)
from careermanager.registration.receipt import SEND_SEPARATELY
from tests.conftest import signed_in_client
from tests.factories import UserFactory
from tests.queries import assert_flat_queries
from tests.registration.factories import (
    IntentionFactory,
    locked_application,
    submitted_application,
    submitted_intention,
)

pytestmark = pytest.mark.django_db

INBOX = reverse("review:applications")


def sent(count: int = 1, *, days_ago: int = 0, category: str = "IEng", **fields):
    """Sent applications made quickly, straight into the table (for lists and counts)."""
    submitted_at = timezone.now() - timedelta(days=days_ago)
    return Application.objects.bulk_create(
        Application(
            owner=user,
            status=fields.pop("status", ApplicationStatus.SUBMITTED),
            category=category,
            locked_at=submitted_at,
            snapshot={},
            snapshot_sha256="0" * 64,
            submitted_at=submitted_at,
            **fields,
        )
        for user in UserFactory.create_batch(count)
    )


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch):
    """The PDF is made by its own task (tested with it); these tests serve a kept file."""
    from careermanager.registration import tasks

    monkeypatch.setattr(tasks, "make_application_pdf", SimpleNamespace(enqueue=lambda *a: None))


@pytest.fixture
def application(owner) -> Application:
    return submitted_application(owner)


def _url(name: str, application: Application) -> str:
    return reverse(f"review:{name}", args=[application.pk])


def _page(client, application) -> str:
    return client.get(_url("application", application)).text


def _text(response) -> str:
    """The page as a reader sees it: entities such as &#x27; turned back into characters."""
    return html.unescape(response.text)


# The lists ---------------------------------------------------------------------------------


def test_the_inbox_lists_sent_applications_oldest_first(staff_client):
    locked_application()  # not sent: never listed
    (newer,) = sent(days_ago=1)
    (older,) = sent(days_ago=3)
    page = staff_client.get(INBOX).text
    assert page.index(html.escape(older.owner.display_name)) < page.index(
        html.escape(newer.owner.display_name)
    )
    assert "2 applications" in page
    assert re.findall(r'href="/review/applications/(\d+)/"', page) == [
        str(older.pk),
        str(newer.pk),
    ]


def test_an_application_not_received_after_five_working_days_is_flagged(staff_client):
    (late,) = sent(days_ago=10)  # always more than five working days
    (fresh,) = sent(days_ago=0)
    page = staff_client.get(INBOX).text
    rows = page.split("<tr>")
    late_row = next(row for row in rows if html.escape(late.owner.display_name) in row)
    fresh_row = next(row for row in rows if html.escape(fresh.owner.display_name) in row)
    assert "Not received after 5 working days" in late_row
    assert "Not received after" not in fresh_row
    overdue = staff_client.get(INBOX, {"status": "overdue"}).text
    assert html.escape(late.owner.display_name) in overdue
    assert html.escape(fresh.owner.display_name) not in overdue
    # Once received, it is no longer late.
    Application.objects.filter(pk=late.pk).update(
        status=ApplicationStatus.RECEIVED, received_at=timezone.now()
    )
    assert (
        html.escape(late.owner.display_name)
        not in staff_client.get(INBOX, {"status": "overdue"}).text
    )


def test_the_inbox_filters_by_category_and_status(staff_client):
    (ieng,) = sent(category="IEng")
    (ceng,) = sent(category="CEng")
    (received,) = sent(category="CEng", status=ApplicationStatus.RECEIVED)
    page = staff_client.get(INBOX, {"category": "CEng"}).text
    assert html.escape(ceng.owner.display_name) in page
    assert html.escape(received.owner.display_name) in page
    assert html.escape(ieng.owner.display_name) not in page
    # The status links keep the category.
    assert 'href="?category=CEng&amp;status=received"' in page
    page = staff_client.get(INBOX, {"category": "CEng", "status": "received"}).text
    assert html.escape(received.owner.display_name) in page
    assert html.escape(ceng.owner.display_name) not in page
    assert "Received: 1 application" not in page  # the caption names the filters in words
    assert "Received for CEng: 1 application" in page
    # The filter keeps its values in the form, and the counts follow the category.
    assert '<option value="CEng" selected>' in page
    assert "Submitted, not yet received (1)" in page


def test_an_unknown_filter_shows_everything(staff_client):
    sent(2)
    page = staff_client.get(INBOX, {"status": "nonsense", "category": "XYZ"}).text
    assert "2 applications" in page


def test_the_inbox_explains_itself_when_empty(staff_client):
    page = staff_client.get(INBOX).text
    assert "No member has submitted an application for registration yet." in page


def test_the_inbox_makes_the_same_queries_however_many_applications(staff_client):
    sent(2)
    count = assert_flat_queries(staff_client, INBOX, grow=lambda: sent(5, days_ago=9))
    assert count <= 6
    intentions = reverse("review:intentions")
    submitted_intention(UserFactory())
    assert_flat_queries(staff_client, intentions, grow=lambda: [submitted_intention(UserFactory())])


def test_the_intentions_tab_lists_submitted_intentions_oldest_first(staff_client):
    IntentionFactory(complete=True)  # a draft: never listed
    first = submitted_intention(UserFactory(full_name="First Filer"))
    second = submitted_intention(UserFactory(full_name="Second Filer"))
    type(first).objects.filter(pk=second.pk).update(submitted_at=first.submitted_at + timedelta(1))
    page = staff_client.get(reverse("review:intentions")).text
    assert page.index("First Filer") < page.index("Second Filer")
    assert "2 intentions" in page
    assert reverse("registration:staff-intention", args=[first.pk]) in page
    assert (
        staff_client.get(reverse("review:intentions"), {"category": "EngTech"}).text.count("Filer")
        == 0
    )


# One application ---------------------------------------------------------------------------


def test_staff_read_the_application_its_attestations_and_timeline(application, staff_client):
    page = _page(staff_client, application)
    assert "Application for IEng registration of Olive Owner" in page
    assert "How I meet A1." in page  # the application as locked
    assert "Sponsor: Grace Sponsor" in page
    assert "CEng MIET 100200" in page  # the signature's registration details
    assert application.snapshot_sha256 in page
    assert page.count("Matches the application") == 3
    assert "Application submitted" in page  # the timeline
    for item in SEND_SEPARATELY:
        assert item in page
    assert "The PDF of this application is still being made." in page


def test_a_draft_or_locked_application_is_not_in_the_inbox(staff_client):
    locked = locked_application()
    assert staff_client.get(_url("application", locked)).status_code == 404
    assert staff_client.get(_url("application-pdf", locked)).status_code == 404
    response = staff_client.post(_url("application-receive", locked), {})
    assert response.status_code == 404
    locked.refresh_from_db()
    assert locked.status == ApplicationStatus.LOCKED


def test_staff_download_the_kept_pdf(application, staff, staff_client):
    assert staff_client.get(_url("application-pdf", application)).status_code == 404
    application.pdf.save("kept.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    assert "Download the submitted application (PDF)" in _page(staff_client, application)
    response = staff_client.get(_url("application-pdf", application))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(action="review.application_pdf.downloaded", actor=staff)


def test_members_are_refused_and_visitors_asked_to_log_in(application, owner_client, client):
    for url in (INBOX, reverse("review:intentions"), _url("application", application)):
        assert owner_client.get(url).status_code == 403
        assert client.get(url).status_code == 302
    response = owner_client.post(_url("application-receive", application), {})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_actions_refuse_get(application, staff_client):
    for name in ("application-receive", "application-comment", "application-decide"):
        assert staff_client.get(_url(name, application)).status_code == 405


# Confirming receipt ------------------------------------------------------------------------


def test_confirming_receipt_emails_the_member_with_what_to_send(application, staff, staff_client):
    mail.outbox.clear()
    response = staff_client.post(
        _url("application-receive", application),
        {"comment": "Thank you. We expect to assess it in May."},
        follow=True,
    )
    assert "Receipt confirmed. Olive Owner has been emailed" in response.text
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED
    assert application.received_at is not None
    (message,) = mail.outbox
    assert message.to == ["owner@example.org"]
    assert "We have received your application" in message.subject
    assert "Thank you. We expect to assess it in May." in message.body
    for item in SEND_SEPARATELY:
        assert f"- {item}" in message.body
    assert reverse("registration:application", args=[application.pk]) in message.body
    # The member sees the comment on their application's timeline.
    event = application.events.get(kind=EventKind.RECEIVED)
    assert event.detail == "Thank you. We expect to assess it in May."
    assert event.actor == staff
    assert AuditEvent.objects.get(action="registration.application.received").actor == staff
    # The page now offers the outcome instead.
    page = response.text
    assert "Confirm receipt and email the member" not in page
    assert "Record the outcome" in page


def test_receipt_needs_no_comment(application, staff_client):
    staff_client.post(_url("application-receive", application), {})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED
    assert application.events.get(kind=EventKind.RECEIVED).detail == ""


def test_receipt_confirmed_twice_says_so_and_emails_once(application, staff_client):
    staff_client.post(_url("application-receive", application), {})
    mail.outbox.clear()
    response = staff_client.post(_url("application-receive", application), {}, follow=True)
    assert "This application was already received on" in response.text
    assert "nothing changed" in response.text
    assert mail.outbox == []
    assert application.events.filter(kind=EventKind.RECEIVED).count() == 1


def test_a_receipt_comment_too_long_is_shown_beside_the_field(application, staff_client):
    response = staff_client.post(_url("application-receive", application), {"comment": "x" * 4001})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert response.text.count("Keep it to 4,000 characters or fewer.") == 2
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


# Comments and outcome ----------------------------------------------------------------------


def test_a_staff_comment_goes_on_the_members_timeline(application, staff, staff_client):
    response = staff_client.post(
        _url("application-comment", application),
        {"text": "Your degree certificate has arrived."},
        follow=True,
    )
    assert "Your comment has been added to the member's timeline." in _text(response)
    event = ApplicationEvent.objects.get(application=application, kind=EventKind.STAFF_COMMENT)
    assert event.detail == "Your degree certificate has arrived."
    assert event.actor == staff
    assert "Your degree certificate has arrived." in response.text


def test_an_empty_comment_is_refused_beside_the_field(application, staff_client):
    response = staff_client.post(_url("application-comment", application), {"text": "  "})
    assert response.status_code == 200
    assert "Error: " in response.text  # in the title
    assert "There is a problem" in response.text
    assert response.text.count("Write the comment.") == 2  # the summary and the field
    assert not application.events.filter(kind=EventKind.STAFF_COMMENT).exists()


def test_the_outcome_waits_for_receipt(application, staff_client):
    response = staff_client.post(
        _url("application-decide", application), {"outcome": "approved"}, follow=True
    )
    assert "Confirm receipt of this application before you record its outcome." in response.text
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_recording_the_outcome(application, staff, staff_client):
    staff_client.post(_url("application-receive", application), {})
    missing = staff_client.post(_url("application-decide", application), {"note": "Hmm."})
    assert missing.text.count("Choose an outcome.") == 2
    assert "Hmm." in missing.text  # what was typed stays
    response = staff_client.post(
        _url("application-decide", application),
        {"outcome": Outcome.MORE_EVIDENCE, "note": "The panel asks for more on C2."},
        follow=True,
    )
    assert "Outcome recorded: More evidence requested." in response.text
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECIDED
    assert application.outcome == Outcome.MORE_EVIDENCE
    assert application.outcome_note == "The panel asks for more on C2."
    event = application.events.get(kind=EventKind.DECIDED)
    assert event.detail == "More evidence requested"
    assert event.actor == staff
    again = staff_client.post(
        _url("application-decide", application), {"outcome": Outcome.APPROVED}, follow=True
    )
    assert "The outcome of this application was already recorded on" in again.text
    application.refresh_from_db()
    assert application.outcome == Outcome.MORE_EVIDENCE
    # Comments can still be added after the outcome.
    staff_client.post(_url("application-comment", application), {"text": "Noted."})
    assert application.events.filter(kind=EventKind.STAFF_COMMENT).count() == 1


def test_an_outcome_not_in_the_list_is_refused(application, staff_client):
    staff_client.post(_url("application-receive", application), {})
    response = staff_client.post(_url("application-decide", application), {"outcome": "hired"})
    assert "Select a valid choice" in response.text
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED


def test_the_inbox_link_is_in_the_staff_navigation(owner, staff):
    assert 'href="/review/applications/"' in signed_in_client(staff).get(INBOX).text
    assert 'href="/review/applications/"' not in signed_in_client(owner).get("/").text
