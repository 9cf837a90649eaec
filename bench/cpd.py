"""CPD at scale: pages with 1,000 activities, and the memory of a 1,000-activity report.

A member with 1,000 activities (each with a description and all six reflection answers),
100 training courses and three policies is created inside a transaction that is rolled back,
so the demo data stays as it was. The CPD pages are requested in-process (queries and median
time). The detailed report is built from the database here, then rendered in a separate
process, which reports its own peak memory and that of the Typst processes it starts
(getrusage RUSAGE_SELF and RUSAGE_CHILDREN): a detailed report of 1,000 activities must stay
within about 500 MB.
"""

import json
import pickle
import resource
import statistics
import subprocess
import sys
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
MEMORY_LIMIT_MB = 500
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


def _render_elsewhere(document, file_format: str, env: dict) -> dict:
    """Render in a fresh process; it reports its time, size, pages and peak memory."""
    finished = subprocess.run(
        [sys.executable, "-m", "bench.cpd", file_format],
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
    import os

    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone

    from careermanager.cpd.documents import build_document, gather
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
        transaction.set_rollback(True)
    section.add(
        f"A member with {ACTIVITIES:,} activities, {TRAINING} training courses and three "
        f"policies; medians of {RUNS} requests in-process after a warm-up. Query counts do not "
        "grow with the number of activities (tests/cpd/test_queries.py checks 10 against 5,000)."
    )
    section.add(pages)

    env = {**os.environ, **bench.env}
    reports = Table(["Detailed report", "Records", "Seconds", "Pages", "KB", "Peak MB"])
    for file_format in ("pdf", "docx"):
        result = _render_elsewhere(document, file_format, env)
        reports.add(
            f"{file_format.upper()}, {ACTIVITIES:,} activities with reflections",
            len(items),
            round(result["seconds"], 1),
            result["pages"],
            round(result["bytes"] / 1024),
            round(result["peak_kb"] / 1024),
        )
        if result["peak_kb"] / 1024 > MEMORY_LIMIT_MB:
            section.failures.append(
                f"The detailed {file_format} report peaked at {result['peak_kb'] / 1024:,.0f} MB, "
                f"over {MEMORY_LIMIT_MB} MB"
            )
    section.add(
        f"Built from the database in {build_ms:,.0f} ms. Rendered in a separate process; peak "
        "memory is the largest of that process and the Typst processes it starts (a long PDF "
        "is compiled in parts, each in its own process, and joined with its tags)."
    )
    section.add(reports)
    return section


def _render_main(file_format: str) -> None:
    """In the child: render the pickled document and report on it as JSON."""
    import django

    django.setup()
    from careermanager.reports.renderers import render

    # Our own parent pickled this document a moment ago.
    document = pickle.loads(sys.stdin.buffer.read())  # noqa: S301
    started = time.perf_counter()
    rendered = render(document, file_format)
    seconds = time.perf_counter() - started
    page_count = None
    if file_format == "pdf":
        import io

        from pypdf import PdfReader

        page_count = len(PdfReader(io.BytesIO(rendered.content)).pages)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "bytes": len(rendered.content),
                "pages": page_count,
                "peak_kb": max(own, children),
            }
        )
    )


if __name__ == "__main__":
    _render_main(sys.argv[1])
