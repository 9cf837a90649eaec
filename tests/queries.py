"""Query budgets: a page's query count must not grow with the member's data."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(request: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as context:
        request()
    return len(context.captured_queries)


def assert_flat_queries(
    client, url: str, *, grow: Callable[[], None], expected_status: int = 200
) -> int:
    """Request url, add data with grow(), request again: both counts must be equal.

    Returns the count so a test can also hold it under a ceiling.
    """
    responses = []

    def fetch():
        responses.append(client.get(url))

    client.get(url)  # warm caches (content types, sessions) so both counts compare like with like
    before = count_queries(fetch)
    grow()
    after = count_queries(fetch)
    assert all(r.status_code == expected_status for r in responses), [
        r.status_code for r in responses
    ]
    assert before == after, f"{url}: {before} queries with less data, {after} with more"
    return after
