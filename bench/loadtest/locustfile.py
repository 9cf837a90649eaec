"""The load run's people: members and staff using the site as they would, driven by locust.

Started by `python -m bench.loadtest` (which sets the environment below); not run on its own.
Each locust user is one person with a browser of their own (`bench.prod_check.client.Browser`:
cookies, forms with their CSRF and once-only tokens, redirects, the public host name and
`X-Forwarded-Proto: https` as the proxy in front would send). Like a load balancer, a person's
requests go to the app servers in turn. Every HTTP exchange, redirects included, is timed and
reported to locust and kept for the run's own figures, with the phase of the run it fell in.

Environment:
    LOAD_SERVERS         "127.0.0.1:8001,127.0.0.1:8002"
    LOAD_SITE_URL        the public address the servers are configured with
    LOAD_MEMBERS         how many seeded members there are (each person takes the next)
    LOAD_STAFF           how many seeded staff there are (the staff people, one each)
    LOAD_USERS, LOAD_SPAWN_RATE, LOAD_STEADY_SECONDS: the steady phase
    LOAD_SPIKE_USERS, LOAD_SPIKE_SPAWN_RATE, LOAD_SPIKE_SECONDS: the spike (0 users: none)
    LOAD_THINK           "2,10": the seconds a person waits between two steps, at least and most
    LOAD_RESULTS         where to write every request's record (JSON lines) when the run ends
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from datetime import date

from django_otp.oath import totp
from locust import LoadTestShape, User, between, events, task

from bench.loadtest.results import Record, request_name
from bench.loadtest.seed import MEMBER_EMAIL, PASSWORD, STAFF_EMAIL, staff_key
from bench.prod_check.client import Browser, JourneyError, fill, find_form

SERVERS = [
    (host, int(port))
    for host, port in (
        item.rsplit(":", 1) for item in os.environ.get("LOAD_SERVERS", "").split(",") if item
    )
]
SITE_URL = os.environ.get("LOAD_SITE_URL", "https://careers.load.test")
MEMBERS = int(os.environ.get("LOAD_MEMBERS", "200"))
STAFF = int(os.environ.get("LOAD_STAFF", "3"))
THINK = [float(value) for value in os.environ.get("LOAD_THINK", "2,10").split(",")]

RECORDS: list[Record] = []
STARTED = time.monotonic()
PHASE = {"name": "ramp"}
_member_numbers = itertools.count()
_staff_numbers = itertools.count()


class RequestFailed(Exception):
    """A page answered with an error status, or not as a person would expect."""


def _record(method: str, path: str, response, seconds: float, error) -> None:
    name = request_name(path)
    failure = error
    if failure is None and response is not None and response.status >= 400:
        failure = RequestFailed(f"{response.status} from {response.server}")
    RECORDS.append(
        Record(
            at=round(time.monotonic() - STARTED, 3),
            phase=PHASE["name"],
            method=method,
            name=name,
            ms=round(seconds * 1000, 2),
            status=response.status if response is not None else 0,
            error=str(failure) if failure else "",
        )
    )
    events.request.fire(
        request_type=method,
        name=name,
        response_time=seconds * 1000,
        response_length=len(response.body) if response is not None else 0,
        response=None,
        context={},
        exception=failure,
    )


class Person(User):
    abstract = True
    wait_time = between(THINK[0], THINK[1])

    def __init__(self, environment):
        super().__init__(environment)
        servers = {str(number): address for number, address in enumerate(SERVERS)}
        self.browser = Browser(site_url=SITE_URL, servers=servers, timeout=30, observe=_record)
        self._turn = itertools.cycle(sorted(servers))

    def get(self, path: str) -> str:
        response = self.browser.request(next(self._turn), "GET", path)
        if response.status != 200:
            raise RequestFailed(f"GET {path} ended with {response.status} at {response.url}")
        return response.text

    def submit(self, page: str, values: dict[str, str], *, having: str) -> tuple[str, str]:
        """Fill in and send the page's form; the text and path of the page it leads to."""
        text = self.get(page)
        form = find_form(text, having=having)
        action = self.browser.local_path(form.action) if form.action else page
        response = self.browser.request(
            next(self._turn), "POST", action, fill(form, values), referer=page
        )
        if response.status != 200:
            raise RequestFailed(f"POST {action} ended with {response.status} at {response.url}")
        return response.text, response.url

    def sign_in(self, email: str) -> str:
        _text, url = self.submit(
            "/accounts/login/", {"username": email, "password": PASSWORD}, having="username"
        )
        if url.startswith("/accounts/login/"):
            raise RequestFailed(f"signing in as {email} stayed on the log-in page")
        return url

    signed_in = False

    def on_start(self):
        self.try_to_sign_in()

    def start_session(self) -> None:
        raise NotImplementedError

    def try_to_sign_in(self) -> None:
        """Sign in; a failure is counted and tried again at the person's next task."""
        try:
            self.start_session()
        except (RequestFailed, JourneyError, LookupError) as error:
            self.on_failure(error)
        else:
            self.signed_in = True

    def on_failure(self, error: Exception) -> None:
        """A step that could not go on: counted (its requests already were), then the next task."""
        events.request.fire(
            request_type="STEP",
            name=type(error).__name__,
            response_time=0,
            response_length=0,
            response=None,
            context={},
            exception=error,
        )


def _step(method):
    """A task that reports a broken step instead of stopping the person."""

    def run(self):
        if not self.signed_in:
            self.try_to_sign_in()
            return
        try:
            method(self)
        except (RequestFailed, JourneyError, LookupError) as error:
            self.on_failure(error)

    run.__name__ = method.__name__
    run.__doc__ = method.__doc__
    return run


class Member(Person):
    weight = 1

    def on_start(self):
        self.number = next(_member_numbers) % MEMBERS
        self.activities: list[str] = []
        self.competences: list[str] = []
        self.logged = 0
        super().on_start()

    def start_session(self) -> None:
        self.sign_in(MEMBER_EMAIL.format(self.number))

    def _activities(self) -> list[str]:
        if not self.activities:
            text = self.get("/cpd/activities/")
            self.activities = sorted(set(re.findall(r'href="(/cpd/activities/\d+/)"', text)))
        return self.activities

    def _competences(self) -> list[str]:
        if not self.competences:
            text = self.get("/competence/assessments/")
            found = sorted(set(re.findall(r'href="(/competence/assessments/\d+/)"', text)))
            if not found:
                raise LookupError("the member has no assessment")
            text = self.get(found[0])
            self.competences = sorted(
                set(re.findall(r'href="(/competence/assessments/\d+/competences/[^/"]+/)"', text))
            )
        return self.competences

    @task(3)
    @_step
    def home(self):
        self.get("/")

    @task(3)
    @_step
    def cpd_overview(self):
        self.get("/cpd/")

    @task(3)
    @_step
    def activity_list(self):
        self.get(random.choice(["/cpd/activities/", "/cpd/activities/?page=2", "/cpd/hours/"]))

    @task(3)
    @_step
    def activity(self):
        activities = self._activities()
        if activities:
            self.get(random.choice(activities))

    @task(2)
    @_step
    def profile(self):
        self.get(random.choice(["/profile/", "/profile/organisation-chart/", "/development/"]))

    @task(2)
    @_step
    def competence(self):
        self.get(random.choice(self._competences()))

    @task(2)
    @_step
    def log_cpd(self):
        """Log an activity from the full form, as most members do."""
        self.logged += 1
        form_page = self.get("/cpd/activities/add/")
        form = find_form(form_page, having="title")
        kinds = form.choices.get("type") or ["event"]
        values = {
            "type": "event" if "event" in kinds else kinds[0],
            "title": f"Load run seminar {self.number}-{self.logged}",
            "start_date": date.today().isoformat(),
            "hours": random.choice(["0.5", "1", "1.5", "2", "3.25"]),
        }
        response = self.browser.request(
            next(self._turn),
            "POST",
            "/cpd/activities/add/",
            fill(form, values),
            referer="/cpd/activities/add/",
        )
        if not re.fullmatch(r"/cpd/activities/\d+/", response.url):
            raise RequestFailed(f"saving an activity led to {response.url} ({response.status})")
        self.activities.append(response.url)

    @task(2)
    @_step
    def edit_evidence(self):
        """Rewrite the evidence of one competence of the member's assessment."""
        page = random.choice(self._competences())
        form = find_form(self.get(page), having="evidence")
        values = {
            "evidence": (
                "I led the commissioning of the substation protection upgrade, wrote the test "
                f"plan and signed off the results (revision {random.randint(1, 10_000)})."
            )
        }
        if "level" not in dict(form.fields):
            values["level"] = form.choices["level"][1]
        response = self.browser.request(
            next(self._turn), "POST", page, fill(form, values), referer=page
        )
        if response.status != 200 or response.url == page:  # kept on the page: not saved
            raise RequestFailed(f"saving evidence on {page} ended at {response.url}")

    @task(1)
    @_step
    def download_report(self):
        """Ask for this year's summary report, wait for the worker, download it."""
        today = date.today()
        _text, job = self.submit(
            "/cpd/reports/new/",
            {
                "kind": "summary",
                "file_format": "pdf",
                "start_date": date(today.year, 1, 1).isoformat(),
                "end_date": today.isoformat(),
            },
            having="kind",
        )
        if not re.fullmatch(r"/reports/jobs/\d+/", job):
            raise RequestFailed(f"asking for a report led to {job}")
        deadline = time.monotonic() + 60
        while f"{job}download/" not in self.get(job):
            if time.monotonic() > deadline:
                raise RequestFailed(f"the report {job} was not ready within 60 s")
            time.sleep(1)
        response = self.browser.request(next(self._turn), "GET", f"{job}download/")
        if not response.body.startswith(b"%PDF"):
            raise RequestFailed(f"the report {job} downloaded as {response.body[:20]!r}")


class Staff(Person):
    fixed_count = STAFF

    def on_start(self):
        self.number = next(_staff_numbers) % max(STAFF, 1)
        self.year = date.today().year - 1
        super().on_start()

    def start_session(self) -> None:
        url = self.sign_in(STAFF_EMAIL.format(self.number))
        if not url.startswith("/accounts/two-factor/verify/"):
            raise RequestFailed(f"a member of staff signing in was sent to {url}")
        code = f"{totp(bytes.fromhex(staff_key(self.number))):06d}"
        _text, url = self.submit(url, {"token": code}, having="token")
        if url.startswith("/accounts/two-factor/"):
            raise RequestFailed("the two-factor code was refused")

    @task(3)
    @_step
    def search(self):
        query = random.choice(["Amara", "Brook", "load-member-1", "bench-monitoring-12", "Hale"])
        self.get(f"/profile/staff/members/?q={query}")

    @task(2)
    @_step
    def monitoring(self):
        self.get(random.choice(["/review/", f"/review/{self.year}/"]))

    @task(1)
    @_step
    def applications(self):
        self.get(random.choice(["/review/applications/", "/review/applications/intentions/"]))


class Profile(LoadTestShape):
    """Ramp up, hold the steady load, then the spike; the phase each request falls in."""

    users = int(os.environ.get("LOAD_USERS", "50"))
    spawn_rate = float(os.environ.get("LOAD_SPAWN_RATE", "5"))
    steady = float(os.environ.get("LOAD_STEADY_SECONDS", "600"))
    spike_users = int(os.environ.get("LOAD_SPIKE_USERS", "100"))
    spike_rate = float(os.environ.get("LOAD_SPIKE_SPAWN_RATE", "10"))
    spike = float(os.environ.get("LOAD_SPIKE_SECONDS", "120"))

    def tick(self):
        now = self.get_run_time()
        ramp = self.users / self.spawn_rate + 5  # every person started and signed in
        if now < ramp:
            PHASE["name"] = "ramp"
            return self.users, self.spawn_rate
        if now < ramp + self.steady:
            PHASE["name"] = "steady"
            return self.users, self.spawn_rate
        if self.spike_users and now < ramp + self.steady + self.spike:
            PHASE["name"] = "spike"
            return self.spike_users, self.spike_rate
        return None


@events.quitting.add_listener
def _write_records(environment, **kwargs):
    path = os.environ.get("LOAD_RESULTS")
    if not path:
        return
    with open(path, "w", encoding="utf-8") as out:
        for record in RECORDS:
            out.write(json.dumps(record._asdict()) + "\n")
