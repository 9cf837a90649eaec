"""Invariants the database keeps, and the query methods other apps use."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from careermanager.profiles.models import (
    AccountabilityPerson,
    Employment,
    PersonalDetails,
    Training,
)
from tests.profiles.factories import (
    AccountabilityPersonFactory,
    EmploymentFactory,
    PastEmploymentFactory,
    TrainingFactory,
)


def violates(build) -> bool:
    try:
        with transaction.atomic():
            build()
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db
@pytest.mark.parametrize("hours", ["0", "-1", "10000.01"])
def test_database_refuses_hours_out_of_range(hours, owner):
    assert violates(lambda: TrainingFactory(owner=owner, hours=Decimal(hours)))


@pytest.mark.django_db
def test_database_accepts_the_extremes(owner):
    TrainingFactory(owner=owner, hours=Decimal("0.01"))
    TrainingFactory(owner=owner, hours=Decimal("10000"))
    assert Training.objects.count() == 2


@pytest.mark.django_db
def test_database_refuses_an_end_before_the_start(owner):
    assert violates(
        lambda: TrainingFactory(owner=owner, start_date=date(2024, 5, 2), end_date=date(2024, 5, 1))
    )
    assert violates(
        lambda: PastEmploymentFactory(
            owner=owner, start_date=date(2024, 5, 2), end_date=date(2024, 5, 1)
        )
    )


@pytest.mark.django_db
def test_database_keeps_current_and_end_date_consistent(owner):
    assert violates(
        lambda: EmploymentFactory(owner=owner, is_current=True, end_date=date(2024, 1, 1))
    )
    assert violates(lambda: EmploymentFactory(owner=owner, is_current=False, end_date=None))


@pytest.mark.django_db
def test_database_refuses_overlong_text(owner):
    assert violates(lambda: EmploymentFactory(owner=owner, responsibilities="x" * 5001))


@pytest.mark.django_db
def test_one_personal_details_record_per_member(owner):
    PersonalDetails.objects.create(owner=owner)
    assert violates(lambda: PersonalDetails.objects.create(owner=owner))


@pytest.mark.django_db
def test_one_person_per_level_and_levels_only_above(owner):
    employment = EmploymentFactory(owner=owner)
    above = AccountabilityPerson.Relation.ABOVE
    AccountabilityPersonFactory(employment=employment, relation=above, level=1)
    assert violates(
        lambda: AccountabilityPersonFactory(employment=employment, relation=above, level=1)
    )
    assert violates(
        lambda: AccountabilityPersonFactory(employment=employment, relation=above, level=4)
    )
    assert violates(lambda: AccountabilityPersonFactory(employment=employment, level=1))


@pytest.mark.django_db
def test_completed_between_uses_the_end_date_or_else_the_start_date(owner, other_member):
    inside_by_end = TrainingFactory(
        owner=owner, start_date=date(2023, 12, 30), end_date=date(2024, 1, 2)
    )
    inside_one_day = TrainingFactory(owner=owner, start_date=date(2024, 12, 31))
    TrainingFactory(owner=owner, start_date=date(2024, 12, 30), end_date=date(2025, 1, 1))
    TrainingFactory(owner=owner, start_date=date(2023, 12, 31))
    TrainingFactory(owner=other_member, start_date=date(2024, 6, 1))

    year = Training.objects.owned_by(owner).completed_between(date(2024, 1, 1), date(2024, 12, 31))

    assert set(year) == {inside_by_end, inside_one_day}
    assert year.total_hours() == Decimal("15")
    assert Training.objects.owned_by(owner).none().total_hours() == Decimal(0)


@pytest.mark.django_db
def test_owned_by_never_returns_another_members_records(owner, other_member):
    mine = EmploymentFactory(owner=owner)
    EmploymentFactory(owner=other_member)
    assert list(Employment.objects.owned_by(owner)) == [mine]
    AccountabilityPersonFactory(employment=mine)
    assert AccountabilityPerson.objects.owned_by(other_member).count() == 0
    assert AccountabilityPerson.objects.owned_by(owner).count() == 1


@pytest.mark.django_db
def test_employment_lists_current_roles_first_then_newest(owner):
    old = PastEmploymentFactory(owner=owner, start_date=date(2010, 1, 4), end_date=date(2012, 1, 1))
    recent = PastEmploymentFactory(
        owner=owner, start_date=date(2019, 1, 7), end_date=date(2021, 1, 1)
    )
    current = EmploymentFactory(owner=owner, start_date=date(2015, 1, 5))
    assert list(Employment.objects.owned_by(owner)) == [current, recent, old]
    assert list(Employment.objects.owned_by(owner).current()) == [current]
