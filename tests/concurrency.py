"""Requests sent at the same moment from several threads, for tests of races on PostgreSQL.

SQLite takes one writer at a time, so requests never overlap there: such tests are skipped
unless DATABASE_URL points at PostgreSQL.

    pytestmark = concurrent_postgres("concurrent requests need PostgreSQL")
    outcomes = at_once(6, lambda i: clients[i].post(url, data))
"""

import threading

import pytest
from django.conf import settings
from django.test import Client


def concurrent_postgres(reason: str) -> list:
    """The marks of a test module that commits for real from several threads."""
    return [
        pytest.mark.django_db(transaction=True, serialized_rollback=True),
        pytest.mark.skipif(
            settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
            reason=reason,
        ),
    ]


def at_once(count: int, send) -> list:
    """Run send(index) in `count` threads released together; return each outcome.

    A server error reaches the test client as an exception: it is returned, not raised.
    """
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(index: int) -> None:
        from django.db import connections

        try:
            barrier.wait()
            outcomes[index] = send(index)
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def signed_in_clients(user, count: int) -> list[Client]:
    """`count` clients signed in as the user, as that many open browser tabs."""
    clients = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients
