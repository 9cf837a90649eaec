"""CPU time per request of the main pages, in-process: `python -m bench.cpu [--profile PAGE]`.

Where the throughput benchmark loads pages over HTTP (and so depends on what else the machine
is doing), this one calls the WSGI handler directly in a loop and reads the process's own CPU
time (time.process_time), which other work on the machine hardly changes. The settings are the
benchmarks' (DEBUG off, bench.environment); the database is a SQLite file of its own under
var/bench-cpu/, built with the demo data on the first run and kept for the next
(--fresh builds it again). The floor (bench/floor/) is measured the same way in a child process.

--profile PAGE runs that page's requests under cProfile and prints the costliest functions;
PAGE is a label from the table (for example "home").
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import time
from collections.abc import Callable

from bench.environment import BASE_DIR

VAR_DIR = BASE_DIR / "var" / "bench-cpu"
WARM_UP = 20
REQUESTS = 200

# label, URL name, who asks, query string
PAGES = [
    ("bare", "core:bare", "member", ""),
    ("home", "core:home", "member", ""),
    ("competence", "competence:index", "member", ""),
    ("profile", "profiles:index", "member", ""),
    ("cpd-activities", "cpd:activity-list", "member", ""),
    ("cpd-overview", "cpd:index", "member", ""),
    ("staff-search", "profiles:staff-members", "staff", ""),
    ("staff-search-name", "profiles:staff-members", "staff", "q=okonkwo"),
    ("guest-assessment", "competence:guest-assessment", "guest", ""),
]


def _environ(path: str, cookie: str) -> dict:
    from wsgiref.util import setup_testing_defaults

    route, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": route,
        "QUERY_STRING": query,
        "HTTP_HOST": "127.0.0.1",
        "SERVER_NAME": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_COOKIE": cookie,
    }
    setup_testing_defaults(environ)
    return environ


def requester(path: str, cookie: str) -> Callable[[], tuple[str, bytes]]:
    """A function making one GET of path through Django's WSGI handler: (status, body)."""
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()

    def request() -> tuple[str, bytes]:
        statuses = []
        response = application(
            _environ(path, cookie), lambda status, headers: statuses.append(status)
        )
        try:
            body = b"".join(response)
        finally:
            response.close()
        return statuses[0], body

    return request


def count_queries(request: Callable[[], object]) -> int:
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        request()
    return count


def cpu_ms(request: Callable[[], object], requests: int = REQUESTS) -> float:
    """Median over 5 batches of the CPU milliseconds one request takes."""
    for _ in range(WARM_UP):
        request()
    batches = []
    batch = max(requests // 5, 1)
    for _ in range(5):
        started = time.process_time()
        for _ in range(batch):
            request()
        batches.append((time.process_time() - started) * 1000 / batch)
    return sorted(batches)[2]


def profile(request: Callable[[], object], requests: int = REQUESTS, lines: int = 45) -> str:
    for _ in range(WARM_UP):
        request()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        request()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines)
    return out.getvalue()


def _prepare(fresh: bool):
    """The bench database under VAR_DIR (built once), with Django set up on it."""
    from bench.environment import bench_environment

    os.environ.pop("DATABASE_URL", None)
    if fresh or not (VAR_DIR / "careermanager.sqlite3").exists():
        from bench.environment import prepare
        from bench.throughput import SEARCH_MEMBERS, _add_members

        prepare(VAR_DIR)
        _add_members(SEARCH_MEMBERS)
    else:
        os.environ.update(bench_environment(VAR_DIR, None))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)  # others' new migrations
    from django.contrib.auth import get_user_model

    from careermanager.core.management.commands.demo import MEMBER_EMAIL, STAFF_EMAIL

    users = get_user_model().objects
    return users.get(email=MEMBER_EMAIL), users.get(email=STAFF_EMAIL)


def _cookies(member, staff) -> dict[str, str]:
    from bench.server import session_cookie
    from bench.throughput import _guest_cookie

    return {
        "member": "=".join(session_cookie(member)),
        "staff": "=".join(session_cookie(staff, verified=True)),
        "guest": "=".join(_guest_cookie(member)),
    }


def _floor(requests: int) -> dict:
    """The floor's CPU per request and queries, measured in a child process of its own."""
    from django.conf import settings

    env = {
        **os.environ,
        "FLOOR_SECRET_KEY": settings.SECRET_KEY,
        "FLOOR_DATABASE": f"sqlite:{VAR_DIR / 'floor.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "bench.floor.settings",
    }
    (VAR_DIR / "floor.sqlite3").unlink(missing_ok=True)
    prepared = subprocess.run(
        [sys.executable, "-m", "bench.floor.prepare"],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    cookie = json.loads(prepared.stdout)
    measured = subprocess.run(
        [sys.executable, "-m", "bench.cpu", "--floor-child", str(requests)],
        env={**env, "FLOOR_COOKIE": f"{cookie['name']}={cookie['value']}"},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(measured.stdout)


def _floor_child(requests: int) -> None:
    import django

    django.setup()
    request = requester("/", os.environ["FLOOR_COOKIE"])
    status, body = request()
    if not status.startswith("200") or b"signed in as" not in body:
        raise SystemExit(f"The floor answered {status}")
    print(json.dumps({"queries": count_queries(request), "cpu_ms": cpu_ms(request, requests)}))


def _over_http(pages, cookies, seconds: int) -> None:
    """Server CPU per request under gunicorn and wrk, as the throughput benchmark reads it."""
    from django.conf import settings

    from bench import wrk
    from bench.environment import Bench, bench_environment
    from bench.server import gunicorn

    bench = Bench(var_dir=VAR_DIR, env=bench_environment(VAR_DIR, None), database="SQLite")
    floor_env = {
        "FLOOR_SECRET_KEY": settings.SECRET_KEY,
        "FLOOR_DATABASE": f"sqlite:{VAR_DIR / 'floor.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "bench.floor.settings",
    }
    (VAR_DIR / "floor.sqlite3").unlink(missing_ok=True)
    prepared = subprocess.run(
        [sys.executable, "-m", "bench.floor.prepare"],
        env={**os.environ, **floor_env},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    floor_cookie = "{name}={value}".format(**json.loads(prepared.stdout))
    with (
        gunicorn(bench, workers=2) as app,
        gunicorn(
            bench,
            workers=2,
            application="bench.floor.wsgi:application",
            extra_env=floor_env,
            log_name="floor.log",
            preferred_port=8766,
        ) as floor,
    ):
        targets = [("floor", f"http://{floor.host}:{floor.port}/", floor_cookie, floor)]
        targets += [
            (label, f"http://{app.host}:{app.port}{path}", cookies[who], app)
            for label, path, who in pages
        ]
        floor_ms = None
        for label, url, cookie, server in targets:
            wrk.run(url, seconds=1, cookie=cookie)
            run = wrk.run(url, seconds=seconds, cookie=cookie, server=server)
            ms = run.server_cpu_seconds * 1000 / run.requests
            floor_ms = floor_ms or ms
            print(
                f"{label:<20} {ms:7.2f} ms server CPU  {run.per_second:7.1f} req/s  "
                f"ratio by CPU {floor_ms / ms:.2f}  errors {run.errors}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--profile", metavar="PAGE", help="profile one page")
    parser.add_argument("--only", metavar="PAGE", nargs="*", help="measure these pages only")
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--fresh", action="store_true", help="build the database again")
    parser.add_argument("--no-floor", action="store_true", help="do not measure the floor")
    parser.add_argument(
        "--http", type=int, metavar="SECONDS", help="measure under gunicorn and wrk instead"
    )
    parser.add_argument("--floor-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_child:
        _floor_child(args.floor_child)
        return
    member, staff = _prepare(args.fresh)
    from django.urls import reverse

    cookies = _cookies(member, staff)
    chosen = [args.profile] if args.profile else args.only
    pages = [page for page in PAGES if not chosen or page[0] in chosen]
    if not pages:
        raise SystemExit(f"No page called {chosen}; choose from {', '.join(p[0] for p in PAGES)}")
    if args.http:
        paths = [
            (label, reverse(url_name) + (f"?{query}" if query else ""), who)
            for label, url_name, who, query in pages
        ]
        _over_http(paths, cookies, args.http)
        return
    floor = None if args.no_floor or args.profile else _floor(args.requests)
    if floor:
        print(f"{'floor':<20} {floor['queries']:>3} queries {floor['cpu_ms']:7.2f} ms")
    for label, url_name, who, query in pages:
        path = reverse(url_name) + (f"?{query}" if query else "")
        request = requester(path, cookies[who])
        status, _ = request()
        if not status.startswith("200"):
            raise SystemExit(f"{path} answered {status}")
        if args.profile:
            print(profile(request, args.requests))
            continue
        queries = count_queries(request)
        ms = cpu_ms(request, args.requests)
        ratio = f"  ratio {floor['cpu_ms'] / ms:.2f}" if floor else ""
        print(f"{label:<20} {queries:>3} queries {ms:7.2f} ms{ratio}")


if __name__ == "__main__":
    main()
