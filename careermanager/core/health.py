"""Health checks for load balancers and monitoring (docs/operations.md).

- `/health/live`: the process answers. No database, no storage: restart the process if not.
- `/health/ready`: it can serve members. The database answers; the uploads storage takes,
  returns and deletes a small file; the task queue's backlog (tasks waiting for a worker, and
  how long the oldest has waited) is within CAREERMANAGER_HEALTH_MAX_WAITING_TASKS and
  CAREERMANAGER_HEALTH_MAX_TASK_WAIT_SECONDS. 503, naming the check that failed, if not.

`HealthCheckMiddleware` answers both before any other middleware runs, so a probe has no
session, no cookie, no log-in or two-factor step, no page cache, no CSRF or host check (a
balancer asks by the server's own address) and no HTTPS redirect. Nothing in the answer is
about a person: counts, seconds and "ok".
"""

import json
import logging
import time
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

LIVE_PATH = "/health/live"
READY_PATH = "/health/ready"
PROBE_FOLDER = "health"
OK, FAILED, SKIPPED = "ok", "failed", "skipped"


def _answer(body: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(json.dumps(body), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # A probe that passes is not worth a log line: a balancer asks every few seconds.
    response.skip_request_log = status == 200
    return response


def live(request: HttpRequest) -> HttpResponse:
    """The process is up."""
    return _answer({"status": OK})


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": OK}


def check_storage() -> dict:
    """Write, read back and delete a small file in the uploads storage."""
    content = uuid.uuid4().hex.encode()
    name = default_storage.save(
        f"{PROBE_FOLDER}/probe-{uuid.uuid4().hex}.txt", ContentFile(content)
    )
    try:
        with default_storage.open(name, "rb") as probe:
            if probe.read() != content:
                return {"status": FAILED, "error": "read back something else"}
    finally:
        default_storage.delete(name)
    return {"status": OK}


def _database_tasks() -> bool:
    backends = getattr(settings, "TASKS", {}).values()
    return any(backend.get("BACKEND") == "django_tasks_db.DatabaseBackend" for backend in backends)


def check_tasks(now=None) -> dict:
    """How many tasks wait for a worker, and how long the oldest has waited (seconds)."""
    if not _database_tasks():
        return {"status": OK, "backend": "immediate"}
    from django.db.models import Case, Count, F, Min, When
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    # A task to run later waits from its run_after; one to run at once, from when it came.
    waiting_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after")
    )
    found = DBTaskResult.objects.ready().aggregate(waiting=Count("pk"), oldest=Min(waiting_since))
    waiting = found["waiting"]
    oldest = max(0, round((now - found["oldest"]).total_seconds())) if found["oldest"] else 0
    result = {"status": OK, "waiting": waiting, "oldest_wait_seconds": oldest}
    max_waiting = settings.HEALTH_MAX_WAITING_TASKS
    max_wait = settings.HEALTH_MAX_TASK_WAIT_SECONDS
    if max_waiting and waiting > max_waiting:
        result |= {"status": FAILED, "error": f"more than {max_waiting} tasks waiting"}
    elif max_wait and oldest > max_wait:
        result |= {"status": FAILED, "error": f"a task has waited more than {max_wait} seconds"}
    return result


CHECKS = {"database": check_database, "storage": check_storage, "tasks": check_tasks}


def ready(request: HttpRequest) -> HttpResponse:
    """The database, the storage and the task queue are usable."""
    checks = {}
    for name, check in CHECKS.items():
        if name == "tasks" and checks["database"]["status"] == FAILED:
            checks[name] = {"status": SKIPPED, "reason": "the database did not answer"}
            continue
        started = time.perf_counter()
        try:
            checks[name] = check()
        except Exception as error:
            # The answer is public: it names the error's class only, as its message may carry
            # a host name or a file's path. The log, for the operators, has the message.
            logger.warning("Health check %s failed: %r", name, error)
            checks[name] = {"status": FAILED, "error": type(error).__name__}
        checks[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    failed = sorted(name for name, result in checks.items() if result["status"] == FAILED)
    body = {"status": FAILED if failed else OK, "failed": failed, "checks": checks}
    return _answer(body, status=503 if failed else 200)


VIEWS = {LIVE_PATH: live, READY_PATH: ready}


class HealthCheckMiddleware:
    """Answer the health checks before anything else; place it right after the request log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = VIEWS.get(request.path_info.rstrip("/"))
        if view is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        return view(request)
