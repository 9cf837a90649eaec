"""Two tabs editing one activity: the second save never silently erases the first."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from careermanager.cpd.models import Activity
from tests.cpd.factories import ActivityFactory

pytestmark = pytest.mark.django_db

DAY = (timezone.localdate() - timedelta(days=3)).isoformat()


def _details(**overrides) -> dict:
    return {
        "type": Activity.Type.EVENT,
        "title": "IET lecture",
        "start_date": DAY,
        "end_date": "",
        "hours": "1.5",
        "description": "",
    } | overrides


def _version(page) -> str:
    return re.search(r'name="version" value="([^"]*)"', page.content.decode()).group(1)


def test_the_second_tab_is_shown_the_first_tabs_change(owner, owner_client):
    activity = ActivityFactory(owner=owner, title="IET lecture", start_date=DAY, hours="1.5")
    url = reverse("cpd:activity-edit", args=[activity.pk])
    tab_one, tab_two = _version(owner_client.get(url)), _version(owner_client.get(url))

    first = owner_client.post(url, _details(title="Tab one's title", version=tab_one))
    second = owner_client.post(url, _details(title="Tab two's title", version=tab_two))

    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "changed in another tab or by another device" in page
    assert "Tab one&#x27;s title" in page  # saved now
    assert 'value="Tab two&#x27;s title"' in page  # what the member typed is kept
    activity.refresh_from_db()
    assert activity.title == "Tab one's title"

    # Saving again, having seen the other change, keeps theirs.
    third = owner_client.post(url, _details(title="Tab two's title", version=_version(second)))
    assert third.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Tab two's title"


def test_a_save_elsewhere_that_changes_nothing_on_this_form_does_not_stop_it(owner, owner_client):
    activity = ActivityFactory(owner=owner, title="IET lecture", start_date=DAY, hours="1.5")
    url = reverse("cpd:activity-edit", args=[activity.pk])
    loaded = _version(owner_client.get(url))
    owner_client.post(
        reverse("cpd:activity-reflection", args=[activity.pk]),
        {"reflection_learned": "Grid batteries", "version": ""},
    )

    response = owner_client.post(url, _details(version=loaded))

    assert response.status_code == 302


def test_details_saved_from_an_old_form_keep_a_reflection_written_since(owner, owner_client):
    activity = ActivityFactory(owner=owner, title="IET lecture", start_date=DAY, hours="1.5")
    url = reverse("cpd:activity-edit", args=[activity.pk])
    owner_client.get(url)
    owner_client.post(
        reverse("cpd:activity-reflection", args=[activity.pk]),
        {"reflection_learned": "Grid batteries"},
    )

    owner_client.post(url, _details(hours="2"))

    activity.refresh_from_db()
    assert activity.reflection_learned == "Grid batteries"
    assert str(activity.hours) == "2.00"


def test_two_tabs_writing_a_reflection(owner, owner_client):
    activity = ActivityFactory(owner=owner, start_date=DAY)
    url = reverse("cpd:activity-reflection", args=[activity.pk])
    tab_one, tab_two = _version(owner_client.get(url)), _version(owner_client.get(url))

    owner_client.post(url, {"reflection_learned": "From the phone", "version": tab_one})
    second = owner_client.post(url, {"reflection_learned": "From the laptop", "version": tab_two})

    assert second.status_code == 200
    page = second.content.decode()
    assert "changed in another tab or by another device" in page
    assert "From the phone" in page
    assert "From the laptop</textarea>" in page
    activity.refresh_from_db()
    assert activity.reflection_learned == "From the phone"
