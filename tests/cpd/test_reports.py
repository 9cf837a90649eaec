"""CPD activity reports: document jobs made in the background, then downloaded as PDF or Word.

The job pages themselves (progress, download, retention) are the engine's: tests/reports.
"""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from careermanager.cpd.documents import build_document, gather
from careermanager.cpd.models import Activity
from careermanager.profiles.models import Education, Training
from careermanager.reports.models import DocumentJob
from careermanager.reports.renderers import render
from tests.cpd.factories import ActivityFactory, FolderFactory
from tests.queries import assert_flat_queries
from tests.reports.factories import DocumentJobFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def record(owner):
    folder = FolderFactory(owner=owner, name="CPD Activities 2025")
    ActivityFactory(
        owner=owner,
        folder=folder,
        title="Protection grading workshop",
        type=Activity.Type.EVENT,
        start_date=date(YEAR, 3, 4),
        hours=Decimal("3.5"),
        description="A day with the DNO's protection team.",
        reflection_learned="Grading margins shrink with inverter-based generation.",
        reflection_follow_up="Review our relay settings template.",
    )
    ActivityFactory(
        owner=owner,
        title="Read IET Code of Practice for EV charging",
        type=Activity.Type.SELF_STUDY,
        start_date=date(YEAR, 5, 20),
        hours=Decimal(6),
    )
    ActivityFactory(owner=owner, title="Outside the range", start_date=date(YEAR + 1, 1, 2))
    ActivityFactory(owner=owner, title="Still a draft", start_date=date(YEAR, 6, 1), draft=True)
    Training.objects.create(
        owner=owner,
        title="18th Edition wiring regulations",
        start_date=date(YEAR, 9, 1),
        end_date=date(YEAR, 9, 3),
        hours=Decimal("22.5"),
    )
    Education.objects.create(
        owner=owner,
        institution="Open University",
        course="MSc Engineering",
        start_date=date(YEAR - 1, 10, 1),
        end_date=date(YEAR, 9, 30),  # study counts in the period it ends in
    )


def ask(client, **overrides):
    data = {
        "kind": "summary",
        "file_format": "pdf",
        "start_date": f"{YEAR}-01-01",
        "end_date": f"{YEAR}-12-31",
    } | overrides
    return client.post(reverse("cpd:report-new"), data)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def download(client, job) -> bytes:
    response = client.get(reverse("reports:job-download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return b"".join(response.streaming_content)


def test_summary_pdf(owner, owner_client, record):
    response = ask(owner_client)
    job = DocumentJob.objects.get(owner=owner)
    assert response["Location"] == reverse("reports:job-status", args=[job.pk])
    assert job.kind == "cpd.summary"
    assert job.parameters == {"start": "2025-01-01", "end": "2025-12-31"}
    assert job.status == DocumentJob.Status.READY  # the immediate backend ran it
    assert job.item_count == 4
    status = owner_client.get(response["Location"]).content.decode()
    assert "Your report is ready" in status
    assert "It lists 4 records" in status
    assert 'class="cpd-nav"' in status  # the CPD pages' own navigation
    assert 'hx-trigger="every 2s"' not in status
    text = pdf_text(download(owner_client, job))
    assert "CPD activity report" in text
    assert "Olive Owner" in text
    assert "1 January 2025 to 31 December 2025" in text
    assert "Protection grading workshop" in text
    assert "18th Edition wiring regulations" in text
    assert "MSc Engineering" in text
    assert "Total CPD hours" in text
    assert "32" in text  # 3.5 + 6 + 22.5
    assert "Page 1 of" in text
    assert "Outside the range" not in text
    assert "Still a draft" not in text
    assert "Grading margins shrink" not in text


def test_detailed_pdf_has_descriptions_and_reflections(owner, owner_client, record):
    ask(owner_client, kind="detailed")
    text = pdf_text(download(owner_client, DocumentJob.objects.get(owner=owner)))
    assert "Detailed CPD activity report" in text
    assert "A day with the DNO's protection team." in text
    assert "What did you learn?" in text
    assert "Grading margins shrink with inverter-based generation." in text
    assert "Review our relay settings template." in text
    assert "No reflection has been recorded for this activity yet." in text
    assert "Page 1 of" in text


def test_word_report(owner, owner_client, record):
    from docx import Document

    ask(owner_client, kind="detailed", file_format="docx")
    job = DocumentJob.objects.get(owner=owner)
    assert job.filename.endswith(".docx")
    word = Document(io.BytesIO(download(owner_client, job)))
    text = "\n".join(p.text for p in word.paragraphs)
    tables = "\n".join(cell.text for t in word.tables for row in t.rows for cell in row.cells)
    assert "Grading margins shrink with inverter-based generation." in text
    assert "Protection grading workshop" in tables


def test_list_of_recent_reports(owner, owner_client):
    ready = DocumentJobFactory(owner=owner, ready=True)
    DocumentJobFactory(owner=owner, failed=True, kind="cpd.detailed")
    DocumentJobFactory(owner=owner, ready=True, kind="profiles.cv", title="Not a CPD report")
    page = owner_client.get(reverse("cpd:report-list")).content.decode()
    assert reverse("reports:job-download", args=[ready.pk]) in page
    assert "Failed" in page
    assert "Not a CPD report" not in page


def test_list_queries_do_not_grow_with_reports(owner, owner_client):
    DocumentJobFactory(owner=owner, ready=True)

    def grow():
        for _ in range(10):
            DocumentJobFactory(owner=owner, ready=True)

    assert_flat_queries(owner_client, reverse("cpd:report-list"), grow=grow)


def test_double_click_makes_one_report(owner, owner_client, monkeypatch):
    class Queue:
        def enqueue(self, job_id):
            """Leave the job waiting, as a busy worker would."""

    monkeypatch.setattr("careermanager.reports.tasks.make_document", Queue())
    ask(owner_client)
    ask(owner_client)
    assert DocumentJob.objects.filter(owner=owner).count() == 1
    ask(owner_client, kind="detailed")
    assert DocumentJob.objects.filter(owner=owner).count() == 2


def test_failure_is_reported(owner, owner_client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("typst crashed")

    monkeypatch.setattr("careermanager.reports.tasks.render", broken)
    ask(owner_client)
    job = DocumentJob.objects.get(owner=owner)
    assert job.status == DocumentJob.Status.FAILED
    page = owner_client.get(reverse("reports:job-status", args=[job.pk])).content.decode()
    assert "The report could not be made" in page


def test_dates_are_checked(owner_client):
    response = ask(owner_client, start_date="2025-12-31", end_date="2025-01-01")
    assert "The end date must be the same as or after the start date" in response.content.decode()
    assert not DocumentJob.objects.exists()


def test_report_new_rejects_nothing_but_get_and_post(owner_client):
    assert owner_client.put(reverse("cpd:report-new")).status_code == 405


def test_long_pdf_is_compiled_in_parts_with_continuous_page_numbers(owner):
    for index in range(12):
        ActivityFactory(
            owner=owner,
            title=f"Seminar {index}",
            start_date=date(YEAR, 1 + index % 12, 3),
            description="Notes. " * 200,
            reflection_learned="Learnt. " * 150,
        )
    items = gather(owner, date(YEAR, 1, 1), date(YEAR, 12, 31))
    document = build_document(
        member="Olive Owner",
        items=items,
        start=date(YEAR, 1, 1),
        end=date(YEAR, 12, 31),
        detailed=True,
        generated_at=timezone.now(),
    )
    progress = []
    rendered = render(
        document,
        "pdf",
        part_weight=60,
        on_progress=lambda done, total: progress.append(done / total),
    )
    reader = PdfReader(io.BytesIO(rendered.content))
    pages = len(reader.pages)
    text = pdf_text(rendered.content)
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    assert "Activities in detail (continued)" in text
    for index in range(12):
        assert f"Seminar {index}" in text
    assert len(progress) > 4
    assert progress == sorted(progress)
    assert progress[-1] == 1.0
    assert reader.metadata.title.startswith("Detailed CPD activity report")
    assert "/StructTreeRoot" in reader.trailer["/Root"]
