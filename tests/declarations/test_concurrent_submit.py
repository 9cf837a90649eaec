"""Submitting one declaration from several requests at the same moment gives one submission.

Needs PostgreSQL (SQLite takes one writer at a time, so requests never overlap there): run
with DATABASE_URL pointing at a PostgreSQL server.
"""

import pytest
from django.core import mail
from django.urls import reverse

from careermanager.core.models import AuditEvent
from careermanager.declarations.models import Declaration, Status
from tests.concurrency import at_once, concurrent_postgres, signed_in_clients
from tests.declarations.factories import DeclarationFactory
from tests.factories import UserFactory

pytestmark = concurrent_postgres("concurrent requests need PostgreSQL")


@pytest.mark.real_on_commit
def test_six_submits_at_once_submit_once():
    owner = UserFactory()
    declaration = DeclarationFactory(owner=owner, complete=True)
    clients = signed_in_clients(owner, 6)
    url = reverse("declarations:submit", args=[declaration.pk])

    # Each request has its own form token, as six open tabs would.
    outcomes = at_once(
        6,
        lambda i: clients[i].post(
            url, {"confirm": "on", "once_token": f"separate-tab-token-{i:04d}-abcdefgh"}
        ),
    )

    assert [getattr(o, "status_code", repr(o)) for o in outcomes] == [302] * 6
    declaration = Declaration.objects.get(pk=declaration.pk)
    assert declaration.status == Status.SUBMITTED
    assert (
        AuditEvent.objects.filter(
            action="declarations.declaration.submitted", target_id=str(declaration.pk)
        ).count()
        == 1
    )
    assert len(mail.outbox) == 1
    assert declaration.pdf
