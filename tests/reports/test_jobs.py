"""Document jobs: asked for once, made in the background, watched, downloaded, then removed."""

import ast
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from careermanager.core import storage
from careermanager.core.models import AuditEvent
from careermanager.reports import services
from careermanager.reports.documents import Document, Paragraph, Section, TitleBlock
from careermanager.reports.models import DocumentJob
from careermanager.reports.registry import (
    DocumentKind,
    UnknownDocument,
    document_kind,
    document_kinds,
)
from careermanager.reports.services import document_job_request
from careermanager.reports.tasks import make_document
from tests.reports.factories import DocumentJobFactory
from tests.reports.pdftools import pdf_text

pytestmark = pytest.mark.django_db

ENGINE = Path(__file__).resolve().parents[2] / "careermanager" / "reports"
DOMAIN_APPS = ("profiles", "competence", "cpd", "accounts")


def build_note(*, owner, text: str = "A note", count: int = 1) -> Document:
    """A registered document for these tests: the owner's name and the text asked for."""
    return Document(
        title=TitleBlock(member=owner.full_name, title="Note", generated_at=timezone.now()),
        sections=[Section("Note", [Paragraph(text)])],
        filename=f"note {owner.full_name}",
        item_count=count,
    )


def build_broken(*, owner) -> Document:
    raise RuntimeError("the builder crashed")


@pytest.fixture(autouse=True)
def note_documents(monkeypatch):
    kinds = document_kinds()
    monkeypatch.setitem(
        kinds, "test.note", DocumentKind(f"{__name__}.build_note", "Note", noun="note")
    )
    monkeypatch.setitem(kinds, "test.broken", DocumentKind(f"{__name__}.build_broken", "Broken"))


class Queue:
    """Leave jobs waiting, as a busy worker would."""

    def __init__(self):
        self.enqueued = []

    def enqueue(self, job_id):
        self.enqueued.append(job_id)


@pytest.fixture
def queue(monkeypatch) -> Queue:
    waiting = Queue()
    monkeypatch.setattr("careermanager.reports.tasks.make_document", waiting)
    return waiting


def ask(owner, *, kind="test.note", file_format="pdf", **parameters) -> DocumentJob:
    return document_job_request(
        owner=owner, kind=kind, file_format=file_format, parameters=parameters
    )


def status_url(job) -> str:
    return reverse("reports:job-status", args=[job.pk])


def download_url(job) -> str:
    return reverse("reports:job-download", args=[job.pk])


class TestEngineKnowsNoDomain:
    def test_no_module_of_the_engine_imports_an_app(self):
        offending = []
        for path in ENGINE.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    if any(name.startswith(f"careermanager.{app}") for app in DOMAIN_APPS):
                        offending.append(f"{path.relative_to(ENGINE)}: {name}")
        assert not offending


class TestRegistry:
    def test_apps_register_their_documents(self):
        kinds = document_kinds()
        for name in ("cpd.summary", "cpd.detailed", "profiles.cv", "competence.assessment"):
            assert callable(kinds[name].build)
        assert kinds["cpd.summary"].section == "cpd"
        assert kinds["profiles.cv"].section == "profiles"

    def test_every_builder_can_be_imported(self):
        from django.utils.module_loading import import_string

        for name, kind in document_kinds().items():
            assert callable(import_string(kind.builder)), name

    def test_an_unknown_document(self):
        with pytest.raises(UnknownDocument):
            document_kind("nowhere.nothing")


class TestRequest:
    def test_queues_a_job_with_json_parameters_and_an_audit_event(self, owner, queue):
        from datetime import date

        job = ask(owner, text="Hello", when=date(2025, 3, 4))

        assert job.status == DocumentJob.Status.QUEUED
        assert job.parameters == {"text": "Hello", "when": "2025-03-04"}
        assert queue.enqueued == [job.pk]
        days = (job.expires_at - job.created_at).days
        assert days == 7
        event = AuditEvent.objects.get(action="reports.job.requested")
        assert event.data == {"kind": "test.note", "format": "pdf"}

    def test_a_double_click_is_one_job(self, owner, queue):
        first = ask(owner, text="Hello")
        second = ask(owner, text="Hello")

        assert first == second
        assert DocumentJob.objects.count() == 1
        assert ask(owner, text="Other").pk != first.pk
        assert ask(owner, text="Hello", file_format="docx").pk != first.pk

    def test_an_unknown_document_is_refused(self, owner, queue):
        with pytest.raises(ValidationError):
            ask(owner, kind="nowhere.nothing")
        assert not DocumentJob.objects.exists()

    def test_a_member_keeps_a_bounded_number(self, owner, queue, monkeypatch):
        monkeypatch.setattr(services, "KEEP_JOBS", 3)
        oldest = DocumentJobFactory(
            owner=owner, ready=True, created_at=timezone.now() - timedelta(days=1)
        )
        name = oldest.file.name
        for number in range(3):
            ask(owner, text=f"Note {number}")

        assert DocumentJob.objects.filter(owner=owner).count() == 3
        assert not DocumentJob.objects.filter(pk=oldest.pk).exists()
        assert not default_storage.exists(name)


class TestTask:
    def test_makes_the_file(self, owner):
        job = ask(owner, text="Written by hand")  # the immediate backend runs the task

        job.refresh_from_db()
        assert job.status == DocumentJob.Status.READY
        assert job.progress == 100
        assert job.item_count == 1
        assert job.content_type == "application/pdf"
        assert job.filename == "note-olive-owner.pdf"
        assert job.size == job.file.size > 0
        assert job.finished_at is not None
        assert "Written by hand" in pdf_text(job.file.read())

    def test_safe_to_run_twice(self, owner, queue):
        job = ask(owner)
        make_document.call(job.pk)
        job.refresh_from_db()
        first = (job.file.name, job.finished_at)

        make_document.call(job.pk)

        job.refresh_from_db()
        assert job.status == DocumentJob.Status.READY
        assert (job.file.name, job.finished_at) == first

    def test_a_job_deleted_meanwhile_is_ignored(self, owner, queue):
        job = ask(owner)
        DocumentJob.objects.filter(pk=job.pk).delete()

        make_document.call(job.pk)  # no error, nothing made

        assert not DocumentJob.objects.exists()

    def test_failure_is_kept_with_a_message(self, owner, queue):
        job = ask(owner, kind="test.broken")

        make_document.call(job.pk)

        job.refresh_from_db()
        assert job.status == DocumentJob.Status.FAILED
        assert "Please try again" in job.error
        assert not job.file

    def test_progress_rises_to_the_end(self, owner, queue, monkeypatch):
        from careermanager.reports import tasks

        seen = []
        record = tasks._progress
        monkeypatch.setattr(
            tasks,
            "_progress",
            lambda job_id, percent: (seen.append(percent), record(job_id, percent)),
        )
        job = ask(owner, file_format="docx")

        make_document.call(job.pk)

        assert seen == sorted(seen)
        assert seen[0] == tasks.BUILT
        assert seen[-1] == 95
        job.refresh_from_db()
        assert job.progress == 100


class TestStatusPage:
    def test_shows_progress_without_javascript(self, owner, owner_client):
        job = DocumentJobFactory(owner=owner, status=DocumentJob.Status.RUNNING, progress=40)

        page = owner_client.get(status_url(job)).content.decode()

        assert "<html" in page
        assert "40% done" in page
        assert "Refresh this page" in page
        assert f'href="{status_url(job)}"' in page
        assert f'hx-get="{status_url(job)}"' in page
        assert 'hx-trigger="every 2s"' in page

    def test_htmx_gets_the_fragment(self, owner, owner_client):
        job = DocumentJobFactory(owner=owner, status=DocumentJob.Status.RUNNING, progress=40)

        fragment = owner_client.get(status_url(job), headers={"HX-Request": "true"})

        html = fragment.content.decode()
        assert html.lstrip().startswith('<div id="document-progress"')
        assert "<html" not in html
        assert "40% done" in html

    def test_ready_stops_polling_and_links_the_file(self, owner, owner_client):
        job = DocumentJobFactory(owner=owner, ready=True)

        page = owner_client.get(status_url(job)).content.decode()

        assert "Your report is ready" in page
        assert "It lists 3 records" in page
        assert download_url(job) in page
        assert "hx-trigger" not in page

    def test_another_member_gets_404(self, owner, other_client):
        job = DocumentJobFactory(owner=owner, ready=True)

        assert other_client.get(status_url(job)).status_code == 404
        assert other_client.get(download_url(job)).status_code == 404

    def test_rejects_changes(self, owner, owner_client):
        job = DocumentJobFactory(owner=owner, ready=True)

        assert owner_client.post(status_url(job)).status_code == 405
        assert owner_client.post(download_url(job)).status_code == 405


class TestDownload:
    def test_a_ready_file(self, owner, owner_client):
        job = DocumentJobFactory(owner=owner, ready=True)

        response = owner_client.get(download_url(job))

        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="cpd-activity-report.pdf"'
        assert b"".join(response.streaming_content) == b"%PDF-1.7 test"

    @pytest.mark.parametrize("status", [DocumentJob.Status.QUEUED, DocumentJob.Status.RUNNING])
    def test_not_ready_is_404(self, owner, owner_client, status):
        job = DocumentJobFactory(owner=owner, status=status)

        assert owner_client.get(download_url(job)).status_code == 404

    def test_failed_is_404(self, owner, owner_client):
        job = DocumentJobFactory(owner=owner, failed=True)

        assert owner_client.get(download_url(job)).status_code == 404


class TestRetention:
    @pytest.fixture
    def expired(self, owner):
        past = timezone.now() - timedelta(days=8)
        return DocumentJobFactory(
            owner=owner, ready=True, created_at=past, expires_at=past + timedelta(days=7)
        )

    def test_an_expired_job_cannot_be_downloaded(self, expired, owner_client):
        assert owner_client.get(download_url(expired)).status_code == 404
        page = owner_client.get(status_url(expired)).content.decode()
        assert "This document is no longer kept" in page
        assert download_url(expired) not in page

    def test_the_command_removes_expired_jobs_and_files(self, owner, expired):
        current = DocumentJobFactory(owner=owner, ready=True)
        name = expired.file.name

        call_command("remove_expired_documents", stdout=io.StringIO())

        assert not DocumentJob.objects.filter(pk=expired.pk).exists()
        assert not default_storage.exists(name)
        assert DocumentJob.objects.filter(pk=current.pk).exists()
        assert default_storage.exists(current.file.name)

    def test_the_command_can_run_again(self, expired):
        assert services.document_jobs_remove_expired() == 1
        assert services.document_jobs_remove_expired() == 0

    def test_a_deleted_account_leaves_no_file(self, owner, monkeypatch):
        monkeypatch.setattr(storage, "GRACE", timedelta(0))
        job = ask(owner, text="Mine")
        job.refresh_from_db()
        name = job.file.name
        assert default_storage.exists(name)

        owner.delete()  # as the admin site or any other route does
        call_command("remove_expired_documents", stdout=io.StringIO())

        assert not default_storage.exists(name)

    def test_recent_stray_files_are_left_for_their_job(self, monkeypatch):
        name = default_storage.save(
            "reports/documents/2025/01/being-saved.pdf", io.BytesIO(b"%PDF")
        )

        services.document_files_remove_orphans()

        assert default_storage.exists(name)
        default_storage.delete(name)

    def test_removing_a_members_documents(self, owner, other_member):
        mine = DocumentJobFactory(owner=owner, ready=True)
        theirs = DocumentJobFactory(owner=other_member, ready=True)
        name = mine.file.name

        assert services.document_jobs_remove_for(owner=owner) == 1

        assert not default_storage.exists(name)
        assert DocumentJob.objects.filter(pk=theirs.pk).exists()
