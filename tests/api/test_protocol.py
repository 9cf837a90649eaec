"""What every endpoint shares: problems, content types, idempotency keys, cursors, limits."""

import pytest
from django.test import Client

from careermanager.api.models import IdempotentRequest
from careermanager.cpd.models import Activity, Folder
from tests.api.conftest import make_token, token_client
from tests.conftest import signed_in_client
from tests.cpd.factories import ActivityFactory

pytestmark = pytest.mark.django_db

ACTIVITY = {"type": "event", "title": "Lecture", "start_date": "2026-03-02", "hours": "1.5"}


def test_a_body_that_is_not_json_is_a_415(api):
    response = api.post(
        "/api/v1/cpd/activities",
        "type=event&title=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Unsupported Media Type"
    assert not Activity.objects.exists()


def test_broken_json_is_a_400(api):
    response = api.post("/api/v1/cpd/activities", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["status"] == 400


def test_an_unknown_address_is_a_problem_404(api):
    response = api.get("/api/v1/nothing/here")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_wrong_method_is_a_problem_405(api, owner):
    response = api.post(f"/api/v1/cpd/activities/{ActivityFactory(owner=owner).pk}")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert "GET" in response["Allow"]


def test_a_bad_query_is_a_400_naming_it(api):
    response = api.get("/api/v1/cpd/activities?limit=0")
    assert response.status_code == 400
    assert "limit" in response.json()["errors"]
    response = api.get("/api/v1/cpd/activities?cursor=garbage")
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_answers_are_not_kept_by_caches(api):
    assert api.get("/api/v1/me")["Cache-Control"] == "private, no-store"


# ------------------------------------------------------------------------------ session


def test_the_browser_session_works_and_changes_need_csrf(owner):
    client = signed_in_client(owner)
    client.handler.enforce_csrf_checks = True
    assert client.get("/api/v1/me").json()["token"] is None
    response = client.post("/api/v1/cpd/folders", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert not Folder.objects.exists()
    client.get("/api/v1/docs/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/cpd/folders",
        {"name": "x"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201


def test_no_credentials_is_a_401():
    response = Client().get("/api/v1/cpd/activities")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


# ------------------------------------------------------------------------------ idempotency


def test_the_same_key_and_body_make_one_activity(api):
    headers = {"Idempotency-Key": "log-2026-03-02"}
    first = api.post(
        "/api/v1/cpd/activities", ACTIVITY, content_type="application/json", headers=headers
    )
    again = api.post(
        "/api/v1/cpd/activities", ACTIVITY, content_type="application/json", headers=headers
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert Activity.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(api):
    headers = {"Idempotency-Key": "k1"}
    api.post("/api/v1/cpd/activities", ACTIVITY, content_type="application/json", headers=headers)
    response = api.post(
        "/api/v1/cpd/activities",
        ACTIVITY | {"title": "Something else"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["errors"]
    assert Activity.objects.count() == 1


def test_a_failed_request_keeps_no_key(api):
    headers = {"Idempotency-Key": "k2"}
    bad = api.post(
        "/api/v1/cpd/activities",
        ACTIVITY | {"hours": "0"},
        content_type="application/json",
        headers=headers,
    )
    assert bad.status_code == 422
    assert not IdempotentRequest.objects.exists()
    good = api.post(
        "/api/v1/cpd/activities", ACTIVITY, content_type="application/json", headers=headers
    )
    assert good.status_code == 201


def test_keys_are_each_member_s_own(api, other_api):
    headers = {"Idempotency-Key": "shared"}
    for client in (api, other_api):
        response = client.post(
            "/api/v1/cpd/activities", ACTIVITY, content_type="application/json", headers=headers
        )
        assert response.status_code == 201
    assert Activity.objects.count() == 2


# ------------------------------------------------------------------------------ pagination


def test_cursors_walk_every_record_once(api, owner):
    made = {ActivityFactory(owner=owner).pk for _ in range(7)}
    ActivityFactory()  # someone else's
    seen, url, pages = [], "/api/v1/cpd/activities?limit=3", 0
    while url:
        page = api.get(url).json()
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
        pages += 1
        if url:
            assert url.startswith("http://testserver/api/v1/cpd/activities?")
    assert pages == 3
    assert sorted(seen) == sorted(made)


def test_a_record_added_between_pages_is_neither_skipped_nor_repeated(api, owner):
    first = [ActivityFactory(owner=owner).pk for _ in range(3)]
    page = api.get("/api/v1/cpd/activities?limit=2").json()
    late = ActivityFactory(owner=owner).pk
    rest = api.get(page["next"]).json()
    assert [i["id"] for i in page["items"] + rest["items"]] == [*first, late]


# ------------------------------------------------------------------------------ rate limit


def test_tokens_are_limited_per_minute(owner, settings):
    settings.API_RATE_LIMIT = 3
    client = token_client(make_token(owner))
    for _ in range(3):
        assert client.get("/api/v1/me").status_code == 200
    response = client.get("/api/v1/me")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61
    assert response.json()["status"] == 429
    other = token_client(make_token(owner))
    assert other.get("/api/v1/me").status_code == 200  # counted per token


def test_keys_older_than_a_day_are_forgotten(api):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    headers = {"Idempotency-Key": "old"}
    api.post("/api/v1/cpd/activities", ACTIVITY, content_type="application/json", headers=headers)
    call_command("remove_expired_api_keys", stdout=StringIO())
    assert IdempotentRequest.objects.count() == 1
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(days=2))
    call_command("remove_expired_api_keys", stdout=StringIO())
    assert not IdempotentRequest.objects.exists()


@pytest.mark.parametrize("body", ['""', "[]", "3", "null"])
def test_a_body_that_is_not_an_object_is_refused(api, body):
    response = api.put("/api/v1/profile/personal", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == "Send a JSON object."
