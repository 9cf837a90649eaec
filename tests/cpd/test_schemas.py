"""CPD records as plain data: raw values, the member's own only, a fixed number of queries."""

import json
from datetime import date
from decimal import Decimal

import pytest

from careermanager.core.snapshots import canonical_json, snapshot_hash
from careermanager.cpd.models import Activity, MemberPolicy, Policy, Topic
from careermanager.cpd.schemas import CpdRecords, member_records
from tests.competence.factories import competence, framework
from tests.cpd.factories import ActivityFactory, FolderFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def add_activities(owner, count: int) -> None:
    folder = FolderFactory(owner=owner)
    topic = Topic.objects.get(code="area-of-practice")
    for _ in range(count):
        activity = ActivityFactory(owner=owner, folder=folder, reflected=True)
        activity.topics.add(topic)
        activity.competences.add(competence("A1"))


@pytest.fixture
def member(owner):
    folder = FolderFactory(owner=owner, name="CPD 2024")
    activity = ActivityFactory(
        owner=owner,
        folder=folder,
        type=Activity.Type.SELF_STUDY,
        title="Read the wiring regulations",
        start_date=date(2024, 5, 3),
        end_date=date(2024, 5, 3),
        hours=Decimal("7.5"),
        reflection_learned="Where RCDs are required.",
    )
    activity.topics.add(Topic.objects.get(code="area-of-practice"))
    activity.competences.add(competence("B2"))
    MemberPolicy.objects.create(owner=owner, policy=Policy.objects.get(code="iet-active"))
    return owner


def test_values_are_raw(member):
    records = member_records(member)
    [activity] = records.activities
    assert activity.hours == Decimal("7.5")
    assert activity.start_date == date(2024, 5, 3)
    assert activity.type == "self_study"
    assert activity.status == "recorded"
    assert activity.folder_id == records.folders[0].id
    assert activity.reflection.learned == "Where RCDs are required."
    assert activity.reflection.impact == ""
    assert activity.topics == ["area-of-practice"]
    ceng = framework()
    assert [(c.framework.code, c.framework.edition, c.code) for c in activity.competences] == [
        (ceng.code, ceng.edition, "B2")
    ]
    assert [(p.policy, p.institution) for p in records.policies] == [("iet-active", "iet")]
    data = json.loads(canonical_json(records))
    assert data["activities"][0]["hours"] == "7.50"
    assert data["activities"][0]["end_date"] == "2024-05-03"
    assert "Self-study" not in canonical_json(records).decode()


def test_another_members_records_never_appear(member, other_member):
    add_activities(other_member, 3)
    MemberPolicy.objects.create(owner=other_member, policy=Policy.objects.get(code="ea-chartered"))
    records = member_records(member)
    assert [a.title for a in records.activities] == ["Read the wiring regulations"]
    assert [f.name for f in records.folders] == ["CPD 2024"]
    assert [p.policy for p in records.policies] == ["iet-active"]
    assert records.activities[0].competences[0].code == "B2"


def test_queries_are_the_same_for_5_and_50_records(member):
    add_activities(member, 5)
    few = count_queries(lambda: member_records(member))
    add_activities(member, 45)
    many = count_queries(lambda: member_records(member))
    assert few == many == 5
    assert len(member_records(member).activities) == 51


def test_json_round_trips_and_hash_follows_the_data(member):
    records = member_records(member)
    assert CpdRecords.model_validate(json.loads(canonical_json(records))) == records
    assert snapshot_hash(member_records(member)) == snapshot_hash(records)
    Activity.objects.filter(owner=member).update(reflection_impact="I test RCDs now.")
    assert snapshot_hash(member_records(member)) != snapshot_hash(records)
