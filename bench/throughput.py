"""Requests per second of the main pages, each as a ratio to the floor, on SQLite and PostgreSQL.

The floor (bench/floor/) is the smallest Django project that serves a signed-in page: the same
Django, the same gunicorn settings, `startproject`'s middleware, sessions and users in the
database, one view that reads the signed-in user. Both run side by side under gunicorn with 2
sync workers; wrk loads one at a time with 10 connections, in alternating rounds (floor, then
every page, again and again), so a burst of other work on the machine falls on the floor and
the pages alike. A page's ratio is its requests per second over the floor's in the same rounds:
0.5 means the page serves half as many requests as the simplest signed-in Django page could.

The client must not be the bottleneck: wrk's own CPU time is reported (a small share of one
CPU), and the floor is loaded with 20 connections as well as 10: when the rate stays the same
with twice the connections, the server, not the client, sets it.

The queries column counts the SQL statements of one request (Django's test client, in-process,
after a warm-up request) for the page made afresh, as tests/queries.py counts them: the pages
kept in memory (core.pagecache) are forgotten first. "Kept" counts the next request, served
from memory, which is what wrk's requests are.
"""

import json
import os
import socket
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass, field

from bench import wrk
from bench.environment import BASE_DIR, VAR_DIR, Bench, django_test_environment
from bench.load import LoadClient, describe_failure
from bench.output import BenchError, Section, Table
from bench.server import gunicorn, session_cookie

TITLE = "Throughput against the floor"
TIME_LIMIT = 480  # seconds: both databases, set-up included

WORKERS = 2
CONNECTIONS = 10
WRK_THREADS = 2
WARM_UP_SECONDS = 1
ROUNDS = 3
ROUND_SECONDS = 2
GOAL = 0.5  # every page at least half the floor's rate
QUERY_BUDGET = 10
SEARCH_MEMBERS = 10_000
FIRST_RESPONSE_TIMEOUT = 30.0
FLOOR_PORT = 8766
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    who: str  # "member", "staff" or "guest"
    query: str = ""

    def path(self) -> str:
        from django.urls import reverse

        return reverse(self.url_name) + (f"?{self.query}" if self.query else "")


PAGES = [
    Page("Bare (signed in, plain text)", "core:bare", "member"),
    Page("Home", "core:home", "member"),
    Page("Competence", "competence:index", "member"),
    Page("Profile", "profiles:index", "member"),
    Page("CPD activities", "cpd:activity-list", "member"),
    Page("CPD overview", "cpd:index", "member"),
    Page(f"Member search, {SEARCH_MEMBERS:,} members (staff)", "profiles:staff-members", "staff"),
    Page(
        f"Member search for a name, {SEARCH_MEMBERS:,} members (staff)",
        "profiles:staff-members",
        "staff",
        "q=okonkwo",
    ),
    Page("Verifier's assessment (guest)", "competence:guest-assessment", "guest"),
]


@dataclass
class PageResult:
    label: str
    path: str
    queries: int  # made afresh
    kept_queries: int  # served again from memory
    per_second: list[float] = field(default_factory=list)  # one per round
    server_cpu_ms: list[float] = field(default_factory=list)  # per request, one per round
    floor_per_second: list[float] = field(default_factory=list)  # the floor, same rounds
    floor_cpu_ms: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return statistics.fmean(self.per_second)

    @property
    def floor_rate(self) -> float:
        return statistics.fmean(self.floor_per_second)

    @property
    def ratio(self) -> float:
        return ratio(self.rate, self.floor_rate)

    @property
    def cpu_ratio(self) -> float | None:
        if not self.server_cpu_ms or not self.floor_cpu_ms:
            return None
        return statistics.fmean(self.floor_cpu_ms) / statistics.fmean(self.server_cpu_ms)


@dataclass
class DatabaseResult:
    database: str
    pages: list[PageResult]
    floor_rates: list[float]
    floor_cpu_ms: list[float]
    client_cpu_share: float  # wrk's CPU during the floor's runs, share of one CPU
    floor_at_double: float  # the floor's rate with twice the connections
    floor_at_single: float  # and with CONNECTIONS, measured just before


def ratio(page_per_second: float, floor_per_second: float) -> float:
    if floor_per_second <= 0:
        raise BenchError("The floor served no requests")
    return page_per_second / floor_per_second


# Set-up --------------------------------------------------------------------------------------


def _add_members(count: int) -> None:
    """Enough members for the staff search to page through: SEARCH_MEMBERS in all."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

    UNUSABLE_PASSWORD = UNUSABLE_PASSWORD_PREFIX
    users = get_user_model()
    missing = count - users.objects.count()
    if missing <= 0:
        return
    users.objects.bulk_create(
        (
            users(
                email=f"bench-member-{n}@example.org",
                full_name=f"Bench Member {n:05d}",
                password=UNUSABLE_PASSWORD,  # nobody signs in as them
            )
            for n in range(missing)
        ),
        batch_size=1000,
    )


def _guest_cookie(member) -> tuple[str, str]:
    """A guest session opening the demo member's assessment with the demo verifier's ticket."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    from careermanager.competence.models import Assessment
    from careermanager.core import tickets
    from careermanager.core.models import GuestTicket

    assessment = Assessment.objects.owned_by(member).first()
    ticket = GuestTicket.objects.for_target(assessment).first() if assessment else None
    if ticket is None:
        raise BenchError("The demo data has no verifier's ticket for the demo member")
    session = SessionStore()
    session[tickets.SESSION_KEY] = ticket.pk
    session.create()
    return settings.SESSION_COOKIE_NAME, session.session_key


def _floor_env(bench: Bench) -> dict[str, str]:
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "postgresql":
        database = os.environ["DATABASE_URL"]
    else:
        database = f"sqlite:{bench.var_dir / 'floor.sqlite3'}"
    return {
        "FLOOR_SECRET_KEY": settings.SECRET_KEY,
        "FLOOR_DATABASE": database,
        "DJANGO_SETTINGS_MODULE": "bench.floor.settings",
    }


def _prepare_floor(env: dict[str, str]) -> str:
    """Migrate the floor's database, sign its user in; the cookie as 'name=value'."""
    finished = subprocess.run(
        [sys.executable, "-m", "bench.floor.prepare"],
        env={**os.environ, **env},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if finished.returncode != 0:
        raise BenchError(f"The floor's set-up failed:\n{finished.stderr[-2000:]}")
    cookie = json.loads(finished.stdout)
    return f"{cookie['name']}={cookie['value']}"


def _count_queries(page: Page, client) -> tuple[int, int]:
    """Queries of the page made afresh, and served again from memory."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from careermanager.core.pagecache import CACHE_ALIAS

    path = page.path()
    client.get(path)
    counts = []
    caches[CACHE_ALIAS].clear()
    for _ in ("made afresh", "kept"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise BenchError(f"GET {path} answered {response.status_code} in-process, not 200")
        counts.append(len(captured.captured_queries))
    return counts[0], counts[1]


def _in_process_client(who: str, bench: Bench, guest_cookie: tuple[str, str]):
    from django.test import Client

    from tests.conftest import signed_in_client

    if who == "member":
        return signed_in_client(bench.member)
    if who == "staff":
        return signed_in_client(bench.staff)
    client = Client()
    client.cookies[guest_cookie[0]] = guest_cookie[1]
    return client


def _check(url_host: str, port: int, path: str, cookie: str, must_show: bytes) -> None:
    client = LoadClient(url_host, port, headers={"Cookie": cookie}, threads=1, login_path="/acc")
    response = client.get(path, timeout=FIRST_RESPONSE_TIMEOUT)
    if response.status != 200:
        raise BenchError(describe_failure(path, response, "/accounts/login/"))
    if must_show not in response.body:
        raise BenchError(f"GET {path} does not show {must_show.decode()!r}: wrong session?")


# Measuring -----------------------------------------------------------------------------------


def measure(bench: Bench) -> DatabaseResult:
    """Serve the floor and the app on this process's database and load them with wrk."""
    from django.db import connection
    from django.utils.html import escape

    if wrk.available() is None:
        raise BenchError(wrk.INSTALL_HINT)
    _add_members(SEARCH_MEMBERS)
    guest = _guest_cookie(bench.member)
    cookies = {
        "member": "=".join(session_cookie(bench.member)),
        "staff": "=".join(session_cookie(bench.staff, verified=True)),
        "guest": "=".join(guest),
    }
    with django_test_environment():
        results = [
            PageResult(
                page.label,
                page.path(),
                *_count_queries(page, _in_process_client(page.who, bench, guest)),
            )
            for page in PAGES
        ]
    floor_env = _floor_env(bench)
    floor_cookie = _prepare_floor(floor_env)
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    connection.close()  # the servers have the database to themselves while measuring
    floor_rates, floor_cpu = [], []
    client_cpu = []
    with (
        gunicorn(bench, workers=WORKERS) as app,
        gunicorn(
            bench,
            workers=WORKERS,
            application="bench.floor.wsgi:application",
            extra_env=floor_env,
            log_name="floor.log",
            preferred_port=FLOOR_PORT,
        ) as floor,
    ):
        app_url = f"http://{app.host}:{app.port}"
        floor_url = f"http://{floor.host}:{floor.port}/"
        _check(floor.host, floor.port, "/", floor_cookie, b"signed in as")
        member_shows = f"Hello, {escape(bench.member.display_name)}".encode()
        _check(app.host, app.port, PAGES[1].path(), cookies["member"], member_shows)
        for page, result in zip(PAGES, results, strict=True):
            _check(app.host, app.port, result.path, cookies[page.who], b"")
        wrk.run(floor_url, seconds=WARM_UP_SECONDS, cookie=floor_cookie)
        for page, result in zip(PAGES, results, strict=True):
            wrk.run(app_url + result.path, seconds=WARM_UP_SECONDS, cookie=cookies[page.who])
        for _ in range(ROUNDS):
            for page, result in zip(PAGES, results, strict=True):
                floor_run = wrk.run(
                    floor_url, seconds=ROUND_SECONDS, cookie=floor_cookie, server=floor
                )
                page_run = wrk.run(
                    app_url + result.path,
                    seconds=ROUND_SECONDS,
                    cookie=cookies[page.who],
                    server=app,
                )
                for run in (floor_run, page_run):
                    if run.errors:
                        raise BenchError(
                            f"{run.errors} failed requests to {run.path}. {app.last_log_line()}"
                        )
                result.floor_per_second.append(floor_run.per_second)
                result.per_second.append(page_run.per_second)
                if floor_run.server_cpu_seconds is not None and floor_run.requests:
                    cpu = floor_run.server_cpu_seconds * 1000 / floor_run.requests
                    result.floor_cpu_ms.append(cpu)
                    floor_cpu.append(cpu)
                if page_run.server_cpu_seconds is not None and page_run.requests:
                    result.server_cpu_ms.append(
                        page_run.server_cpu_seconds * 1000 / page_run.requests
                    )
                floor_rates.append(floor_run.per_second)
                client_cpu.append(floor_run.client_cpu_share)
        # Is the client the bottleneck? Twice the connections must not raise the floor's rate.
        single = wrk.run(floor_url, seconds=ROUND_SECONDS, cookie=floor_cookie)
        double = wrk.run(
            floor_url, seconds=ROUND_SECONDS, cookie=floor_cookie, connections=2 * CONNECTIONS
        )
        # The session must still be the member's at the end (not sent to log in meanwhile).
        _check(app.host, app.port, PAGES[1].path(), cookies["member"], member_shows)
    return DatabaseResult(
        database=database,
        pages=results,
        floor_rates=floor_rates,
        floor_cpu_ms=floor_cpu,
        client_cpu_share=max(client_cpu),
        floor_at_single=single.per_second,
        floor_at_double=double.per_second,
    )


def postgres_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        return False
    return True


def _measure_elsewhere(database_url: str | None) -> DatabaseResult:
    """Measure on the other database, in a process of its own (Django is set up once)."""
    env = {**os.environ}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    finished = subprocess.run(
        [sys.executable, "-m", "bench.throughput"],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        check=False,
    )
    if finished.returncode != 0:
        raise BenchError(f"The run on the other database failed:\n{finished.stderr[-3000:]}")
    data = json.loads(finished.stdout.strip().splitlines()[-1])
    data["pages"] = [PageResult(**page) for page in data["pages"]]
    return DatabaseResult(**data)


# Report --------------------------------------------------------------------------------------


def _table(result: DatabaseResult) -> Table:
    table = Table(
        [
            "Page",
            "Path",
            "Queries",
            "Kept",
            "Req/s",
            "Floor req/s",
            "Ratio",
            "Ratio by CPU",
            "CPU ms/req",
            "Goal",
        ]
    )
    for page in result.pages:
        met = page.ratio >= GOAL and page.queries <= QUERY_BUDGET
        table.add(
            page.label,
            page.path,
            page.queries,
            page.kept_queries,
            page.rate,
            page.floor_rate,
            f"{page.ratio:.2f}",
            f"{page.cpu_ratio:.2f}" if page.cpu_ratio else None,
            statistics.fmean(page.server_cpu_ms) if page.server_cpu_ms else None,
            "met" if met else "MISSED",
        )
    return table


def report(section: Section, result: DatabaseResult) -> None:
    floor_cpu = statistics.fmean(result.floor_cpu_ms) if result.floor_cpu_ms else None
    section.add(
        f"{result.database}: the floor served {statistics.fmean(result.floor_rates):,.0f} "
        f"requests per second (rounds from {min(result.floor_rates):,.0f} to "
        f"{max(result.floor_rates):,.0f}"
        + (f"; {floor_cpu:.1f} ms of server CPU per request" if floor_cpu else "")
        + ")."
    )
    section.add(_table(result))
    change = result.floor_at_double / result.floor_at_single - 1
    section.add(
        f"Client check: wrk used at most {result.client_cpu_share:.0%} of one CPU while loading "
        f"the floor; with {2 * CONNECTIONS} connections instead of {CONNECTIONS} the floor "
        f"served {result.floor_at_double:,.0f} instead of {result.floor_at_single:,.0f} "
        f"requests per second ({change:+.0%}), so "
        + (
            "the server, not the client, sets the rate."
            if change < 0.15
            else "the client may be holding the rate back: read the ratios with care."
        )
    )
    missed = [page.label for page in result.pages if page.ratio < GOAL]
    over = [page.label for page in result.pages if page.queries > QUERY_BUDGET]
    if missed:
        section.add(f"{result.database}: under {GOAL} of the floor: {', '.join(missed)}.")
    if over:
        section.failures.append(
            f"{result.database}: more than {QUERY_BUDGET} queries: {', '.join(over)}"
        )


def run(bench: Bench) -> Section:
    from django.db import connection

    section = Section(TITLE)
    section.add(
        f"gunicorn, {WORKERS} sync workers each for the floor and the app, DEBUG off; wrk with "
        f"{WRK_THREADS} threads and {CONNECTIONS} connections. {ROUNDS} rounds; in each, the "
        f"floor and then each page for {ROUND_SECONDS} s, after a {WARM_UP_SECONDS} s warm-up. "
        f"Ratio: the page's requests per second over the floor's in the same rounds (goal "
        f"{GOAL} or more); by CPU: the floor's server CPU per request over the page's, steadier "
        f"on a shared machine. Queries: one request, in-process, of the page made afresh "
        f"(goal {QUERY_BUDGET} or fewer); kept: of the page served again from memory, as "
        "wrk's requests are."
    )
    results = [measure(bench)]
    if connection.vendor == "postgresql":
        results.append(_measure_elsewhere(None))
    elif postgres_answers():
        original = os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL)
        try:
            results.append(_measure_elsewhere(original))
        except BenchError as error:
            section.failures.append(f"PostgreSQL: {error}")
    else:
        section.add("No PostgreSQL on 127.0.0.1:5432: measured on SQLite only.")
    for result in results:
        report(section, result)
    return section


def _child_main() -> None:
    """Measure on the database DATABASE_URL names (SQLite when unset); print JSON."""
    from bench.environment import prepare

    bench = prepare(VAR_DIR / "other-database")
    result = measure(bench)
    data = asdict(result)
    print(json.dumps(data))


if __name__ == "__main__":
    _child_main()
