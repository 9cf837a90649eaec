"""Run the benchmarks and print a report: `make bench`, or `python -m bench [name ...]`.

To add a benchmark, write `bench/<name>.py` with `TITLE`, an optional `TIME_LIMIT` (seconds)
and `run(bench: Bench) -> Section`, then add one line to BENCHMARKS below.
"""

import argparse
import importlib
import os
import platform
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from types import ModuleType

BENCHMARKS = [
    "bench.throughput",
    "bench.queries",
    "bench.reports",
    "bench.cpd",
    "bench.monitoring",
]

DEFAULT_TIME_LIMIT = 180  # seconds per benchmark when the module sets no TIME_LIMIT


class BenchTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds`, so its own `finally` clean-up still runs."""

    def interrupt(signum, frame):
        raise BenchTimeout(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def short_name(dotted: str) -> str:
    return dotted.rsplit(".", 1)[-1]


def select(names: list[str], registry: list[str] = BENCHMARKS) -> list[str]:
    """The registered benchmarks named on the command line, in registry order; all by default."""
    if not names:
        return list(registry)
    known = {short_name(dotted): dotted for dotted in registry}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise SystemExit(f"Unknown benchmark {', '.join(unknown)}; choose from {', '.join(known)}")
    return [dotted for dotted in registry if short_name(dotted) in names]


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _header() -> str:
    import django

    return "\n".join(
        [
            "Career Manager benchmarks",
            f"  {datetime.now():%Y-%m-%d %H:%M}, commit {_commit()}, "
            f"Python {platform.python_version()}, Django {django.get_version()}",
            f"  {os.cpu_count()} CPUs, load average {_load()} (1, 5, 15 min)",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(short_name(dotted) for dotted in BENCHMARKS))
        return 0
    modules: list[ModuleType] = [importlib.import_module(name) for name in select(args.names)]

    from bench.environment import prepare
    from bench.output import render_section

    started = time.perf_counter()
    report: list[str] = []

    def emit(text: str) -> None:
        print(text, flush=True)
        report.append(text)

    emit(_header())
    bench = prepare()
    emit(f"  Database: {bench.database}")
    emit(
        "  Set-up: "
        + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in bench.timings.items())
    )
    failed = []
    for module in modules:
        name = short_name(module.__name__)
        module_started = time.perf_counter()
        try:
            with time_limit(getattr(module, "TIME_LIMIT", DEFAULT_TIME_LIMIT)):
                section = module.run(bench)
        except Exception as error:
            failed.append(name)
            emit(f"\n{module.TITLE}\n{'=' * len(module.TITLE)}\n\nFAILED: {error}")
            traceback.print_exc()
            continue
        emit("\n" + render_section(section))
        emit(f"({name} took {time.perf_counter() - module_started:.1f} s)")
        if section.failures:
            failed.append(name)
    emit(f"\nLoad average now {_load()}. Total time {time.perf_counter() - started:.0f} s.")
    if failed:
        emit(f"FAILED: {', '.join(failed)}")
    (bench.var_dir / "report.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
    print(f"Report saved to {bench.var_dir / 'report.txt'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
