"""A throwaway database with the demo data, shared by every benchmark in one run.

SQLite under var/bench/ by default. When DATABASE_URL names a PostgreSQL server, the benchmarks
use a database of their own on that server (BENCH_DATABASE_NAME), dropped and created afresh,
so the development and test databases are never touched.
"""

import io
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.output import BenchError

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var" / "bench"
BENCH_DATABASE_NAME = "careermanager_bench"
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")


@dataclass
class Bench:
    """What a benchmark gets: the prepared database, its demo people, the server environment."""

    var_dir: Path
    # Environment for processes that must see the same database and secret key (gunicorn).
    env: dict[str, str]
    database: str
    member: object = None
    staff: object = None
    timings: dict[str, float] = field(default_factory=dict)


@contextmanager
def django_test_environment() -> Iterator[None]:
    """Django's test set-up for in-process requests: mail kept in memory, 'testserver' allowed.

    Safe to nest: only the outermost use sets it up and tears it down.
    """
    from django.test.utils import _TestState, setup_test_environment, teardown_test_environment

    if hasattr(_TestState, "saved_data"):
        yield
        return
    setup_test_environment()
    try:
        yield
    finally:
        teardown_test_environment()


def bench_environment(var_dir: Path, database_url: str | None) -> dict[str, str]:
    """The settings every benchmark process runs with: development, DEBUG off."""
    env = {
        "DJANGO_SETTINGS_MODULE": "careermanager.settings",
        # Development keeps plain HTTP (no HTTPS redirect or secure cookies) on loopback.
        "CAREERMANAGER_ENV": "development",
        "CAREERMANAGER_DEBUG": "false",
        "CAREERMANAGER_VAR_DIR": str(var_dir),
        "CAREERMANAGER_ALLOWED_HOSTS": "127.0.0.1",
        "CAREERMANAGER_EMAIL": "outbox",
        "CAREERMANAGER_TASKS": "immediate",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def bench_database_url(database_url: str | None) -> str | None:
    """The URL of the benchmarks' own database; None means SQLite under var/bench/."""
    if not database_url or database_url.split(":", 1)[0].startswith("sqlite"):
        return None
    parts = urlsplit(database_url)
    if parts.scheme not in POSTGRES_SCHEMES:
        raise BenchError(
            f"DATABASE_URL: the benchmarks run on SQLite or PostgreSQL, not {parts.scheme}"
        )
    if parts.path.lstrip("/") == BENCH_DATABASE_NAME:
        raise BenchError(
            f"DATABASE_URL already names {BENCH_DATABASE_NAME}, which the benchmarks drop and "
            "recreate; point it at your usual database instead."
        )
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE_NAME}"))


def _recreate_postgres_database(url: str, original_url: str) -> None:
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    # Connect to the maintenance database, or failing that the configured one, to drop ours.
    candidates = [urlunsplit(urlsplit(url)._replace(path="/postgres")), original_url]
    last_error = None
    for candidate in candidates:
        try:
            connection = psycopg.connect(candidate, autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as error:
            last_error = error
            continue
        with connection:
            force = (
                sql.SQL(" WITH (FORCE)")
                if connection.info.server_version >= 130000
                else sql.SQL("")
            )
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}{}").format(sql.Identifier(name), force)
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return
    raise BenchError(f"Cannot reach PostgreSQL to create {name}: {last_error}")


def _reset_var_dir(var_dir: Path) -> None:
    if var_dir.exists():
        shutil.rmtree(var_dir)
    var_dir.mkdir(parents=True)


def prepare(var_dir: Path = VAR_DIR) -> Bench:
    """Recreate the bench database, migrate it and load the demo data; set Django up."""
    import time

    timings = {}
    started = time.perf_counter()
    original_url = os.environ.get("DATABASE_URL")
    database_url = bench_database_url(original_url)
    _reset_var_dir(var_dir)
    env = bench_environment(var_dir, database_url)
    if database_url:
        _recreate_postgres_database(database_url, original_url)
        database = f"PostgreSQL, database {BENCH_DATABASE_NAME} (recreated)"
    else:
        os.environ.pop("DATABASE_URL", None)
        database = f"SQLite, {var_dir.relative_to(BASE_DIR)}/careermanager.sqlite3 (recreated)"
    os.environ.update(env)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    timings["database"] = time.perf_counter() - started

    from careermanager.core.management.commands.demo import MEMBER_EMAIL, STAFF_EMAIL

    started = time.perf_counter()
    call_command("demo", force=True, stdout=io.StringIO())
    timings["demo data"] = time.perf_counter() - started

    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    return Bench(
        var_dir=var_dir,
        env=env,
        database=database,
        member=users.get(email=MEMBER_EMAIL),
        staff=users.get(email=STAFF_EMAIL),
        timings=timings,
    )
