"""Run the app under gunicorn on loopback for the length of a `with` block."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.environment import BASE_DIR, Bench
from bench.output import BenchError

HOST = "127.0.0.1"
PREFERRED_PORT = 8765
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    workers: int
    log: Path
    pid: int

    def last_log_line(self) -> str:
        """The server log's last line (an error's last line names it), and where the log is."""
        lines = _log_tail(self.log, 1)
        return f"Last line of {self.log}: {lines}" if lines else f"The server log is {self.log}"

    def cpu_seconds(self) -> float | None:
        """CPU time used so far by gunicorn and its workers; None where /proc is missing."""
        return process_group_cpu_seconds(self.pid)


def _stat_fields(text: str) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name, which may hold spaces."""
    return text.rsplit(")", 1)[1].split()


def process_group_cpu_seconds(group: int, proc: Path = Path("/proc")) -> float | None:
    """User and system CPU of every process in the group, and of reaped children (Linux)."""
    if not (proc / "self" / "stat").exists():
        return None
    ticks = 0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat_fields((entry / "stat").read_text())
        except OSError:
            continue  # the process ended while we looked
        # Fields from "state": 0 state, 2 pgrp, 11 utime, 12 stime, 13 cutime, 14 cstime.
        if int(fields[2]) == group:
            ticks += sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def free_port(preferred: int = PREFERRED_PORT, host: str = HOST) -> int:
    """The preferred port when nothing listens there, otherwise one the system picks."""
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            # As gunicorn does, so connections of a previous run in TIME_WAIT do not count.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise BenchError(f"No free port on {host}")


def session_cookie(user, *, verified: bool = False) -> tuple[str, str]:
    """A signed-in session for user in the bench database: (cookie name, value).

    With verified, the session has passed two-factor sign-in (staff need it), with an
    authenticator created for the user if they have none.
    """
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    if verified:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "Bench authenticator"}
        )
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value


def _log_tail(log: Path, lines: int = 20) -> str:
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join([line for line in text.splitlines() if line.strip()][-lines:])


def _wait_until_listening(process: subprocess.Popen, host: str, port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}:\n{_log_tail(log)}")
        try:
            socket.create_connection((host, port), timeout=1).close()
        except OSError:
            time.sleep(0.2)
            continue
        return
    raise BenchError(f"gunicorn did not listen on {host}:{port} in {START_TIMEOUT:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    """Stop gunicorn and its workers: they share the process group it leads."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, STOP_TIMEOUT), (signal.SIGKILL, STOP_TIMEOUT)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def gunicorn(
    bench: Bench,
    *,
    workers: int = 2,
    application: str = "careermanager.wsgi:application",
    extra_env: dict[str, str] | None = None,
    log_name: str = "gunicorn.log",
    preferred_port: int = PREFERRED_PORT,
) -> Iterator[Server]:
    """Serve the app (or another WSGI application, such as the floor) with gunicorn sync
    workers; always stopped on leaving the block."""
    port = free_port(preferred_port)
    log = bench.var_dir / log_name
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        application,
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=30",
        "--graceful-timeout=5",
        "--log-level=warning",
    ]
    env = {**os.environ, **bench.env, **(extra_env or {})}
    with log.open("w") as log_file:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            # Its own process group, so stopping it reaches the workers and nothing else.
            start_new_session=True,
        )
    try:
        _wait_until_listening(process, HOST, port, log)
        yield Server(host=HOST, port=port, workers=workers, log=log, pid=process.pid)
    finally:
        try:
            _stop(process)
        except BaseException:
            # Interrupted while stopping (a time limit, Ctrl-C): leave nothing running.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            raise
