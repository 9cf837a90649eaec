"""How long downloads take: the CV of a long career, a training summary, an organisation chart.

A member with 30 roles (each with responsibilities and achievements) and 300 training records
is created in the bench database inside a transaction that is rolled back, so the demo data
stays as it was. Each document is built (database to plain data) and rendered (plain data to
bytes) several times; the table shows medians, and the queries of one download through the
view. Last, long tables show how Typst's memory grows with pages, and that the process asking
for documents does not keep that memory (see docs/documents.md, "Memory and long documents").
"""

import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from bench.environment import Bench
from bench.output import Section, Table

TITLE = "Document downloads"
TIME_LIMIT = 240
RUNS = 5
ROLES = 30
TRAINING = 300
LONG_ROWS = 1500
VERY_LONG_ROWS = 8000
# A CV of this career must come back well within a request's patience.
CV_PDF_LIMIT_SECONDS = 3.0

PARAGRAPH = (
    "I led the design review of protection schemes for 132 kV and 33 kV substations, "
    "checked settings against fault studies, and wrote the commissioning test plans. "
)


def _long_career(email: str):
    from careermanager.accounts.models import User
    from careermanager.profiles.models import (
        AccountabilityPerson,
        Employment,
        PersonalDetails,
        Training,
    )

    member = User.objects.create_user(email=email, password=None, full_name="Bench Member")
    PersonalDetails.objects.create(owner=member, first_name="Bench", last_name="Member")
    start = date(1990, 1, 1)
    roles = []
    for number in range(ROLES):
        began = start + timedelta(days=number * 420)
        current = number == ROLES - 1
        roles.append(
            Employment(
                owner=member,
                employer=f"Employer {number}",
                job_title=f"Engineer grade {number}",
                start_date=began,
                end_date=None if current else began + timedelta(days=400),
                is_current=current,
                responsibilities=PARAGRAPH * 6,
                achievements=PARAGRAPH * 3,
            )
        )
    Employment.objects.bulk_create(roles)
    latest = Employment.objects.owned_by(member).current().get()
    AccountabilityPerson.objects.bulk_create(
        [
            AccountabilityPerson(
                employment=latest, relation="above", level=level, name=f"Manager {level}"
            )
            for level in (1, 2, 3)
        ]
        + [
            AccountabilityPerson(employment=latest, relation="report", name=f"Report {n}", order=n)
            for n in range(8)
        ]
    )
    Training.objects.bulk_create(
        Training(
            owner=member,
            title=f"Course {number}: protection relay testing and commissioning",
            kind=Training.Kind.COURSE,
            provider="Relay Academy",
            start_date=date(2000, 1, 3) + timedelta(days=number * 20),
            hours=Decimal("7.5"),
            description=PARAGRAPH,
        )
        for number in range(TRAINING)
    )
    return member, latest


def _median_seconds(function) -> float:
    durations = []
    for _ in range(RUNS):
        started = time.perf_counter()
        function()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations)


def _pages(content: bytes) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:  # a production install has no pypdf; the count is only informative
        return None
    import io

    return len(PdfReader(io.BytesIO(content)).pages)


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


def _resident_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def _table_document(rows: int):
    from datetime import UTC, datetime

    from careermanager.reports.documents import Column, Document, Section, Table, TitleBlock

    return Document(
        TitleBlock("Bench Member", "Training summary", datetime.now(UTC)),
        [
            Section(
                "Training",
                [
                    Table(
                        "Training",
                        [
                            Column("Date"),
                            Column("Title", wide=True),
                            Column("Provider"),
                            Column("Hours", numeric=True),
                        ],
                        [
                            ["3 May 2024", f"Course {n}: relay testing", "Relay Academy", "7.5"]
                            for n in range(rows)
                        ],
                    )
                ],
            )
        ],
        "long",
    )


def _long_document(rows: int) -> dict:
    """Compile a long table at once; Typst's peak memory is the child process's own."""
    import io
    import json as _json

    from pypdf import PdfReader

    from careermanager.reports.renderers.pdf import DEFAULT_TEMPLATE, TEMPLATES
    from careermanager.reports.typst_process import compile_in_child

    document = _table_document(rows)
    started = time.perf_counter()
    compiled = compile_in_child(
        TEMPLATES / DEFAULT_TEMPLATE,
        root=TEMPLATES,
        inputs={"data": _json.dumps(document.to_data()), "format": "pdf"},
        fresh=True,
    )
    return {
        "seconds": time.perf_counter() - started,
        "pages": len(PdfReader(io.BytesIO(compiled.content)).pages),
        "kb": len(compiled.content) / 1024,
        "peak_mb": (compiled.peak_memory_kb or 0) / 1024,
    }


def _in_parts(rows: int) -> dict:
    """Render a table too long for one compile through render_pdf: in parts, then joined."""
    import io

    from pypdf import PdfReader

    from careermanager.reports.renderers import pdf

    peaks = []
    original = pdf.compile_in_child

    def recording(*args, **kwargs):
        compiled = original(*args, **kwargs)
        peaks.append((compiled.peak_memory_kb or 0) / 1024)
        return compiled

    pdf.compile_in_child = recording
    try:
        started = time.perf_counter()
        content = pdf.render_pdf(_table_document(rows)).content
        seconds = time.perf_counter() - started
    finally:
        pdf.compile_in_child = original
    return {
        "seconds": seconds,
        "pages": len(PdfReader(io.BytesIO(content)).pages),
        "compiles": len(peaks),
        "peak_mb": max(peaks),
    }


def run(bench: Bench) -> Section:
    from django.db import transaction
    from django.test.utils import setup_test_environment, teardown_test_environment
    from django.urls import reverse

    from careermanager.profiles.documents import (
        build_cv,
        build_orgchart,
        build_training_summary,
        employment_for_chart,
    )
    from careermanager.reports.renderers import render
    from tests.conftest import signed_in_client

    section = Section(TITLE)
    table = Table(["Document", "Build ms", "Render ms", "Pages", "KB", "Queries (view)"])
    setup_test_environment()
    try:
        with transaction.atomic():
            member, latest = _long_career("bench-reports@example.org")
            client = signed_in_client(member)
            period = (date(2000, 1, 1), date(2020, 12, 31))
            cases = [
                (
                    "CV, PDF (30 roles, 300 training)",
                    lambda: build_cv(owner=member),
                    "pdf",
                    reverse("profiles:cv-download")
                    + "?format=pdf&"
                    + "&".join(
                        f"sections={name}"
                        for name in ("personal", "employment", "training", "achievements")
                    ),
                ),
                ("CV, Word", lambda: build_cv(owner=member), "docx", None),
                (
                    "Training summary, PDF (300 records, descriptions)",
                    lambda: build_training_summary(
                        owner=member, start=period[0], end=period[1], descriptions=True
                    ),
                    "pdf",
                    reverse("profiles:training-summary")
                    + "?start=2000-01-01&end=2020-12-31&descriptions=on&format=pdf",
                ),
                (
                    "Organisation chart, PDF (3 above, 8 reports)",
                    lambda: build_orgchart(
                        employment=employment_for_chart(owner=member, pk=latest.pk)
                    ),
                    "pdf",
                    reverse("profiles:orgchart-download", kwargs={"pk": latest.pk}),
                ),
                (
                    "Organisation chart, PNG",
                    lambda: build_orgchart(
                        employment=employment_for_chart(owner=member, pk=latest.pk)
                    ),
                    "png",
                    None,
                ),
            ]
            for label, build, format, url in cases:
                document = build()
                rendered = render(document, format)
                build_seconds = _median_seconds(build)
                render_seconds = _median_seconds(lambda d=document, f=format: render(d, f))
                pages = _pages(rendered.content) if format == "pdf" else None
                queries = _queries(client, url) if url else None
                table.add(
                    label,
                    round(build_seconds * 1000),
                    round(render_seconds * 1000),
                    pages,
                    round(len(rendered.content) / 1024),
                    queries,
                )
                if label.startswith("CV, PDF") and build_seconds + render_seconds > (
                    CV_PDF_LIMIT_SECONDS
                ):
                    section.failures.append(
                        f"{label} took {build_seconds + render_seconds:.2f} s, "
                        f"over {CV_PDF_LIMIT_SECONDS} s"
                    )
            transaction.set_rollback(True)
    finally:
        teardown_test_environment()
    section.add(
        f"Medians of {RUNS} runs in-process. Build: database to document data; render: data "
        "to bytes (Typst for PDF and PNG, python-docx for Word). Queries: one download "
        "through its view, after a warm-up request."
    )
    section.add(table)

    before = _resident_mb()
    small, long = _long_document(LONG_ROWS // 10), _long_document(LONG_ROWS)
    for _ in range(4):
        _long_document(LONG_ROWS)
    after = _resident_mb()
    per_page = (long["peak_mb"] - small["peak_mb"]) / (long["pages"] - small["pages"])
    section.add(
        f"Long documents, each compiled whole in a child process of its own. A {LONG_ROWS:,}-row "
        f"table ({long['pages']} pages, {long['kb']:,.0f} KB) took {long['seconds']:.1f} s "
        f"and peaked at {long['peak_mb']:,.0f} MB in its child; {LONG_ROWS // 10:,} rows "
        f"({small['pages']} pages) peaked at {small['peak_mb']:,.0f} MB. That is about "
        f"{per_page:.1f} MB a page of table, so one compile reaches 500 MB at about "
        f"{int((500 - small['peak_mb']) / per_page + small['pages']):,} such pages. "
        f"After six of these documents the benchmark's own process had grown by "
        f"{after - before:,.0f} MB."
    )
    parts = _in_parts(VERY_LONG_ROWS)
    section.add(
        f"A table of {VERY_LONG_ROWS:,} rows through render_pdf: {parts['pages']} pages in "
        f"{parts['compiles'] - 1} parts ({parts['compiles']} compiles: each part once, two at "
        "a time, then the footers of every page), joined with their tags, in "
        f"{parts['seconds']:.1f} s; no compile peaked above {parts['peak_mb']:,.0f} MB."
    )
    return section
