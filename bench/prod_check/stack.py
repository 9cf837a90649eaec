"""The production stack on this machine for the length of a `with` block.

PostgreSQL (a database of its own, created and dropped here), an S3-compatible server (moto in
server mode) with one bucket, two app servers under gunicorn, each in an empty working
directory of its own, and one task worker. Everything started here is stopped, and the
database dropped, however the block ends.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
SITE_URL = "https://careers.prodcheck.test"
BUCKET = "careermanager-prodcheck"
# moto accepts any credentials; these show that the settings pass them on.
S3_ACCESS_KEY = "prodcheck"
S3_SECRET_KEY = "prodcheck-secret"  # noqa: S105
START_TIMEOUT = 90.0  # seconds for a server to answer after it is started


class StackError(Exception):
    """Part of the stack could not be started or did not answer."""


def free_port(host: str = HOST) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def database_url(base: str, name: str) -> str:
    """The URL of database `name` on the server of `base` (postgres://user@host:port/any)."""
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def log_tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty log)"


def files_outside(root: Path, allowed: tuple[str, ...]) -> list[str]:
    """Files under root, relative to it, that are not under one of the allowed folders."""
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and relative.parts[0] not in allowed:
            found.append(str(relative))
    return found


def left_behind(database: str) -> bool:
    """Whether a check database belongs to a run whose process is gone (killed outright)."""
    pid = database.removeprefix("prodcheck_")
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


# Started through this, a server or worker gets SIGTERM when this run's process dies, even
# when it is killed outright and cannot stop them itself (Linux; elsewhere it just runs).
ORPHAN_GUARD = (
    "import ctypes, os, signal, sys\n"
    "try:\n"
    "    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG\n"
    "except (AttributeError, OSError):\n"
    "    pass\n"
    "if os.getppid() == int(sys.argv[1]):\n"
    "    os.execv(sys.argv[2], sys.argv[2:])\n"
)


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def stop(self) -> None:
        """Stop the process and any children (it leads its own process group)."""
        if self.popen.poll() is not None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=5)


@dataclass
class Stack:
    """What the journey needs to know about the running stack."""

    work: Path
    pg_base_url: str
    say: Callable[[str], None] = print
    database: str = field(default_factory=lambda: f"prodcheck_{os.getpid()}")
    servers: dict[str, tuple[str, int]] = field(default_factory=dict)
    var_dirs: dict[str, Path] = field(default_factory=dict)
    processes: list[Process] = field(default_factory=list)
    s3_endpoint: str = ""
    _moto: object | None = None
    _database_created: bool = False

    # -- environment -------------------------------------------------------------------------
    site_url = SITE_URL

    @property
    def database_url(self) -> str:
        return database_url(self.pg_base_url, self.database)

    def environment(self, var_dir: Path) -> dict[str, str]:
        """The production profile, as an institution would set it, for one process."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("CAREERMANAGER_", "DJANGO_", "AWS_"))
        }
        env.update(
            {
                "CAREERMANAGER_ENV": "production",
                "CAREERMANAGER_SECRET_KEY": self.secret_key,
                "CAREERMANAGER_ALLOWED_HOSTS": urlsplit(SITE_URL).hostname or "",
                "CAREERMANAGER_SITE_URL": SITE_URL,
                "CAREERMANAGER_BEHIND_PROXY": "true",
                "CAREERMANAGER_VAR_DIR": str(var_dir),
                "DATABASE_URL": self.database_url,
                "CAREERMANAGER_EMAIL": "outbox",
                "CAREERMANAGER_TASKS": "database",
                "CAREERMANAGER_S3_BUCKET": BUCKET,
                "CAREERMANAGER_S3_ENDPOINT": self.s3_endpoint,
                "CAREERMANAGER_S3_REGION": "us-east-1",
                "CAREERMANAGER_S3_ACCESS_KEY": S3_ACCESS_KEY,
                "CAREERMANAGER_S3_SECRET_KEY": S3_SECRET_KEY,
                "CAREERMANAGER_LOG_LEVEL": "INFO",  # a line per request, shown on failure
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))

    # -- parts -------------------------------------------------------------------------------
    def create_database(self) -> None:
        import psycopg

        try:
            with psycopg.connect(self.pg_base_url, autocommit=True, connect_timeout=5) as conn:
                for (name,) in conn.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE 'prodcheck\\_%'"
                ).fetchall():
                    if left_behind(name):
                        self.say(f"\n     dropping {name}, left by a run that was killed")
                        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{self.database}"')
        except psycopg.Error as exc:
            raise StackError(
                f"cannot create database {self.database} at {self.pg_base_url}: {exc}"
            ) from exc
        self._database_created = True

    def drop_database(self) -> None:
        if not self._database_created:
            return
        import psycopg

        with psycopg.connect(self.pg_base_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        self._database_created = False

    def start_storage(self) -> None:
        """moto's S3 in server mode, in a thread of this process, and the bucket in it."""
        import logging

        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per S3 request
        server = ThreadedMotoServer(ip_address=HOST, port=free_port(), verbose=False)
        server.start()
        self._moto = server
        host, port = server.get_host_and_port()
        self.s3_endpoint = f"http://{host}:{port}"
        self.s3().create_bucket(Bucket=BUCKET)

    def s3(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            region_name="us-east-1",
            aws_access_key_id=S3_ACCESS_KEY,
            aws_secret_access_key=S3_SECRET_KEY,
        )

    def stored_keys(self, prefix: str = "") -> list[str]:
        listing = self.s3().list_objects_v2(Bucket=BUCKET, Prefix=prefix)
        return [item["Key"] for item in listing.get("Contents", [])]

    def stored_object(self, key: str) -> bytes:
        return self.s3().get_object(Bucket=BUCKET, Key=key)["Body"].read()

    def new_var_dir(self, name: str) -> Path:
        path = self.work / f"var-{name}"
        path.mkdir()
        self.var_dirs[name] = path
        return path

    def manage(self, *args: str, var_dir: Path, timeout: float = 300) -> str:
        """Run a management command with the production profile; its output, or StackError."""
        result = subprocess.run(
            [str(BIN / "careermanager"), *args],
            cwd=var_dir,
            env=self.environment(var_dir),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise StackError(
                f"careermanager {' '.join(args)} failed ({result.returncode}):\n"
                f"{(result.stdout + result.stderr)[-3000:]}"
            )
        return result.stdout

    def start(self, name: str, command: list[str], var_dir: Path) -> Process:
        log = self.work / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                [sys.executable, "-c", ORPHAN_GUARD, str(os.getpid()), *command],
                cwd=var_dir,
                env=self.environment(var_dir),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        process = Process(name, popen, log)
        self.processes.append(process)
        return process

    def start_app_server(self, name: str, var_dir: Path, workers: int = 1) -> None:
        port = free_port()
        process = self.start(
            f"server-{name}",
            [
                str(BIN / "gunicorn"),
                "careermanager.wsgi",
                # The settings shipped for deployments, with one worker each for the smoke
                # run: two servers of one process each show any state kept in a process.
                "--config",
                str(BASE_DIR / "deploy" / "gunicorn.conf.py"),
                "--workers",
                str(workers),
                "--bind",
                f"{HOST}:{port}",
                "--graceful-timeout",
                "5",
            ],
            var_dir,
        )
        self.servers[name] = (HOST, port)
        self._wait_listening(process, port)

    def _wait_listening(self, process: Process, port: int) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.popen.poll() is not None:
                raise StackError(
                    f"{process.name} exited with {process.popen.returncode}:\n"
                    f"{log_tail(process.log)}"
                )
            with suppress(OSError), socket.create_connection((HOST, port), timeout=1):
                return
            time.sleep(0.2)
        raise StackError(f"{process.name} did not listen on {HOST}:{port} in {START_TIMEOUT:.0f} s")

    def start_worker(self, var_dir: Path) -> Process:
        return self.start(
            "worker",
            [str(BIN / "careermanager"), "db_worker", "--interval", "0.5", "--no-startup-delay"],
            var_dir,
        )

    def check_alive(self) -> None:
        """Fail if a server or the worker has stopped on its own."""
        for process in self.processes:
            if process.popen.poll() is not None:
                raise StackError(
                    f"{process.name} stopped with {process.popen.returncode}:\n"
                    f"{log_tail(process.log)}"
                )

    def logs(self) -> str:
        return "\n".join(
            f"--- {process.name} ({process.log}) ---\n{log_tail(process.log)}"
            for process in self.processes
        )

    # -- lifetime ----------------------------------------------------------------------------
    def close(self) -> None:
        problems = []
        for process in reversed(self.processes):
            try:
                process.stop()
            except Exception as exc:
                problems.append(f"stopping {process.name}: {exc}")
        if self._moto is not None:
            with suppress(Exception):
                self._moto.stop()
        try:
            self.drop_database()
        except Exception as exc:
            problems.append(f"dropping database {self.database}: {exc}")
        if problems:
            self.say("Clean-up problems: " + "; ".join(problems))


def make_work_dir(keep: bool) -> Path:
    path = Path(tempfile.mkdtemp(prefix="careermanager-prodcheck-"))
    if not keep:
        import atexit

        atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path
