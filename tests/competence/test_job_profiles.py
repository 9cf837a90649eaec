"""Job profiles: competences from any framework with a target level, and the gap to it."""

import pytest
from django.urls import reverse

from careermanager.competence.models import (
    CompetenceAssessment,
    Framework,
    JobProfile,
    JobProfileItem,
    SkillLevel,
)
from careermanager.competence.services import assessment_start, framework_retire
from careermanager.core.models import AuditEvent
from tests.competence.factories import (
    JobProfileFactory,
    JobProfileItemFactory,
    assess,
    competence,
    competence_of,
)


def pm(code: str):
    return competence_of("CM-Project-Management", code)


@pytest.fixture
def profile(owner):
    return JobProfileFactory(owner=owner)


def _detail(profile):
    return reverse("competence:job-profile-detail", args=[profile.pk])


def test_create_a_job_profile(owner_client, owner):
    response = owner_client.post(
        reverse("competence:job-profile-new"),
        {"title": "Engineering manager", "kind": "aspired", "description": "In three years"},
    )
    profile = JobProfile.objects.get(owner=owner)
    assert response.url == _detail(profile)
    assert (profile.title, profile.kind) == ("Engineering manager", JobProfile.Kind.ASPIRED)
    assert AuditEvent.objects.filter(action="competence.job_profile.created").count() == 1


def test_create_needs_a_title_and_kind(owner_client, owner):
    response = owner_client.post(reverse("competence:job-profile-new"), {"title": ""})
    assert "Enter the job title" in response.text
    assert "Choose whether this is your current role or one you want" in response.text
    assert not JobProfile.objects.exists()


def test_add_competences_from_two_frameworks_and_see_the_gap(owner_client, owner, profile):
    url = reverse("competence:job-profile-item-add", args=[profile.pk])
    form = owner_client.get(url)
    assert "<optgroup" in form.text
    assert "Project management (job role)" in form.text
    owner_client.post(url, {"competence": competence("C2").pk, "target_level": "expert"})
    owner_client.post(url, {"competence": pm("PM3").pk, "target_level": "practitioner"})
    owner_client.post(url, {"competence": pm("PM6").pk, "target_level": "supervised"})
    assert profile.items.count() == 3
    assess(owner, "C2", level=SkillLevel.PRACTITIONER)
    assess(owner, of=pm("PM6"), code="PM6", level=SkillLevel.EXPERT)
    page = owner_client.get(_detail(profile))
    assert "1 level to go" in page.text  # C2: Practitioner against Expert
    assert "Target met" in page.text  # PM6: Expert against Supervised
    assert "Not assessed yet" in page.text  # PM3
    assert "You meet the target in 1 of 3 competences." in page.text


def test_adding_a_competence_already_in_the_profile_offers_to_change_its_target(
    owner_client, profile
):
    url = reverse("competence:job-profile-item-add", args=[profile.pk])
    owner_client.post(
        url, {"competence": competence("C2").pk, "target_level": "supervised"}, follow=True
    )
    response = owner_client.post(
        url, {"competence": competence("C2").pk, "target_level": "expert"}, follow=True
    )
    item = profile.items.get()
    assert item.target_level == "supervised"  # unchanged
    assert response.status_code == 200
    assert "Added" not in response.text
    message = "C2 is already in this profile, with the target Supervised Practitioner."
    page = response.text.replace("\n", " ")
    assert page.count(message) == 2  # in the error summary and beside the field
    assert '<a href="#id_competence">' + message in page
    edit = reverse("competence:job-profile-item-edit", args=[profile.pk, item.pk])
    assert f'<a href="{edit}">Change the target for C2</a>' in page
    assert AuditEvent.objects.filter(action="competence.job_profile.competence_added").count() == 1


def test_adding_needs_a_competence_and_a_level(owner_client, profile):
    url = reverse("competence:job-profile-item-add", args=[profile.pk])
    response = owner_client.post(url, {"competence": "999999"})
    assert "Choose a competence from the list" in response.text
    assert "Choose the level this role needs" in response.text
    assert not profile.items.exists()


def test_a_retired_framework_cannot_be_added(owner_client, staff, profile):
    retired = competence("C2", category="IEng")
    framework_retire(framework=Framework.objects.get(category="IEng"), actor=staff)
    url = reverse("competence:job-profile-item-add", args=[profile.pk])
    response = owner_client.post(url, {"competence": retired.pk, "target_level": "expert"})
    assert response.status_code == 200
    assert "Choose a competence from the list" in response.text  # retired ones are not offered
    assert not profile.items.exists()


def test_assessing_from_a_profile_updates_the_registration_assessment(owner_client, owner, profile):
    assessment = assessment_start(owner=owner, category="CEng")
    assess(owner, "C2", level=SkillLevel.SUPERVISED, evidence="Before")
    item = JobProfileItemFactory(profile=profile, competence=competence("C2"))
    url = reverse("competence:job-profile-item-assess", args=[profile.pk, item.pk])
    page = owner_client.get(url)
    assert "Before" in page.text  # the same record, with its history
    response = owner_client.post(
        url, {"level": "practitioner", "evidence": "After", "reference": "Budget report 2025"}
    )
    assert response.url == _detail(profile)
    current = CompetenceAssessment.objects.get(owner=owner)
    assert (current.level, current.evidence) == ("practitioner", "After")
    assert current.revisions.count() == 2
    detail = owner_client.get(reverse("competence:assessment-detail", args=[assessment.pk]))
    assert "Practitioner, updated" in detail.text


def test_change_the_target_level(owner_client, profile):
    item = JobProfileItemFactory(profile=profile)
    url = reverse("competence:job-profile-item-edit", args=[profile.pk, item.pk])
    owner_client.post(url, {"target_level": "trainee"})
    item.refresh_from_db()
    assert item.target_level == "trainee"


def test_remove_a_competence_after_a_confirmation(owner_client, owner, profile):
    item = JobProfileItemFactory(profile=profile)
    assess(owner, "C2")
    url = reverse("competence:job-profile-item-remove", args=[profile.pk, item.pk])
    page = owner_client.get(url)
    assert "Remove C2 from" in page.text
    assert JobProfileItem.objects.filter(pk=item.pk).exists()
    owner_client.post(url)
    assert not JobProfileItem.objects.filter(pk=item.pk).exists()
    assert CompetenceAssessment.objects.filter(owner=owner).exists()  # evidence kept


def test_edit_a_job_profile(owner_client, profile):
    url = reverse("competence:job-profile-edit", args=[profile.pk])
    owner_client.post(url, {"title": "Head of engineering", "kind": "aspired", "description": ""})
    profile.refresh_from_db()
    assert profile.title == "Head of engineering"


def test_delete_asks_first_and_keeps_the_evidence(owner_client, owner, profile):
    JobProfileItemFactory(profile=profile)
    assess(owner, "C2")
    url = reverse("competence:job-profile-delete", args=[profile.pk])
    page = owner_client.get(url)
    assert "This deletes the job profile and its list of 1 competence" in page.text
    assert JobProfile.objects.filter(pk=profile.pk).exists()
    response = owner_client.post(url)
    assert response.url == reverse("competence:job-profile-list")
    assert not JobProfile.objects.filter(pk=profile.pk).exists()
    assert CompetenceAssessment.objects.filter(owner=owner).exists()


def test_another_member_gets_404(other_client, profile):
    item = JobProfileItemFactory(profile=profile)
    pk = profile.pk
    for url in (
        _detail(profile),
        reverse("competence:job-profile-edit", args=[pk]),
        reverse("competence:job-profile-delete", args=[pk]),
        reverse("competence:job-profile-item-add", args=[pk]),
        reverse("competence:job-profile-item-assess", args=[pk, item.pk]),
        reverse("competence:job-profile-item-edit", args=[pk, item.pk]),
        reverse("competence:job-profile-item-remove", args=[pk, item.pk]),
    ):
        assert other_client.get(url).status_code == 404, url
        if url != _detail(profile):
            response = other_client.post(url, {"title": "x", "kind": "current"})
            assert response.status_code == 404, url
    assert JobProfile.objects.filter(pk=pk, title=profile.title).exists()
    assert JobProfileItem.objects.filter(pk=item.pk).exists()


def test_an_item_of_another_profile_is_404(owner_client, owner, profile):
    other_profile = JobProfileFactory(owner=owner, title="Other")
    item = JobProfileItemFactory(profile=other_profile)
    url = reverse("competence:job-profile-item-remove", args=[profile.pk, item.pk])
    assert owner_client.post(url).status_code == 404
    assert JobProfileItem.objects.filter(pk=item.pk).exists()


def test_the_list_shows_only_my_profiles(owner_client, other_member, profile):
    JobProfileFactory(owner=other_member, title="Someone else's plan")
    page = owner_client.get(reverse("competence:job-profile-list"))
    assert profile.title in page.text
    assert "Someone else&#x27;s plan" not in page.text
