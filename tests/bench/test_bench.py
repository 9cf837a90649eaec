"""The benchmark package imports and its pure parts work; no server, no bench database."""

import importlib
import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import __main__ as runner
from bench.environment import (
    BENCH_DATABASE_NAME,
    bench_database_url,
    bench_environment,
    django_test_environment,
)
from bench.load import LoadClient, Response, Sample, describe_failure, percentile, summarise
from bench.output import BenchError, Section, Table, render_section, render_table
from bench.queries import choose_role, most_repeated, role_label, statement_shape
from bench.server import free_port, process_group_cpu_seconds
from bench.throughput import ratio
from tests.matrix import NOT_FOUND, OK, everyone, members_only


@pytest.mark.parametrize("dotted", runner.BENCHMARKS)
def test_every_registered_benchmark_has_a_title_and_run(dotted):
    module = importlib.import_module(dotted)
    assert module.TITLE
    assert callable(module.run)


def test_select_runs_all_by_default_and_named_ones_in_registry_order():
    registry = ["bench.throughput", "bench.queries", "bench.reports"]
    assert runner.select([], registry) == registry
    assert runner.select(["reports", "throughput"], registry) == [
        "bench.throughput",
        "bench.reports",
    ]
    with pytest.raises(SystemExit, match="Unknown benchmark nope"):
        runner.select(["nope"], registry)


def test_time_limit_interrupts_a_long_block():
    import time

    with pytest.raises(runner.BenchTimeout), runner.time_limit(0.05):
        time.sleep(2)


def test_table_aligns_numbers_right_and_text_left():
    table = Table(["Page", "Req/s", "Requests"])
    table.add("Dashboard", 46.25, 1200)
    table.add("Bare", 81.0, 98)
    lines = render_table(table).splitlines()
    assert lines[0] == "Page       Req/s  Requests"
    assert lines[2] == "Dashboard   46.2     1,200"
    assert lines[3] == "Bare        81.0        98"


def test_table_refuses_a_row_of_the_wrong_width():
    with pytest.raises(ValueError, match="2 cells for 3 headers"):
        Table(["a", "b", "c"]).add(1, 2)


def test_section_lists_its_failures():
    section = Section("Queries per page", ["Some text."], failures=["core:home answered 500"])
    text = render_section(section)
    assert text.startswith("Queries per page\n================\n\nSome text.")
    assert "FAILED (1):\n  - core:home answered 500" in text


def test_percentile_is_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.5) == 50.0
    assert percentile([3.0], 0.95) == 3.0


def test_summary_adds_rounds_together():
    rounds = [Sample("/", 2.0, [0.01] * 100, 1.0), Sample("/", 2.0, [0.03] * 60, 0.6)]
    summary = summarise(rounds)
    assert summary.requests == 160
    assert summary.per_second == 40.0
    assert (summary.slowest_round, summary.fastest_round) == (30.0, 50.0)
    assert summary.median_ms == pytest.approx(10.0)
    assert summary.p95_ms == pytest.approx(30.0)
    assert summary.server_cpu_ms == pytest.approx(10.0)
    assert summarise([Sample("/", 1.0, [0.01])]).server_cpu_ms is None


def test_ratio_of_a_page_to_the_floor():
    assert ratio(50.0, 200.0) == 0.25
    with pytest.raises(BenchError):
        ratio(50.0, 0.0)


def test_a_redirect_to_login_is_blamed_on_the_cookie():
    message = describe_failure(
        "/", Response(302, "/accounts/login/?next=/", b""), "/accounts/login/"
    )
    assert "session cookie is not accepted" in message
    assert describe_failure("/", Response(500, "", b""), "/accounts/login/") == (
        "GET / answered 500, not 200"
    )


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/ok/" and self.headers.get("Cookie") == "sessionid=abc":
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        else:
            self.send_response(302)
            self.send_header("Location", "/accounts/login/?next=/ok/")
            self.send_header("Content-Length", "0")
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def _client(port, cookie):
    return LoadClient(
        "127.0.0.1",
        port,
        headers={"Cookie": cookie},
        threads=2,
        login_path="/accounts/login/",
    )


def test_load_client_counts_successful_requests(local_server):
    sample = _client(local_server, "sessionid=abc").run("/ok/", seconds=0.2)
    assert sample.requests > 0
    assert sample.per_second > 0


def test_load_client_fails_loudly_when_sent_to_login(local_server):
    with pytest.raises(BenchError, match="redirected to the log-in page"):
        _client(local_server, "sessionid=wrong").run("/ok/", seconds=0.2)


def test_load_client_only_talks_to_loopback():
    with pytest.raises(BenchError, match="only talks to loopback"):
        LoadClient("192.0.2.1", 80, headers={}, threads=1, login_path="/login/")


def test_free_port_moves_on_when_the_preferred_one_is_taken():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        assert free_port(busy) != busy


def _stat(pid, comm, pgrp, utime, stime, cutime=0, cstime=0):
    # pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime ...
    return f"{pid} ({comm}) S 1 {pgrp} {pgrp} 0 -1 0 0 0 0 0 {utime} {stime} {cutime} {cstime} 20"


def test_server_cpu_adds_up_its_process_group_only(tmp_path):
    stats = {
        "self": _stat(9, "python", 9, 0, 0),
        "100": _stat(100, "gunicorn: master", 100, 5, 5, 30, 10),
        "101": _stat(101, "gunicorn: worker (a) [x]", 100, 200, 100),
        "102": _stat(102, "python", 555, 900, 900),
    }
    for name, text in stats.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "stat").write_text(text)
    ticks = 5 + 5 + 30 + 10 + 200 + 100
    assert process_group_cpu_seconds(100, tmp_path) == ticks / os.sysconf("SC_CLK_TCK")
    assert process_group_cpu_seconds(100, tmp_path / "missing") is None


def test_role_is_the_member_when_they_may_else_staff_else_nobody():
    assert choose_role(members_only()) == "owner"
    assert choose_role(everyone(NOT_FOUND, staff=OK, admin=OK)) == "staff"
    assert choose_role(everyone(NOT_FOUND, admin=OK)) is None


def test_role_labels_say_whose_object_was_shown():
    assert role_label("owner") == "member"
    assert role_label("owner", newcomer=True) == "new member"
    assert role_label("staff") == "staff"


def test_statements_differing_only_in_values_count_as_one_shape():
    first = """SELECT "t1"."id" FROM "t1" WHERE ("t1"."owner_id" = 12 AND "t1"."name" = 'it''s')"""
    second = """SELECT "t1"."id" FROM "t1" WHERE ("t1"."owner_id" = 7 AND "t1"."name" = 'x')"""
    assert statement_shape(first) == statement_shape(second)
    assert statement_shape("SELECT 1 FROM t WHERE id IN (1, 2, 3)").endswith("IN (...)")
    assert most_repeated([first, second, "SELECT 1"]) == 2
    assert most_repeated([]) == 0


def test_sqlite_or_no_database_url_means_the_bench_sqlite_file():
    assert bench_database_url(None) is None
    assert bench_database_url("sqlite:///var/careermanager.sqlite3") is None


def test_postgres_gets_a_database_of_its_own():
    url = bench_database_url("postgres://me:pw@127.0.0.1:5432/test?sslmode=disable")
    assert url == f"postgres://me:pw@127.0.0.1:5432/{BENCH_DATABASE_NAME}?sslmode=disable"
    with pytest.raises(BenchError, match="drop and recreate"):
        bench_database_url(f"postgres://127.0.0.1/{BENCH_DATABASE_NAME}")
    with pytest.raises(BenchError, match="not mysql"):
        bench_database_url("mysql://127.0.0.1/app")


def test_bench_settings_turn_debug_off_in_development(tmp_path):
    env = bench_environment(tmp_path, None)
    assert env["CAREERMANAGER_DEBUG"] == "false"
    assert env["CAREERMANAGER_ENV"] == "development"
    assert env["CAREERMANAGER_VAR_DIR"] == str(tmp_path)
    assert env["CAREERMANAGER_ALLOWED_HOSTS"] == "127.0.0.1"
    assert "DATABASE_URL" not in env


def test_django_test_environment_leaves_an_outer_set_up_in_place(settings):
    from django.test.utils import _TestState

    # pytest-django has already set the test environment up; nesting must not tear it down.
    with django_test_environment():
        assert "testserver" in settings.ALLOWED_HOSTS
    assert hasattr(_TestState, "saved_data")


WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:8766/
  2 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     7.61ms    1.20ms  20.05ms   80.00%
    Req/Sec   650.00     40.00   700.00     70.00%
  2600 requests in 2.01s, 1.10MB read
  Socket errors: connect 0, read 2600, write 0, timeout 1
  Non-2xx or 3xx responses: 3
Requests/sec:   1293.53
Transfer/sec:    560.10KB
"""


def test_wrk_output_is_read_with_its_failures():
    from bench.wrk import parse

    requests, seconds, per_second, errors = parse(WRK_OUTPUT)
    assert (requests, seconds, per_second) == (2600, 2.01, 1293.53)
    # Read errors are the server closing after each answer; the timeout and non-2xx count.
    assert errors == 4


def test_unreadable_wrk_output_is_an_error():
    from bench.wrk import parse

    with pytest.raises(BenchError, match="Cannot read wrk"):
        parse("wrk: command failed")


def test_floor_settings_are_the_startproject_middleware_without_the_app(monkeypatch):
    monkeypatch.setenv("FLOOR_SECRET_KEY", "x")
    monkeypatch.setenv("FLOOR_DATABASE", "sqlite:/tmp/floor.sqlite3")
    import bench.floor.settings as floor

    floor = importlib.reload(floor)
    assert not any(app.startswith("careermanager") for app in floor.INSTALLED_APPS)
    assert "django.contrib.sessions.middleware.SessionMiddleware" in floor.MIDDLEWARE
    assert floor.DEBUG is False
