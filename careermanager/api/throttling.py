"""Rate limits on token calls: so many requests a minute per token, counted in the cache.

The count lives in Django's default cache. With several web processes, configure a shared
cache (Redis, Memcached, the database cache) or each process counts on its own.
"""

import time

from django.conf import settings
from django.core.cache import cache

from careermanager.api.errors import Problem

WINDOW = 60  # seconds


def rate_limit() -> int:
    """Requests a token may make each minute (API_RATE_LIMIT; 120 unless set)."""
    return int(getattr(settings, "API_RATE_LIMIT", 120))


def check_rate(token) -> None:
    """Count one request of the token; a 429 with Retry-After once the minute's are used up."""
    now = time.time()
    window = int(now // WINDOW)
    key = f"api-rate:{token.pk}:{window}"
    if cache.add(key, 1, timeout=WINDOW + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=WINDOW + 5)
            count = 1
    if count > rate_limit():
        retry_after = max(1, int((window + 1) * WINDOW - now) + 1)
        raise Problem(
            429,
            f"This token may make {rate_limit()} requests a minute: "
            f"try again in {retry_after} seconds.",
            headers={"Retry-After": str(retry_after)},
        )
