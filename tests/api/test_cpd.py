"""Logging CPD over the API: the same rules as the CPD pages, only one's own activities."""

import pytest

from careermanager.cpd.models import Activity
from tests.cpd.factories import ActivityFactory, FolderFactory

pytestmark = pytest.mark.django_db

ACTIVITY = {
    "type": "event",
    "title": "IET lecture: grid-scale batteries",
    "start_date": "2026-03-02",
    "hours": "1.50",
    "description": "Storage on the grid.",
}


def test_log_an_activity(api, owner):
    response = api.post("/api/v1/cpd/activities", ACTIVITY, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == ACTIVITY["title"]
    assert body["hours"] == "1.50"
    assert body["end_date"] == "2026-03-02"
    assert response["Location"] == f"/api/v1/cpd/activities/{body['id']}"
    activity = Activity.objects.get(pk=body["id"])
    assert activity.owner == owner


def test_the_form_rules_apply(api):
    response = api.post(
        "/api/v1/cpd/activities",
        ACTIVITY | {"hours": "0", "end_date": "2026-03-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422
    assert problem["errors"]["hours"] == ["The hours must be more than 0"]
    assert "end_date" in problem["errors"]
    assert not Activity.objects.exists()


def test_a_missing_field_is_named(api):
    response = api.post(
        "/api/v1/cpd/activities",
        {k: v for k, v in ACTIVITY.items() if k != "title"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "title" in response.json()["errors"]


def test_reflection_and_topics(api):
    response = api.post(
        "/api/v1/cpd/activities",
        ACTIVITY | {"reflection": {"learned": "How batteries firm wind."}},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["reflection"]["learned"] == "How batteries firm wind."
    response = api.post(
        "/api/v1/cpd/activities",
        ACTIVITY | {"topics": ["nonsense"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["topics"] == ["Unknown topic: nonsense"]


def test_change_and_delete(api, owner):
    activity = ActivityFactory(owner=owner)
    url = f"/api/v1/cpd/activities/{activity.pk}"
    response = api.put(url, ACTIVITY | {"title": "Renamed"}, content_type="application/json")
    assert response.status_code == 200, response.content
    activity.refresh_from_db()
    assert activity.title == "Renamed"
    assert api.delete(url).status_code == 204
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_another_members_activity_is_a_404(api, other_member):
    activity = ActivityFactory(owner=other_member)
    url = f"/api/v1/cpd/activities/{activity.pk}"
    for response in (
        api.get(url),
        api.put(url, ACTIVITY, content_type="application/json"),
        api.delete(url),
    ):
        assert response.status_code == 404
        assert response.json()["status"] == 404
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_another_members_folder_cannot_be_used(api, other_member):
    folder = FolderFactory(owner=other_member)
    response = api.post(
        "/api/v1/cpd/activities",
        ACTIVITY | {"folder_id": folder.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "folder_id" in response.json()["errors"]


def test_folders(api, owner):
    response = api.post("/api/v1/cpd/folders", {"name": "2026"}, content_type="application/json")
    assert response.status_code == 201, response.content
    folder_id = response.json()["id"]
    again = api.post("/api/v1/cpd/folders", {"name": "2026"}, content_type="application/json")
    assert again.status_code == 422
    assert again.json()["errors"]["name"] == ["You already have a folder with this name"]
    response = api.post(
        "/api/v1/cpd/activities",
        ACTIVITY | {"folder_id": folder_id},
        content_type="application/json",
    )
    assert response.json()["folder_id"] == folder_id
    listing = api.get("/api/v1/cpd/folders").json()
    assert [folder["name"] for folder in listing["items"]] == ["2026"]
