"""Faults an institution will meet: what members see, and what the service recovers by itself.

- a worker killed in the middle of a document: the job ends failed with a message, never
  "Being made" for ever;
- PostgreSQL restarted: the app's kept connections are dropped; at worst one request gets the
  error page, and the app goes on without a restart;
- storage refusing writes on an upload: a message by the field, nothing half-saved;
- the mail server down: the member's action succeeds, and the email is sent once it is back.
"""

import smtplib
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from careermanager.documents.models import SupportingDocument
from careermanager.reports.models import STALLED, STALLED_AFTER, DocumentJob
from careermanager.reports.registry import DocumentKind, document_kinds
from careermanager.reports.services import document_job_request
from careermanager.reports.tasks import make_document
from tests.declarations.factories import DeclarationFactory
from tests.documents.files import pdf, upload
from tests.reports.factories import DocumentJobFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# A worker killed in the middle of a document


class WorkerKilled(BaseException):
    """What a kill -9 leaves: the task's code stops where it is, nothing after it runs."""


def build_until_killed(*, owner):
    raise WorkerKilled


@pytest.fixture
def killed_job(owner, monkeypatch) -> DocumentJob:
    """A job whose worker died after taking it: left running at its first progress."""
    monkeypatch.setitem(
        document_kinds(),
        "test.killed",
        DocumentKind(f"{__name__}.build_until_killed", "Note", noun="note"),
    )
    monkeypatch.setattr("careermanager.reports.tasks.make_document", _NoWorker())
    job = document_job_request(owner=owner, kind="test.killed", file_format="pdf", parameters={})
    with pytest.raises(WorkerKilled):
        make_document.call(job.pk)
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.RUNNING
    return job


class _NoWorker:
    def enqueue(self, job_id):
        pass


def _time_passes(job: DocumentJob, delta: timedelta) -> None:
    DocumentJob.objects.filter(pk=job.pk).update(
        created_at=job.created_at - delta, progressed_at=job.progressed_at - delta
    )


@pytest.mark.django_db
def test_a_job_whose_worker_was_killed_shows_failed_with_a_message(killed_job, owner_client):
    url = reverse("reports:job-status", args=[killed_job.pk])
    assert "Being made" in owner_client.get(url).text  # a worker may still be on it

    _time_passes(killed_job, STALLED_AFTER + timedelta(minutes=1))

    page = owner_client.get(url).text
    assert "could not be made" in page
    assert STALLED in page
    assert "Being made" not in page
    fragment = owner_client.get(url, headers={"HX-Request": "true"}).text
    assert STALLED in fragment
    assert "hx-trigger" not in fragment  # the page stops asking


@pytest.mark.django_db
def test_the_daily_clean_up_records_the_killed_job_as_failed(killed_job, owner_client):
    _time_passes(killed_job, STALLED_AFTER + timedelta(minutes=1))

    call_command("remove_expired_documents", stdout=_Quiet())

    killed_job.refresh_from_db()
    assert killed_job.status == DocumentJob.Status.FAILED
    assert killed_job.error == STALLED
    assert killed_job.finished_at is not None


@pytest.mark.django_db
def test_a_job_still_making_progress_is_not_failed(owner, owner_client):
    job = DocumentJobFactory(
        owner=owner,
        status=DocumentJob.Status.RUNNING,
        progress=60,
        created_at=timezone.now() - timedelta(hours=2),  # waited long in the queue
        progressed_at=timezone.now() - timedelta(minutes=2),
    )

    call_command("remove_expired_documents", stdout=_Quiet())

    job.refresh_from_db()
    assert job.status == DocumentJob.Status.RUNNING
    assert "60% done" in owner_client.get(reverse("reports:job-status", args=[job.pk])).text


class _Quiet:
    def write(self, text):
        pass

    def flush(self):
        pass


# PostgreSQL restarted under load

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="drops PostgreSQL connections"
)


def _drop_the_apps_connections() -> None:
    """What a restart of PostgreSQL does to the connections the app keeps open."""
    import psycopg

    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        autocommit=True,
    ) as admin:
        others = (
            "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        admin.execute(f"SELECT pg_terminate_backend(pid) {others}")
        for _ in range(100):  # the backends end a moment after they are told to
            if not admin.execute(f"SELECT count(*) {others}").fetchone()[0]:
                return
            time.sleep(0.05)
        raise AssertionError("PostgreSQL did not drop the connections")


class App:
    """The app as a web server runs it: Django's WSGI handler with its request signals.

    (The test client turns off closing unusable connections between requests, which is the
    very thing under test.)
    """

    def __init__(self, cookie: str):
        self.handler = WSGIHandler()
        self.cookie = cookie

    def get(self, path: str) -> tuple[int, str]:
        environ = RequestFactory().get(path, HTTP_COOKIE=self.cookie).environ
        started = []
        body = self.handler(environ, lambda status, headers, exc_info=None: started.append(status))
        try:
            content = b"".join(body)
        finally:
            body.close()  # sends request_finished, as a server does
        return int(started[0].split()[0]), content.decode()


def _app_signed_in_as(user) -> App:
    client = Client()
    client.force_login(user)
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    return App(cookie)


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_postgresql_restarts_the_next_page_is_served(owner):
    assert connection.settings_dict["CONN_MAX_AGE"] > 0  # connections are kept
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    app = _app_signed_in_as(owner)
    assert app.get("/")[0] == 200
    assert connection.connection is not None  # kept for the next request

    _drop_the_apps_connections()

    status, page = app.get("/")
    assert status == 200, page
    assert "Olive Owner" in page


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_health_checks_one_request_gets_the_error_page_then_the_app_recovers(
    owner, monkeypatch
):
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    connection.close()  # the setting is read when a connection opens
    app = _app_signed_in_as(owner)
    assert app.get("/")[0] == 200

    _drop_the_apps_connections()

    status, page = app.get("/")
    assert status == 500
    assert "Sorry, there is a problem with the service" in page
    assert "Traceback" not in page
    assert "OperationalError" not in page
    status, page = app.get("/")
    assert status == 200
    assert "Olive Owner" in page


def test_production_checks_a_kept_connection_before_using_it(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


# Storage refusing writes on upload


@pytest.fixture
def _fresh_storage(settings):
    settings.STORAGES = {**settings.STORAGES}


def _refuse_writes(error):
    def refuse(self, name, content):
        raise error

    return refuse


def _stored_files(folder: str = "") -> set[str]:
    folders, files = default_storage.listdir(folder)
    found = {f"{folder}/{name}".lstrip("/") for name in files}
    for name in folders:
        found |= _stored_files(f"{folder}/{name}".lstrip("/"))
    return found


def _storage_errors():
    from botocore.exceptions import EndpointConnectionError

    return [
        pytest.param(OSError(28, "No space left on device"), id="disk-full"),
        pytest.param(PermissionError("read-only file system"), id="read-only"),
        pytest.param(
            EndpointConnectionError(endpoint_url="https://s3.example.org"), id="s3-unreachable"
        ),
    ]


@pytest.mark.django_db
@pytest.mark.usefixtures("_fresh_storage")
@pytest.mark.parametrize("error", _storage_errors())
def test_an_upload_the_storage_refuses_is_explained_and_nothing_is_saved(
    owner, owner_client, monkeypatch, error
):
    declaration = DeclarationFactory(owner=owner)
    url = reverse("declarations:supporting-document", args=[declaration.pk, "cv"])
    before = _stored_files()
    storage_class = type(default_storage._wrapped)
    monkeypatch.setattr(storage_class, "_save", _refuse_writes(error))

    response = owner_client.post(url, {"declaration-cv-file": upload("my-cv.pdf", pdf())})

    assert response.status_code == 200
    assert "could not be stored just now, so nothing was saved" in response.text
    assert not SupportingDocument.objects.exists()
    assert _stored_files() == before  # no stray file

    monkeypatch.undo()  # the storage is back
    owner_client.post(url, {"declaration-cv-file": upload("my-cv.pdf", pdf())})
    assert SupportingDocument.objects.get().original_name == "my-cv.pdf"


# The mail server down


def _mail_server_down(monkeypatch, error=None):
    def refuse(self, messages):
        raise error or smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)


def _run_worker() -> None:
    """One pass of `careermanager db_worker --batch` over the tasks that are due."""
    from django_tasks_db.management.commands.db_worker import Worker

    # The worker shares the test's transaction: it must not close that connection.
    with mock.patch(f"{Worker.__module__}.close_old_connections"):
        _one_pass(Worker)


def _one_pass(Worker) -> None:
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="faults",
        excluded_queue_names=[],
    ).run()


def _waiting_emails():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(task_path="careermanager.core.tasks.deliver_email")


def _later_emails():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path="careermanager.core.tasks.deliver_email", status="READY"
    )


def _time_comes_for_the_retries() -> None:
    _later_emails().update(run_after=timezone.now() - timedelta(seconds=1))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error",
    [
        pytest.param(smtplib.SMTPServerDisconnected("closed"), id="smtp"),
        pytest.param(ConnectionRefusedError(111, "Connection refused"), id="refused"),
    ],
)
def test_with_the_mail_server_down_the_reset_is_accepted_and_the_email_sent_later(
    client, owner, settings, monkeypatch, error
):
    settings.TASKS = DATABASE_TASKS
    response = client.post(reverse("accounts:password-reset"), {"email": owner.email})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password-reset-done")

    with monkeypatch.context() as down:
        _mail_server_down(down, error)
        _run_worker()
        assert mail.outbox == []
        assert not _waiting_emails().exists()  # not due yet: it waits a while
        assert _later_emails().count() == 1
        _time_comes_for_the_retries()
        _run_worker()  # still down: tried again, and kept again
        assert mail.outbox == []
        assert _later_emails().count() == 1

    _time_comes_for_the_retries()
    _run_worker()  # the server is back

    assert [(m.to, m.subject) for m in mail.outbox] == [([owner.email], "Reset your password")]
    assert not _later_emails().exists()
    _run_worker()
    assert len(mail.outbox) == 1  # sent once


@pytest.mark.django_db
def test_an_email_the_server_never_takes_is_given_up_after_the_last_try(
    client, owner, settings, monkeypatch
):
    from django_tasks_db.models import DBTaskResult

    from careermanager.core.tasks import RETRY_MINUTES

    settings.TASKS = DATABASE_TASKS
    client.post(reverse("accounts:password-reset"), {"email": owner.email})
    _mail_server_down(monkeypatch)

    for _ in range(len(RETRY_MINUTES) + 1):
        _time_comes_for_the_retries()
        _run_worker()

    assert not _later_emails().exists()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_in_one_process_a_failing_mail_server_does_not_fail_the_members_action(
    client, owner, monkeypatch
):
    _mail_server_down(monkeypatch)

    response = client.post(reverse("accounts:password-reset"), {"email": owner.email})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password-reset-done")
