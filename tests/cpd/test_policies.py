"""Choosing CPD policies and seeing how the record measures up."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from careermanager.cpd.compliance import evaluate_followed
from careermanager.cpd.models import Activity, Institution, MemberPolicy, Policy, Topic
from careermanager.profiles.models import Training
from tests.cpd.factories import ActivityFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def follow(user, *codes):
    for code in codes:
        MemberPolicy.objects.create(owner=user, policy=Policy.objects.get(code=code))


def test_the_data_migration_ships_the_policies():
    codes = set(Policy.objects.values_list("code", flat=True))
    assert {"iet-active", "iet-retired", "engc-registrant", "ei-member", "ea-chartered"} <= codes
    ea = Policy.objects.with_rules().get(code="ea-chartered")
    assert ea.period_years == 3
    assert ea.total_minimum_hours == 150
    combined = ea.rules.get(label="Workplace learning plus private study")
    assert combined.kind == "maximum"
    assert combined.hours == 110
    assert sorted(combined.categories) == ["self_study", "work_experience"]
    area = ea.rules.get(label="Area of practice")
    assert [t.code for t in area.topics.all()] == ["area-of-practice"]
    assert Policy.objects.get(code="engc-registrant").total_minimum_hours is None


def test_choose_one_policy_per_institution(owner, owner_client):
    iet = Policy.objects.get(code="iet-active")
    ei = Policy.objects.get(code="ei-member")
    form = {f"institution_{i.pk}": "none" for i in Institution.objects.all()}
    form |= {f"institution_{iet.institution_id}": iet.pk, f"institution_{ei.institution_id}": ei.pk}
    response = owner_client.post(reverse("cpd:policy-choose"), form)
    assert response.status_code == 302
    assert set(Policy.objects.followed_by(owner)) == {iet, ei}
    retired = Policy.objects.get(code="iet-retired")
    form = {f"institution_{i.pk}": "none" for i in Institution.objects.all()}
    form[f"institution_{retired.institution_id}"] = retired.pk
    owner_client.post(reverse("cpd:policy-choose"), form)
    assert list(Policy.objects.followed_by(owner)) == [retired]


def test_every_institution_needs_an_answer(owner, owner_client):
    response = owner_client.post(reverse("cpd:policy-choose"), {})
    assert "Choose an option for IET" in response.content.decode()


def test_choose_page_shows_the_current_choice(owner, owner_client):
    follow(owner, "iet-retired")
    retired = Policy.objects.get(code="iet-retired")
    content = owner_client.get(reverse("cpd:policy-choose")).content.decode()
    assert f'value="{retired.pk}"' in content
    assert "checked" in content.split(f'value="{retired.pk}"')[1].split(">")[0]
    assert "<legend" in content


def test_retired_policies_cannot_be_newly_chosen(owner, owner_client):
    ei = Policy.objects.get(code="ei-member")
    ei.is_active = False
    ei.save()
    content = owner_client.get(reverse("cpd:policy-choose")).content.decode()
    assert f'value="{ei.pk}"' not in content


def test_status_page_shows_counted_recorded_and_caps(owner, owner_client):
    follow(owner, "ea-chartered")
    ActivityFactory(
        owner=owner,
        title="Substation commissioning",
        type=Activity.Type.WORK_EXPERIENCE,
        start_date=TODAY.replace(month=1, day=5),
        hours=Decimal(100),
    )
    content = owner_client.get(reverse("cpd:policies")).content.decode()
    assert "Engineers Australia: Chartered members" in content
    assert "Not met yet" in content
    assert "Limit reached" in content
    assert "Substation commissioning" in content  # listed as not fully counted
    assert "25 hours over a limit" in content
    assert "Still to do before 31 December" in content


def test_status_for_a_past_year(owner, owner_client):
    follow(owner, "iet-active")
    ActivityFactory(owner=owner, start_date=date(TODAY.year - 1, 3, 1), hours=Decimal(31))
    content = owner_client.get(reverse("cpd:policies"), {"year": TODAY.year - 1}).content.decode()
    assert "You meet this policy" in content
    assert "Still to do" not in content


def test_engineering_council_lists_activities_without_reflection(owner, owner_client):
    follow(owner, "engc-registrant")
    bare = ActivityFactory(owner=owner, title="Unreflected seminar")
    ActivityFactory(owner=owner, reflected=True)
    content = owner_client.get(reverse("cpd:policies")).content.decode()
    assert "Unreflected seminar" in content
    assert reverse("cpd:activity-reflection", args=[bare.pk]) in content
    assert "1 activity has no reflection" in content


def test_training_and_topics_count_through_the_database(owner):
    follow(owner, "ea-chartered")
    year = TODAY.year
    Training.objects.create(
        owner=owner, title="HV switching", start_date=date(year, 1, 10), hours=Decimal(140)
    )
    risk = ActivityFactory(owner=owner, start_date=date(year, 1, 11), hours=Decimal(10))
    risk.topics.set([Topic.objects.get(code="risk-management")])
    (status,) = evaluate_followed(owner, year=year, today=TODAY)
    evaluation = status.evaluation
    assert evaluation.counted_hours == 150
    assert evaluation.total_met
    minimums = {m.rule.label: m.counted for m in evaluation.minimums}
    assert minimums["Risk management"] == 10
    assert not evaluation.compliant  # area of practice and business still missing


def test_admin_can_edit_a_policy(admin_client_2fa):
    policy = Policy.objects.get(code="ea-chartered")
    response = admin_client_2fa.get(reverse("admin:cpd_policy_change", args=[policy.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Workplace learning plus private study" in content
