"""SQL queries per page, for every page the authorization matrix lists.

Each page is requested in-process with Django's test client, as the demo member when the
member may open it, otherwise as the demo member of staff when staff may. The URL arguments
come from the matrix (`Case.kwargs(owner)` creates an object the demo member owns); each page
runs in a transaction that is rolled back, so the demo data stays as it was.
"""

import re
import time
from collections import Counter
from dataclasses import dataclass

from bench.environment import Bench, django_test_environment
from bench.output import Section, Table

TITLE = "Queries per page"
TIME_LIMIT = 120
TIMED_REQUESTS = 3

OK = "ok"  # tests.matrix.OK, repeated so this module imports without the test suite


@dataclass(frozen=True)
class Row:
    url_name: str
    role: str
    path: str
    status: int | str
    queries: int | None
    most_repeated: int | None
    milliseconds: float | None
    # Why the page was measured for a new member's object rather than the demo member's.
    problem: str | None = None


def choose_role(expect: dict[str, str]) -> str | None:
    """Who requests the page: the member if they may, else staff, else nobody."""
    if expect.get("owner") == OK:
        return "owner"
    if expect.get("staff") == OK:
        return "staff"
    return None


_LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")
_IN_LIST = re.compile(r"\bIN \((?:\?(?:, )?)+\)")


def statement_shape(sql: str) -> str:
    """The statement with its values taken out, so the same query with new ids compares equal."""
    return _IN_LIST.sub("IN (...)", _LITERAL.sub("?", sql))


def most_repeated(statements: list[str]) -> int:
    """How often the commonest statement shape ran: more than a few hints at a query per row."""
    if not statements:
        return 0
    return Counter(statement_shape(sql) for sql in statements).most_common(1)[0][1]


def _cases():
    from tests.test_authorization import _all_cases

    return _all_cases()


def _unlisted(cases) -> list[str]:
    """URL names the project serves that the matrix does not list yet (so not measured)."""
    from tests.test_authorization import UNLISTED_NAMESPACES, _url_names

    listed = {case.url_name for case in cases}
    return sorted(
        name
        for name in _url_names()
        if name not in listed and name.split(":")[0] not in UNLISTED_NAMESPACES
    )


def _url_arguments(case, role: str, member, client):
    """Arguments for an object the demo member owns, and the client that should ask for it.

    A case builds its object for an owner with no records of her own. When that clashes with
    the demo member's records (a constraint allows one of a kind), the object is built for a
    new member instead, who then asks as the owner; the third value says what went wrong.
    """
    from django.db import transaction

    from tests.conftest import signed_in_client
    from tests.factories import UserFactory

    if case.kwargs is None:
        return {}, client, None
    try:
        with transaction.atomic():
            return case.kwargs(member), client, None
    except Exception as error:
        problem = f"{type(error).__name__}: {error}"
    newcomer = UserFactory(full_name="Nia Newcomer")
    kwargs = case.kwargs(newcomer)
    return (
        kwargs,
        signed_in_client(newcomer) if role == "owner" else client,
        problem,
    )


def _measure(case, role: str, client, member) -> Row:
    from django.core.cache import caches
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from careermanager.core.pagecache import CACHE_ALIAS

    with transaction.atomic():
        kwargs, client, problem = _url_arguments(case, role, member, client)
        path = reverse(case.url_name, kwargs=kwargs)
        client.get(path)  # first request warms caches (content types, templates)
        caches[CACHE_ALIAS].clear()  # count the page made afresh, not kept in memory
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        # Read them now: the next request's request_started signal empties the query log.
        statements = [query["sql"] for query in captured.captured_queries]
        durations = []
        for _ in range(TIMED_REQUESTS):
            started = time.perf_counter()
            client.get(path)
            durations.append(time.perf_counter() - started)
        transaction.set_rollback(True)
    return Row(
        url_name=case.url_name,
        role=role,
        path=path,
        status=response.status_code,
        queries=len(statements),
        most_repeated=most_repeated(statements),
        milliseconds=sorted(durations)[len(durations) // 2] * 1000,
        problem=problem,
    )


def role_label(role: str, *, newcomer: bool = False) -> str:
    if role == "owner":
        return "new member" if newcomer else "member"
    return role


def run(bench: Bench) -> Section:
    from tests.conftest import signed_in_client

    section = Section(TITLE)
    with django_test_environment():
        clients = {"owner": signed_in_client(bench.member), "staff": signed_in_client(bench.staff)}
        table = Table(["Page", "As", "Path", "Status", "Queries", "Most repeated", "ms"])
        skipped, substituted = [], {}
        cases = _cases()
        for case in cases:
            role = choose_role(case.expect)
            if role is None:
                skipped.append(case.url_name)
                continue
            try:
                row = _measure(case, role, clients[role], bench.member)
            except Exception as error:
                section.failures.append(f"{case.url_name} as {role_label(role)}: {error!r}")
                table.add(case.url_name, role_label(role), None, "error", None, None, None)
                continue
            if row.problem:
                substituted.setdefault(row.problem, []).append(row.url_name)
            if row.status != 200:
                section.failures.append(
                    f"{row.url_name} as {role_label(role)}: {row.path} answered {row.status}"
                )
            table.add(
                row.url_name,
                role_label(role, newcomer=bool(row.problem) and role == "owner"),
                row.path,
                row.status,
                row.queries,
                row.most_repeated,
                row.milliseconds,
            )
    section.add(
        "One request after a warm-up request, as the demo member (or as the demo member of "
        "staff for staff pages), made afresh: the pages kept in memory are forgotten first. "
        "'Most repeated' is how many times the commonest statement ran with different values; "
        f"ms is the median of {TIMED_REQUESTS} in-process requests (served from memory where "
        "the page is kept)."
    )
    section.add(table)
    for problem, names in substituted.items():
        section.add(
            f"Measured for a new member's object ({len(names)}), because the matrix could not "
            f"build one for the demo member beside her own records ({problem}): "
            + ", ".join(names)
            + "."
        )
    if skipped:
        section.add(
            f"Not measured ({len(skipped)}): neither the member nor staff get a page there "
            "(changes that only accept POST, redirects, administrators' pages): "
            + ", ".join(skipped)
            + "."
        )
    unlisted = _unlisted(cases)
    if unlisted:
        section.add(
            f"Not in the authorization matrix, so not measured ({len(unlisted)}): "
            + ", ".join(unlisted)
            + "."
        )
    return section
