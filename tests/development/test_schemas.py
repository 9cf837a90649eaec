import pytest

from careermanager.competence.queries import SkillLevel
from careermanager.development.schemas import member_records
from tests.competence.factories import competence
from tests.cpd.factories import ActivityFactory
from tests.development.factories import ActionFactory, ObjectiveFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def test_records_are_raw_values(owner, other_member):
    objective = ObjectiveFactory(
        owner=owner, kind="framework", competence=competence("B2"), target_level="expert"
    )
    activity = ActivityFactory(owner=owner)
    objective.activities.add(activity)
    ActionFactory(objective=objective, kind="course", activity=activity, complete=True)
    ObjectiveFactory(owner=other_member)
    records = member_records(owner)
    [record] = records.objectives
    assert record.kind == "framework"
    assert record.target_level == SkillLevel.EXPERT.value
    assert record.competence.code == "B2"
    assert record.competence.framework.code == "UK-SPEC-CEng"
    assert record.activity_ids == [activity.pk]
    assert record.actions[0].status == "complete"
    assert record.actions[0].activity_id == activity.pk
    assert records.plan.reminders is True
    assert '"target_date":"' in records.model_dump_json()


def test_records_take_a_fixed_number_of_queries(owner):
    ActionFactory(objective__owner=owner)
    few = count_queries(lambda: member_records(owner))
    for _ in range(5):
        ActionFactory.create_batch(2, objective=ObjectiveFactory(owner=owner))
    assert count_queries(lambda: member_records(owner)) == few <= 4
