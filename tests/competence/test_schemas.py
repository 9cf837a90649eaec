"""Competence records as plain data: raw levels, history, a fixed number of queries."""

import json

import pytest

from careermanager.competence.models import SkillLevel
from careermanager.competence.schemas import CompetenceRecords, member_records
from careermanager.core.snapshots import canonical_json, snapshot_hash
from tests.competence.factories import (
    AssessmentFactory,
    JobProfileFactory,
    JobProfileItemFactory,
    assess,
    competence,
    framework,
)
from tests.queries import count_queries

pytestmark = pytest.mark.django_db
CODES = ["A1", "A2", "B1", "B2", "B3", "C1", "C2", "C3", "D1", "D2", "D3", "E1", "E2"]


@pytest.fixture
def assessed(owner):
    AssessmentFactory(owner=owner)
    assess(owner, "A1", SkillLevel.SUPERVISED, evidence="First go.")
    assess(owner, "A1", SkillLevel.PRACTITIONER, evidence="Led the study.")
    profile = JobProfileFactory(owner=owner)
    JobProfileItemFactory(profile=profile, competence=competence("C2"))
    return owner


def test_levels_evidence_reference_and_history_are_raw(assessed):
    records = member_records(assessed)
    ceng = framework()
    [assessment] = records.assessments
    assert (assessment.framework.code, assessment.framework.edition) == (ceng.code, ceng.edition)
    [a1] = assessment.competences
    assert a1.competence.code == "A1"
    assert a1.level == "practitioner"
    assert a1.evidence == "Led the study."
    assert a1.reference == "Report TR-100"
    assert [r.level for r in a1.revisions] == ["supervised", "practitioner"]
    [profile] = records.job_profiles
    assert profile.kind == "aspired"
    assert profile.items[0].competence.code == "C2"
    assert profile.items[0].target_level == "practitioner"
    assert "Practitioner" not in canonical_json(records).decode()
    assert records.other_levels == []


def test_another_members_records_never_appear(assessed, other_member):
    AssessmentFactory(owner=other_member)
    assess(other_member, "B2")
    JobProfileFactory(owner=other_member, title="Theirs")
    records = member_records(assessed)
    assert [c.competence.code for c in records.assessments[0].competences] == ["A1"]
    assert [p.title for p in records.job_profiles] == ["Project manager — my next role"]


def test_queries_are_the_same_for_few_and_many_records(owner):
    AssessmentFactory(owner=owner)
    for code in CODES[:3]:
        assess(owner, code)
    JobProfileItemFactory(profile=JobProfileFactory(owner=owner))
    few = count_queries(lambda: member_records(owner))
    for code in CODES:
        for level in (SkillLevel.TRAINEE, SkillLevel.EXPERT):
            assess(owner, code, level)
    for _ in range(5):
        JobProfileItemFactory(profile=JobProfileFactory(owner=owner))
    many = count_queries(lambda: member_records(owner))
    assert few == many == 5


def test_json_round_trips_and_hash_follows_the_data(assessed):
    records = member_records(assessed)
    assert CompetenceRecords.model_validate(json.loads(canonical_json(records))) == records
    assert snapshot_hash(member_records(assessed)) == snapshot_hash(records)
    assess(assessed, "A1", SkillLevel.EXPERT)
    assert snapshot_hash(member_records(assessed)) != snapshot_hash(records)
