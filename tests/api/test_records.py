"""Profile, development, read-only records and documents over the API."""

import pytest

from careermanager.development.models import Action, Objective
from careermanager.profiles.models import Training
from tests.development.factories import ObjectiveFactory
from tests.profiles.factories import TrainingFactory

pytestmark = pytest.mark.django_db

TRAINING = {
    "title": "Protection relays",
    "kind": "course",
    "provider": "IET Academy",
    "start_date": "2025-05-01",
    "hours": "7.50",
}


def test_training_records_through_the_profile_form(api, owner):
    response = api.post("/api/v1/profile/training", TRAINING, content_type="application/json")
    assert response.status_code == 201, response.content
    record = response.json()
    assert record["hours"] == "7.50"
    assert Training.objects.get(pk=record["id"]).owner == owner
    refused = api.post(
        "/api/v1/profile/training", TRAINING | {"hours": "-1"}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["errors"]["hours"] == ["Hours must be more than 0."]
    url = f"/api/v1/profile/training/{record['id']}"
    changed = api.put(url, TRAINING | {"title": "Relays"}, content_type="application/json")
    assert changed.json()["title"] == "Relays"
    listing = api.get("/api/v1/profile/training").json()
    assert [item["title"] for item in listing["items"]] == ["Relays"]
    assert api.delete(url).status_code == 204
    assert not Training.objects.exists()


def test_another_members_profile_record_is_a_404(api, other_member):
    record = TrainingFactory(owner=other_member)
    url = f"/api/v1/profile/training/{record.pk}"
    assert api.get(url).status_code == 404
    assert api.put(url, TRAINING, content_type="application/json").status_code == 404
    assert api.delete(url).status_code == 404
    assert Training.objects.filter(pk=record.pk).exists()
    assert api.get("/api/v1/profile/training").json()["items"] == []


def test_personal_details(api):
    assert api.get("/api/v1/profile/personal").status_code == 404
    saved = api.put(
        "/api/v1/profile/personal",
        {"first_name": "Olive", "last_name": "Owner", "contact_email": "olive@example.org"},
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content
    assert api.get("/api/v1/profile/personal").json()["first_name"] == "Olive"


def test_a_personal_objective_and_its_actions(api, owner):
    response = api.post(
        "/api/v1/development/objectives",
        {
            "title": "Lead a protection design",
            "measure": "Design signed off",
            "target_date": "2030-12-31",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    objective = response.json()
    assert objective["kind"] == "personal"
    action = api.post(
        f"/api/v1/development/objectives/{objective['id']}/actions",
        {"kind": "reading", "description": "Read the code of practice", "due_date": "2030-06-30"},
        content_type="application/json",
    )
    assert action.status_code == 201, action.content
    done = api.put(
        f"/api/v1/development/actions/{action.json()['id']}",
        {
            "kind": "reading",
            "description": "Read the code of practice",
            "due_date": "2030-06-30",
            "status": "complete",
        },
        content_type="application/json",
    )
    assert done.json()["status"] == "complete"
    assert done.json()["completed_on"] is not None
    read = api.get(f"/api/v1/development/objectives/{objective['id']}").json()
    assert [a["description"] for a in read["actions"]] == ["Read the code of practice"]
    assert Action.objects.get().objective.owner == owner


def test_objectives_keep_the_page_rules(api):
    past = api.post(
        "/api/v1/development/objectives",
        {"title": "x", "measure": "y", "target_date": "2001-01-01"},
        content_type="application/json",
    )
    assert past.status_code == 422
    assert "target_date" in past.json()["errors"]
    about_a_competence = api.post(
        "/api/v1/development/objectives",
        {"kind": "framework", "title": "x", "measure": "y", "target_date": "2030-01-01"},
        content_type="application/json",
    )
    assert about_a_competence.status_code == 422
    assert not Objective.objects.exists()


def test_another_members_objective_is_a_404(api, other_member):
    objective = ObjectiveFactory(owner=other_member)
    assert api.get(f"/api/v1/development/objectives/{objective.pk}").status_code == 404
    response = api.post(
        f"/api/v1/development/objectives/{objective.pk}/actions",
        {"kind": "reading", "description": "x", "due_date": "2030-06-30"},
        content_type="application/json",
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name",
    ["assessments", "job-profiles", "declarations", "applications", "intentions", "supporters"],
)
def test_read_only_records(api, name):
    response = api.get(f"/api/v1/records/{name}")
    assert response.status_code == 200
    assert response.json() == {"items": [], "next": None}
    assert (
        api.post(f"/api/v1/records/{name}", {}, content_type="application/json").status_code == 405
    )


def test_a_document_is_a_job_to_poll_then_a_file(api, reader):
    asked = api.post(
        "/api/v1/documents",
        {
            "kind": "cpd.summary",
            "format": "pdf",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
        },
        content_type="application/json",
    )
    assert asked.status_code == 202, asked.content
    job_url = asked["Location"]
    job = api.get(job_url).json()
    assert job["status"] == "ready"  # tasks run at once in the tests
    download = api.get(job["download"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert reader.get(job_url).status_code == 200  # the owner's other token reads it too


def test_a_document_period_is_checked(api):
    response = api.post(
        "/api/v1/documents",
        {"kind": "cpd.summary", "start_date": "2026-12-31", "end_date": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "end_date" in response.json()["errors"]


def test_another_members_document_is_a_404(api, other_member):
    from tests.reports.factories import DocumentJobFactory

    job = DocumentJobFactory(owner=other_member, ready=True)
    assert api.get(f"/api/v1/documents/{job.pk}").status_code == 404
    assert api.get(f"/api/v1/documents/{job.pk}/file").status_code == 404


def test_a_document_not_ready_is_a_409(api, owner):
    from tests.reports.factories import DocumentJobFactory

    job = DocumentJobFactory(owner=owner)
    response = api.get(f"/api/v1/documents/{job.pk}/file")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
