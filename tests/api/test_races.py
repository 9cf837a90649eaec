"""The same create sent several times at once with one Idempotency-Key makes one record."""

from careermanager.cpd.models import Activity
from tests.api.conftest import make_token, token_client
from tests.concurrency import at_once, concurrent_postgres

pytestmark = concurrent_postgres("requests at the same moment need PostgreSQL")

ACTIVITY = {"type": "event", "title": "Lecture", "start_date": "2026-03-02", "hours": "1"}


def test_one_key_sent_at_once_makes_one_activity(owner):
    text = make_token(owner)
    clients = [token_client(text) for _ in range(4)]
    outcomes = at_once(
        4,
        lambda i: clients[i].post(
            "/api/v1/cpd/activities",
            ACTIVITY,
            content_type="application/json",
            headers={"Idempotency-Key": "same-moment"},
        ),
    )
    assert [response.status_code for response in outcomes] == [201] * 4, outcomes
    assert len({response.json()["id"] for response in outcomes}) == 1
    assert Activity.objects.filter(owner=owner).count() == 1
