"""Requests per second of the dashboard and of the bare signed-in page, from one gunicorn run.

The bare page (`core:bare`) costs what every signed-in request costs: middleware, session,
user. The dashboard adds what the apps put on it. Both are measured with the same client in
alternating rounds, so a neighbour's burst of CPU use lands on both and the ratio stays fair.
The CPU time gunicorn spends per request is measured too: on a shared machine it moves less
than requests per second do.
"""

from django.utils.html import escape

from bench.environment import Bench
from bench.load import LoadClient, Sample, describe_failure, summarise
from bench.output import BenchError, Section, Table
from bench.server import gunicorn, session_cookie

TITLE = "Throughput"
TIME_LIMIT = 120  # seconds, from starting gunicorn to stopping it

WORKERS = 2
CLIENT_THREADS = 4
WARM_UP_SECONDS = 2.0
ROUNDS = 6
ROUND_SECONDS = 2.0
FIRST_RESPONSE_TIMEOUT = 30.0  # workers import Django before they answer


def pages() -> dict[str, str]:
    from django.urls import reverse

    return {"Dashboard": reverse("core:home"), "Bare": reverse("core:bare")}


def ratio(dashboard_per_second: float, bare_per_second: float) -> float:
    if bare_per_second <= 0:
        raise BenchError("The bare page served no requests")
    return dashboard_per_second / bare_per_second


def _check_signed_in(client: LoadClient, member, paths: dict[str, str]) -> None:
    """Both pages must answer 200 and show that the demo member is the one signed in."""
    expected = {
        paths["Dashboard"]: f"Hello, {escape(member.display_name)}".encode(),
        paths["Bare"]: f"signed in as {member.pk}".encode(),
    }
    for path, text in expected.items():
        response = client.get(path, timeout=FIRST_RESPONSE_TIMEOUT)
        if response.status != 200:
            raise BenchError(describe_failure(path, response, client.login_path))
        if text not in response.body:
            raise BenchError(
                f"GET {path} does not show {text.decode()!r}, so the demo member is not signed "
                "in: the session cookie was not accepted"
            )


def _measure(client: LoadClient, server, path: str, seconds: float) -> Sample:
    cpu_before = server.cpu_seconds()
    sample = client.run(path, seconds=seconds)
    cpu_after = server.cpu_seconds()
    if cpu_before is not None and cpu_after is not None:
        sample.server_cpu_seconds = cpu_after - cpu_before
    return sample


def run(bench: Bench) -> Section:
    from django.urls import reverse

    paths = pages()
    cookie_name, cookie_value = session_cookie(bench.member)
    samples: dict[str, list[Sample]] = {name: [] for name in paths}
    with gunicorn(bench, workers=WORKERS) as server:
        client = LoadClient(
            server.host,
            server.port,
            headers={"Cookie": f"{cookie_name}={cookie_value}"},
            threads=CLIENT_THREADS,
            login_path=reverse("accounts:login"),
        )
        try:
            _check_signed_in(client, bench.member, paths)
            for path in paths.values():
                client.run(path, seconds=WARM_UP_SECONDS)
            for _ in range(ROUNDS):
                for name, path in paths.items():
                    samples[name].append(_measure(client, server, path, ROUND_SECONDS))
        except BenchError as error:
            raise BenchError(f"{error}. {server.last_log_line()}") from error

    summaries = {name: summarise(found) for name, found in samples.items()}
    dashboard, bare = summaries["Dashboard"], summaries["Bare"]
    section = Section(TITLE)
    section.add(
        f"gunicorn, {WORKERS} sync workers on {server.host}:{server.port}, DEBUG off; "
        f"{CLIENT_THREADS} client threads, one connection per request, signed in as the demo "
        f"member. Warm-up {WARM_UP_SECONDS:g} s per page, then {ROUNDS} alternating rounds of "
        f"{ROUND_SECONDS:g} s per page. Every response was 200."
    )
    table = Table(
        [
            "Page",
            "Path",
            "Requests",
            "Req/s",
            "Slowest round",
            "Fastest round",
            "Median ms",
            "95th pct ms",
            "Server CPU ms/req",
        ]
    )
    for name, summary in summaries.items():
        table.add(
            name,
            summary.path,
            summary.requests,
            summary.per_second,
            summary.slowest_round,
            summary.fastest_round,
            summary.median_ms,
            summary.p95_ms,
            summary.server_cpu_ms,
        )
    section.add(table)
    share = ratio(dashboard.per_second, bare.per_second)
    lines = [
        f"Dashboard / bare, requests per second: {share:.2f} (the dashboard serves {share:.0%} "
        "as many requests per second as the bare signed-in page)."
    ]
    if dashboard.server_cpu_ms and bare.server_cpu_ms:
        by_cpu = bare.server_cpu_ms / dashboard.server_cpu_ms
        lines.append(
            f"Dashboard / bare, by server CPU per request: {by_cpu:.2f} (what the ratio would be "
            "if the server had the CPUs to itself; other load on the machine moves it less)."
        )
    section.add("\n".join(lines))
    return section
