"""Training and academic study of a period read in one query, the same as read apart."""

from datetime import date
from decimal import Decimal

import pytest

from careermanager.profiles.queries import (
    education_completed_between,
    learning_completed_between,
    training_completed_between,
)
from tests.profiles.factories import EducationFactory, TrainingFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 12, 31)


def test_one_query_gives_what_the_two_give(owner):
    TrainingFactory(owner=owner, start_date=date(2025, 3, 1), hours=Decimal("7.5"))
    TrainingFactory(owner=owner, start_date=date(2025, 6, 1), end_date=date(2025, 6, 2))
    TrainingFactory(owner=owner, start_date=date(2024, 6, 1))  # another year
    EducationFactory(
        owner=owner, start_date=date(2022, 9, 1), end_date=None, awarded_date=date(2025, 7, 1)
    )
    EducationFactory(owner=owner, start_date=date(2023, 9, 1), end_date=date(2026, 6, 30))
    TrainingFactory(start_date=date(2025, 3, 1))  # someone else's

    assert count_queries(lambda: learning_completed_between(owner, START, END)) == 1
    trainings, studies = learning_completed_between(owner, START, END)
    assert trainings == training_completed_between(owner, START, END)
    assert studies == education_completed_between(owner, START, END)
    assert [record.hours for record in trainings] == [trainings[0].hours, Decimal("7.5")]
    assert len(studies) == 1
