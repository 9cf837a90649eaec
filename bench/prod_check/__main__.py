"""`make prod-check`: the production profile on PostgreSQL, two app servers, a worker, S3.

    python -m bench.prod_check [--pg-url postgres://postgres@127.0.0.1:5432/postgres] [--keep]

Starts the stack (bench/prod_check/stack.py), walks a new member through it
(bench/prod_check/journey.py), prints each step with its time, and exits 0 only if every step
worked and the app servers and the worker wrote nothing to their own disks. It always stops what
it started and drops its database.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable

from bench.prod_check.client import JourneyError
from bench.prod_check.stack import Stack, StackError, files_outside, make_work_dir

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"
TIME_LIMIT = 480  # seconds for the whole run; a stuck step fails (and cleans up) rather than
# waits for CI to kill it


class Failed(Exception):
    pass


class Steps:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.count = 0

    def __call__(self, name: str, action: Callable[[], str | None]) -> None:
        self.count += 1
        begun = time.monotonic()
        print(f"[{self.count:2d}] {name} ...", end="", flush=True)
        try:
            detail = action()
        except (JourneyError, StackError) as exc:
            print(f" FAILED after {time.monotonic() - begun:.1f} s")
            raise Failed(f"{name}: {exc}") from exc
        note = f"  ({detail})" if detail else ""
        print(f" ok {time.monotonic() - begun:.1f} s{note}", flush=True)


def bring_up(stack: Stack, step: Steps) -> None:
    step("PostgreSQL: create the database", lambda: stack.create_database() or stack.database)
    step("S3: moto in server mode, bucket", lambda: stack.start_storage() or stack.s3_endpoint)
    build = stack.new_var_dir("release")

    def release() -> str:
        stack.manage("migrate", "--no-input", var_dir=build)
        stack.manage("collectstatic", "--no-input", var_dir=build)
        return "migrate, collectstatic"

    step("release: migrate and collect static files", release)
    # Each server and the worker get an empty directory of their own, with only the release's
    # static files in it (as an image or package built once would bring them).
    for name in ("A", "B"):
        var_dir = stack.new_var_dir(name)
        shutil.copytree(build / "static", var_dir / "static")
    worker_dir = stack.new_var_dir("worker")

    def servers() -> str:
        stack.start_app_server("A", stack.var_dirs["A"])
        stack.start_app_server("B", stack.var_dirs["B"])
        return ", ".join(f"{name} on :{port}" for name, (_, port) in stack.servers.items())

    step("gunicorn: app servers A and B", servers)
    step("db_worker: one task worker", lambda: stack.start_worker(worker_dir) and None)


def nothing_on_local_disk(stack: Stack) -> str:
    """The app servers and the worker wrote no file outside the release's static files."""
    written = {
        name: files_outside(stack.var_dirs[name], ("static",)) for name in ("A", "B", "worker")
    }
    found = {name: files for name, files in written.items() if files}
    if found:
        raise JourneyError(f"files written to a process's own disk: {found}")
    stack.check_alive()
    return None


def main(argv: list[str] | None = None) -> int:
    from bench.prod_check.journey import Journey

    parser = argparse.ArgumentParser(prog="python -m bench.prod_check", description=__doc__)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("PRODCHECK_PG_URL", DEFAULT_PG_URL),
        help="a PostgreSQL database to connect to for creating and dropping the check's own "
        "(default: %(default)s)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the working folder and logs")
    args = parser.parse_args(argv)

    def too_long(signum, frame):
        raise Failed(f"the run took longer than {TIME_LIMIT} s")

    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(TIME_LIMIT)
    # Stop cleanly (and clean up) when CI or a person interrupts.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))

    work = make_work_dir(keep=args.keep)
    print(f"Production smoke run: working folder {work}")
    step = Steps()
    stack = Stack(work=work, pg_base_url=args.pg_url)
    status = 0
    try:
        bring_up(stack, step)
        Journey(stack, step).run()
        step(
            "no files on the servers' or the worker's own disks",
            lambda: nothing_on_local_disk(stack),
        )
    except Failed as exc:
        status = 1
        print(f"\nprod-check FAILED: {exc}\n\nLast lines of each process's log:\n{stack.logs()}")
    except BaseException as exc:
        status = 1
        print(f"\nprod-check FAILED: {type(exc).__name__}: {exc}\n{stack.logs()}")
        if not isinstance(exc, Exception | KeyboardInterrupt | SystemExit):
            raise
    finally:
        signal.alarm(0)
        stack.close()
    elapsed = time.monotonic() - step.started
    passed = step.count - status
    if status == 0:
        print(f"\nprod-check passed: {step.count} steps in {elapsed:.1f} s")
    else:
        kept = f" (logs kept in {work})" if args.keep else ""
        print(f"\nprod-check failed after {elapsed:.1f} s{kept}")
    print(f"prod-check: {passed} passed, {status} failed")
    return status


if __name__ == "__main__":
    sys.exit(main())
