"""The profile as plain records: raw values, the member's own only, a fixed number of queries."""

import json
from datetime import date
from decimal import Decimal

import pytest

from careermanager.core.snapshots import canonical_json, snapshot_hash
from careermanager.profiles.models import AccountabilityPerson, Employment, Training
from careermanager.profiles.schemas import ProfileRecords, member_records
from tests.profiles.factories import (
    AccountabilityPersonFactory,
    AchievementFactory,
    DevelopmentSchemeFactory,
    EducationFactory,
    EmploymentFactory,
    MembershipDetailsFactory,
    PastEmploymentFactory,
    PersonalDetailsFactory,
    TrainingFactory,
)
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def add_records(owner, count: int) -> None:
    for _ in range(count):
        role = PastEmploymentFactory(owner=owner)
        AccountabilityPersonFactory(employment=role)
        EducationFactory(owner=owner)
        DevelopmentSchemeFactory(owner=owner)
        TrainingFactory(owner=owner)
        AchievementFactory(owner=owner)


@pytest.fixture
def profile(owner):
    PersonalDetailsFactory(owner=owner)
    MembershipDetailsFactory(owner=owner, member_since=date(2012, 4, 1))
    role = EmploymentFactory(owner=owner, employment_type=Employment.Type.PART_TIME)
    AccountabilityPersonFactory(
        employment=role, relation=AccountabilityPerson.Relation.ABOVE, level=1, name="Lena"
    )
    TrainingFactory(owner=owner, start_date=date(2024, 5, 3), hours=Decimal("7.5"))
    return owner


def test_values_are_raw(profile):
    records = member_records(profile)
    training = records.training[0]
    assert training.hours == Decimal("7.5")
    assert isinstance(training.hours, Decimal)
    assert training.start_date == date(2024, 5, 3)
    assert training.kind == Training.Kind.COURSE.value
    assert records.employment[0].employment_type == "part_time"
    assert records.employment[0].accountability_people[0].level == 1
    assert records.membership.grade == "member"
    data = json.loads(canonical_json(records))
    assert data["training"][0]["hours"] == "7.50"
    assert data["training"][0]["start_date"] == "2024-05-03"
    assert data["membership"]["member_since"] == "2012-04-01"
    assert "Part-time" not in canonical_json(records).decode()


def test_a_member_without_details_has_none(owner):
    records = member_records(owner)
    assert records.personal is None
    assert records.membership is None
    assert records.training == []


def test_another_members_records_never_appear(profile, other_member):
    add_records(other_member, 2)
    PersonalDetailsFactory(owner=other_member, first_name="Otto")
    mine = member_records(profile)
    assert mine.personal.first_name == "Olive"
    assert len(mine.employment) == 1
    assert len(mine.training) == 1
    assert mine.education == mine.development_schemes == mine.achievements == []
    assert len(member_records(other_member).employment) == 2


def test_queries_are_the_same_for_5_and_50_records(profile):
    add_records(profile, 5)
    few = count_queries(lambda: member_records(profile))
    add_records(profile, 45)
    many = count_queries(lambda: member_records(profile))
    assert few == many == 8
    assert len(member_records(profile).employment) == 51


def test_json_round_trips_and_hash_follows_the_data(profile):
    records = member_records(profile)
    again = ProfileRecords.model_validate(json.loads(canonical_json(records)))
    assert again == records
    assert snapshot_hash(member_records(profile)) == snapshot_hash(records)
    Training.objects.filter(owner=profile).update(hours=Decimal("8"))
    assert snapshot_hash(member_records(profile)) != snapshot_hash(records)
