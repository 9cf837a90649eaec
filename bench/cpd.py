"""CPD at scale: pages with 1,000 activities, and the memory of a 1,000-activity report.

A member with 1,000 activities (each with a description and all six reflection answers),
100 training courses and three policies is created inside a transaction that is rolled back,
so the demo data stays as it was. The CPD pages are requested in-process (queries and median
time). The detailed report of the two years and the summary of one year are built from the
database here, then rendered in a separate process, several times over: it reports the median
time, the processor time per rendering (its own and that of every Typst process it started),
the largest process and the largest total of itself and its Typst processes at any moment
(sampled every 10 ms). A detailed report of 1,000 activities must stay within 500 MB in total.
"""

import json
import os
import pickle
import resource
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from decimal import Decimal

from bench.environment import Bench, django_test_environment
from bench.output import Section, Table

TITLE = "CPD pages and reports"
TIME_LIMIT = 420
ACTIVITIES = 1000
TRAINING = 100
RUNS = 3
RENDER_RUNS = {"pdf": 3, "docx": 3, "summary": 5}
MEMORY_LIMIT_MB = 500
# Goals, in seconds from data to file (the summary: from the database to file).
SECONDS_GOALS = {"pdf": 6.0, "docx": 3.0, "summary": 0.3}
PARAGRAPH = (
    "I reviewed the protection settings of the array cables against the new fault study and "
    "found that two earth-fault stages no longer graded with the turbine transformers. "
)


def _member(email: str):
    from careermanager.accounts.models import User
    from careermanager.cpd.models import Activity, Folder, MemberPolicy, Policy, Topic
    from careermanager.profiles.models import Training

    member = User.objects.create_user(email=email, password=None, full_name="Bench Member")
    for code in ("iet-active", "ea-chartered", "engc-registrant"):
        MemberPolicy.objects.create(owner=member, policy=Policy.objects.get(code=code))
    folders = [Folder.objects.create(owner=member, name=f"CPD {year}") for year in (2024, 2025)]
    types = list(Activity.Type)
    end = date(2025, 12, 31)
    activities = Activity.objects.bulk_create(
        Activity(
            owner=member,
            type=types[n % len(types)],
            title=f"Activity {n}: protection review of array cable circuit {n % 40}",
            start_date=end - timedelta(days=n % 700),
            end_date=end - timedelta(days=n % 700),
            hours=Decimal("2.5"),
            folder=folders[n % 2],
            description=PARAGRAPH * 3,
            reflection_learned=PARAGRAPH,
            reflection_went_well=PARAGRAPH,
            reflection_differently=PARAGRAPH,
            reflection_met_needs=PARAGRAPH,
            reflection_impact=PARAGRAPH,
            reflection_follow_up=PARAGRAPH,
        )
        for n in range(ACTIVITIES)
    )
    topic = Topic.objects.get(code="area-of-practice")
    Activity.topics.through.objects.bulk_create(
        Activity.topics.through(activity_id=a.pk, topic_id=topic.pk) for a in activities[::2]
    )
    Training.objects.bulk_create(
        Training(
            owner=member,
            title=f"Course {n}",
            start_date=end - timedelta(days=n * 6),
            hours=Decimal("7.5"),
        )
        for n in range(TRAINING)
    )
    return member


def _page(client, url: str) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    durations = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            durations.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries), statistics.median(durations) * 1000


def _render_elsewhere(document, file_format: str, env: dict, runs: int) -> dict:
    """Render `runs` times in a fresh process; it reports times, size, pages and memory."""
    finished = subprocess.run(
        [sys.executable, "-m", "bench.cpd", file_format, str(runs)],
        input=pickle.dumps(document),
        capture_output=True,
        env=env,
        timeout=TIME_LIMIT,
        check=False,
    )
    if finished.returncode != 0:
        raise RuntimeError(finished.stderr.decode()[-2000:])
    return json.loads(finished.stdout)


def run(bench: Bench) -> Section:

    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone

    from careermanager.cpd.documents import build_document, cpd_activity_report, gather
    from tests.conftest import signed_in_client

    section = Section(TITLE)
    pages = Table(["Page (1,000 activities)", "Queries", "Median ms"])
    with django_test_environment(), transaction.atomic():
        member = _member("bench-cpd@example.org")
        client = signed_in_client(member)
        for label, url in [
            ("CPD overview", reverse("cpd:index")),
            ("Activity list", reverse("cpd:activity-list")),
            ("Activity list, filtered", reverse("cpd:activity-list") + "?reflection=needed"),
            ("Hours by year", reverse("cpd:dashboard")),
            ("Policies (IET, Engineers Australia, Engineering Council)", reverse("cpd:policies")),
            ("Home page", reverse("core:home")),
        ]:
            queries, milliseconds = _page(client, url)
            pages.add(label, queries, round(milliseconds))
        started = time.perf_counter()
        items = gather(member, date(2024, 1, 1), date(2025, 12, 31))
        document = build_document(
            member=member.display_name,
            items=items,
            start=date(2024, 1, 1),
            end=date(2025, 12, 31),
            detailed=True,
            generated_at=timezone.now(),
        )
        build_ms = (time.perf_counter() - started) * 1000
        builds = []
        for _ in range(RENDER_RUNS["summary"]):
            started = time.perf_counter()
            summary = cpd_activity_report(
                member, start=date(2025, 1, 1), end=date(2025, 12, 31), detailed=False
            )
            builds.append(time.perf_counter() - started)
        summary_build = statistics.median(builds)
        # A year as most members have it: the demo member's last twelve months.
        today = timezone.localdate()
        year_ago = today.replace(year=today.year - 1)
        builds = []
        for _ in range(RENDER_RUNS["summary"]):
            started = time.perf_counter()
            typical = cpd_activity_report(bench.member, start=year_ago, end=today, detailed=False)
            builds.append(time.perf_counter() - started)
        typical_build = statistics.median(builds)
        transaction.set_rollback(True)
    section.add(
        f"A member with {ACTIVITIES:,} activities, {TRAINING} training courses and three "
        f"policies; medians of {RUNS} requests in-process after a warm-up. Query counts do not "
        "grow with the number of activities (tests/cpd/test_queries.py checks 10 against 5,000)."
    )
    section.add(pages)

    env = {**os.environ, **bench.env}
    reports = Table(
        [
            "Report",
            "Records",
            "ms",
            "CPU ms",
            "Pages",
            "KB",
            "Largest process MB",
            "Total MB",
        ]
    )
    cases = [
        ("pdf", f"Detailed, PDF, {ACTIVITIES:,} activities with reflections", document, 0.0),
        ("docx", f"Detailed, Word, {ACTIVITIES:,} activities with reflections", document, 0.0),
        ("summary", "Summary of 2025, PDF (from the database)", summary, summary_build),
        ("summary", "Summary of the demo member's last year, PDF", typical, typical_build),
    ]
    for kind, label, rendered, build_seconds in cases:
        file_format = "docx" if kind == "docx" else "pdf"
        result = _render_elsewhere(rendered, file_format, env, RENDER_RUNS[kind])
        seconds = build_seconds + result["seconds"]
        reports.add(
            label,
            rendered.item_count,
            round(seconds * 1000),
            round((result["cpu_seconds"] + build_seconds) * 1000),
            result["pages"],
            round(result["bytes"] / 1024),
            round(result["peak_kb"] / 1024),
            round(result["total_peak_kb"] / 1024),
        )
        if result["total_peak_kb"] / 1024 > MEMORY_LIMIT_MB:
            section.failures.append(
                f"{label} peaked at {result['total_peak_kb'] / 1024:,.0f} MB in total, "
                f"over {MEMORY_LIMIT_MB} MB"
            )
        if seconds > SECONDS_GOALS[kind]:
            section.add(f"Over its goal of {SECONDS_GOALS[kind]} s: {label}, {seconds:.2f} s.")
    section.add(
        f"Detailed report built from the database in {build_ms:,.0f} ms; the summary of 2025 "
        f"in {summary_build * 1000:,.0f} ms and the demo member's in "
        f"{typical_build * 1000:,.0f} ms (medians of {RENDER_RUNS['summary']}), which their "
        "seconds include. Rendered in a separate process: the median of "
        f"{RENDER_RUNS['pdf']} renderings ({RENDER_RUNS['summary']} for the summary, whose "
        "Typst child is kept between them as a web worker keeps it); CPU ms per rendering "
        "count that process and every Typst process it started; the largest process is the "
        "most any one of them held, the total the most they held together, both sampled every "
        "10 ms. A long PDF is compiled in parts, two at a time, each in its own process."
    )
    section.add(reports)
    return section


class _TreePeak:
    """The most memory this process and its descendants held together, and the most any one of
    them held, sampled (a process's own high-water mark after fork and exec can be its parent's).
    """

    def __init__(self, interval: float = 0.01) -> None:
        self.peak_kb = 0
        self.largest_kb = 0
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            total, pending = 0, [os.getpid()]
            while pending:
                pid = pending.pop()
                resident = _status_kb(pid, "VmRSS")
                total += resident
                self.largest_kb = max(self.largest_kb, resident)
                pending += _children(pid)
            self.peak_kb = max(self.peak_kb, total)
            self._stop.wait(self._interval)


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    found = []
    try:
        for thread in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{thread}/children") as children:
                found += [int(child) for child in children.read().split()]
    except OSError:
        pass
    return found


def _render_main(file_format: str, runs: int) -> None:
    """In the child: render the pickled document `runs` times and report on it as JSON."""
    import django

    django.setup()
    from careermanager.reports import typst_process
    from careermanager.reports.renderers import render

    # Our own parent pickled this document a moment ago.
    document = pickle.loads(sys.stdin.buffer.read())  # noqa: S301
    durations = []
    cpu_started = time.process_time()
    with _TreePeak() as tree:
        for _ in range(runs):
            started = time.perf_counter()
            rendered = render(document, file_format)
            durations.append(time.perf_counter() - started)
        # Kept Typst children count in RUSAGE_CHILDREN once they have ended.
        getattr(typst_process, "stop_kept_children", lambda: None)()
    own_cpu = time.process_time() - cpu_started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    page_count = None
    if file_format == "pdf":
        import io

        from pypdf import PdfReader

        page_count = len(PdfReader(io.BytesIO(rendered.content)).pages)
    print(
        json.dumps(
            {
                "seconds": statistics.median(durations),
                "cpu_seconds": (own_cpu + children.ru_utime + children.ru_stime) / runs,
                "bytes": len(rendered.content),
                "pages": page_count,
                "peak_kb": tree.largest_kb,
                "total_peak_kb": tree.peak_kb,
            }
        )
    )


if __name__ == "__main__":
    _render_main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1)
