"""Objectives and actions through the pages: from a gap to the history, and bad input refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from careermanager.competence.queries import SkillLevel
from careermanager.core.models import AuditEvent
from careermanager.development.models import Action, Objective, Status
from tests.competence.factories import (
    AssessmentFactory,
    JobProfileFactory,
    JobProfileItemFactory,
    assess,
    competence,
)
from tests.cpd.factories import ActivityFactory
from tests.development.factories import ActionFactory, ObjectiveFactory
from tests.profiles.factories import TrainingFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _iso(days: int) -> str:
    return (TODAY() + timedelta(days=days)).isoformat()


def _objective_data(**overrides) -> dict:
    return {
        "kind": Objective.Kind.PERSONAL,
        "title": "Present at the IET protection network",
        "measure": "A talk given and the slides published.",
        "reason": "Speaking builds the communication evidence I lack.",
        "target_date": _iso(120),
        "status": Status.NOT_STARTED,
    } | overrides


@pytest.fixture
def assessed(owner):
    """The owner has a CEng assessment and is a Supervised Practitioner in B2."""
    AssessmentFactory(owner=owner)
    assess(owner, "B2", SkillLevel.SUPERVISED)
    return competence("B2")


def test_from_a_gap_to_the_history(owner, owner_client, assessed):
    # The gap link proposes an objective about B2, aiming at Practitioner.
    url = reverse("development:objective-new")
    page = owner_client.get(url, {"competence": assessed.pk, "level": SkillLevel.PRACTITIONER})
    form = page.context["form"]
    assert form.initial["kind"] == Objective.Kind.FRAMEWORK
    assert form.initial["competence"] == str(assessed.pk)
    assert form.initial["title"].startswith("Reach Practitioner in B2")
    content = page.content.decode()
    assert "Your level now is Supervised Practitioner" in content
    assert "Practitioner (above your level now)" in content

    response = owner_client.post(
        url,
        _objective_data(
            kind=Objective.Kind.FRAMEWORK,
            competence=str(assessed.pk),
            target_level=SkillLevel.PRACTITIONER,
            title=form.initial["title"],
        ),
    )
    objective = Objective.objects.get(owner=owner)
    assert response.url == reverse("development:objective-detail", args=[objective.pk])
    assert objective.starting_level == SkillLevel.SUPERVISED
    assert objective.target_level == SkillLevel.PRACTITIONER
    assert objective.competence_id == assessed.pk
    assert AuditEvent.objects.filter(action="development.objective.created").exists()

    # Two actions, the second one the CPD activity that fulfilled it.
    activity = ActivityFactory(owner=owner, title="Workshop on requirements capture")
    new_action = reverse("development:action-new", args=[objective.pk])
    owner_client.post(
        new_action,
        {
            "kind": Action.Kind.READING,
            "description": "Read the client requirements guide",
            "due_date": _iso(20),
            "status": Status.NOT_STARTED,
        },
    )
    owner_client.post(
        new_action,
        {
            "kind": Action.Kind.SEMINAR,
            "description": "Requirements workshop",
            "due_date": _iso(40),
            "status": Status.COMPLETE,
            "activity": str(activity.pk),
        },
    )
    first, second = objective.actions.order_by("due_date")
    assert second.activity_id == activity.pk
    assert second.completed_on == TODAY()

    plan = owner_client.get(reverse("development:index")).content.decode()
    assert objective.title in plan
    assert "1 of 2 actions done" in plan

    owner_client.post(
        reverse("development:action-status", args=[first.pk]), {"status": Status.COMPLETE}
    )
    done_on = TODAY() - timedelta(days=2)
    response = owner_client.post(
        reverse("development:objective-status", args=[objective.pk]),
        {"status": Status.COMPLETE, "completed_on": done_on.isoformat()},
        follow=True,
    )
    assert "It is now in your development history" in response.content.decode()
    objective.refresh_from_db()
    assert objective.status == Status.COMPLETE
    assert objective.completed_on == done_on
    assert objective.title not in owner_client.get(reverse("development:index")).content.decode()
    history = owner_client.get(reverse("development:history")).content.decode()
    assert objective.title in history
    assert done_on.strftime("%-d %B %Y") in history
    assert "Read the client requirements guide" in history
    assert "Workshop on requirements capture" in history

    # Reopening puts it back in the plan, without a completion date.
    owner_client.post(
        reverse("development:objective-status", args=[objective.pk]),
        {"status": Status.IN_PROGRESS},
    )
    objective.refresh_from_db()
    assert objective.status == Status.IN_PROGRESS
    assert objective.completed_on is None
    assert objective.title in owner_client.get(reverse("development:index")).content.decode()


def test_completing_without_a_date_means_today(owner, owner_client):
    objective = ObjectiveFactory(owner=owner)
    owner_client.post(
        reverse("development:objective-status", args=[objective.pk]), {"status": Status.COMPLETE}
    )
    objective.refresh_from_db()
    assert objective.completed_on == TODAY()


def test_a_completion_date_in_the_future_is_refused(owner, owner_client):
    objective = ObjectiveFactory(owner=owner)
    response = owner_client.post(
        reverse("development:objective-status", args=[objective.pk]),
        {"status": Status.COMPLETE, "completed_on": _iso(3)},
    )
    assert response.status_code == 200
    assert "The completion date must be today or in the past" in response.content.decode()
    objective.refresh_from_db()
    assert objective.status == Status.NOT_STARTED


def test_a_job_profile_gap_proposes_a_job_profile_objective(owner, owner_client):
    profile = JobProfileFactory(owner=owner, title="Engineering manager")
    item = JobProfileItemFactory(profile=profile, target_level=SkillLevel.EXPERT)
    page = owner_client.get(
        reverse("development:objective-new"),
        {"competence": item.competence_id, "level": SkillLevel.EXPERT, "job_profile": profile.pk},
    )
    initial = page.context["form"].initial
    assert initial["kind"] == Objective.Kind.JOB_PROFILE
    assert initial["profile_competence"] == f"{profile.pk}-{item.competence_id}"
    assert initial["title"].startswith("Reach Expert in C2")
    owner_client.post(
        reverse("development:objective-new"),
        _objective_data(
            kind=Objective.Kind.JOB_PROFILE,
            profile_competence=initial["profile_competence"],
            target_level=SkillLevel.EXPERT,
        ),
    )
    objective = Objective.objects.get(owner=owner)
    assert objective.job_profile_id == profile.pk
    assert objective.competence_id == item.competence_id
    assert objective.starting_level == ""  # C2 not assessed yet


def test_another_members_job_profile_in_a_gap_link_is_ignored(owner_client, other_member):
    other = JobProfileItemFactory(
        profile=JobProfileFactory(owner=other_member, title="Their secret role")
    )
    page = owner_client.get(
        reverse("development:objective-new"),
        {"competence": other.competence_id, "level": "expert", "job_profile": other.profile_id},
    )
    assert page.status_code == 200
    initial = page.context["form"].initial
    # The competence is reference data anyone may aim at; their job profile is not used.
    assert initial.get("kind") != Objective.Kind.JOB_PROFILE
    assert "profile_competence" not in initial
    assert "Their secret role" not in page.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"competence": "999999", "level": "expert"},
        {"competence": "B2; drop", "level": "nonsense"},
        {"level": "expert"},
    ],
)
def test_a_bad_competence_in_a_gap_link_gives_an_empty_form(owner_client, query):
    page = owner_client.get(reverse("development:objective-new"), query)
    assert page.status_code == 200
    assert "kind" not in page.context["form"].initial
    assert "title" not in page.context["form"].initial


def test_a_target_date_in_the_past_is_refused_on_creation(owner, owner_client):
    response = owner_client.post(
        reverse("development:objective-new"), _objective_data(target_date=_iso(-1))
    )
    assert "The target date must be today or in the future" in response.content.decode()
    assert response.context["form"].errors["target_date"]
    assert not Objective.objects.exists()


def test_a_target_level_not_above_the_current_level_is_refused(owner, owner_client, assessed):
    for level in (SkillLevel.TRAINEE, SkillLevel.SUPERVISED):
        response = owner_client.post(
            reverse("development:objective-new"),
            _objective_data(
                kind=Objective.Kind.FRAMEWORK, competence=str(assessed.pk), target_level=level
            ),
        )
        assert response.status_code == 200
        assert (
            "Choose a level above your current level, Supervised Practitioner"
            in response.content.decode()
        )
    assert not Objective.objects.exists()


def test_a_competence_of_a_framework_not_assessed_is_refused(owner, owner_client, assessed):
    other = competence("A1", "IEng")
    response = owner_client.post(
        reverse("development:objective-new"),
        _objective_data(
            kind=Objective.Kind.FRAMEWORK, competence=str(other.pk), target_level="expert"
        ),
    )
    assert response.context["form"].errors["competence"]
    assert not Objective.objects.exists()


def test_every_error_is_in_the_summary_and_beside_its_field(owner_client):
    response = owner_client.post(reverse("development:objective-new"), {})
    content = response.content.decode()
    assert "There is a problem" in content
    for message in ("Choose what the objective is about", "Enter what you want to achieve"):
        assert content.count(message) == 2


def test_editing_keeps_the_starting_level(owner, owner_client, assessed):
    objective = ObjectiveFactory(
        owner=owner,
        kind=Objective.Kind.FRAMEWORK,
        competence=assessed,
        starting_level=SkillLevel.TRAINEE,
        target_level=SkillLevel.PRACTITIONER,
        target_date=TODAY() - timedelta(days=5),  # late now: editing it is still allowed
    )
    response = owner_client.post(
        reverse("development:objective-edit", args=[objective.pk]),
        _objective_data(
            kind=Objective.Kind.FRAMEWORK,
            competence=str(assessed.pk),
            target_level=SkillLevel.PRACTITIONER,
            title="Lead requirements capture",
            target_date=objective.target_date.isoformat(),
        ),
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.title == "Lead requirements capture"
    assert objective.starting_level == SkillLevel.TRAINEE


def test_action_on_another_members_objective_is_404(owner_client, other_member):
    theirs = ObjectiveFactory(owner=other_member)
    their_action = ActionFactory(objective=theirs)
    data = {"kind": "reading", "description": "x", "due_date": _iso(3), "status": "not_started"}
    assert (
        owner_client.post(reverse("development:action-new", args=[theirs.pk]), data).status_code
        == 404
    )
    for name in ("action-edit", "action-status", "action-delete"):
        response = owner_client.post(reverse(f"development:{name}", args=[their_action.pk]), data)
        assert response.status_code == 404, name
    assert theirs.actions.count() == 1
    their_action.refresh_from_db()
    assert their_action.status == Status.NOT_STARTED


def test_another_members_training_or_activity_is_refused(owner, owner_client, other_member):
    objective = ObjectiveFactory(owner=owner)
    theirs_activity = ActivityFactory(owner=other_member)
    theirs_training = TrainingFactory(owner=other_member)
    response = owner_client.post(
        reverse("development:action-new", args=[objective.pk]),
        {
            "kind": Action.Kind.COURSE,
            "description": "Protection course",
            "due_date": _iso(10),
            "status": Status.COMPLETE,
            "activity": str(theirs_activity.pk),
            "training": str(theirs_training.pk),
        },
    )
    content = response.content.decode()
    assert "Choose one of your own CPD activities" in content
    assert "Choose one of your own training records" in content
    assert not Action.objects.exists()


def test_own_training_fulfils_an_action(owner, owner_client):
    objective = ObjectiveFactory(owner=owner)
    training = TrainingFactory(owner=owner, title="Distance protection course")
    action = ActionFactory(objective=objective)
    page = owner_client.get(reverse("development:action-edit", args=[action.pk]))
    assert "Distance protection course" in page.content.decode()
    owner_client.post(
        reverse("development:action-edit", args=[action.pk]),
        {
            "kind": Action.Kind.COURSE,
            "description": action.description,
            "due_date": action.due_date.isoformat(),
            "training": str(training.pk),
        },
    )
    action.refresh_from_db()
    assert action.training_id == training.pk
    detail = owner_client.get(reverse("development:objective-detail", args=[objective.pk]))
    assert "the training “Distance protection course”" in detail.content.decode()


def test_an_objective_whose_framework_is_retired_is_kept_and_marked(owner, owner_client, assessed):
    objective = ObjectiveFactory(
        owner=owner,
        kind=Objective.Kind.FRAMEWORK,
        competence=assessed,
        target_level=SkillLevel.PRACTITIONER,
    )
    framework = assessed.area.framework
    type(framework).objects.filter(pk=framework.pk).update(retired_at=timezone.now())
    for url in (
        reverse("development:index"),
        reverse("development:objective-detail", args=[objective.pk]),
    ):
        content = owner_client.get(url).content.decode()
        assert objective.title in content
        assert "Retired framework" in content
    # It can still be changed, keeping its competence.
    response = owner_client.post(
        reverse("development:objective-edit", args=[objective.pk]),
        _objective_data(
            kind=Objective.Kind.FRAMEWORK,
            competence=str(assessed.pk),
            target_level=SkillLevel.PRACTITIONER,
            title="Still about B2",
        ),
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.title == "Still about B2"
    assert objective.competence_id == assessed.pk


def test_deleting_asks_first_and_says_what_is_lost(owner, owner_client):
    objective = ObjectiveFactory(owner=owner)
    ActionFactory.create_batch(2, objective=objective)
    url = reverse("development:objective-delete", args=[objective.pk])
    page = owner_client.get(url).content.decode()
    assert "with its 2 actions" in page
    assert Objective.objects.filter(pk=objective.pk).exists()
    response = owner_client.post(url, follow=True)
    assert "has been deleted, with its 2 actions." in response.content.decode()
    assert not Objective.objects.exists()
    assert not Action.objects.exists()


def test_deleting_an_action(owner, owner_client):
    action = ActionFactory(objective__owner=owner)
    url = reverse("development:action-delete", args=[action.pk])
    assert action.description in owner_client.get(url).content.decode()
    owner_client.post(url)
    assert not Action.objects.exists()


def test_creating_twice_with_the_same_form_makes_one_objective(owner, owner_client):
    from careermanager.core import once

    data = _objective_data(once_token=once.new_token())
    first = owner_client.post(reverse("development:objective-new"), data)
    second = owner_client.post(reverse("development:objective-new"), data)
    assert Objective.objects.count() == 1
    assert second.url == first.url


def test_changes_refuse_get_where_only_post_changes(owner, owner_client):
    objective = ObjectiveFactory(owner=owner)
    # The status page shows a form on GET and changes nothing.
    owner_client.get(
        reverse("development:objective-status", args=[objective.pk]), {"status": "complete"}
    )
    objective.refresh_from_db()
    assert objective.status == Status.NOT_STARTED
    response = owner_client.put(reverse("development:objective-status", args=[objective.pk]))
    assert response.status_code == 405


def test_a_next_grade_gap_proposes_a_competence_not_yet_assessed(owner, owner_client):
    # An IEng member's gap against CEng: the link names the CEng competence.
    AssessmentFactory(owner=owner, framework=competence("A1", "IEng").area.framework)
    target = competence("B2", "CEng")
    url = reverse("development:objective-new")
    query = f"?competence={target.pk}&level={SkillLevel.PRACTITIONER}"
    page = owner_client.get(url + query)
    initial = page.context["form"].initial
    assert initial["kind"] == Objective.Kind.FRAMEWORK
    assert initial["competence"] == str(target.pk)
    response = owner_client.post(
        url + query,
        _objective_data(
            kind=Objective.Kind.FRAMEWORK,
            competence=str(target.pk),
            target_level=SkillLevel.PRACTITIONER,
            title=initial["title"],
        ),
    )
    assert response.status_code == 302
    objective = Objective.objects.get(owner=owner)
    assert objective.competence_id == target.pk
    assert objective.starting_level == ""


def test_without_assessments_or_job_profiles_only_a_personal_goal_is_offered(owner, owner_client):
    page = owner_client.get(reverse("development:objective-new"))
    form = page.context["form"]
    assert [value for value, _ in form.fields["kind"].choices] == [Objective.Kind.PERSONAL]
    assert "competence" not in form.fields
    assert "Assess yourself against a framework" in page.content.decode()
    response = owner_client.post(
        reverse("development:objective-new"), _objective_data(kind=Objective.Kind.FRAMEWORK)
    )
    assert response.context["form"].errors["kind"]
    assert not Objective.objects.exists()
