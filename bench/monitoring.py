"""CPD monitoring at scale: 100,000 members with 50 activities each, on PostgreSQL only.

The data lives in a database of its own on the benchmarks' PostgreSQL server, named after its
size (careermanager_bench_monitoring_100000x50), generated once by the management command
`generate_monitoring_data` and kept for later runs, because generating it takes minutes.
One 5% sample is drawn when it is generated, so the lists have cases in every state a draw
leaves. The measurements run in a child process pointed at that database: the year's list
page (first page, all declarations and those not sampled) requested by a member of staff,
the counts by status, and drawing a further 5% sample (in a transaction rolled back, so each
run draws from the same declarations). Each must take under a second. Without PostgreSQL the
benchmark says so and measures nothing.

The size can be made smaller for a quick look: BENCH_MONITORING_MEMBERS (default 100000)
and BENCH_MONITORING_ACTIVITIES (default 50).
"""

import json
import os
import statistics
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

from bench.environment import BASE_DIR, Bench
from bench.output import Section, Table
from bench.throughput import POSTGRES_URL, postgres_answers

TITLE = "CPD monitoring at scale"
TIME_LIMIT = 1500  # the first run generates the data (about three minutes at full size)
YEAR = 2025
RUNS = 5
GOAL_MS = 1000.0
STAFF_EMAIL = "bench-monitoring-staff@example.org"


def _size() -> tuple[int, int]:
    members = int(os.environ.get("BENCH_MONITORING_MEMBERS", "100000"))
    activities = int(os.environ.get("BENCH_MONITORING_ACTIVITIES", "50"))
    return members, activities


def _database_url(bench_url: str, members: int, activities: int) -> str:
    name = f"careermanager_bench_monitoring_{members}x{activities}"
    return urlunsplit(urlsplit(bench_url)._replace(path=f"/{name}"))


def _ensure_database(url: str) -> bool:
    """Create the database if it does not exist; True when it was created."""
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if found:
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def run(bench: Bench) -> Section:
    section = Section(TITLE)
    bench_url = bench.env.get("DATABASE_URL", "")
    if not bench_url and postgres_answers():
        bench_url = POSTGRES_URL  # as the throughput benchmark, when one answers locally
    if not bench_url:
        section.add(
            "Not measured: this benchmark needs PostgreSQL (none answers on 127.0.0.1:5432; "
            "or set DATABASE_URL)."
        )
        return section
    members, activities = _size()
    url = _database_url(bench_url, members, activities)
    created = _ensure_database(url)
    env = os.environ | bench.env | {"DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, "-m", "bench.monitoring", str(members), str(activities)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        section.failures.append(f"the measuring process failed:\n{result.stderr[-3000:]}")
        return section
    report = json.loads(result.stdout.strip().splitlines()[-1])
    name = urlsplit(url).path.lstrip("/")
    if report["generated_seconds"] is not None:
        section.add(
            f"Generated {members:,} members, each with a submitted {YEAR} declaration and "
            f"{activities} activities ({members * activities:,} in all), into {name} in "
            f"{report['generated_seconds']:.0f} s, and drew a first 5% sample."
        )
    else:
        section.add(f"Reused {name} ({'created' if created else 'kept'} from an earlier run).")
    table = Table(["operation", "median ms", "slowest ms", "queries", "under 1 s"])
    for row in report["rows"]:
        fast = row["median_ms"] < GOAL_MS
        table.add(row["name"], row["median_ms"], row["max_ms"], row["queries"], fast)
        if not fast:
            section.failures.append(f"{row['name']} took {row['median_ms']:.0f} ms")
    section.add(table)
    section.add(f"Median and slowest of {RUNS} runs each, in-process, on PostgreSQL.")
    return section


def _timed(name: str, action) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            action()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
    return {
        "name": name,
        "median_ms": statistics.median(times),
        "max_ms": max(times),
        "queries": queries,
    }


def _measure(members: int, activities: int) -> dict:
    """In the child process: generate the data if needed, then time the three operations."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bench.environment import django_test_environment
    from careermanager.accounts.models import User
    from careermanager.accounts.services import user_set_role
    from careermanager.review.queries import year_counts
    from careermanager.review.services import sample_draw

    call_command("migrate", interactive=False, verbosity=0)
    generated = None
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        started = time.perf_counter()
        call_command(
            "generate_monitoring_data",
            members=members,
            activities=activities,
            year=YEAR,
            stdout=open(os.devnull, "w"),  # noqa: SIM115 - closed with the process
        )
        staff = User.objects.create_user(email=STAFF_EMAIL, password=None, full_name="Staff")
        staff = user_set_role(user=staff, role=User.Role.STAFF, actor=None)
        sample_draw(year=YEAR, method="percent", amount=5, seed="first", actor=staff)
        generated = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    with django_test_environment():
        client = Client()
        client.force_login(staff)
        device, _ = TOTPDevice.objects.get_or_create(
            user=staff, name="Bench authenticator", defaults={"confirmed": True}
        )
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()

        def page(query: str):
            def get():
                response = client.get(f"/review/{YEAR}/{query}")
                assert response.status_code == 200, response.status_code

            return get

        def draw():
            with transaction.atomic():
                sample_draw(year=YEAR, method="percent", amount=5, actor=staff)
                transaction.set_rollback(True)

        page("")()  # warm the process: templates, the session, the frame
        rows = [
            _timed("year list page, all (first page of 50)", page("")),
            _timed("year list page, not sampled", page("?status=not_sampled")),
            _timed("year list page, awaiting review, page 20", page("?status=awaiting&page=20")),
            _timed("counts by status", lambda: year_counts(YEAR)),
            _timed("draw a 5% sample", draw),
        ]
    return {"generated_seconds": generated, "rows": rows}


if __name__ == "__main__":
    sys.path.insert(0, str(BASE_DIR))
    print(json.dumps(_measure(int(sys.argv[1]), int(sys.argv[2]))))
