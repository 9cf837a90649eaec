"""The development history and the CPD planning report: asked for as document jobs, read back
from the PDF and Word files a member downloads."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from careermanager.competence.queries import SkillLevel
from careermanager.development.documents import build_history, build_planning_report
from careermanager.development.models import Objective, Status
from careermanager.profiles.models import Training
from careermanager.reports.models import DocumentJob
from careermanager.reports.renderers import render
from tests.competence.factories import competence
from tests.cpd.factories import ActivityFactory
from tests.development._plan_records import action, objective
from tests.queries import count_queries
from tests.reports.pdftools import pdf_text, squeeze

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(owner, other_member):
    protection = objective(
        owner,
        "Lead a protection study",
        kind=Objective.Kind.FRAMEWORK,
        competence=competence("B2"),
        starting_level=SkillLevel.SUPERVISED,
        target_level=SkillLevel.PRACTITIONER,
        measure="A study report signed off by the principal engineer.",
        reason="Protection studies are half of the team's work.",
        target_date=date(2025, 6, 30),
        status=Status.COMPLETE,
        completed_on=date(2025, 7, 4),
    )
    course = Training.objects.create(
        owner=owner,
        title="Power system protection course",
        start_date=date(2025, 3, 3),
        end_date=date(2025, 3, 7),
        hours=Decimal(35),
    )
    action(
        protection,
        "Attend a protection course",
        kind="course",
        status=Status.COMPLETE,
        completed_on=date(2025, 3, 7),
        training=course,
    )
    action(
        protection,
        "Shadow the grading review",
        kind="shadowing",
        status=Status.COMPLETE,
        completed_on=date(2025, 5, 20),
        activity=ActivityFactory(owner=owner, title="Grading review with the DNO"),
    )
    action(protection, "Write a grading guide", status=Status.CANCELLED)
    old = objective(
        owner,
        "Learn Python for power flow",
        status=Status.COMPLETE,
        completed_on=date(2023, 11, 2),
        target_date=date(2023, 12, 1),
    )
    action(old, "Finish an online course", status=Status.COMPLETE, completed_on=date(2023, 10, 1))
    ongoing = objective(
        owner, "Become a chartered engineer", target_date=date(2025, 3, 31), reason=""
    )
    action(
        ongoing,
        "Write the competence report",
        status=Status.COMPLETE,
        completed_on=date(2025, 2, 1),
    )
    action(ongoing, "Find two supporters", due_date=date(2025, 9, 1))
    objective(owner, "Cancelled ambition", status=Status.CANCELLED)
    objective(other_member, "Other member's secret goal", status=Status.COMPLETE)
    return protection


def ask(client, url_name, **data):
    return client.post(reverse(url_name), data)


def download(client, job) -> bytes:
    response = client.get(reverse("reports:job-download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def word_text(content: bytes) -> tuple[str, str]:
    from docx import Document

    word = Document(io.BytesIO(content))
    paragraphs = "\n".join(p.text for p in word.paragraphs)
    cells = "\n".join(cell.text for t in word.tables for row in t.rows for cell in row.cells)
    return paragraphs, cells


def test_history_pdf(owner, owner_client, plan):
    response = ask(owner_client, "development:history-download", file_format="pdf")
    job = DocumentJob.objects.get(owner=owner)
    assert response["Location"] == reverse("reports:job-status", args=[job.pk])
    assert job.kind == "development.history"
    assert job.status == DocumentJob.Status.READY
    assert job.item_count == 2
    status = owner_client.get(response["Location"]).content.decode()
    assert "Your document is ready" in status
    text = squeeze(pdf_text(download(owner_client, job)))
    assert "Development history" in text
    assert "Olive Owner" in text
    assert "Lead a protection study" in text
    assert "4 July 2025" in text  # completed on
    assert "B2" in text
    assert "From Supervised Practitioner to Practitioner" in text
    assert "A study report signed off by the principal engineer." in text
    assert "Protection studies are half of the team's work." in text
    assert "Attend a protection course" in text
    assert "7 March 2025" in text
    assert "Training: Power system protection course" in text
    assert "CPD activity: Grading review with the DNO" in text
    assert "Learn Python for power flow" in text
    assert "Page 1 of" in text
    # Only completed objectives, only actions done, only the member's own.
    assert "Become a chartered engineer" not in text
    assert "Write a grading guide" not in text
    assert "Cancelled ambition" not in text
    assert "Other member's secret goal" not in text


def test_history_word_for_a_period(owner, owner_client, plan):
    ask(
        owner_client,
        "development:history-download",
        file_format="docx",
        start="2025-01-01",
        end="2025-12-31",
    )
    job = DocumentJob.objects.get(owner=owner)
    assert job.parameters == {"start": "2025-01-01", "end": "2025-12-31"}
    assert job.filename.endswith(".docx")
    paragraphs, cells = word_text(download(owner_client, job))
    assert "Development history" in paragraphs
    assert "Lead a protection study" in paragraphs
    assert "A study report signed off by the principal engineer." in paragraphs
    assert "1 January 2025 to 31 December 2025" in paragraphs + cells
    assert "Shadow the grading review" in cells
    assert "Learn Python for power flow" not in paragraphs + cells  # completed in 2023


def test_history_with_nothing_completed_says_so(other_member):
    Objective.objects.filter(owner=other_member).delete()
    text = pdf_text(render(build_history(owner=other_member), "pdf").content)
    assert "You have not completed any objectives yet." in text


def test_history_period_needs_both_dates(owner_client):
    response = ask(
        owner_client, "development:history-download", file_format="pdf", start="2025-01-01"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the end date too, or leave both dates empty." in page
    response = ask(
        owner_client,
        "development:history-download",
        file_format="pdf",
        start="2025-12-31",
        end="2025-01-01",
    )
    assert "The end date must be the same as or after the start date." in response.content.decode()
    assert not DocumentJob.objects.exists()


def test_planning_report_defaults_to_the_current_year(owner_client):
    page = owner_client.get(reverse("development:planning-report")).content.decode()
    year = timezone.localdate().year
    assert f'value="{year}-01-01"' in page
    assert f'value="{year}-12-31"' in page


def test_planning_report_pdf(owner, owner_client, plan):
    response = ask(
        owner_client,
        "development:planning-report",
        file_format="pdf",
        start="2025-01-01",
        end="2025-12-31",
    )
    job = DocumentJob.objects.get(owner=owner)
    assert response["Location"] == reverse("reports:job-status", args=[job.pk])
    assert job.kind == "development.planning"
    assert job.parameters == {"start": "2025-01-01", "end": "2025-12-31", "completed_only": False}
    assert job.item_count == 2
    text = squeeze(pdf_text(download(owner_client, job)))
    assert "CPD planning report" in text
    assert "1 January 2025 to 31 December 2025" in text
    assert "Summary" in text
    assert "Actions done 3 of 4" in text  # the cancelled action is not counted
    assert "Lead a protection study" in text
    assert "2 of 2 actions done" in text
    assert "Complete (4 July 2025)" in text
    assert "Become a chartered engineer" in text
    assert "1 of 2 actions done" in text
    assert "In progress, overdue" not in text  # not started, and so not in progress
    assert "Not started, overdue" in text  # its target date, 31 March 2025, has passed
    assert "31 March 2025" in text
    assert "Find two supporters" in text
    assert "Write a grading guide" in text
    assert "Cancelled" in text
    assert "Learn Python for power flow" not in text  # completed before the period
    assert "Cancelled ambition" not in text
    assert "Other member's secret goal" not in text


def test_planning_report_completed_only(owner, owner_client, plan):
    ask(
        owner_client,
        "development:planning-report",
        file_format="docx",
        start="2025-01-01",
        end="2025-06-30",
        completed_only="on",
    )
    job = DocumentJob.objects.get(owner=owner)
    assert job.parameters["completed_only"] is True
    paragraphs, cells = word_text(download(owner_client, job))
    everything = paragraphs + cells
    assert "Only objectives and actions completed within the period" in everything
    # The protection study was completed in July, after the period; its actions within it.
    assert "Attend a protection course" in everything
    assert "Shadow the grading review" in everything
    assert "Write the competence report" in everything
    assert "Find two supporters" not in everything
    assert "Write a grading guide" not in everything
    assert "Learn Python for power flow" not in everything


def test_planning_builder_completed_only_lists_objectives_completed_in_the_period(owner, plan):
    document = build_planning_report(
        owner=owner,
        start="2025-07-01",
        end="2025-07-31",
        completed_only=True,
        generated_at=timezone.make_aware(datetime(2025, 8, 1, 9)),
    )
    listed = [sub.heading for sub in document.sections[1].subsections]
    assert listed == ["Lead a protection study"]
    text = pdf_text(render(document, "pdf").content)
    assert "No actions were completed for this objective within the period." in text


def test_planning_report_dates_are_checked(owner_client):
    response = ask(
        owner_client,
        "development:planning-report",
        file_format="pdf",
        start="2025-12-31",
        end="2025-01-01",
    )
    assert "The end date must be the same as or after the start date." in response.content.decode()
    response = ask(owner_client, "development:planning-report", file_format="pdf")
    assert "Enter the start date." in response.content.decode()
    assert not DocumentJob.objects.exists()


def test_builders_read_a_fixed_number_of_queries(owner):
    def grow(count):
        for index in range(count):
            goal = objective(
                owner,
                f"Goal {index}",
                kind=Objective.Kind.FRAMEWORK,
                competence=competence("A1"),
                status=Status.COMPLETE,
                completed_on=date(2025, 1, 2),
            )
            course = Training.objects.create(
                owner=owner, title=f"Course {index}", start_date=date(2025, 1, 1), hours=1
            )
            action(goal, status=Status.COMPLETE, completed_on=date(2025, 1, 1), training=course)
            action(goal, activity=ActivityFactory(owner=owner))

    def counts():
        return (
            count_queries(lambda: build_history(owner=owner)),
            count_queries(
                lambda: build_planning_report(owner=owner, start="2025-01-01", end="2025-12-31")
            ),
        )

    grow(1)
    before = counts()
    grow(10)
    assert counts() == before


def test_recent_documents_are_listed(owner, owner_client, plan):
    ask(owner_client, "development:history-download", file_format="pdf")
    job = DocumentJob.objects.get(owner=owner)
    page = owner_client.get(reverse("development:history-download")).content.decode()
    assert reverse("reports:job-download", args=[job.pk]) in page
    other = owner_client.get(reverse("development:planning-report")).content.decode()
    assert reverse("reports:job-download", args=[job.pk]) not in other


def test_download_pages_reject_other_methods(owner_client):
    assert owner_client.put(reverse("development:history-download")).status_code == 405
    assert owner_client.delete(reverse("development:planning-report")).status_code == 405
