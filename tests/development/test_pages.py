"""The plan, review, history and settings pages, status changes in place, and the home panel."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from careermanager.development.models import Plan, Status
from tests.development.factories import ActionFactory, ObjectiveFactory
from tests.queries import assert_flat_queries, count_queries

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10


def _days(n: int):
    return timezone.localdate() + timedelta(days=n)


def test_empty_plan_says_what_it_is_for(owner_client):
    content = owner_client.get(reverse("development:index")).content.decode()
    assert "You have no objectives yet" in content
    assert reverse("development:objective-new") in content


def test_plan_shows_open_objectives_with_actions_and_progress(owner, owner_client):
    objective = ObjectiveFactory(owner=owner, title="Lead a design review")
    ActionFactory(objective=objective, description="Read the review procedure", complete=True)
    ActionFactory(objective=objective, description="Shadow a review")
    ActionFactory(objective=objective, status=Status.CANCELLED)
    ObjectiveFactory(owner=owner, title="Already achieved", complete=True)
    content = owner_client.get(reverse("development:index")).content.decode()
    assert "Lead a design review" in content
    assert "Shadow a review" in content
    assert "1 of 2 actions done" in content  # the cancelled one does not count
    assert "Already achieved" not in content


def test_review_lists_overdue_due_soon_and_the_next_priority(owner, owner_client):
    objective = ObjectiveFactory(owner=owner)
    ActionFactory(objective=objective, description="Late reading", due_date=_days(-3))
    ActionFactory(objective=objective, description="Course next week", due_date=_days(7))
    ActionFactory(objective=objective, description="Far away", due_date=_days(90))
    ActionFactory(
        objective=objective, description="Done already", due_date=_days(-9), complete=True
    )
    response = owner_client.get(reverse("development:review"))
    review = response.context["review"]
    assert [a.description for a in review.overdue] == ["Late reading"]
    assert [a.description for a in review.due_soon] == ["Course next week"]
    assert review.next_priority.description == "Late reading"
    content = response.content.decode()
    assert "Overdue" in content
    assert "Far away" not in content
    assert "Done already" not in content


def test_review_leaves_out_actions_of_closed_objectives(owner, owner_client):
    closed = ObjectiveFactory(owner=owner, complete=True)
    ActionFactory(objective=closed, description="Left open", due_date=_days(-1))
    review = owner_client.get(reverse("development:review")).context["review"]
    assert not review.overdue
    assert review.next_priority is None


def test_status_changes_in_place_with_htmx(owner, owner_client):
    action = ActionFactory(objective__owner=owner)
    response = owner_client.post(
        reverse("development:action-status", args=[action.pk]),
        {"status": Status.COMPLETE, "next": reverse("development:review")},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith(f'<div class="dev-status" id="action-{action.pk}-status"')
    assert "<html" not in content
    assert "Saved." in content
    assert "Complete</strong>" in content
    action.refresh_from_db()
    assert action.status == Status.COMPLETE
    assert action.completed_on == timezone.localdate()


def test_objective_completed_with_htmx_points_to_the_history(owner, owner_client):
    objective = ObjectiveFactory(owner=owner, title="Pass the exam")
    response = owner_client.post(
        reverse("development:objective-status", args=[objective.pk]),
        {"status": Status.COMPLETE, "completed_on": _days(-1).isoformat()},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert "is now in your" in content
    assert reverse("development:history") in content
    objective.refresh_from_db()
    assert objective.completed_on == _days(-1)


def test_htmx_status_error_is_shown_in_the_fragment(owner, owner_client):
    objective = ObjectiveFactory(owner=owner)
    response = owner_client.post(
        reverse("development:objective-status", args=[objective.pk]),
        {"status": Status.COMPLETE, "completed_on": _days(5).isoformat()},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'role="alert"' in content
    assert "The completion date must be today or in the past" in content
    objective.refresh_from_db()
    assert objective.status == Status.NOT_STARTED


def test_status_changes_without_javascript_and_go_back(owner, owner_client):
    action = ActionFactory(objective__owner=owner)
    response = owner_client.post(
        reverse("development:action-status", args=[action.pk]),
        {"status": Status.IN_PROGRESS, "next": reverse("development:review")},
    )
    assert response.status_code == 302
    assert response.url == reverse("development:review")
    page = owner_client.get(response.url).content.decode()
    assert f"“{action.description}” is now in progress." in page
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


def test_status_form_never_goes_back_to_another_site(owner, owner_client):
    action = ActionFactory(objective__owner=owner)
    response = owner_client.post(
        reverse("development:action-status", args=[action.pk]),
        {"status": Status.IN_PROGRESS, "next": "https://evil.example/"},
    )
    assert response.url == reverse("development:objective-detail", args=[action.objective_id])


def test_status_error_without_javascript_shows_the_form_with_a_summary(owner, owner_client):
    action = ActionFactory(objective__owner=owner)
    response = owner_client.post(
        reverse("development:action-status", args=[action.pk]), {"status": "finished"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "Select a valid choice" in content


def test_settings_turn_reminders_off_and_on(owner, owner_client):
    url = reverse("development:settings")
    page = owner_client.get(url).content.decode()
    assert reverse("development:calendar") in page
    response = owner_client.post(url, {}, follow=True)
    assert "You will not be emailed" in response.content.decode()
    assert Plan.objects.get(owner=owner).reminders is False
    owner_client.post(url, {"reminders": "on"})
    assert Plan.objects.get(owner=owner).reminders is True


def test_home_panel_shows_next_actions_and_overdue_count(owner, owner_client, other_member):
    objective = ObjectiveFactory(owner=owner)
    ActionFactory(objective=objective, description="Late one", due_date=_days(-2))
    ActionFactory(objective=objective, description="Late two", due_date=_days(-1))
    ActionFactory(objective=objective, description="Next up", due_date=_days(3))
    ActionFactory(objective__owner=other_member, description="Not mine", due_date=_days(1))
    content = owner_client.get(reverse("core:home")).content.decode()
    assert "2 actions are overdue" in content
    assert "Next up" in content
    assert "Not mine" not in content


def test_home_panel_runs_at_most_two_queries(owner, rf):
    from careermanager.development.dashboard import panel

    request = rf.get("/")
    request.user = owner
    for _ in range(5):
        ActionFactory(objective__owner=owner, due_date=_days(-1))
        ActionFactory(objective__owner=owner, due_date=_days(5))
    assert count_queries(lambda: panel(request)) <= 2


def _grow(owner, n: int):
    def grow():
        for index in range(n):
            objective = ObjectiveFactory(owner=owner, complete=index % 3 == 0)
            ActionFactory(objective=objective, due_date=_days(index % 40 - 5))
            ActionFactory(objective=objective, complete=True)

    return grow


@pytest.mark.parametrize("name", ["development:index", "development:review", "development:history"])
def test_pages_have_flat_query_counts(owner, owner_client, name):
    _grow(owner, 10)()
    count = assert_flat_queries(owner_client, reverse(name), grow=_grow(owner, 490))
    assert count <= MAX_QUERIES


def test_objective_page_has_a_flat_query_count(owner, owner_client):
    objective = ObjectiveFactory(owner=owner)

    def grow():
        ActionFactory.create_batch(50, objective=objective)

    ActionFactory(objective=objective)
    count = assert_flat_queries(
        owner_client, reverse("development:objective-detail", args=[objective.pk]), grow=grow
    )
    assert count <= MAX_QUERIES


def test_help_page(client, owner_client):
    content = owner_client.get(reverse("core:help-page", args=["development"])).content.decode()
    for heading in ("SMART objectives", "Actions", "Reviewing your plan", "development history"):
        assert heading in content
