"""Real-browser tests: Debian's Chromium driven by Playwright, every page checked by axe-core.

Each test gets a `ui` helper bound to a fresh browser context and the live server. Every page
the test lands on (by `visit`, `click`, `click_link` or `press`) is checked with axe-core
against WCAG 2.2 A/AA and axe's best practices, and the test fails on any violation. A page
reached some other way must be checked with `ui.check_page()`; the fixture fails the test at
teardown if a loaded page was never checked.

Chromium comes from the system (/usr/bin/chromium, or CAREERMANAGER_CHROMIUM); Playwright
never downloads a browser. Without it the tests are skipped, except on CI (CI=true), where
that is a failure.
"""

import logging
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Debian's Chromium; another path can be given for a machine that keeps it elsewhere.
CHROMIUM = Path(os.environ.get("CAREERMANAGER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
BROWSER_DIR = Path(__file__).parent
# Long codes in the links emails carry: guest tickets, calendar feeds, confirmations, resets.
LINK = re.compile(r"https?://\S+")
LINK_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,}")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Everything in this folder needs the browser, marked or not."""
    for item in items:
        if BROWSER_DIR in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run, with a profile of its own."""
    if not os.access(CHROMIUM, os.X_OK):
        message = (
            f"Browser tests need Chromium at {CHROMIUM}; install it with "
            "'apt-get install chromium'."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message + " CI=true, so this is a failure, not a skip.", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
        # make themselves (fixtures, factories) are still ordinary synchronous code. Only
        # the browser tests get this, so other tests still catch ORM calls from async code.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # A plain launch gives Chromium a fresh, temporary profile that is deleted on close.
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def axe_report(url: str, violations: list[dict]) -> str:
    """The violations as a person would want to read them in a failed test."""
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append("")
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"  * {target}")
            lines.append(f"    {' '.join(node['html'].split())[:300]}")
            for summary_line in (node.get("failureSummary") or "").splitlines():
                lines.append(f"      {summary_line.strip()}")
    return "\n".join(lines)


@dataclass
class WrittenLogs:
    """What the service logged while the browser tests ran, and the secrets it must not hold."""

    lines: list[str] = field(default_factory=list)
    emails: set[str] = field(default_factory=set)
    tokens: set[str] = field(default_factory=set)
    passwords: set[str] = field(default_factory=set)

    def __repr__(self) -> str:  # a failure report names what leaked, not every secret
        return f"<{len(self.lines)} lines, {len(self.emails)} addresses, {len(self.tokens)} tokens>"

    def note_email(self, message) -> None:
        self.emails.update(message.recipients())
        for link in LINK.findall(message.body):
            self.tokens.update(
                # A random code has digits and letters; a word of the path ("attestations") not.
                part
                for part in LINK_TOKEN.findall(link)
                if sum(c.isdigit() for c in part) >= 2 and sum(c.isalpha() for c in part) >= 2
            )

    def known_passwords(self) -> set[str]:
        """Passwords typed in the tests, and those their modules name (PASSWORD, …)."""
        named = {
            value
            for name, module in list(sys.modules.items())
            if name == "tests.factories" or name.startswith("tests.browser.")
            for attribute, value in vars(module).items()
            if attribute.endswith("PASSWORD") and isinstance(value, str)
        }
        return self.passwords | named


class _Collect(logging.Handler):
    """Keep each record as the console handler would write it, in both formats."""

    def __init__(self, console: logging.Handler, into: list[str]):
        super().__init__(console.level)
        from careermanager.core.logs import JSONFormatter, TextFormatter

        self.filters = list(console.filters)
        self.into = into
        self.formats = (JSONFormatter(), TextFormatter())

    def emit(self, record: logging.LogRecord) -> None:
        self.into.extend(formatter.format(record) for formatter in self.formats)


@pytest.fixture(scope="session", autouse=True)
def written_logs():
    """Every log line of the browser run, every email sent, every password typed.

    tests/browser/test_zz_logs.py, the last module, checks the lines hold none of them.
    """
    from django.contrib.auth import get_user_model
    from django.core.mail import EmailMessage
    from django.db.models.signals import post_save

    written = WrittenLogs()
    root = logging.getLogger()
    console = next(h for h in root.handlers if h.get_name() == "console")
    collect = _Collect(console, written.lines)
    send = EmailMessage.send

    def send_noted(message, *args, **kwargs):
        written.note_email(message)
        return send(message, *args, **kwargs)

    def user_saved(instance, **kwargs):
        if instance.email:
            written.emails.add(instance.email)

    root.addHandler(collect)
    post_save.connect(user_saved, sender=get_user_model(), weak=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(EmailMessage, "send", send_noted)
        patch.setattr(UI, "written", written)
        yield written
    post_save.disconnect(user_saved, sender=get_user_model())
    root.removeHandler(collect)


class UI:
    """A person using the service in the browser; every page they land on is checked."""

    written: WrittenLogs | None = None

    def __init__(self, page, base_url: str, axe):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.axe = axe
        self.loads = 0
        self.checked_loads = 0
        self.checked_urls: list[str] = []
        self.console_errors: list[str] = []
        page.on("load", self._loaded)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"script error: {error}"))

    def _loaded(self, _page) -> None:
        self.loads += 1

    def _console(self, message) -> None:
        """Keep errors the browser reports: refused by the CSP, missing files, script errors."""
        if message.type != "error":
            return
        where = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and where == self.page.url:
            return  # the page itself: its status is the test's business
        self.console_errors.append(f"{message.text} ({where})")

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    @property
    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url)

    def check_page(self) -> None:
        """Wait for the page to load, then fail on any axe-core violation or browser error."""
        self.page.wait_for_load_state("load")
        results = self.axe.run(self.page, options=AXE_OPTIONS).response
        self.checked_loads = self.loads
        self.checked_urls.append(self.page.url)
        if results["violations"]:
            pytest.fail(axe_report(self.page.url, results["violations"]), pytrace=False)
        if self.console_errors:
            errors, self.console_errors = self.console_errors, []
            pytest.fail(
                f"The browser reported errors on {self.page.url}:\n  " + "\n  ".join(errors),
                pytrace=False,
            )

    def _opened(self, response) -> None:
        assert response is not None, "no page was loaded"
        if response.status >= 500:
            self.page.wait_for_load_state("load")
            self.checked_loads = self.loads  # the failure below says all there is to say
            pytest.fail(f"server error {response.status} at {response.url}", pytrace=False)
        self.check_page()

    def visit(self, path: str, *, status: int = 200):
        response = self.page.goto(self.url(path))
        self._opened(response)
        assert response.status == status, f"{path} answered {response.status}, not {status}"
        return response

    def click(self, locator):
        """Click something that opens a page (a link or a submit button); return its response."""
        with self.page.expect_navigation(wait_until="load") as navigation:
            locator.click()
        self._opened(navigation.value)
        return navigation.value

    def click_link(self, name: str, *, within: str = "body") -> None:
        self.click(self.page.locator(within).get_by_role("link", name=name, exact=True))

    def press(self, name: str, *, within: str = "body") -> None:
        self.click(self.page.locator(within).get_by_role("button", name=name, exact=True))

    def fill(self, label: str, value: str) -> None:
        # A password too short to be accepted ("password", typed to see it refused) is also
        # a word of the service's own paths, so only those it could accept are looked for.
        if "password" in label.lower() and len(value) >= 10 and self.written is not None:
            self.written.passwords.add(value)
        self.page.get_by_label(label, exact=True).fill(value)

    def value(self, label: str) -> str:
        return self.page.get_by_label(label, exact=True).input_value()

    def heading(self) -> str:
        return self.page.get_by_role("heading", level=1).inner_text()

    def text(self, selector: str = "main") -> str:
        return self.page.locator(selector).inner_text()

    def log_in(self, email: str, password: str) -> None:
        """From any page: follow "Log in", fill the form and submit it."""
        if not self.path.startswith("/accounts/login/"):
            self.visit("/accounts/login/")
        self.fill("Email address", email)
        self.fill("Password", password)
        self.press("Log in", within="main")

    def log_out(self) -> None:
        self.press("Log out", within="header")
        assert "You have logged out." in self.text()


@pytest.fixture
def ui(chromium, axe, live_server, django_db_serialized_rollback):
    """A fresh browser context (no cookies) at desktop width, pointed at the live server.

    The live server needs a transactional database, which is emptied after each test;
    serialized rollback puts back what migrations created (such as the Staff group).
    """
    context = chromium.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(15_000)
    page = context.new_page()
    helper = UI(page, live_server.url, axe)
    yield helper
    unchecked = helper.loads - helper.checked_loads
    url = page.url
    context.close()
    if unchecked:
        pytest.fail(
            f"{unchecked} page load(s) were never checked with axe-core (last page: {url}). "
            "Use ui.visit/ui.click/ui.press, or call ui.check_page() after navigating.",
            pytrace=False,
        )
