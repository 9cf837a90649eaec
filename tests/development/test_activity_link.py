"""A CPD activity says which objective it served, through CPD's activity links."""

import pytest
from django.urls import reverse

from careermanager.core.models import AuditEvent
from careermanager.development import services
from careermanager.development.models import Objective, Status
from tests.cpd.factories import ActivityFactory
from tests.development.factories import ObjectiveFactory

pytestmark = pytest.mark.django_db


def _edit_data(activity, **extra) -> dict:
    return {
        "type": activity.type,
        "title": activity.title,
        "start_date": activity.start_date.isoformat(),
        "hours": str(activity.hours),
    } | extra


def test_activity_form_offers_own_objectives_and_saves_the_choice(
    owner, owner_client, other_member
):
    served = ObjectiveFactory(owner=owner, title="Understand busbar protection")
    ObjectiveFactory(owner=owner, title="Old idea", status=Status.CANCELLED)
    ObjectiveFactory(owner=other_member, title="Someone else's goal")
    activity = ActivityFactory(owner=owner, title="Busbar protection seminar")
    url = reverse("cpd:activity-edit", args=[activity.pk])
    form = owner_client.get(url).content.decode()
    assert "Development objective it served" in form
    assert "Understand busbar protection" in form
    assert "Old idea" not in form
    assert "Someone else" not in form

    response = owner_client.post(url, _edit_data(activity, link_objective=str(served.pk)))
    assert response.status_code == 302
    assert list(served.activities.values_list("pk", flat=True)) == [activity.pk]
    assert AuditEvent.objects.filter(action="development.objective.activity_linked").exists()

    detail = owner_client.get(reverse("cpd:activity-detail", args=[activity.pk])).content.decode()
    assert "Served objective" in detail
    assert reverse("development:objective-detail", args=[served.pk]) in detail
    assert "Understand busbar protection" in detail
    # The edit form shows the choice again; choosing none removes it.
    assert owner_client.get(url).context["form"].initial["link_objective"] == str(served.pk)
    owner_client.post(url, _edit_data(activity, link_objective=""))
    assert not served.activities.exists()


def test_a_new_activity_can_say_which_objective_it_served(owner, owner_client):
    served = ObjectiveFactory(owner=owner)
    activity = ActivityFactory.build()
    owner_client.post(
        reverse("cpd:activity-add"), _edit_data(activity, link_objective=str(served.pk))
    )
    assert served.activities.get().title == activity.title


def test_another_members_objective_is_refused(owner, owner_client, other_member):
    theirs = ObjectiveFactory(owner=other_member)
    ObjectiveFactory(owner=owner)
    activity = ActivityFactory(owner=owner)
    response = owner_client.post(
        reverse("cpd:activity-edit", args=[activity.pk]),
        _edit_data(activity, link_objective=str(theirs.pk)),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not theirs.activities.exists()


def test_the_service_refuses_another_members_activity(owner, other_member):
    from django.core.exceptions import ValidationError

    mine = ObjectiveFactory(owner=owner)
    theirs = ActivityFactory(owner=other_member)
    with pytest.raises(ValidationError):
        services.objective_link_activity(owner=owner, activity_id=theirs.pk, objective_id=mine.pk)
    assert not mine.activities.exists()


def test_without_objectives_the_activity_form_has_no_field(owner_client, owner, other_member):
    theirs = ObjectiveFactory(owner=other_member)
    activity = ActivityFactory(owner=owner)
    url = reverse("cpd:activity-edit", args=[activity.pk])
    assert "Development objective it served" not in owner_client.get(url).content.decode()
    owner_client.post(url, _edit_data(activity, link_objective=str(theirs.pk)))
    assert not theirs.activities.exists()
    assert not Objective.objects.owned_by(owner).exists()
