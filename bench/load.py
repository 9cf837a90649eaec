"""A small HTTP load client: a few threads, loopback only, one connection per request."""

import http.client
import ipaddress
import math
import statistics
import threading
import time
from dataclasses import dataclass, field

from bench.output import BenchError

REQUEST_TIMEOUT = 15.0


@dataclass(frozen=True)
class Response:
    status: int
    location: str
    body: bytes


@dataclass
class Sample:
    """Requests to one path during one timed phase."""

    path: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    # CPU time the server spent in the phase, when it could be read.
    server_cpu_seconds: float | None = None

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Summary:
    """Several samples of one path taken together."""

    path: str
    requests: int
    seconds: float
    per_second: float
    slowest_round: float
    fastest_round: float
    median_ms: float
    p95_ms: float
    server_cpu_ms: float | None  # per request


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of values fall (nearest rank)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = min(max(math.ceil(fraction * len(ordered)), 1), len(ordered))
    return ordered[rank - 1]


def summarise(samples: list[Sample]) -> Summary:
    if not samples:
        raise ValueError("no samples")
    latencies = [latency for sample in samples for latency in sample.latencies]
    if not latencies:
        raise BenchError(f"No request to {samples[0].path} completed")
    seconds = sum(sample.seconds for sample in samples)
    rates = [sample.per_second for sample in samples]
    cpu = [sample.server_cpu_seconds for sample in samples]
    server_cpu_ms = None if None in cpu else sum(cpu) / len(latencies) * 1000
    return Summary(
        path=samples[0].path,
        requests=len(latencies),
        seconds=seconds,
        per_second=len(latencies) / seconds,
        slowest_round=min(rates),
        fastest_round=max(rates),
        median_ms=statistics.median(latencies) * 1000,
        p95_ms=percentile(latencies, 0.95) * 1000,
        server_cpu_ms=server_cpu_ms,
    )


def describe_failure(path: str, response: Response, login_path: str) -> str:
    if response.status in (301, 302, 303, 307, 308) and response.location.startswith(login_path):
        return (
            f"GET {path} redirected to the log-in page ({response.location}): "
            "the session cookie is not accepted"
        )
    where = f" to {response.location}" if response.location else ""
    return f"GET {path} answered {response.status}{where}, not 200"


class LoadClient:
    def __init__(
        self, host: str, port: int, *, headers: dict[str, str], threads: int, login_path: str
    ):
        if not ipaddress.ip_address(host).is_loopback:
            raise BenchError(f"The load client only talks to loopback, not {host}")
        self.host = host
        self.port = port
        self.headers = {**headers, "Connection": "close"}
        self.threads = threads
        self.login_path = login_path

    def get(self, path: str, *, timeout: float = REQUEST_TIMEOUT) -> Response:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request("GET", path, headers=self.headers)
            response = connection.getresponse()
            body = response.read()
            return Response(response.status, response.getheader("Location", ""), body)
        finally:
            connection.close()

    def run(self, path: str, *, seconds: float) -> Sample:
        """Request path from every thread until `seconds` have passed; every answer must be 200."""
        stop = threading.Event()
        failures: list[str] = []
        latencies: list[list[float]] = [[] for _ in range(self.threads)]
        deadline = time.perf_counter() + seconds

        def worker(mine: list[float]) -> None:
            while not stop.is_set() and time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    response = self.get(path)
                except OSError as error:
                    failures.append(f"GET {path}: {error!r}")
                    stop.set()
                    return
                if response.status != 200:
                    failures.append(describe_failure(path, response, self.login_path))
                    stop.set()
                    return
                mine.append(time.perf_counter() - started)

        threads = [threading.Thread(target=worker, args=(mine,), daemon=True) for mine in latencies]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        try:
            for thread in threads:
                thread.join()
        finally:
            stop.set()
        elapsed = time.perf_counter() - started
        if failures:
            raise BenchError(failures[0])
        return Sample(path, elapsed, [value for mine in latencies for value in mine])
