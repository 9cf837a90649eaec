"""Health checks: what a load balancer and monitoring read, and what they never get."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from careermanager.core import health

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _waiting_task(*, waited: timedelta, **fields):
    from django_tasks_db.models import DBTaskResult, get_date_max

    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="careermanager.core.tasks.nothing",
        backend_name="default",
        run_after=fields.pop("run_after", get_date_max()),
        **fields,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waited)
    return task


def _private(response) -> None:
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response
    assert not response.cookies


def test_live_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    _private(response)


def test_the_addresses_are_the_named_urls():
    assert reverse("core:health-live") == "/health/live"
    assert reverse("core:health-ready") == "/health/ready"


def test_ready_checks_the_database_the_storage_and_the_tasks(client):
    response = client.get("/health/ready")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "storage": "ok",
        "tasks": "ok",
    }
    _private(response)


def test_the_storage_probe_leaves_no_file_behind(client):
    from django.core.files.storage import default_storage

    client.get("/health/ready")

    assert default_storage.listdir(health.PROBE_FOLDER)[1] == []


def test_a_signed_in_member_gets_no_session_or_personal_data(owner_client, owner):
    for path in ("/health/live", "/health/ready"):
        response = owner_client.get(path)

        assert response.status_code == 200
        _private(response)
        assert owner.email.encode() not in response.content
        assert str(owner.full_name).encode() not in response.content


def test_a_balancer_asking_by_address_over_http_is_answered(settings):
    # The balancer asks each server by its own address, over plain HTTP inside the network.
    settings.ALLOWED_HOSTS = ["careers.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    balancer = Client(HTTP_HOST="10.0.0.7:8000")

    for path in ("/health/live", "/health/ready", "/health/live/"):
        assert balancer.get(path).status_code == 200
    assert balancer.get("/").status_code == 400  # every other page still checks the host


def test_a_database_that_does_not_answer_is_503_naming_it(client, monkeypatch):
    def refuse():
        raise OperationalError("connection to server at db.internal failed")

    monkeypatch.setitem(health.CHECKS, "database", refuse)

    response = client.get("/health/ready")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failed"
    assert body["failed"] == ["database"]
    assert body["checks"]["database"]["error"] == "OperationalError"
    assert body["checks"]["tasks"]["status"] == "skipped"
    assert b"db.internal" not in response.content  # a host name says too much
    _private(response)


def test_storage_that_refuses_writes_is_503_naming_it(client, monkeypatch):
    from django.core.files.storage import default_storage

    def refuse(*args, **kwargs):
        raise PermissionError("Access Denied")

    monkeypatch.setattr(default_storage, "save", refuse)

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]
    assert response.json()["checks"]["storage"]["error"] == "PermissionError"


def test_the_task_backlog_is_counted_with_the_oldest_wait(client, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    _waiting_task(waited=timedelta(seconds=300))
    _waiting_task(waited=timedelta(seconds=30))
    _waiting_task(waited=timedelta(hours=5), status="SUCCESSFUL")  # done: not waiting
    _waiting_task(waited=timedelta(hours=5), run_after=timezone.now() + timedelta(hours=1))
    assert DBTaskResult.objects.count() == 4

    response = client.get("/health/ready")

    assert response.status_code == 200
    tasks = response.json()["checks"]["tasks"]
    assert tasks["waiting"] == 2
    assert 300 <= tasks["oldest_wait_seconds"] < 360


def test_a_task_due_later_waits_from_its_time(settings):
    settings.TASKS = DATABASE_TASKS
    _waiting_task(waited=timedelta(hours=5), run_after=timezone.now() - timedelta(seconds=60))

    tasks = health.check_tasks()

    assert tasks["waiting"] == 1
    assert 60 <= tasks["oldest_wait_seconds"] < 120


@pytest.mark.parametrize(
    ("waits", "limits", "status"),
    [
        ([10, 10], (2, 900), 200),
        ([10, 10, 10], (2, 900), 503),
        ([899], (2, 900), 200),
        ([1000], (2, 900), 503),
        ([1000, 10, 10], (0, 0), 200),  # 0 leaves the check out
    ],
)
def test_the_backlog_limits_are_configurable(client, settings, waits, limits, status):
    settings.TASKS = DATABASE_TASKS
    settings.HEALTH_MAX_WAITING_TASKS, settings.HEALTH_MAX_TASK_WAIT_SECONDS = limits
    for seconds in waits:
        _waiting_task(waited=timedelta(seconds=seconds))

    response = client.get("/health/ready")

    assert response.status_code == status
    assert response.json()["failed"] == ([] if status == 200 else ["tasks"])
