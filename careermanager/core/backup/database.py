"""The database's side of a backup: a consistent snapshot, its migrations, putting it back."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection
from django.db.backends.postgresql.client import DatabaseClient as PostgresClient
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from careermanager.core.backup.archive import DATABASE_ENTRY, BackupError

CLIENT_PACKAGE = "postgresql-client"  # the Debian package with pg_dump and pg_restore


def engine_in_use() -> str:
    if connection.vendor not in DATABASE_ENTRY:
        raise BackupError(
            f"Backups support SQLite and PostgreSQL; this installation uses {connection.vendor}."
        )
    return connection.vendor


def latest_migrations() -> dict[str, str]:
    """The latest applied migration of each app, in the order the migration graph gives."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    applied = MigrationRecorder(connection).applied_migrations()
    latest: dict[str, tuple[int, str]] = {}
    for app, name in applied:
        node = (app, name)
        depth = len(graph.forwards_plan(node)) if node in graph.nodes else 0
        if (depth, name) > latest.get(app, (-1, "")):
            latest[app] = (depth, name)
    return {app: name for app, (_depth, name) in sorted(latest.items())}


def _postgres_env() -> tuple[dict[str, str], str]:
    """libpq's environment for the configured database, and its name; no secret on argv."""
    settings_dict = connection.settings_dict
    _args, env = PostgresClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(env or {})}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    name = settings_dict.get("NAME") or ""
    if name:
        env["PGDATABASE"] = name
    return env, name


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found. Install the PostgreSQL client programs, of the server's "
            f"major version or newer (on Debian and Ubuntu: apt-get install {CLIENT_PACKAGE})."
        )
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def snapshot_database(engine: str, target: Path) -> None:
    """A consistent copy of the whole database in one file."""
    if engine == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # One step: the source is read under one lock, so the copy is one moment's state.
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
        return
    env, _name = _postgres_env()
    # pg_dump reads in one repeatable-read transaction: a consistent snapshot.
    _run([_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"], env)


def restore_database(engine: str, snapshot: Path) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(snapshot)
        try:
            source.backup(connection.connection)  # replaces the whole database
        finally:
            source.close()
        connection.close()
        return
    pg_restore = _tool("pg_restore")
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        # An empty installation may have been migrated, by this version or a newer one: start
        # from no tables, so that `migrate` afterwards finds what the backup had.
        if tables:
            quoted = ", ".join(connection.ops.quote_name(table) for table in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {quoted} CASCADE")
    connection.close()
    env, name = _postgres_env()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--no-password",
            f"--dbname={name}",
            str(snapshot),
        ],
        env,
    )
