"""Logs: one JSON line per request with its id, and no email address, token or password."""

import io
import json
import logging
import re

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse

from careermanager.core.logs import JSONFormatter, redact, request_id_from
from careermanager.core.models import AuditEvent
from tests.competence.factories import AssessmentFactory, issue_ticket
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "quartz-harbour-violet-77"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


class Captured:
    def __init__(self, stream: io.StringIO):
        self.stream = stream

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    @property
    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.text.splitlines()]

    def requests(self) -> list[dict]:
        return [line for line in self.lines if line["logger"] == "careermanager.requests"]


@pytest.fixture
def logs():
    """What the configured console handler writes, as JSON lines (production's format)."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous_stream = handler.setStream(stream)
    previous_formatter = handler.formatter
    handler.setFormatter(JSONFormatter())
    try:
        yield Captured(stream)
    finally:
        handler.setFormatter(previous_formatter)
        handler.setStream(previous_stream)


def _assert_clean(text: str, *secrets: str) -> None:
    assert not EMAIL.search(text), EMAIL.search(text)
    for secret in secrets:
        assert secret not in text


def test_one_line_per_request_with_who_what_and_how_long(owner_client, owner, logs):
    response = owner_client.get(reverse("cpd:index") + "?q=secret-search&token=abc123")

    [line] = logs.requests()
    assert line["method"] == "GET"
    assert line["path"] == "/cpd/"
    assert line["status"] == 200
    assert line["user_id"] == owner.pk
    assert isinstance(line["duration_ms"], float)
    assert line["request_id"] == response["X-Request-ID"]
    assert line["time"].endswith("+00:00")
    assert line["level"] == "INFO"
    _assert_clean(logs.text, "secret-search", "abc123", str(owner.full_name))


def test_someone_not_signed_in_has_no_user_id(client, logs):
    client.get(reverse("accounts:login"))

    [line] = logs.requests()
    assert line["user_id"] is None
    assert line["status"] == 200


def test_a_well_formed_request_id_is_kept_and_anything_else_replaced(client, logs):
    given = client.get("/", headers={"X-Request-ID": "lb-7f3a9c2e-0001"})
    bad = client.get("/", headers={"X-Request-ID": "<script>alert(1)</script>"})
    none = client.get("/")

    assert given["X-Request-ID"] == "lb-7f3a9c2e-0001"
    assert re.fullmatch(r"[0-9a-f]{32}", bad["X-Request-ID"])
    assert none["X-Request-ID"] != bad["X-Request-ID"]
    assert [line["request_id"] for line in logs.requests()] == [
        given["X-Request-ID"],
        bad["X-Request-ID"],
        none["X-Request-ID"],
    ]


@pytest.mark.parametrize(
    "value", ["", "short", "a" * 129, "has space inside", "line\nbreak-123", "me@example.org"]
)
def test_request_ids_that_are_not_well_formed_are_replaced(value):
    assert re.fullmatch(r"[0-9a-f]{32}", request_id_from(value))


def test_a_guest_link_is_logged_without_its_token(owner, logs):
    _, raw = issue_ticket(AssessmentFactory(owner=owner))
    guest = Client()

    shown = guest.get(f"/guest/{raw}/")
    opened = guest.post(f"/guest/{raw}/")
    missing = guest.get(f"/guest/{raw}x/more/")
    guest.get(opened.url)

    assert shown.status_code == 200
    assert opened.status_code == 302
    assert missing.status_code == 404
    paths = [line["path"] for line in logs.requests()]
    assert paths[:3] == ["/guest/…/", "/guest/…/", "/guest/…/more/"]
    _assert_clean(logs.text, raw, raw[:16])


def test_a_calendar_feed_is_logged_without_its_token(owner, logs):
    from careermanager.development.feed import calendar_feed_enable

    token = calendar_feed_enable(owner=owner)

    response = Client().get(reverse("development:calendar-feed", kwargs={"token": token}))

    assert response.status_code == 200
    [line] = logs.requests()
    assert line["path"] == "/development/calendar/….ics"
    _assert_clean(logs.text, token)


def _link_path(message) -> str:
    url = re.search(r"https?://\S+", message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_password_reset_and_log_in_leave_no_address_token_or_password(client, owner, logs):
    client.post(reverse("accounts:password-reset"), {"email": owner.email})
    link = _link_path(mail.outbox[0])
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    client.get(link)  # used again: refused
    client.post(reverse("accounts:login"), {"username": owner.email, "password": "wrong"})
    client.post(reverse("accounts:login"), {"username": owner.email, "password": NEW_PASSWORD})

    assert "Your password has been changed" in done.text
    uid, token = link.rstrip("/").split("/")[-2:]
    paths = {line["path"] for line in logs.requests()}
    assert "/accounts/password/reset/…/…/" in paths
    _assert_clean(logs.text, token, f"/{uid}/", NEW_PASSWORD, TEST_PASSWORD, "set-password")


def test_an_email_confirmation_link_is_logged_without_its_token(client, logs):
    client.post(
        reverse("accounts:signup"),
        {
            "email": "new.member@example.org",
            "full_name": "New Member",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    if not mail.outbox:
        pytest.skip("sign-up sent no confirmation in this configuration")
    link = _link_path(mail.outbox[0])
    client.get(link)

    token = link.rstrip("/").split("/")[-1]
    assert "/accounts/verify/…/…/" in {line["path"] for line in logs.requests()}
    _assert_clean(logs.text, token, NEW_PASSWORD)


def test_audit_events_keep_the_request_id(client, owner):
    response = client.post(reverse("accounts:password-reset"), {"email": owner.email})
    form_page = client.get(_link_path(mail.outbox[0]), follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    event = AuditEvent.objects.get(action="accounts.user.password_reset")
    assert event.request_id == done["X-Request-ID"]
    assert event.request_id != response["X-Request-ID"]


def test_events_outside_a_request_have_no_request_id(owner):
    from careermanager.core.audit import audit

    assert audit("test.thing.happened", actor=owner).request_id == ""


def test_the_404_and_403_pages_quote_the_request_id(owner_client):
    not_found = owner_client.get("/no-such-page/")
    forbidden = owner_client.get(reverse("review:index"))

    assert not_found.status_code == 404
    assert not_found["X-Request-ID"] in not_found.text
    assert forbidden.status_code == 403
    assert forbidden["X-Request-ID"] in forbidden.text


def _fail(request):
    raise RuntimeError("the view broke")


def _fine(request):
    return HttpResponse("fine")


urlpatterns = [path("boom/", _fail), path("fine/", _fine)]


@pytest.mark.urls(__name__)
def test_the_500_page_quotes_the_request_id_and_the_error_is_logged_with_it(logs):
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert f"quote the reference <code>{request_id}</code>" in response.text
    error = next(line for line in logs.lines if line["level"] == "ERROR")
    assert error["request_id"] == request_id
    assert "the view broke" in error["exception"]
    assert logs.requests()[-1]["status"] == 500


def test_a_passing_health_probe_is_not_logged(client, logs):
    client.get("/health/live")
    client.get("/health/ready")

    assert logs.requests() == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/guest/AbC_d-9/", "/guest/…/"),
        ("Not Found: /guest/AbC_d-9/extra", "Not Found: /guest/…/extra"),
        ('"GET /guest/AbC/?next=1 HTTP/1.1" 200', '"GET /guest/…/?next=1 HTTP/1.1" 200'),
        ("/development/calendar/0123abcd.ics", "/development/calendar/….ics"),
        ("/accounts/password/reset/MQ/c1x-abc/", "/accounts/password/reset/…/…/"),
        ("/accounts/verify/MQ/c1x-abc/", "/accounts/verify/…/…/"),
        ("/cpd/activities/12/", "/cpd/activities/12/"),
        ("no path at all", "no path at all"),
    ],
)
def test_tokens_are_taken_out_of_any_text(text, expected):
    assert redact(text) == expected


def test_tokens_are_taken_out_of_other_loggers_messages(logs):
    logging.getLogger("careermanager.test").warning("Could not open %s", "/guest/AbC_d-9/")

    [line] = logs.lines
    assert line["message"] == "Could not open /guest/…/"
    assert line["request_id"] is None


def test_before_the_urls_can_be_read_long_tokens_are_blanked(monkeypatch):
    def unreadable(urlconf):
        raise RuntimeError("apps not loaded yet")

    monkeypatch.setattr("careermanager.core.logs._secret_paths", unreadable)

    assert redact("GET /guest/AbCdEfGh12345678_-x/ 404") == "GET /guest/…/ 404"
    assert redact("/development/calendar/0123456789abcdef0123.ics") == (
        "/development/calendar/….ics"
    )
    assert redact("/cpd/activities/12/") == "/cpd/activities/12/"
