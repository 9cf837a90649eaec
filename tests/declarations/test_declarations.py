"""The annual CPD declaration: starting, the checklist, submitting and the snapshot."""

import io
import re
from datetime import date
from decimal import Decimal

import docx
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from careermanager.core.models import AuditEvent
from careermanager.core.snapshots import snapshot_hash
from careermanager.declarations import services
from careermanager.declarations.checklist import checklist, missing
from careermanager.declarations.models import Compliance, Declaration, EmploymentStatus, Status
from careermanager.declarations.queries import submitted_in_year
from careermanager.reports.models import DocumentJob
from tests.cpd.factories import ActivityFactory
from tests.declarations.factories import DeclarationFactory
from tests.profiles.factories import EducationFactory, EmploymentFactory, TrainingFactory
from tests.queries import assert_flat_queries

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year - 1


def _token(client, url) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="once_token" value="([^"]+)"', page).group(1)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# Starting -------------------------------------------------------------------------------------


def test_start_needs_agreement_to_monitoring(owner_client, owner):
    url = reverse("declarations:start")
    response = owner_client.post(url, {"year": LAST_YEAR, "once_token": _token(owner_client, url)})
    assert response.status_code == 200
    assert "Agree to CPD monitoring to start your declaration." in response.text
    assert not Declaration.objects.filter(owner=owner).exists()


def test_start_creates_one_declaration_and_a_second_start_goes_to_it(owner_client, owner):
    url = reverse("declarations:start")
    response = owner_client.post(
        url, {"year": LAST_YEAR, "agree": "on", "once_token": _token(owner_client, url)}
    )
    declaration = Declaration.objects.get(owner=owner)
    assert response["Location"] == reverse("declarations:detail", args=[declaration.pk])
    assert declaration.year == LAST_YEAR
    assert declaration.monitoring_agreed_at is not None
    assert declaration.status == Status.DRAFT

    again = owner_client.post(
        url,
        {"year": LAST_YEAR, "agree": "on", "once_token": _token(owner_client, url)},
        follow=True,
    )
    assert Declaration.objects.filter(owner=owner).count() == 1
    assert f"You had already started your declaration for {LAST_YEAR}" in again.text


def test_start_same_form_twice_makes_one(owner_client, owner):
    url = reverse("declarations:start")
    data = {"year": LAST_YEAR, "agree": "on", "once_token": _token(owner_client, url)}
    owner_client.post(url, data)
    repeat = owner_client.post(url, data, follow=True)
    assert Declaration.objects.filter(owner=owner).count() == 1
    assert "You had already sent that form" in repeat.text


def test_a_year_that_is_not_open_cannot_be_started(owner_client, owner, settings):
    settings.DECLARATION_YEARS = ["2024"]
    url = reverse("declarations:start")
    response = owner_client.post(
        url, {"year": 2023, "agree": "on", "once_token": _token(owner_client, url)}
    )
    assert "Choose one of the years that are open." in response.text
    assert not Declaration.objects.exists()


def test_one_declaration_per_member_per_year_in_the_database(owner):
    from django.db import IntegrityError

    DeclarationFactory(owner=owner, year=2025)
    with pytest.raises(IntegrityError):
        DeclarationFactory(owner=owner, year=2025)


# The checklist --------------------------------------------------------------------------------


def test_checklist_items_in_order_with_required_ones_marked(owner):
    items = checklist(DeclarationFactory(owner=owner))
    assert [(item.number, item.title, item.required) for item in items] == [
        (1, "CPD monitoring", True),
        (2, "CPD reports", True),
        (3, "Employment status", True),
        (4, "Employment history", False),
        (5, "Academic study", False),
        (6, "Total CPD hours", True),
        (7, "Compliance statement", True),
        (8, "Supporting documents", False),
    ]
    # Only monitoring is done on a new declaration.
    assert [item.complete for item in items] == [True] + [False] * 7
    assert [item.number for item in missing(items)] == [2, 3, 6, 7]


@pytest.mark.parametrize(
    ("changes", "number", "complete"),
    [
        ({"reports_acknowledged_at": timezone.now()}, 2, True),
        ({"employment_status": EmploymentStatus.EMPLOYED}, 3, True),
        ({"employment_status": EmploymentStatus.NOT_ACTIVE}, 3, False),
        (
            {"employment_status": EmploymentStatus.NOT_ACTIVE, "employment_comments": "Caring"},
            3,
            True,
        ),
        ({"employment_selection": "all"}, 4, True),
        ({"study_selection": "chosen", "study_ids": [1]}, 5, True),
        ({"hours_confirmed_at": timezone.now()}, 6, True),
        ({"compliance": Compliance.MET}, 7, True),
        ({"compliance": Compliance.NOT_MET, "compliance_reason": "Illness"}, 7, True),
    ],
)
def test_each_item_completes(owner, changes, number, complete):
    declaration = DeclarationFactory.build(owner=owner, **changes)
    item = checklist(declaration)[number - 1]
    assert item.complete is complete


def test_optional_items_do_not_stop_submission(owner):
    declaration = DeclarationFactory(owner=owner, complete=True)
    assert missing(checklist(declaration)) == []


def test_checklist_page_shows_statuses(owner_client, owner):
    declaration = DeclarationFactory(owner=owner, reports_acknowledged_at=timezone.now())
    page = owner_client.get(reverse("declarations:detail", args=[declaration.pk])).text
    assert "You have completed 2 of 5 required items." in page
    assert page.count("Required") == 5
    assert page.count("Optional") == 3
    assert page.count(">Completed<") == 2
    assert page.count(">Not started<") == 6


def test_checklist_page_queries_do_not_grow_with_activities(owner_client, owner):
    declaration = DeclarationFactory(owner=owner)
    for _ in range(10):
        ActivityFactory(owner=owner, start_date=date(LAST_YEAR, 5, 1))
    count = assert_flat_queries(
        owner_client,
        reverse("declarations:detail", args=[declaration.pk]),
        grow=lambda: ActivityFactory.create_batch(
            490, owner=owner, start_date=date(LAST_YEAR, 6, 1)
        ),
    )
    assert count <= 10


# Sections -------------------------------------------------------------------------------------


def test_acknowledging_reports(owner_client, owner):
    declaration = DeclarationFactory(owner=owner)
    url = reverse("declarations:reports", args=[declaration.pk])
    refused = owner_client.post(url, {})
    assert "Confirm that your CPD reports are up to date." in refused.text
    response = owner_client.post(url, {"acknowledge": "on"}, follow=True)
    assert "Saved. CPD reports is complete." in response.text
    declaration.refresh_from_db()
    assert declaration.reports_acknowledged_at is not None


def test_reports_are_requested_from_the_document_engine(owner_client, owner):
    declaration = DeclarationFactory(owner=owner, year=LAST_YEAR)
    ActivityFactory(owner=owner, title="Relay testing", start_date=date(LAST_YEAR, 3, 2))
    ActivityFactory(owner=owner, title="Earlier seminar", start_date=date(LAST_YEAR - 1, 3, 2))
    response = owner_client.post(
        reverse("declarations:report-request", args=[declaration.pk, "activity"]),
        {"file_format": "pdf"},
    )
    job = DocumentJob.objects.get(owner=owner)
    assert response["Location"] == reverse("reports:job-status", args=[job.pk])
    assert job.kind == "cpd.detailed"
    assert job.parameters == {"start": f"{LAST_YEAR}-01-01", "end": f"{LAST_YEAR}-12-31"}
    content = owner_client.get(reverse("reports:job-download", args=[job.pk])).getvalue()
    text = pdf_text(content)
    assert "Relay testing" in text
    assert "Earlier seminar" not in text

    owner_client.post(
        reverse("declarations:report-request", args=[declaration.pk, "planning"]),
        {"file_format": "docx"},
    )
    planning = DocumentJob.objects.get(owner=owner, kind="development.planning")
    assert planning.parameters["completed_only"] is True


def test_not_professionally_active_needs_comments(owner_client, owner):
    declaration = DeclarationFactory(owner=owner)
    url = reverse("declarations:employment-status", args=[declaration.pk])
    refused = owner_client.post(url, {"employment_status": EmploymentStatus.NOT_ACTIVE})
    assert "Say why you were not professionally active during the year." in refused.text
    owner_client.post(
        url, {"employment_status": EmploymentStatus.NOT_ACTIVE, "employment_comments": "A break"}
    )
    declaration.refresh_from_db()
    assert declaration.employment_status == EmploymentStatus.NOT_ACTIVE
    assert declaration.employment_comments == "A break"


def test_not_met_without_a_reason_is_refused(owner_client, owner):
    declaration = DeclarationFactory(owner=owner)
    url = reverse("declarations:compliance", args=[declaration.pk])
    response = owner_client.post(url, {"compliance": Compliance.NOT_MET, "compliance_reason": " "})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Say why you have not met the CPD policy." in response.text
    declaration.refresh_from_db()
    assert declaration.compliance == ""


def test_not_met_without_a_reason_is_refused_by_the_service(owner):
    from django.core.exceptions import ValidationError

    declaration = DeclarationFactory(owner=owner)
    with pytest.raises(ValidationError):
        services.declaration_update(
            declaration=declaration,
            section="compliance",
            actor=owner,
            compliance=Compliance.NOT_MET,
            compliance_reason="",
        )


def test_not_met_with_a_reason_and_dates_out_of_work(owner_client, owner):
    declaration = DeclarationFactory(owner=owner)
    url = reverse("declarations:compliance", args=[declaration.pk])
    backwards = owner_client.post(
        url,
        {
            "compliance": Compliance.NOT_MET,
            "compliance_reason": "Made redundant",
            "out_of_work_from": f"{LAST_YEAR}-06-01",
            "out_of_work_to": f"{LAST_YEAR}-03-01",
        },
    )
    assert "must be on or after the date you stopped" in backwards.text
    owner_client.post(
        url,
        {
            "compliance": Compliance.NOT_MET,
            "compliance_reason": "Made redundant",
            "out_of_work_from": f"{LAST_YEAR}-03-01",
            "out_of_work_to": f"{LAST_YEAR}-09-01",
        },
    )
    declaration.refresh_from_db()
    assert declaration.compliance_reason == "Made redundant"
    assert declaration.out_of_work_from == date(LAST_YEAR, 3, 1)


def test_choosing_roles_and_study(owner_client, owner, other_member):
    declaration = DeclarationFactory(owner=owner)
    kept = EmploymentFactory(owner=owner, employer="Northwind Grid")
    EmploymentFactory(owner=owner, employer="Left out Ltd")
    someone_elses = EmploymentFactory(owner=other_member)
    url = reverse("declarations:employment-history", args=[declaration.pk])
    page = owner_client.get(url).text
    assert "Northwind Grid" in page
    refused = owner_client.post(url, {"selection": "chosen", "chosen": [someone_elses.pk]})
    assert "Choose from your own records." in refused.text
    owner_client.post(url, {"selection": "chosen", "chosen": [kept.pk]})
    declaration.refresh_from_db()
    assert declaration.employment_selection == "chosen"
    assert declaration.employment_ids == [kept.pk]

    study = EducationFactory(owner=owner, course="MSc Power Systems")
    url = reverse("declarations:academic-study", args=[declaration.pk])
    assert "MSc Power Systems" in owner_client.get(url).text
    owner_client.post(url, {"selection": "all"})
    declaration.refresh_from_db()
    assert declaration.study_selection == "all"
    summary = owner_client.get(reverse("declarations:summary", args=[declaration.pk])).text
    assert "Northwind Grid" in summary
    assert "Left out Ltd" not in summary
    assert study.course in summary


def test_hours_page_shows_totals_by_category_and_confirms(owner_client, owner):
    declaration = DeclarationFactory(owner=owner)
    ActivityFactory(owner=owner, start_date=date(LAST_YEAR, 2, 1), hours=Decimal("3.5"))
    ActivityFactory(owner=owner, start_date=date(LAST_YEAR - 1, 2, 1), hours=Decimal("40"))
    TrainingFactory(
        owner=owner,
        start_date=date(LAST_YEAR, 4, 1),
        end_date=date(LAST_YEAR, 4, 1),
        hours=Decimal("7"),
    )
    url = reverse("declarations:hours", args=[declaration.pk])
    page = owner_client.get(url).text
    assert "10.5" in page
    assert "40" not in re.sub(r"<[^>]+>", " ", page.split("Total CPD hours</th>")[1])[:60]
    owner_client.post(url, {"confirm": "on"})
    declaration.refresh_from_db()
    assert declaration.hours_confirmed_at is not None


def test_another_members_declaration_is_not_found(other_client, owner):
    declaration = DeclarationFactory(owner=owner, complete=True)
    for name in ("detail", "hours", "compliance", "summary", "check"):
        response = other_client.get(reverse(f"declarations:{name}", args=[declaration.pk]))
        assert response.status_code == 404
    response = other_client.post(
        reverse("declarations:submit", args=[declaration.pk]), {"confirm": "on"}
    )
    assert response.status_code == 404
    declaration.refresh_from_db()
    assert declaration.status == Status.DRAFT


def test_changes_are_post_only(owner_client, owner):
    declaration = DeclarationFactory(owner=owner, complete=True)
    assert (
        owner_client.get(reverse("declarations:submit", args=[declaration.pk])).status_code == 405
    )


# Submitting -----------------------------------------------------------------------------------


def test_submit_refused_naming_what_is_missing(owner_client, owner):
    declaration = DeclarationFactory(owner=owner, employment_status=EmploymentStatus.EMPLOYED)
    url = reverse("declarations:check", args=[declaration.pk])
    response = owner_client.post(
        reverse("declarations:submit", args=[declaration.pk]),
        {"confirm": "on", "once_token": _token(owner_client, url)},
    )
    assert response.status_code == 200
    assert (
        "Complete these before you submit: 2. CPD reports, 6. Total CPD hours, "
        "7. Compliance statement." in response.text
    )
    declaration.refresh_from_db()
    assert declaration.status == Status.DRAFT
    assert mail.outbox == []


def test_submit_needs_the_confirmation(owner_client, owner):
    declaration = DeclarationFactory(owner=owner, complete=True)
    response = owner_client.post(reverse("declarations:submit", args=[declaration.pk]), {})
    assert "Confirm that your declaration is true and complete." in response.text
    declaration.refresh_from_db()
    assert declaration.status == Status.DRAFT


def _submit(client, declaration):
    url = reverse("declarations:check", args=[declaration.pk])
    return client.post(
        reverse("declarations:submit", args=[declaration.pk]),
        {"confirm": "on", "once_token": _token(client, url)},
        follow=True,
    )


def test_submit_freezes_a_snapshot_that_later_edits_do_not_change(owner_client, owner):
    activity = ActivityFactory(
        owner=owner, title="Arc flash study", start_date=date(LAST_YEAR, 5, 4), hours=Decimal("6")
    )
    ActivityFactory(owner=owner, title="Not this year", start_date=date(LAST_YEAR - 1, 5, 4))
    EmploymentFactory(owner=owner, employer="Northwind Grid")
    declaration = DeclarationFactory(owner=owner, year=LAST_YEAR, complete=True)
    declaration.employment_selection = "all"
    declaration.save()

    response = _submit(owner_client, declaration)
    assert f"Your CPD declaration for {LAST_YEAR} has been submitted" in response.text
    declaration.refresh_from_db()
    assert declaration.status == Status.SUBMITTED
    assert declaration.submitted_at is not None
    snapshot = declaration.snapshot
    assert [a["title"] for a in snapshot["activities"]] == ["Arc flash study"]
    assert snapshot["activities"][0]["hours"] == "6.00"
    assert snapshot["total_hours"] == "6.00"
    assert snapshot["employment"][0]["employer"] == "Northwind Grid"
    assert declaration.snapshot_sha256 == snapshot_hash(snapshot)
    assert AuditEvent.objects.filter(action="declarations.declaration.submitted").count() == 1

    activity.title = "Renamed later"
    activity.hours = Decimal("60")
    activity.save()
    ActivityFactory(owner=owner, start_date=date(LAST_YEAR, 8, 1))
    declaration.refresh_from_db()
    assert declaration.snapshot == snapshot
    assert snapshot_hash(declaration.snapshot) == declaration.snapshot_sha256
    page = owner_client.get(reverse("declarations:detail", args=[declaration.pk])).text
    assert "Arc flash study" in page
    assert "Renamed later" not in page

    # Read-only: a section page leads back to the submitted declaration.
    section = owner_client.get(reverse("declarations:hours", args=[declaration.pk]), follow=True)
    assert "can no longer change" in section.text


def test_submitted_declaration_pdf_is_made_from_the_snapshot(owner_client, owner):
    activity = ActivityFactory(
        owner=owner, title="Arc flash study", start_date=date(LAST_YEAR, 5, 4)
    )
    declaration = DeclarationFactory(owner=owner, year=LAST_YEAR, complete=True)
    _submit(owner_client, declaration)
    activity.title = "Renamed later"
    activity.save()
    declaration.refresh_from_db()
    assert declaration.pdf
    response = owner_client.get(reverse("declarations:submitted-pdf", args=[declaration.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.getvalue())
    assert f"CPD declaration {LAST_YEAR}" in text
    assert "Arc flash study" in text
    assert "Renamed later" not in text
    assert declaration.snapshot_sha256 in text.replace("\n", "")


def test_submitting_emails_the_member(owner_client, owner):
    declaration = DeclarationFactory(owner=owner, year=LAST_YEAR, complete=True)
    _submit(owner_client, declaration)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert message.subject == f"Your CPD declaration for {LAST_YEAR} has been submitted"
    assert reverse("declarations:detail", args=[declaration.pk]) in message.body


def test_submitting_twice_gives_one_submission(owner_client, owner):
    declaration = DeclarationFactory(owner=owner, complete=True)
    services.declaration_submit(declaration=declaration, actor=owner)
    with pytest.raises(services.AlreadySubmitted):
        services.declaration_submit(declaration=declaration, actor=owner)
    response = owner_client.post(
        reverse("declarations:submit", args=[declaration.pk]),
        {"confirm": "on", "once_token": "a-token-from-an-old-page-0001"},
        follow=True,
    )
    assert "had already been submitted" in response.text
    assert len(mail.outbox) == 1


def test_submitted_declarations_for_a_year(owner, other_member):
    first = DeclarationFactory(owner=owner, year=2025, complete=True)
    services.declaration_submit(declaration=first, actor=owner)
    DeclarationFactory(owner=other_member, year=2025)  # a draft
    DeclarationFactory(owner=other_member, year=2024, complete=True)
    assert list(submitted_in_year(2025)) == [first]


# The summary ----------------------------------------------------------------------------------


def test_draft_summary_page_and_pdf(owner_client, owner):
    ActivityFactory(owner=owner, title="Cable rating workshop", start_date=date(LAST_YEAR, 9, 9))
    declaration = DeclarationFactory(
        owner=owner,
        year=LAST_YEAR,
        compliance=Compliance.NOT_MET,
        compliance_reason="Parental leave for six months",
    )
    page = owner_client.get(reverse("declarations:summary", args=[declaration.pk])).text
    assert "Draft CPD declaration summary" in page
    assert "Cable rating workshop" in page
    response = owner_client.post(
        reverse("declarations:summary-download", args=[declaration.pk]), {"file_format": "pdf"}
    )
    job = DocumentJob.objects.get(owner=owner, kind="declarations.summary")
    assert response["Location"] == reverse("reports:job-status", args=[job.pk])
    content = owner_client.get(reverse("reports:job-download", args=[job.pk])).getvalue()
    text = pdf_text(content)
    assert f"Draft CPD declaration summary {LAST_YEAR}" in text
    assert "Cable rating workshop" in text
    assert "Parental leave for six months" in text
    assert "I have not met the CPD policy" in text

    owner_client.post(
        reverse("declarations:summary-download", args=[declaration.pk]), {"file_format": "docx"}
    )
    word = DocumentJob.objects.get(owner=owner, kind="declarations.summary", file_format="docx")
    content = owner_client.get(reverse("reports:job-download", args=[word.pk])).getvalue()
    paragraphs = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert f"Draft CPD declaration summary {LAST_YEAR}" in paragraphs
    assert "Parental leave for six months" in paragraphs


def test_summary_job_of_another_members_declaration_finds_nothing(owner, other_member):
    from careermanager.declarations.documents import build_summary

    declaration = DeclarationFactory(owner=owner)
    with pytest.raises(Declaration.DoesNotExist):
        build_summary(owner=other_member, declaration=declaration.pk)


# The home page --------------------------------------------------------------------------------


def test_home_panel_while_a_year_is_open(owner_client, owner, settings):
    settings.DECLARATION_YEARS = [str(LAST_YEAR)]
    page = owner_client.get(reverse("core:home")).text
    assert f"Start your declaration for {LAST_YEAR}" in page
    declaration = DeclarationFactory(owner=owner, year=LAST_YEAR, complete=True)
    page = owner_client.get(reverse("core:home")).text
    assert f"Your declaration for {LAST_YEAR}</a>: 5 of 5 required items complete" in page
    services.declaration_submit(declaration=declaration, actor=owner)
    page = owner_client.get(reverse("core:home")).text
    assert "panel-declarations" not in page


def test_home_panel_reads_in_one_query(owner, rf, django_assert_max_num_queries):
    from careermanager.declarations.dashboard import panel

    for year in (LAST_YEAR, LAST_YEAR + 1):
        DeclarationFactory(owner=owner, year=year)
    request = rf.get("/")
    request.user = owner
    with django_assert_max_num_queries(1):
        context = panel(request)
    assert [row["year"] for row in context["rows"]] == [LAST_YEAR + 1, LAST_YEAR]


def test_open_years_default_and_setting(settings):
    from careermanager.declarations.checks import declaration_years
    from careermanager.declarations.years import open_years

    settings.DECLARATION_YEARS = []
    assert open_years(date(2026, 2, 1)) == [2026, 2025]
    settings.DECLARATION_YEARS = ["2024", "2025"]
    assert open_years() == [2025, 2024]
    assert declaration_years(None) == []
    settings.DECLARATION_YEARS = ["last year"]
    [error] = declaration_years(None)
    assert error.id == "declarations.E001"


def test_check_your_answers_shows_what_will_be_sent_with_change_links(owner_client, owner):
    ActivityFactory(owner=owner, title="Harmonics seminar", start_date=date(LAST_YEAR, 3, 3))
    declaration = DeclarationFactory(owner=owner, year=LAST_YEAR, complete=True)
    page = owner_client.get(reverse("declarations:check", args=[declaration.pk])).text
    assert "Harmonics seminar" in page
    assert page.count(">Change<") == 8
    assert reverse("declarations:compliance", args=[declaration.pk]) in page
    assert "You cannot submit yet" not in page


def test_a_pdf_that_fails_leaves_the_declaration_submitted(owner_client, owner, monkeypatch):
    from careermanager.declarations.tasks import make_submitted_pdf
    from careermanager.reports import renderers

    def broken(*args, **kwargs):
        raise RuntimeError("typst is missing")

    declaration = DeclarationFactory(owner=owner, complete=True)
    monkeypatch.setattr(renderers, "render", broken)
    response = _submit(owner_client, declaration)
    assert "The PDF of your submitted declaration is being made." in response.text
    declaration.refresh_from_db()
    assert declaration.status == Status.SUBMITTED
    assert not declaration.pdf
    assert (
        owner_client.get(reverse("declarations:submitted-pdf", args=[declaration.pk])).status_code
        == 404
    )

    monkeypatch.undo()
    make_submitted_pdf.call(declaration.pk)
    declaration.refresh_from_db()
    assert declaration.pdf
