"""`make load`: the production stack under many people at once, judged against its goals.

    python -m bench.loadtest                 # 50 people for 10 minutes, then a spike to 100
    python -m bench.loadtest --quick         # a one-minute rehearsal with fewer people

Starts the production stack of `make prod-check` (PostgreSQL, S3 in moto, app servers under
gunicorn with the deployment's settings, one task worker), seeds members and staff
(bench/loadtest/seed.py), then runs locust headless with the people of
bench/loadtest/locustfile.py. Prints, and writes to var/load/report.md, a table per phase; exits 0
only when the steady phase had no errors and a 95th percentile under 300 ms and the spike none
and under 1 s. It also says how busy the machine was: the load client's own CPU share (a client
that saturates would hide the servers' truth), the servers' and the worker's, and the load average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

from bench.loadtest.results import GOALS, phases, read_records, table
from bench.prod_check.stack import BASE_DIR, BIN, Stack, StackError, make_work_dir
from bench.server import process_group_cpu_seconds

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"
REPORT = BASE_DIR / "var" / "load" / "report.md"


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def load_average() -> str:
    with suppress(OSError):
        return ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return "unknown"


def think_time(text: str) -> tuple[float, float]:
    """ "2,10" -> (2.0, 10.0): the shortest and longest wait between a person's steps."""
    try:
        low, high = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("give two numbers of seconds: 2,10") from None
    if not 0 <= low <= high:
        raise argparse.ArgumentTypeError(
            "the first number must be 0 or more, and not above the second"
        )
    return low, high


def seed(stack: Stack, var_dir: Path, args: argparse.Namespace) -> str:
    env = stack.environment(var_dir) | {"PYTHONPATH": str(BASE_DIR)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.loadtest.seed",
            f"--members={args.members}",
            f"--staff={args.staff}",
            f"--monitoring={args.monitoring}",
        ],
        cwd=var_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if result.returncode != 0:
        raise StackError(f"seeding failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return result.stdout.strip()


def warm_up(stack: Stack, workers: int) -> None:
    """A few requests to every worker of every server, so no person meets a cold process."""
    from bench.prod_check.client import Browser

    browser = Browser(site_url=stack.site_url, servers=stack.servers, timeout=120)
    for name in stack.servers:
        for _ in range(workers * 4):
            for path in ("/health/ready", "/accounts/login/", "/"):
                browser.request(name, "GET", path)


def run_locust(stack: Stack, args: argparse.Namespace, results: Path, log: Path) -> float:
    """Run locust to the end of the profile; the CPU seconds it used itself."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CAREERMANAGER_")}
    env.update(
        {
            "PYTHONPATH": str(BASE_DIR),
            "LOAD_SERVERS": ",".join(f"{host}:{port}" for host, port in stack.servers.values()),
            "LOAD_SITE_URL": stack.site_url,
            "LOAD_MEMBERS": str(args.members),
            "LOAD_STAFF": str(args.staff),
            "LOAD_USERS": str(args.users),
            "LOAD_SPAWN_RATE": str(args.spawn_rate),
            "LOAD_STEADY_SECONDS": str(args.minutes * 60),
            "LOAD_SPIKE_USERS": str(args.spike_users),
            "LOAD_SPIKE_SPAWN_RATE": str(args.spike_rate),
            "LOAD_SPIKE_SECONDS": str(args.spike_seconds),
            "LOAD_THINK": f"{args.think[0]:g},{args.think[1]:g}",
            "LOAD_RESULTS": str(results),
        }
    )
    command = [
        str(BIN / "locust"),
        "--locustfile",
        str(BASE_DIR / "bench" / "loadtest" / "locustfile.py"),
        "--headless",
        "--host",
        stack.site_url,
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",  # the run's own figures decide
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise StackError(f"locust exited with {process.returncode}; see {log}")
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--spike-users", type=int, default=100)
    parser.add_argument("--spike-rate", type=float, default=10)
    parser.add_argument("--spike-seconds", type=float, default=120)
    parser.add_argument(
        "--think",
        type=think_time,
        default=(2.0, 10.0),
        help="seconds each person waits between steps, at least and at most (default 2,10)",
    )
    parser.add_argument("--members", type=int, default=200, help="seeded members (>= users)")
    parser.add_argument("--staff", type=int, default=3, help="staff among the people")
    parser.add_argument("--monitoring", type=int, default=2000, help="monitored members")
    parser.add_argument("--servers", type=int, default=2, help="app servers")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per server")
    parser.add_argument("--quick", action="store_true", help="a one-minute rehearsal")
    parser.add_argument(
        "--pg-url", default=os.environ.get("PRODCHECK_PG_URL", DEFAULT_PG_URL), help="PostgreSQL"
    )
    parser.add_argument("--keep", action="store_true", help="keep the working folder and logs")
    args = parser.parse_args(argv)
    if args.quick:
        args.users, args.minutes, args.spike_users, args.spike_seconds = 10, 1, 20, 20
        args.members, args.monitoring = 30, 200
    if shutil.which("locust", path=str(BIN)) is None:
        print("locust is not installed: run `make load`, which installs it (the load extra).")
        return 2
    args.members = max(args.members, args.users, args.spike_users)

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    work = make_work_dir(keep=args.keep)
    stack = Stack(work=work, pg_base_url=args.pg_url)
    print(f"Load run: working folder {work}; {cpu_count()} CPUs, load average {load_average()}")
    status = 0
    try:
        stack.create_database()
        stack.start_storage()
        release = stack.new_var_dir("release")
        stack.manage("migrate", "--no-input", var_dir=release)
        stack.manage("collectstatic", "--no-input", var_dir=release)
        began = time.monotonic()
        print(f"Seeding: {seed(stack, release, args)} ({time.monotonic() - began:.0f} s)")
        for number in range(args.servers):
            name = chr(ord("A") + number)
            var_dir = stack.new_var_dir(name)
            shutil.copytree(release / "static", var_dir / "static")
            stack.start_app_server(name, var_dir, workers=args.workers)
        stack.start_worker(stack.new_var_dir("worker"))
        print(
            f"{args.servers} app servers of {args.workers} gunicorn workers, one task worker. "
            f"Load: {args.users} people for {args.minutes:g} min, then {args.spike_users} for "
            f"{args.spike_seconds:g} s, each waiting {args.think[0]:g} to {args.think[1]:g} s "
            f"between steps. Load average before: {load_average()}"
        )
        warm_up(stack, args.workers)
        groups = [process.popen.pid for process in stack.processes]
        cpu_before = [process_group_cpu_seconds(group) or 0.0 for group in groups]
        began = time.monotonic()
        locust_cpu = run_locust(stack, args, work / "requests.jsonl", work / "locust.log")
        elapsed = time.monotonic() - began
        cpu_after = [process_group_cpu_seconds(group) or 0.0 for group in groups]
        stack.check_alive()
        server_cpu = sum(cpu_after) - sum(cpu_before)
        found = phases(read_records(work / "requests.jsonl"))
        lines = [
            f"Load run of {time.strftime('%Y-%m-%d %H:%M')} UTC, {elapsed:.0f} s, on "
            f"{cpu_count()} CPUs; load average at the end {load_average()}. {args.users} people, "
            f"then {args.spike_users}, each waiting {args.think[0]:g} to {args.think[1]:g} s "
            "between steps.",
            f"CPU used, as a share of one CPU over the run: load client (locust) "
            f"{locust_cpu / elapsed:.0%}, app servers and the task worker "
            f"{server_cpu / elapsed:.0%}.",
            "",
        ]
        for phase in found:
            verdict = phase.verdict()
            goal = GOALS.get(phase.name)
            judged = (
                f"goal: no errors, p95 under {goal:.0f} ms: "
                + ("met" if verdict is None else f"MISSED ({verdict})")
                if goal
                else "not judged"
            )
            lines += [f"### {phase.name} ({judged})", "", table(phase), ""]
            if phase.errors:
                lines += ["First errors:", *[f"- {error}" for error in phase.errors], ""]
            if verdict:
                status = 1
        if not any(phase.name == "steady" for phase in found):
            lines.append("No request fell in the steady phase.")
            status = 1
        report = "\n".join(lines)
        print("\n" + report)
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(report + "\n", encoding="utf-8")
        print(f"Written to {REPORT}")
    except (StackError, OSError) as exc:
        status = 1
        print(f"\nThe load run FAILED: {exc}\n{stack.logs()}")
    finally:
        stack.close()
    print("load: " + ("goals met" if status == 0 else "FAILED"))
    return status


if __name__ == "__main__":
    sys.exit(main())
