"""Sessions end after 60 idle minutes, and a session in use is written at most once a minute."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careermanager.core.sessions import RENEW_EVERY, RENEWED_KEY, needs_renewal
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db
BARE = reverse("core:bare")
IDLE = settings.SESSION_COOKIE_AGE


def test_the_idle_time_out_is_sixty_minutes_and_not_renewed_on_every_request():
    assert IDLE == 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


@pytest.mark.parametrize(
    ("renewed_at", "now", "due"),
    [
        (None, 1000.0, True),
        ("garbage", 1000.0, True),
        (1000, 1000.0, False),
        (1000, 1000.0 + RENEW_EVERY - 1, False),
        (1000, 1000.0 + RENEW_EVERY, True),
        (1000, 990.0, True),  # the clock went back
    ],
)
def test_a_session_is_renewed_once_its_last_renewal_is_a_minute_old(renewed_at, now, due):
    assert needs_renewal(renewed_at, now) is due


class Clock:
    """Move Django's time and the wall clock together."""

    def __init__(self):
        self.now = timezone.now()

    def advance(self, **delta):
        self.now += timedelta(**delta)

    def __enter__(self):
        self._patches = [
            mock.patch("django.utils.timezone.now", side_effect=lambda: self.now),
            mock.patch(
                "careermanager.core.sessions.time.time",
                side_effect=lambda: self.now.timestamp(),
            ),
        ]
        for patch in self._patches:
            patch.start()
        return self

    def __exit__(self, *exc):
        for patch in self._patches:
            patch.stop()


def _signed_in(client) -> bool:
    response = client.get(BARE)
    return response.status_code == 200


def _session_writes(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(BARE).status_code == 200
    statements = [query["sql"] for query in captured.captured_queries]
    return sum(1 for sql in statements if sql.startswith('UPDATE "django_session'))


def test_requests_within_a_minute_do_not_write_the_session(owner):
    client = signed_in_client(owner)
    with Clock() as clock:
        client.get(BARE)  # renews: the session was saved before the clock was set
        assert _session_writes(client) == 0
        clock.advance(seconds=RENEW_EVERY - 5)
        assert _session_writes(client) == 0
        clock.advance(seconds=10)
        assert _session_writes(client) == 1
        assert _session_writes(client) == 0


def test_a_renewal_moves_the_expiry_an_idle_period_on(owner):
    client = signed_in_client(owner)
    with Clock() as clock:
        client.get(BARE)
        clock.advance(minutes=30)
        client.get(BARE)
        session = Session.objects.get(session_key=client.session.session_key)
        assert abs((session.expire_date - clock.now).total_seconds() - IDLE) < 1


def test_a_session_used_every_fifty_seconds_stays_open_for_hours(owner):
    client = signed_in_client(owner)
    with Clock() as clock:
        for _ in range(3 * 60 * 60 // 50):
            clock.advance(seconds=50)
            assert client.get(BARE).status_code == 200


def test_sixty_idle_minutes_end_the_session(owner):
    client = signed_in_client(owner)
    with Clock() as clock:
        assert _signed_in(client)
        clock.advance(minutes=59)
        assert _signed_in(client)  # renewed now
        clock.advance(minutes=60, seconds=1)
        assert not _signed_in(client)
        assert client.get(reverse("cpd:index")).url.startswith(reverse("accounts:login"))


def test_the_session_ends_within_sixty_minutes_of_the_last_request_even_unrenewed(owner):
    client = signed_in_client(owner)
    with Clock() as clock:
        assert _signed_in(client)  # renewed
        clock.advance(seconds=30)
        assert _signed_in(client)  # too soon to renew: the last request of the session
        clock.advance(minutes=59, seconds=31)  # sixty minutes and one second after renewal
        assert not _signed_in(client)


def test_a_visitor_without_a_session_gets_no_session(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()


def test_signing_out_leaves_no_renewed_session(owner):
    client = signed_in_client(owner)
    client.get(BARE)
    client.post(reverse("accounts:logout"))
    assert not Session.objects.exists()
    assert RENEWED_KEY not in client.session
