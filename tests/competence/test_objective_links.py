"""Links from competence pages to setting a development objective, pre-filled."""

import re

import pytest
from django.urls import reverse

from careermanager.competence.models import SkillLevel
from careermanager.competence.services import assessment_start, framework_retire
from tests.competence.factories import JobProfileItemFactory, assess, competence, framework

NEW_OBJECTIVE = reverse("development:objective-new")


def _link(competence_pk, level=None, job_profile=None) -> str:
    query = f"competence={competence_pk}"
    if level:
        query += f"&amp;level={level}"
    if job_profile:
        query += f"&amp;job_profile={job_profile}"
    return f'href="{NEW_OBJECTIVE}?{query}"'


@pytest.fixture
def assessment(owner):
    return assessment_start(owner=owner, category="CEng")


def _profile_row(page, code: str) -> str:
    rows = re.findall(r"<tr>(.*?)</tr>", page.text, re.S)
    return next(row for row in rows if f">{code} " in row)


def test_each_gap_in_a_job_profile_links_to_an_objective_at_the_target(owner_client, owner):
    short = JobProfileItemFactory(
        profile__owner=owner, competence=competence("C2"), target_level=SkillLevel.EXPERT
    )
    profile = short.profile
    met = JobProfileItemFactory(
        profile=profile, competence=competence("A1"), target_level=SkillLevel.PRACTITIONER
    )
    unassessed = JobProfileItemFactory(
        profile=profile, competence=competence("D1"), target_level=SkillLevel.SUPERVISED
    )
    assess(owner, "C2", level=SkillLevel.PRACTITIONER)
    assess(owner, "A1", level=SkillLevel.EXPERT)
    page = owner_client.get(reverse("competence:job-profile-detail", args=[profile.pk]))

    c2 = _profile_row(page, "C2")
    assert _link(short.competence_id, "expert", profile.pk) in c2
    assert 'Set an objective<span class="visually-hidden"> for C2</span>' in c2
    assert "Set an objective" not in _profile_row(page, "A1")
    assert _link(unassessed.competence_id, "supervised", profile.pk) in _profile_row(page, "D1")
    assert met.competence_id != short.competence_id


def test_each_competence_of_an_assessment_links_to_an_objective(owner_client, assessment):
    page = owner_client.get(reverse("competence:assessment-detail", args=[assessment.pk]))
    assert page.text.count(f'href="{NEW_OBJECTIVE}?competence=') == 17
    assert _link(competence("B2").pk) in page.text
    assert 'Set an objective<span class="visually-hidden"> for B2</span>' in page.text


def test_the_competence_page_links_to_an_objective(owner_client, assessment):
    page = owner_client.get(reverse("competence:assessment-competence", args=[assessment.pk, "B2"]))
    assert _link(competence("B2").pk) in page.text


def test_from_a_job_profile_the_competence_page_carries_the_target(owner_client, owner):
    item = JobProfileItemFactory(profile__owner=owner, target_level=SkillLevel.EXPERT)
    page = owner_client.get(
        reverse("competence:job-profile-item-assess", args=[item.profile.pk, item.pk])
    )
    assert _link(item.competence_id, "expert", item.profile.pk) in page.text


def test_a_retired_edition_offers_no_objective(owner_client, owner, assessment, staff):
    framework_retire(framework=framework("CEng"), actor=staff)
    page = owner_client.get(reverse("competence:assessment-detail", args=[assessment.pk]))
    assert NEW_OBJECTIVE not in page.text
    competence_page = owner_client.get(
        reverse("competence:assessment-competence", args=[assessment.pk, "B2"])
    )
    assert NEW_OBJECTIVE not in competence_page.text
