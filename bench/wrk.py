"""Run wrk (https://github.com/wg/wrk, Debian's package `wrk`) and read what it prints.

wrk is written in C and drives many connections from one thread with an event loop, so on
this machine it needs a small share of one CPU where the app needs both: unlike a Python
client it is not what limits the rate. Each run reports wrk's own CPU time, so the report can
show that.
"""

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass

from bench.output import BenchError

INSTALL_HINT = (
    "wrk is not installed: `make bench` installs it with apt-get when it can "
    "(apt-get install wrk, Debian's package)"
)

_UNITS = {"": 1, "k": 1_000, "m": 1_000_000}


@dataclass(frozen=True)
class WrkResult:
    path: str
    connections: int
    seconds: float
    requests: int
    per_second: float
    errors: int  # non-2xx/3xx answers, socket errors and timeouts
    client_cpu_seconds: float  # wrk's own user and system CPU time
    server_cpu_seconds: float | None = None

    @property
    def client_cpu_share(self) -> float:
        """wrk's CPU time as a share of one CPU over the run (0.25 = a quarter of one CPU)."""
        return self.client_cpu_seconds / self.seconds if self.seconds else 0.0


def available() -> str | None:
    return shutil.which("wrk")


def _count(text: str) -> int:
    match = re.fullmatch(r"([\d.]+)([kKmM]?)", text)
    if not match:
        raise ValueError(text)
    return round(float(match.group(1)) * _UNITS[match.group(2).lower()])


def parse(output: str) -> tuple[int, float, float, int]:
    """(requests, seconds, requests per second, errors) from wrk's summary."""
    done = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)\b", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not done or not rate:
        raise BenchError(f"Cannot read wrk's output:\n{output}")
    seconds = float(done.group(2)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[done.group(3)]
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        # A closed connection shows as a read error with servers that close after each answer
        # (gunicorn's sync workers), so only connect, write and timeout errors count.
        errors += sum(int(socket_errors.group(n)) for n in (1, 3, 4))
    return int(done.group(1)), seconds, float(rate.group(1)), errors


def run(
    url: str,
    *,
    seconds: float,
    connections: int = 10,
    threads: int = 2,
    cookie: str | None = None,
    server=None,
) -> WrkResult:
    """Load url for `seconds` with wrk; server (bench.server.Server) adds its CPU time."""
    binary = available()
    if binary is None:
        raise BenchError(INSTALL_HINT)
    command = [binary, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(url)
    server_before = server.cpu_seconds() if server else None
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=os.environ
    )
    started = time.perf_counter()
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    server_after = server.cpu_seconds() if server else None
    if process.returncode != 0:
        raise BenchError(f"wrk exited with {process.returncode}:\n{output}")
    requests, measured, per_second, errors = parse(output)
    path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
    return WrkResult(
        path=path,
        connections=connections,
        seconds=measured or elapsed,
        requests=requests,
        per_second=per_second,
        errors=errors,
        client_cpu_seconds=usage.ru_utime + usage.ru_stime,
        server_cpu_seconds=(
            server_after - server_before
            if server_before is not None and server_after is not None
            else None
        ),
    )
