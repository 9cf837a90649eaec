"""A new member's first visit, spread over two app servers as a load balancer would spread it.

Both servers answer their health probes. Sign up on A; confirm the emailed link (which the task
worker delivered to the outbox) on B; sign in on B; log a CPD activity on A and see it on B's
CPD pages, which B had already shown (and kept in its memory) empty; start a declaration on A,
upload a CV to it on B and download it from A, byte for byte the file in the bucket; ask B for
the detailed CPD report, which the task worker makes; download it from A and find the activity
in its text. Each server has only the database
and the S3 storage in common with the others, so every step that works proves that no state
lives in one server's memory or disk.
"""

from __future__ import annotations

import io
import json
import re
import secrets
import time
from collections.abc import Callable
from datetime import date
from urllib.parse import urljoin

from bench.prod_check.client import (
    Browser,
    JourneyError,
    expect_status,
    fill,
    find_form,
    parse_forms,
)

# A throwaway member's password, in a database dropped at the end.
PASSWORD = "correct horse battery staple 42"  # noqa: S105
WAIT_FOR_EMAIL = 60.0  # seconds for the worker to deliver an email to the outbox
WAIT_FOR_REPORT = 180.0  # seconds for the worker to make the report
HOURS = "1.75"  # the activity's hours, which no page shows before it is logged
SITE_TIME_ZONE = "Europe/London"  # the servers' CAREERMANAGER_TIME_ZONE (the default)


def site_today() -> date:
    """Today where the servers decide it, so a date typed "today" is never in their future."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(SITE_TIME_ZONE)).date()


def wait_for(what: str, check: Callable[[], object], timeout: float, every: float = 0.5):
    """check() until it returns something true; JourneyError after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise JourneyError(f"waited {timeout:.0f} s for {what}")
        time.sleep(every)


def outbox_body(database_url: str, address: str, subject: str) -> str | None:
    """The newest email to this address with this subject in the outbox, or None."""
    import psycopg

    with psycopg.connect(database_url, connect_timeout=5) as conn:
        row = conn.execute(
            "SELECT body FROM core_outboxmessage WHERE recipients @> %s::jsonb AND subject = %s "
            "ORDER BY id DESC LIMIT 1",
            (f'["{address}"]', subject),
        ).fetchone()
    return row[0] if row else None


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def blank_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def must_contain(text: str, needle: str, where: str) -> None:
    if needle not in text:
        raise JourneyError(f"{where} does not show {needle!r}")


class Journey:
    """The steps in order; `step(name, fn)` runs and times one (see __main__)."""

    def __init__(self, stack, step: Callable[[str, Callable[[], str | None]], None]):
        self.stack = stack
        self.step = step
        self.browser = Browser(site_url=stack.site_url, servers=stack.servers)
        token = secrets.token_hex(4)
        self.email = f"prodcheck-{token}@example.org"
        self.title = f"Prodcheck lecture on grid batteries {token}"
        self.verify_link = ""
        self.job_path = ""
        self.declaration_path = ""
        self.cv = b""

    def run(self) -> None:
        self.step("A and B: /health/live and /health/ready", self.health)
        self.step("A: sign up", self.sign_up)
        self.step("worker: confirmation email in the outbox", self.confirmation_email)
        self.step("B: confirm the email address from the link", self.confirm)
        self.step("B: sign in", self.sign_in)
        self.step("A: the signed-in home page (session from the database)", self.home_on_a)
        self.step("A and B: CPD list shown empty (and kept)", self.empty_lists)
        self.step("A: log a CPD activity", self.log_activity)
        self.step("B: CPD list shows the activity", self.list_on_b)
        self.step("A: start this year's CPD declaration", self.start_declaration)
        self.step("B: upload a CV (PDF) to the declaration", self.upload_cv)
        self.step("A: download the CV; it is the file in the bucket", self.download_cv)
        self.step("B: ask for the detailed CPD report (PDF)", self.request_report)
        self.step("worker: make the report; A: status ready", self.report_ready)
        self.step("A: download the report; its text names the activity", self.download)

    # -- steps -------------------------------------------------------------------------------
    def health(self) -> str:
        """Each server answers its load balancer's probes: up, and the database and storage."""
        for server in ("A", "B"):
            for path in ("/health/live", "/health/ready"):
                response = self.browser.request(server, "GET", path, follow=False)
                expect_status(response, 200, f"GET {path}")
                try:
                    answer = json.loads(response.body)
                except ValueError as exc:
                    raise JourneyError(
                        f"{server}'s {path} is not JSON: {response.text[:200]}"
                    ) from exc
                if answer.get("status") != "ok":
                    raise JourneyError(f"{server}'s {path} answered {answer}")
        return None

    def sign_up(self) -> str:
        response = self.browser.submit(
            "A",
            "/accounts/signup/",
            having="email",
            values={
                "full_name": "Pat Prodcheck",
                "email": self.email,
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        must_contain(response.text, "Check your email", "the page after signing up")
        return self.email

    def confirmation_email(self) -> str:
        body = wait_for(
            "the confirmation email (is the worker running?)",
            lambda: outbox_body(self.stack.database_url, self.email, "Confirm your email address"),
            WAIT_FOR_EMAIL,
        )
        match = re.search(r"\S*/accounts/verify/\S+/", body)
        if not match:
            raise JourneyError(f"no confirmation link in the email:\n{body}")
        link = match.group(0)
        if not link.startswith(self.stack.site_url + "/"):
            raise JourneyError(f"the link {link} does not start with the site's address")
        self.verify_link = self.browser.local_path(link)
        return link

    def confirm(self) -> str:
        response = self.browser.submit("B", self.verify_link, action="")
        must_contain(response.text, "your email address is confirmed", "the page after confirming")
        return response.url

    def sign_in(self) -> str:
        response = self.browser.submit(
            "B",
            "/accounts/login/",
            having="username",
            values={"username": self.email, "password": PASSWORD},
        )
        if "/accounts/login/" in response.url:
            raise JourneyError(f"signing in stayed on the log-in page:\n{response.text[:800]}")
        must_contain(response.text, "Pat Prodcheck", f"the page after signing in ({response.url})")
        return response.url

    def home_on_a(self) -> str:
        response = self.browser.get("A", "/")
        must_contain(response.text, "Pat Prodcheck", "A's home page")
        return None

    def empty_lists(self) -> str:
        for server in ("B", "A", "B"):
            for path in ("/cpd/", "/cpd/activities/"):
                response = self.browser.get(server, path)
                if self.title in response.text or HOURS in response.text:
                    raise JourneyError(f"{server}'s {path} shows the activity before it exists")
        return None

    def log_activity(self) -> str:
        page = self.browser.get("A", "/cpd/activities/add/")
        form = find_form(page.text, having="title")
        kind = "event" if "event" in form.choices.get("type", []) else form.choices["type"][0]
        today = site_today().isoformat()
        values = {"type": kind, "title": self.title, "start_date": today, "hours": HOURS}
        response = self.browser.request(
            "A", "POST", "/cpd/activities/add/", fill(form, values), referer="/cpd/activities/add/"
        )
        expect_status(response, 200, "POST /cpd/activities/add/")
        if not re.match(r"^/cpd/activities/\d+/$", response.url):
            raise JourneyError(f"saving the activity led to {response.url}:\n{response.text[:800]}")
        must_contain(response.text, self.title, "the activity's page")
        return response.url

    def list_on_b(self) -> str:
        for path in ("/cpd/activities/", "/cpd/"):
            response = self.browser.get("B", path)
            if path == "/cpd/activities/":
                must_contain(response.text, self.title, "B's CPD list (a stale page kept in B?)")
            elif HOURS not in response.text:
                raise JourneyError(f"B's CPD page does not count the {HOURS} hours (a stale page?)")
        return None

    def start_declaration(self) -> str:
        page = self.browser.get("A", "/declarations/start/")
        form = find_form(page.text, having="year")
        years = form.choices.get("year", [])
        if not years:
            raise JourneyError("no year is open for a declaration")
        this_year = str(site_today().year)
        year = this_year if this_year in years else years[-1]
        response = self.browser.request(
            "A",
            "POST",
            "/declarations/start/",
            fill(form, {"year": year, "agree": "on"}),
            referer="/declarations/start/",
        )
        expect_status(response, 200, "POST /declarations/start/")
        if not re.match(r"^/declarations/\d+/$", response.url):
            raise JourneyError(f"starting the declaration led to {response.url}")
        self.declaration_path = response.url
        return f"{year}: {response.url}"

    def upload_cv(self) -> str:
        page_path = f"{self.declaration_path}supporting-documents/cv/"
        page = self.browser.get("B", page_path)
        form = next((f for f in parse_forms(page.text) if f.file_inputs), None)
        if form is None:
            raise JourneyError(f"no file to choose on {page_path}")
        self.cv = blank_pdf(pages=2)
        response = self.browser.request(
            "B",
            "POST",
            self.browser.local_path(urljoin(self.stack.site_url + page_path, form.action)),
            fill(form, {}),
            referer=page_path,
            files=[(form.file_inputs[0], "prodcheck-cv.pdf", "application/pdf", self.cv)],
        )
        expect_status(response, 200, f"POST {page_path}")
        must_contain(response.text, "has been uploaded", "the page after uploading")
        return response.url

    def download_cv(self) -> str:
        page = self.browser.get("A", f"{self.declaration_path}supporting-documents/")
        links = re.findall(r'href="(/documents/\d+/download/)"', page.text)
        if not links:
            raise JourneyError("A's supporting documents page offers no download")
        response = self.browser.get("A", links[0])
        if not response.body.startswith(b"%PDF"):
            raise JourneyError(f"the CV downloads as {response.body[:20]!r}")
        stored = self.stack.stored_keys("supporting/")
        if not stored:
            raise JourneyError("no file in the S3 bucket under supporting/")
        kept = [key for key in stored if self.stack.stored_object(key) == response.body]
        if not kept:
            raise JourneyError(f"the downloaded CV is none of the files in the bucket: {stored}")
        return f"{len(response.body):,} bytes, {kept[0]}"

    def request_report(self) -> str:
        today = site_today()
        response = self.browser.submit(
            "B",
            "/cpd/reports/new/",
            having="kind",
            values={
                "kind": "detailed",
                "file_format": "pdf",
                "start_date": date(today.year, 1, 1).isoformat(),
                "end_date": today.isoformat(),
            },
        )
        if not re.match(r"^/reports/jobs/\d+/$", response.url):
            raise JourneyError(f"asking for the report led to {response.url}")
        self.job_path = response.url
        return response.url

    def report_ready(self) -> str:
        def ready() -> str | None:
            self.stack.check_alive()
            text = self.browser.get("A", self.job_path).text
            if "could not be made" in text:
                raise JourneyError(f"the report failed:\n{text[:1500]}")
            return text if f"{self.job_path}download/" in text else None

        text = wait_for("the report to be made", ready, WAIT_FOR_REPORT, every=1.0)
        must_contain(text, "is ready", "the finished report's page")
        return None

    def download(self) -> str:
        response = self.browser.get("A", f"{self.job_path}download/")
        kind = response.headers.get("content-type", "")
        if kind != "application/pdf" or not response.body.startswith(b"%PDF"):
            raise JourneyError(f"the download is {kind!r}, starting {response.body[:20]!r}")
        text = pdf_text(response.body)
        must_contain(text, self.title, "the report's text")
        stored = self.stack.stored_keys("reports/")
        if not stored:
            raise JourneyError("no report file in the S3 bucket under reports/")
        return f"{len(response.body):,} bytes; in the bucket: {', '.join(stored)}"
