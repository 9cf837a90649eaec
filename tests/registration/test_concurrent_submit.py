"""Submitting one intention from several requests at the same moment gives one submission.

Needs PostgreSQL (SQLite takes one writer at a time, so requests never overlap there): run
with DATABASE_URL pointing at a PostgreSQL server.
"""

import pytest
from django.core import mail
from django.urls import reverse

from careermanager.core.models import AuditEvent
from careermanager.registration.models import Intention, Status
from tests.concurrency import at_once, concurrent_postgres, signed_in_clients
from tests.factories import UserFactory
from tests.registration.factories import IntentionFactory

pytestmark = concurrent_postgres("concurrent requests need PostgreSQL")


@pytest.mark.real_on_commit
def test_six_submits_at_once_submit_once():
    owner = UserFactory()
    intention = IntentionFactory(owner=owner, complete=True)
    clients = signed_in_clients(owner, 6)
    url = reverse("registration:intention-submit", args=[intention.pk])

    # Each request has its own form token, as six open tabs would.
    outcomes = at_once(
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
    clients = signed_in_clients(owner, 2)
    url = reverse("registration:intention-submit", args=[intention.pk])
    token = "double-click-token-0001-abcdefgh"

    outcomes = at_once(2, lambda i: clients[i].post(url, {"confirm": "on", "once_token": token}))

    assert [getattr(o, "status_code", repr(o)) for o in outcomes] == [302] * 2
    assert Intention.objects.get(pk=intention.pk).status == Status.SUBMITTED
    assert len(mail.outbox) == 1
