"""Submitting one intention from several requests at the same moment gives one submission.

Needs PostgreSQL (SQLite takes one writer at a time, so requests never overlap there): run
with DATABASE_URL pointing at a PostgreSQL server.
"""

import threading

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from careermanager.core.models import AuditEvent
from careermanager.registration.models import Intention, Status
from tests.factories import UserFactory
from tests.registration.factories import IntentionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="concurrent requests need PostgreSQL",
    ),
]


def _at_once(count: int, send) -> list:
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


@pytest.mark.real_on_commit
def test_six_submits_at_once_submit_once():
    owner = UserFactory()
    intention = IntentionFactory(owner=owner, complete=True)
    clients = []
    for _ in range(6):
        client = Client()
        client.force_login(owner)
        clients.append(client)
    url = reverse("registration:intention-submit", args=[intention.pk])

    # Each request has its own form token, as six open tabs would.
    outcomes = _at_once(
        6,
        lambda i: clients[i].post(
            url, {"confirm": "on", "once_token": f"separate-tab-token-{i:04d}-abcdefgh"}
        ),
    )

    assert [getattr(o, "status_code", repr(o)) for o in outcomes] == [302] * 6
    intention = Intention.objects.get(pk=intention.pk)
    assert intention.status == Status.SUBMITTED
    assert (
        AuditEvent.objects.filter(
            action="registration.intention.submitted", target_id=str(intention.pk)
        ).count()
        == 1
    )
    assert len(mail.outbox) == 1


@pytest.mark.real_on_commit
def test_the_same_form_sent_twice_at_once_submits_once():
    owner = UserFactory()
    intention = IntentionFactory(owner=owner, complete=True)
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(owner)
        clients.append(client)
    url = reverse("registration:intention-submit", args=[intention.pk])
    token = "double-click-token-0001-abcdefgh"

    outcomes = _at_once(2, lambda i: clients[i].post(url, {"confirm": "on", "once_token": token}))

    assert [getattr(o, "status_code", repr(o)) for o in outcomes] == [302] * 2
    assert Intention.objects.get(pk=intention.pk).status == Status.SUBMITTED
    assert len(mail.outbox) == 1
