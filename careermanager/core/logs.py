"""Logs: one JSON line per request, a request id that follows it, and no secrets in either.

- `RequestLogMiddleware` (first in MIDDLEWARE) gives every request an id: the caller's
  `X-Request-ID` when it is well formed (a proxy or load balancer may set one), else a new
  one. The id is returned in the `X-Request-ID` header, shown on the error pages, stored in
  audit events (`AuditEvent.request_id`, core.audit) and written on every log line made while
  the request is handled. When the response is ready it logs one line on the
  `careermanager.requests` logger: method, path, status, duration and the member's numeric id.
- `RequestContextFilter` (on the log handler) adds the request id to every record and takes
  tokens out of whatever is logged, Django's own "Not Found: /guest/…/" lines included.
- `JSONFormatter` writes each record as one line of JSON.

What is never logged: query strings (they can hold tokens), the secret parts of the paths
that carry a token (`SECRET_KWARGS` of any URL pattern: a guest's link, the calendar feed,
email confirmation and password reset links, which become `/guest/…/`), email addresses, and
anything a member typed.
"""

import json
import logging
import re
import time
import traceback
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import cache

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.functional import SimpleLazyObject, empty

REQUEST_ID_HEADER = "X-Request-ID"
# What we accept from a caller: letters, digits and a little punctuation, as proxies and
# load balancers write them (UUIDs, hex, "Root=1-5e1b4151-…"), never HTML or a line break.
_WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+-]{7,127}")
# URL arguments that hold a secret, or point at an account: logged as "…".
SECRET_KWARGS = ("token", "uidb64")
REDACTED = "…"
# The default path converter ([^/]+) widened no further than a word when searched in text.
_DEFAULT_CONVERTER = "[^/]+"
_IN_TEXT = r"[^/\s?#\"']+"

_TOKEN_LIKE = re.compile(r"(?<=/)[A-Za-z0-9_-]{16,}(?=[/.]|$)")

current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)
request_logger = logging.getLogger("careermanager.requests")


def request_id_from(value: str | None) -> str:
    """The caller's request id if it is well formed, else a new one."""
    if value and _WELL_FORMED.fullmatch(value):
        return value
    return uuid.uuid4().hex


def _endpoints(resolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        regex = pattern.pattern.regex.pattern.removeprefix("^")
        if isinstance(pattern, URLResolver):
            yield from _endpoints(pattern, prefix + regex)
        elif isinstance(pattern, URLPattern):
            yield prefix + regex.removesuffix(r"\Z").removesuffix("$")


@cache
def _secret_paths(urlconf: str) -> tuple[re.Pattern, ...]:
    """A regular expression for each URL pattern with a secret argument, found in any text."""
    found = []
    for route in _endpoints(get_resolver(urlconf)):
        if not any(f"(?P<{name}>" in route for name in SECRET_KWARGS):
            continue
        found.append(re.compile("/" + route.replace(_DEFAULT_CONVERTER, _IN_TEXT)))
    return tuple(found)


def redact(text: str, urlconf: str | None = None) -> str:
    """The text with the secret arguments of every tokened path in it replaced by "…"."""
    if "/" not in text:
        return text
    try:
        patterns = _secret_paths(urlconf or settings.ROOT_URLCONF)
    except Exception:
        # Before the URLs can be read (a record logged while the apps load): blank every
        # long token-like part of a path instead, rather than fail to log.
        return _TOKEN_LIKE.sub(REDACTED, text)
    for regex in patterns:
        text = regex.sub(_blank, text)
    return text


def _blank(match: re.Match) -> str:
    text, start = match.group(0), match.start()
    spans = sorted(
        match.span(name)
        for name in SECRET_KWARGS
        if name in match.re.groupindex and match.group(name) is not None
    )
    for begin, end in reversed(spans):
        text = text[: begin - start] + REDACTED + text[end - start :]
    return text


def _user_id(request) -> int | None:
    """The member's numeric id, if something in the request already looked them up.

    Reading the user here would cost a query after the page was made (and a probe of the
    health pages must cost none).
    """
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """Give each request its id and log one line about it; place it first in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            if not getattr(response, "skip_request_log", False):
                self.log(request, response, started)
            return response
        finally:
            current_request_id.reset(token)

    @staticmethod
    def log(request, response, started: float) -> None:
        duration = round((time.perf_counter() - started) * 1000, 1)
        match = getattr(request, "resolver_match", None)
        if match is not None and not set(match.kwargs).intersection(SECRET_KWARGS):
            path = request.path  # a page without a secret in its address
        else:
            path = redact(request.path, getattr(request, "urlconf", None))
        status = response.status_code
        request_logger.info(
            "%s %s %s",
            request.method,
            path,
            status,
            extra={
                "http": {
                    "method": request.method,
                    "path": path,
                    "status": status,
                    "duration_ms": duration,
                    "user_id": _user_id(request),
                }
            },
        )


class RequestContextFilter(logging.Filter):
    """Put the request id on every record and take tokens out of its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        try:
            message = record.getMessage()
        except Exception:  # a broken record: leave it to the formatter to report
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id and more."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        http = getattr(record, "http", None)
        if isinstance(http, dict):
            entry.update(http)
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and "status" not in entry:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = redact("".join(traceback.format_exception(*record.exc_info)))
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The same records as readable lines, for a console in development."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        text = super().format(record)
        return redact(text) if record.exc_info else text
