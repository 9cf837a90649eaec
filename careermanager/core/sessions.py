"""Sessions end after SESSION_COOKIE_AGE without activity, written at most once a minute.

Django can renew a session on every request (SESSION_SAVE_EVERY_REQUEST), which costs a write
(three statements) on every page. IdleTimeoutMiddleware renews it only when the last renewal
is a minute old or more (or when the session changed anyway), so a session in use is written
about once a minute. A session ends SESSION_COOKIE_AGE after its last renewal: between
SESSION_COOKIE_AGE minus a minute and SESSION_COOKIE_AGE after the last request, never later.
"""

import logging
import time
from datetime import UTC, datetime

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from careermanager.core.prepared import PreparedQuery

# Seconds since the epoch when the session was last saved, kept in the session itself.
RENEWED_KEY = "_renewed_at"
RENEW_EVERY = 60  # seconds


def needs_renewal(renewed_at: object, now: float, every: int = RENEW_EVERY) -> bool:
    """Whether a session last saved at renewed_at (epoch seconds, or missing) is due a save."""
    if not isinstance(renewed_at, int | float):
        return True
    # A clock set back makes the age negative: renew rather than trust it.
    return not 0 <= now - renewed_at < every


class IdleTimeoutMiddleware:
    """Renew the session's expiry at most once a minute; place it just after SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response  # no session cookie, nothing to keep alive
        renewed_at = session.get(RENEWED_KEY)  # loads it; an expired or unknown key empties it
        if session.is_empty():
            return response
        now = time.time()
        if session.modified or needs_renewal(renewed_at, now):
            # Marks the session modified, so SessionMiddleware saves it with a new expiry.
            session[RENEWED_KEY] = int(now)
        return response


def _live_session(key: str, now: str):
    from django.contrib.sessions.models import Session
    from django.db.models import Subquery

    from careermanager.core.models import DataVersion
    from careermanager.core.pagecache import VERSION_ROW

    # The data version rides along, so pages kept in memory cost no query of their own.
    version = DataVersion.objects.filter(pk=VERSION_ROW).values("value")
    return Session.objects.filter(session_key=key, expire_date__gt=now).values(
        "session_data", data_version=Subquery(version)
    )


_session_data = PreparedQuery(_live_session, key="", now=datetime.now(UTC))


class SessionStore(DatabaseSessionStore):
    """Django's database sessions (SESSION_ENGINE = "careermanager.core.sessions"), with the
    query that loads a session on every request compiled once per process.

    The same query reads the data version (core.pagecache) as `data_version`.
    """

    data_version = None

    def _get_session_from_db(self):
        try:
            key = self.session_key
            if not key:
                raise self.model.DoesNotExist
            rows = _session_data.values(key=key, now=timezone.now())
            if not rows:
                raise self.model.DoesNotExist
            session_data, self.data_version = rows[0]
            return self.model(session_key=key, session_data=session_data)
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            if isinstance(error, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
                logger.warning(str(error))
            self._session_key = None
