"""Once-only create forms: the same form sent again creates nothing new."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from careermanager.competence.models import JobProfile
from careermanager.core.models import FormToken, GuestTicket
from careermanager.cpd.models import Activity, Folder
from careermanager.profiles.models import Training
from tests.competence.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

ACTIVITY = {
    "type": Activity.Type.EVENT,
    "title": "Protection course",
    "start_date": "2024-05-01",
    "hours": "7",
}


def _token(client, url) -> str:
    page = client.get(url).content.decode()
    match = re.search(r'name="once_token" value="([^"]+)"', page)
    assert match, "the form carries a once-only token"
    return match.group(1)


def test_an_activity_sent_five_times_is_saved_once(owner, owner_client):
    url = reverse("cpd:activity-add")
    data = ACTIVITY | {"once_token": _token(owner_client, url)}

    responses = [owner_client.post(url, data) for _ in range(5)]

    activity = Activity.objects.get(owner=owner)
    detail = reverse("cpd:activity-detail", args=[activity.pk])
    assert [response.status_code for response in responses] == [302] * 5
    assert {response.url for response in responses} == {detail}
    repeat = owner_client.post(url, data, follow=True)
    assert "You had already sent that form" in repeat.content.decode()


def test_save_and_reflect_repeated_goes_to_the_reflection(owner, owner_client):
    url = reverse("cpd:activity-add")
    data = ACTIVITY | {"once_token": _token(owner_client, url), "reflect": "1"}

    first, second = owner_client.post(url, data), owner_client.post(url, data)

    activity = Activity.objects.get(owner=owner)
    assert first.url == second.url == reverse("cpd:activity-reflection", args=[activity.pk])


def test_a_form_with_errors_keeps_its_token_and_can_be_sent_again(owner, owner_client):
    url = reverse("cpd:activity-add")
    token = _token(owner_client, url)

    wrong = owner_client.post(url, ACTIVITY | {"once_token": token, "hours": ""})
    assert f'value="{token}"' in wrong.content.decode()
    right = owner_client.post(url, ACTIVITY | {"once_token": token})

    assert right.status_code == 302
    assert Activity.objects.filter(owner=owner).count() == 1


def test_new_forms_get_new_tokens(owner, owner_client):
    url = reverse("cpd:activity-add")
    owner_client.post(url, ACTIVITY | {"once_token": _token(owner_client, url)})
    owner_client.post(url, ACTIVITY | {"once_token": _token(owner_client, url)})

    assert Activity.objects.filter(owner=owner).count() == 2


def test_another_members_token_is_not_theirs(owner, other_member, owner_client, other_client):
    url = reverse("cpd:activity-add")
    token = _token(owner_client, url)
    owner_client.post(url, ACTIVITY | {"once_token": token})

    response = other_client.post(url, ACTIVITY | {"once_token": token})

    # Tokens are random, so this cannot happen by chance; it must not lead to the owner's page.
    assert Activity.objects.filter(owner=other_member).count() == 0
    assert response.url == reverse("core:home")


def test_a_folder_sent_twice_is_added_once(owner, owner_client):
    url = reverse("cpd:folder-add")
    data = {"name": "CPD 2026", "once_token": _token(owner_client, url)}

    first, second = owner_client.post(url, data), owner_client.post(url, data)

    assert Folder.objects.filter(owner=owner).count() == 1
    assert first.url == second.url == reverse("cpd:folder-list")


def test_a_cv_record_sent_twice_is_added_once(owner, owner_client):
    url = reverse("profiles:training-add")
    data = {
        "title": "IEC 61850 engineering",
        "kind": "course",
        "provider": "Digital Substation Training",
        "start_date": "2024-10-05",
        "end_date": "2024-10-07",
        "hours": "21",
        "once_token": _token(owner_client, url),
    }

    first, second = owner_client.post(url, data), owner_client.post(url, data)

    assert Training.objects.filter(owner=owner).count() == 1
    assert first.url == second.url


def test_a_job_profile_sent_twice_is_created_once(owner, owner_client):
    url = reverse("competence:job-profile-new")
    data = {
        "title": "Engineering manager",
        "kind": "aspired",
        "once_token": _token(owner_client, url),
    }

    first, second = owner_client.post(url, data), owner_client.post(url, data)

    profile = JobProfile.objects.get(owner=owner)
    assert first.url == second.url == reverse("competence:job-profile-detail", args=[profile.pk])


def test_a_verification_request_sent_three_times_emails_once(owner, owner_client):
    assessment = AssessmentFactory(owner=owner)
    url = reverse("competence:verification-new", args=[assessment.pk])
    data = {
        "name": "Vera Verifier",
        "email": "vera@example.org",
        "role": "Mentor",
        "message": "",
        "once_token": _token(owner_client, url),
    }

    responses = [owner_client.post(url, data) for _ in range(3)]

    assert len(mail.outbox) == 1
    assert GuestTicket.objects.count() == 1
    assert {response.url for response in responses} == {
        reverse("competence:verification-list", args=[assessment.pk])
    }


def test_used_tokens_are_forgotten_after_a_day(owner, owner_client):
    from datetime import timedelta

    from django.utils import timezone

    url = reverse("cpd:folder-add")
    owner_client.post(url, {"name": "A", "once_token": _token(owner_client, url)})
    FormToken.objects.update(created_at=timezone.now() - timedelta(days=2))

    owner_client.post(url, {"name": "B", "once_token": _token(owner_client, url)})

    assert FormToken.objects.count() == 1
