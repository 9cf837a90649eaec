"""Staff review a sampled declaration; the member reads the outcome and replies."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from careermanager.core.models import AuditEvent
from careermanager.review.models import CaseStatus, MonitoringCase
from careermanager.review.services import case_outcome_record, sample_draw
from tests.conftest import signed_in_client
from tests.queries import assert_flat_queries
from tests.review.factories import YEAR, many_submitted, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(owner) -> MonitoringCase:
    declaration = submitted(owner)
    sample_draw(year=YEAR, method="number", amount=1, seed="s", actor=None)
    return MonitoringCase.objects.get(declaration=declaration)


def _declaration_page(client, case) -> str:
    return client.get(reverse("declarations:detail", args=[case.declaration_id])).text


def test_a_sampled_member_is_told_on_their_declaration_page(case, owner_client):
    page = _declaration_page(owner_client, case)
    assert "Your declaration has been chosen in this year's sample" in page


def test_staff_read_the_snapshot_and_the_pdf(case, staff, staff_client):
    page = staff_client.get(reverse("review:case", args=[case.pk])).text
    assert "CPD declaration of Olive Owner" in page
    assert "Employment status" in page  # the snapshot, readable
    assert "Employed" in page
    assert "Download the submitted declaration (PDF)" in page
    response = staff_client.get(reverse("review:case-pdf", args=[case.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="review.declaration_pdf.downloaded", actor=staff)


def test_an_outcome_is_shown_to_the_member_and_emailed(case, staff, staff_client, owner_client):
    mail.outbox.clear()
    response = staff_client.post(
        reverse("review:outcome", args=[case.pk]),
        {"outcome": "meets", "feedback": "A well-balanced year of CPD."},
        follow=True,
    )
    assert "The outcome has been recorded and Olive Owner has been emailed." in response.text
    case.refresh_from_db()
    assert case.status == CaseStatus.MEETS
    (message,) = mail.outbox
    assert message.to == ["owner@example.org"]
    assert "Meets the CPD requirements" in message.subject
    assert "A well-balanced year of CPD." in message.body
    page = _declaration_page(owner_client, case)
    assert "A well-balanced year of CPD." in page
    assert "Meets the CPD requirements" in page
    assert AuditEvent.objects.get(action="review.case.outcome_recorded").actor == staff
    # Final: no second outcome.
    again = staff_client.post(
        reverse("review:outcome", args=[case.pk]),
        {"outcome": "does_not_meet", "feedback": "Changed my mind."},
        follow=True,
    )
    assert "already has its final outcome" in again.text
    assert case.entries.count() == 1


def test_needs_more_then_the_member_replies_and_staff_decide(case, staff_client, owner_client):
    staff_client.post(
        reverse("review:outcome", args=[case.pk]),
        {"outcome": "needs_more", "feedback": "Send the certificate of your course."},
    )
    page = _declaration_page(owner_client, case)
    assert "Send the certificate of your course." in page
    assert "Reply to the request for more information" in page
    reply_url = reverse("review:reply", args=[case.pk])
    empty = owner_client.post(reply_url, {"text": "  "})
    assert empty.text.count("Enter your reply.") == 2
    response = owner_client.post(
        reply_url, {"text": "Attended the 3-day course in May."}, follow=True
    )
    assert "Your reply has been sent to our staff." in response.text
    assert "Thank you for your reply" in response.text
    assert AuditEvent.objects.filter(action="review.case.replied")
    # A second reply is not asked for.
    assert owner_client.get(reply_url).status_code == 302
    staff_page = staff_client.get(reverse("review:case", args=[case.pk])).text
    assert "Reply from Olive Owner" in staff_page
    assert "Attended the 3-day course in May." in staff_page
    listed = staff_client.get(reverse("review:year", args=[YEAR]) + "?status=needs_more").text
    assert "reply received" in listed
    staff_client.post(
        reverse("review:outcome", args=[case.pk]),
        {"outcome": "meets", "feedback": "Thank you, that settles it."},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.MEETS
    assert "Thank you, that settles it." in _declaration_page(owner_client, case)


def test_the_outcome_form_shows_its_errors(case, staff_client):
    response = staff_client.post(reverse("review:outcome", args=[case.pk]), {"feedback": ""})
    assert response.status_code == 200
    assert response.text.count("Choose an outcome.") == 2
    assert response.text.count("Enter your feedback for the member.") == 2
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING


def test_changes_reject_get(case, staff_client):
    assert staff_client.get(reverse("review:outcome", args=[case.pk])).status_code == 405


def test_another_member_cannot_see_or_answer_the_review(case, other_member, other_client):
    case_outcome_record(case=case, outcome="needs_more", feedback="Private words.", actor=None)
    assert other_client.get(reverse("review:reply", args=[case.pk])).status_code == 404
    assert (
        other_client.post(reverse("review:reply", args=[case.pk]), {"text": "x"}).status_code == 404
    )
    # Their own declaration's page shows no one else's review.
    theirs = submitted(other_member)
    page = other_client.get(reverse("declarations:detail", args=[theirs.pk])).text
    assert "Private words." not in page
    assert other_client.get(reverse("review:case", args=[case.pk])).status_code == 403
    assert other_client.get(reverse("review:year", args=[YEAR])).status_code == 403


def test_the_csv_export_is_formula_safe(case, staff, staff_client):
    case_outcome_record(
        case=case, outcome="does_not_meet", feedback='=HYPERLINK("http://x")', actor=staff
    )
    case.owner.full_name = "@SUM(1+1)"
    case.owner.save()
    response = staff_client.get(reverse("review:export", args=[YEAR]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Member", "Email address"]
    assert rows[1][0] == "'@SUM(1+1)"
    assert rows[1][5] == "Does not meet"
    assert rows[1][7] == '\'=HYPERLINK("http://x")'
    assert AuditEvent.objects.filter(action="review.outcomes.exported", actor=staff)


@pytest.mark.parametrize("status", ["", "not_sampled", "awaiting"])
def test_the_year_list_costs_the_same_for_10_and_500_declarations(staff, status):
    many_submitted(10)
    sample_draw(year=YEAR, method="percent", amount=20, actor=staff)

    def grow():
        many_submitted(490)
        sample_draw(year=YEAR, method="percent", amount=20, actor=staff)

    url = reverse("review:year", args=[YEAR]) + f"?status={status}"
    assert assert_flat_queries(signed_in_client(staff), url, grow=grow) <= 12


def test_a_file_sent_with_the_reply_reaches_staff(case, staff, staff_client, owner_client):
    from careermanager.documents.models import SupportingDocument
    from tests.documents.files import pdf, upload

    file_url = reverse("review:reply-document", args=[case.pk])
    assert owner_client.get(file_url).status_code == 302  # nothing asked for yet
    case_outcome_record(case=case, outcome="needs_more", feedback="Your certificate?", actor=staff)
    assert "A file to support your reply (optional)" in _declaration_page(owner_client, case)
    response = owner_client.post(
        file_url, {"review-reply-file": upload("certificate.pdf", pdf())}, follow=True
    )
    assert "certificate.pdf" in response.text
    document = SupportingDocument.objects.get(owner=case.owner)
    assert document.holder == f"review.monitoringcase:{case.pk}"
    page = staff_client.get(reverse("review:case", args=[case.pk])).text
    assert "Download certificate.pdf" in page
    download = staff_client.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200
