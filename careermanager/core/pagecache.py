"""Members' main pages kept in memory until the data changes.

The pages listed in settings.PAGE_CACHE_VIEWS (the home page and each area's first page) are
read far more often than anything on them changes, and building them (panels, policies, totals)
costs many times what serving a page costs. So each process keeps the HTML it made, for one
member, one address and one day, and serves it again while nothing has changed:

- **What counts as a change**: any INSERT, UPDATE or DELETE that commits, on any table but the
  sessions and the log-in attempts (`WriteWatcher`, a wrapper on every database connection).
  Each raises a number in core.DataVersion once per transaction, after it commits: the
  member's own number when the change was made while handling a request of a signed-in member
  who is not staff, else the global number (staff and the admin, guests, anonymous pages such
  as sign-up, tasks, commands, imports, bulk updates: everything else).
- **Valid for**: a member's kept page, only while both the global number and their own are
  what they were when it was made; both are read before anything else of the page (with the
  session and with the user, no query of their own), so the next page after a change, in any
  process, is made afresh. One member's change leaves every other member's pages kept. A
  guest's page shows one member's object: it is valid while the global number and the number
  of the member who issued the link are unchanged.
- **Whose**: the key holds the member's id, whether they gave their second factor, the full
  address and today's date; a page is only kept for, and served to, the signed-in member it
  was made for, and never when it carried messages, came from htmx, or wrote anything itself.
  Staff's pages are never kept: they show many members' records, which members change.
- **Per response**: the CSRF token and the CSP nonce are taken out of the kept HTML and fresh
  ones put in for each response, as if the page had been rendered again.

A page may go on the list only if it shows nothing but the member's data, the data everyone
shares (frameworks, policies) and today's date. `shared()` keeps such shared data (the CPD
policies) in the process, valid for the global number alone. The memory is Django's cache "pages"
(per process; decision 0011).
"""

import logging
import re
from collections.abc import Callable
from contextvars import ContextVar
from threading import Lock

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections, transaction
from django.db.models import F
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone
from django.utils.crypto import salted_hmac

from careermanager.core.prepared import PreparedQuery

logger = logging.getLogger(__name__)
CACHE_ALIAS = "pages"
VERSION_ROW = 1
# Writes that are bookkeeping, not data any page shows: sessions are renewed once a minute,
# and failed and successful log-ins are counted for the lock-out.
IGNORED_TABLES = ("django_session", "core_dataversion", "axes_")
# Updates of nothing but these columns: a guest link notes each use, and a page a guest
# opens must not make every member's kept pages out of date.
IGNORED_UPDATES = {"core_guestticket": "last_used_at", "accounts_user": "last_login"}
# Tables whose rows staff pages list (the member search: names, emails, membership numbers):
# a change to them raises the global number even when a member makes it for themselves, so
# the staff pages kept on the global number (settings.PAGE_CACHE_STAFF_VIEWS) show it.
SHARED_TABLES = ("accounts_user", "profiles_membershipdetails")
_ONE_COLUMN_UPDATE = re.compile(
    r"""^\s*UPDATE\s+["`]?(\w+)["`]?\s+SET\s+["`]?(\w+)["`]?\s*=\s*\S+\s+WHERE\b""", re.I
)
# Derived from the secret key, so nothing a member types can be taken for them, and the same
# in every process (a deployment may share the cache between processes).
_CSRF_MARK = f"csrf-{salted_hmac(__name__, 'csrf', algorithm='sha256').hexdigest()[:32]}".encode()
_NONCE_MARK = (
    f"nonce-{salted_hmac(__name__, 'nonce', algorithm='sha256').hexdigest()[:32]}".encode()
)
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_WRITE = re.compile(
    r"""^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+["`]?(\w+)""",
    re.IGNORECASE,
)

# Whether the current request wrote anything: such a page is not kept.
_wrote: ContextVar[bool] = ContextVar("pagecache_wrote", default=False)
# The request being handled (set by PageCacheMiddleware): whose number its changes raise.
_request: ContextVar[object | None] = ContextVar("pagecache_request", default=None)
# While `migrate` runs, the version table may not exist yet: one raise at the end instead.
_migrating = False


def _version_query(pk: int):
    from careermanager.core.models import DataVersion

    return DataVersion.objects.filter(pk=pk).values("value")


_version = PreparedQuery(_version_query, pk=0)


def member_version_subquery(member):
    """The member's number as an expression (0 before their first change); `member` is the
    member's id or an OuterRef to it."""
    from django.db.models import BigIntegerField, Subquery, Value
    from django.db.models.functions import Coalesce

    from careermanager.core.models import DataVersion

    mine = DataVersion.objects.filter(member=member).values("value")
    return Coalesce(Subquery(mine), Value(0), output_field=BigIntegerField())


def _ticket_member_version_query(ticket: int):
    from django.db.models import OuterRef

    from careermanager.core.models import GuestTicket

    return GuestTicket.objects.filter(pk=ticket).values(
        version=member_version_subquery(OuterRef("created_by"))
    )


_ticket_member_version = PreparedQuery(_ticket_member_version_query, ticket=0)


def ticket_member_version(ticket_id: int) -> int | None:
    """The number of the member who issued a guest link; None when the link is gone."""
    rows = _ticket_member_version.values(ticket=ticket_id)
    return rows[0][0] if rows else None


def data_version(request=None) -> int | None:
    """The current number, or None where the row is missing (pages are then not kept).

    Read with the request's session when core.sessions loaded it, else with a query.
    """
    session = getattr(request, "session", None)
    if getattr(session, "data_version", None) is not None:
        return session.data_version
    rows = _version.values(pk=VERSION_ROW)
    return rows[0][0] if rows else None


def bump(alias: str = "default", member: int | None = None) -> None:
    """Raise the member's number (their kept pages are out of date), or with no member the
    global one (every page kept so far is)."""
    from careermanager.core.models import DataVersion

    try:
        if member is not None and _bump_member(DataVersion.objects.using(alias), member):
            return
        # Not needed while numbers only go up; they go back when a database is restored, or
        # a test's transaction rolls back.
        forget_shared()
        DataVersion.objects.using(alias).filter(pk=VERSION_ROW).update(value=F("value") + 1)
    except DatabaseError:
        # Only while migrating a new database, before the table exists; forget this
        # process's pages anyway.
        logger.warning("Could not raise the data version", exc_info=True)
        caches[CACHE_ALIAS].clear()


def _bump_member(versions, member: int) -> bool:
    """Raise one member's number, making their row at their first change; False when the
    member is gone (the caller raises the global number instead)."""
    from django.contrib.auth import get_user_model
    from django.db import IntegrityError

    if versions.filter(member_id=member).update(value=F("value") + 1):
        return True
    if not get_user_model()._default_manager.using(versions.db).filter(pk=member).exists():
        return False
    # Twice: an id already taken (a database whose id sequence lags) drops the row silently.
    for _ in range(2):
        try:
            versions.bulk_create([versions.model(member_id=member, value=0)], ignore_conflicts=True)
        except IntegrityError:  # removed meanwhile
            return False
        # Made now or by another process meanwhile: raise it either way.
        if versions.filter(member_id=member).update(value=F("value") + 1):
            return True
    return False


def written_table(sql: str) -> str | None:
    """The table an INSERT, UPDATE or DELETE writes to; None for anything else."""
    match = _WRITE.match(sql)
    return match.group(1).lower() if match else None


def changes_data(sql: str) -> bool:
    """Whether the statement writes something a page may show."""
    table = written_table(sql)
    if table is None or table.startswith(IGNORED_TABLES):
        return False
    if table in IGNORED_UPDATES:
        update = _ONE_COLUMN_UPDATE.match(sql)
        if update and update.group(2).lower() == IGNORED_UPDATES[table]:
            return False
    return True


def writing_member(request=None) -> int | None:
    """The member whose own number the current request's changes raise; None for the global.

    Only a signed-in member who is not staff: their requests change their own records.
    Staff, administrators and the admin change what many members see, and guests and
    anonymous pages (sign-up, password reset) have no member of their own.
    """
    request = _request.get() if request is None else request
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_staff or user.is_superuser or user.is_reviewer:
        return None
    return user.pk


class _Raise:
    """An after-commit callback raising one number; equal to another for the same number, so
    a transaction queues each number once."""

    def __init__(self, alias: str, member: int | None):
        self.alias, self.member = alias, member

    def __eq__(self, other) -> bool:
        return isinstance(other, _Raise) and (other.alias, other.member) == (
            self.alias,
            self.member,
        )

    __hash__ = None  # type: ignore[assignment]

    def __call__(self) -> None:
        bump(self.alias, self.member)


class WriteWatcher:
    """A connection's execute wrapper: after a write commits, raise a data version once."""

    def __init__(self, alias: str):
        self.alias = alias

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not isinstance(sql, str) or sql[:1] in "Ss" or _migrating:
            return result
        table = written_table(sql)
        if table is None:
            return result
        _wrote.set(True)  # even bookkeeping: such a page is made afresh each time
        if changes_data(sql):
            # Removing a person takes their number with them, and shows on others' pages.
            shown_to_others = table in SHARED_TABLES or _removes_a_person(sql, table)
            member = None if shown_to_others else writing_member()
            raise_ = _Raise(self.alias, member)
            connection = connections[self.alias]
            if not connection.in_atomic_block:
                raise_()  # autocommit: committed already (or manual transactions)
            # Once per transaction, after it commits; nothing when it rolls back.
            elif not any(func == raise_ for _, func, _ in connection.run_on_commit):
                transaction.on_commit(raise_, using=self.alias)
        return result


def _removes_a_person(sql: str, table: str) -> bool:
    from django.contrib.auth import get_user_model

    return sql.lstrip()[:6].upper() == "DELETE" and table == get_user_model()._meta.db_table


def watch_writes(sender, connection, **kwargs) -> None:
    """connection_created receiver: put a WriteWatcher on every new connection, once."""
    if not any(isinstance(wrapper, WriteWatcher) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(WriteWatcher(connection.alias))


def migration_started(sender, **kwargs) -> None:
    global _migrating
    _migrating = True


def migration_finished(sender, using="default", **kwargs) -> None:
    """post_migrate receiver: what the migrations changed makes every kept page out of date."""
    global _migrating
    _migrating = False
    bump(using)


def _enabled() -> bool:
    return settings.PAGE_CACHE_ENTRIES > 0


def may_keep(request) -> bool:
    """Whether the page this request asks for may be served from memory, or kept."""
    return not (
        not _enabled()
        or request.method != "GET"
        or request.headers.get("HX-Request")
        or len(getattr(request, "_messages", ()))
    )


def page_key(request, whose: str, member_version: int | None) -> str | None:
    """The key of the page this GET asks for, kept for `whose`; None when it must be made afresh.

    `whose` names who may see it ("member:12:1", "guest:7:3"); the key adds the global data
    version and `member_version` (the number of the member whose records the page shows),
    today's date and the full address.
    """
    if not may_keep(request):
        return None
    version = data_version(request)
    if version is None or member_version is None:
        return None
    today = timezone.localdate().isoformat()
    return f"page:{whose}:{version}.{member_version}:{today}:{request.get_full_path()}"


def kept_page(request, key: str) -> HttpResponse | None:
    """The page kept under key, with this response's own CSRF token and nonce; or None."""
    kept = caches[CACHE_ALIAS].get(key)
    if kept is None:
        return None
    content_type, body, valid_until = kept
    if valid_until is not None and timezone.now() >= valid_until:
        return None
    return HttpResponse(_fill(body, request), content_type=content_type)


def made_for_one_response(request) -> None:
    """Say that the page being made holds something for this response alone (a once-only
    form token): it is not kept."""
    request._page_made_for_one_response = True


def keep_page(request, key: str, response, *, valid_until=None) -> None:
    """Keep a page just made, unless the request wrote anything or the page is not plain HTML.

    With valid_until, the page is not served from that moment on (a guest link's expiry).
    """
    if (
        not _wrote.get()
        and not getattr(request, "_page_made_for_one_response", False)
        and response.status_code == 200
        and not response.streaming
        and not response.has_header("Cache-Control")
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
    ):
        body = _strip(response.content, request)
        caches[CACHE_ALIAS].set(key, (response["Content-Type"], body, valid_until))


def _member_key(request) -> str | None:
    match = request.resolver_match
    user = request.user
    if match is None or not user.is_authenticated:
        return None
    verified = int(bool(getattr(user, "is_verified", lambda: False)()))
    # A staff page that shows only SHARED_TABLES' rows: valid while the global number stands.
    if match.view_name in settings.PAGE_CACHE_STAFF_VIEWS and getattr(user, "is_reviewer", False):
        return page_key(request, f"staff:{user.pk}:{verified}", 0)
    if match.view_name not in settings.PAGE_CACHE_VIEWS:
        return None
    # Members only: other staff pages (review queues) show what members change, which raises
    # those members' numbers, not the staff member's.
    if writing_member(request) != user.pk:
        return None
    # Read with the user (accounts.backends); None with another backend: made afresh.
    member_version = getattr(user, MEMBER_VERSION_ATTRIBUTE, None)
    return page_key(request, f"member:{user.pk}:{verified}", member_version)


# The attribute that holds the member's number on the user loaded for the request.
MEMBER_VERSION_ATTRIBUTE = "frame_data_version"


_shared: dict[str, tuple[int, object]] = {}
_shared_lock = Lock()


def shared[T](name: str, load: Callable[[], T]) -> T:
    """Data every member's pages share (policies and their rules), loaded once per process
    for each global data version; only staff, the admin, imports and tasks change it.

    Kept only while handling a request that has changed nothing (elsewhere a change not yet
    committed has not raised the number), for the version read with its session; otherwise
    `load()` runs every time. The objects returned are shared between requests: read them,
    never change them.
    """
    request = _request.get()
    if request is None or _wrote.get():
        return load()
    version = data_version(request)
    if version is None:
        return load()
    kept = _shared.get(name)
    if kept is not None and kept[0] == version:
        return kept[1]  # type: ignore[return-value]
    value = load()
    with _shared_lock:
        _shared[name] = (version, value)
    return value


def forget_shared() -> None:
    """Drop the shared data of this process (the global number was raised here)."""
    with _shared_lock:
        _shared.clear()


def _strip(body: bytes, request) -> bytes:
    """The body with this response's CSRF tokens and nonce replaced by markers."""
    secret = request.META.get("CSRF_COOKIE")
    if secret:

        def mark(match):
            token = match.group(0).decode()
            return _CSRF_MARK if _unmask_cipher_token(token) == secret else match.group(0)

        body = _TOKEN.sub(mark, body)
    nonce = getattr(request, "_csp_nonce", None)
    if nonce:  # a LazyNonce is true once the page used it
        body = body.replace(str(nonce).encode(), _NONCE_MARK)
    return body


def _fill(body: bytes, request) -> bytes:
    if _CSRF_MARK in body:
        body = body.replace(_CSRF_MARK, get_token(request).encode())
    if _NONCE_MARK in body:
        body = body.replace(_NONCE_MARK, str(request._csp_nonce).encode())
    return body


class PageCacheMiddleware:
    """Serve members the pages in PAGE_CACHE_VIEWS from memory while the data is unchanged.

    Last in MIDDLEWARE, so sign-in, the idle time-out and two-factor checks all come first.
    It also notes, for every request, whether the request wrote anything and whose number its
    changes raise (core.guest keeps guests' pages with the same functions).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _wrote.set(False)
        request_token = _request.set(request)
        try:
            response = self.get_response(request)
            key = getattr(request, "_page_cache_key", None)
            if key is not None:
                keep_page(request, key, response)
            return response
        finally:
            _request.reset(request_token)
            _wrote.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        key = _member_key(request)
        if key is None:
            return None
        response = kept_page(request, key)
        if response is None:
            request._page_cache_key = key
        return response
