"""No year 1 starts or year 9999 ends in a profile record."""

from datetime import date

import pytest
from django.urls import reverse

from careermanager.profiles.models import Education, Employment, Training

pytestmark = pytest.mark.django_db

LATEST = date.today().year + 10


@pytest.fixture(autouse=True)
def _range(settings):
    settings.EARLIEST_YEAR, settings.YEARS_AHEAD = 1950, 10


def errors(response, field: str) -> list[str]:
    assert response.status_code == 200, "a bad form is shown again"
    return [str(error) for error in response.context["form"].errors.get(field, [])]


def test_a_role_cannot_start_in_year_one(owner_client):
    data = {
        "employer": "Solent Grid Ltd",
        "job_title": "Protection Engineer",
        "employment_type": "full_time",
        "start_date": "0001-01-01",
        "is_current": "on",
    }
    response = owner_client.post(reverse("profiles:employment-add"), data)

    assert errors(response, "start_date") == ["The start date must be in 1950 or later."]
    assert "The start date must be in 1950 or later." in response.text
    assert not Employment.objects.exists()


def test_training_cannot_end_in_year_9999(owner_client):
    data = {
        "title": "Relay course",
        "kind": "course",
        "start_date": "2024-03-04",
        "end_date": "9999-12-31",
        "hours": "7",
    }
    response = owner_client.post(reverse("profiles:training-add"), data)

    assert errors(response, "end_date") == [f"The end date must be in {LATEST} or earlier."]
    assert not Training.objects.exists()


def test_a_course_can_end_a_few_years_ahead(owner_client):
    data = {
        "institution": "University of Westmoor",
        "course": "Electrical Engineering",
        "start_date": "2024-09-27",
        "end_date": f"{date.today().year + 3}-06-30",
    }
    owner_client.post(reverse("profiles:education-add"), data)

    assert Education.objects.count() == 1


def test_the_date_joined_is_checked_for_staff_too(staff_client, owner):
    url = reverse("profiles:staff-membership", args=[owner.pk])
    response = staff_client.post(
        url, {"membership_number": "1234567", "member_since": "0001-01-01"}
    )

    assert errors(response, "member_since") == ["The date joined must be in 1950 or later."]
