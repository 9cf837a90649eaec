"""Two samples drawn for one year at the same moment never put a declaration in both.

Needs PostgreSQL (SQLite takes one writer at a time, so draws never overlap there): run with
DATABASE_URL pointing at a PostgreSQL server.
"""

import pytest
from django.core.exceptions import ValidationError

from careermanager.review.models import MonitoringCase, Sample
from careermanager.review.services import sample_draw
from tests.concurrency import at_once, concurrent_postgres
from tests.review.factories import YEAR, many_submitted

pytestmark = concurrent_postgres("concurrent draws need PostgreSQL")


@pytest.mark.real_on_commit
def test_two_draws_at_once_sample_each_declaration_once(staff):
    many_submitted(40)
    outcomes = at_once(
        2,
        lambda i: sample_draw(
            year=YEAR, method="percent", amount=100, seed=f"draw-{i}", actor=staff
        ),
    )
    drawn = [outcome for outcome in outcomes if isinstance(outcome, Sample)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert (len(drawn), len(refused)) == (1, 1), outcomes
    assert Sample.objects.count() == 1
    assert MonitoringCase.objects.count() == 40
