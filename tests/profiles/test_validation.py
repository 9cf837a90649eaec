"""Bad input gets a clear message beside the right field, and nothing is saved."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from careermanager.profiles.models import (
    Achievement,
    DevelopmentScheme,
    Education,
    Employment,
    Training,
)
from tests.profiles.factories import EmploymentFactory

TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()

EMPLOYMENT = {
    "employer": "Solent Grid Ltd",
    "job_title": "Protection Engineer",
    "employment_type": "full_time",
    "start_date": "2021-04-01",
}
TRAINING = {"title": "Relay course", "kind": "course", "start_date": "2024-03-04", "hours": "7"}
EDUCATION = {
    "institution": "University of Westmoor",
    "course": "Electrical Engineering",
    "start_date": "2010-09-27",
}
ACHIEVEMENT = {"kind": "award", "title": "Young engineer award", "date": "2019-11-21"}
SCHEME = {
    "name": "Graduate programme",
    "provider": "Solent Grid Ltd",
    "kind": "graduate",
    "status": "in_progress",
    "start_date": "2014-09-01",
}


def field_errors(response, field: str) -> list[str]:
    return [str(error) for error in response.context["form"].errors.get(field, [])]


def post(client, section: str, data: dict):
    response = client.post(reverse(f"profiles:{section}-add"), data)
    assert response.status_code == 200, "a bad form must be shown again, not redirected"
    return response


# Employment ---------------------------------------------------------------------------------


def test_employment_end_before_start_is_an_error_on_the_end_date(owner_client):
    response = post(owner_client, "employment", EMPLOYMENT | {"end_date": "2020-01-01"})
    assert field_errors(response, "end_date") == [
        "The end date must be the same as or after the start date."
    ]
    assert not Employment.objects.exists()


def test_a_current_role_has_no_end_date(owner_client):
    response = post(
        owner_client, "employment", EMPLOYMENT | {"is_current": "on", "end_date": "2023-01-01"}
    )
    assert field_errors(response, "end_date") == ["Leave the end date empty for your current role."]


def test_a_past_role_needs_an_end_date(owner_client):
    response = post(owner_client, "employment", EMPLOYMENT)
    assert "Enter the date you left" in field_errors(response, "end_date")[0]


def test_a_role_cannot_start_in_the_future(owner_client):
    response = post(owner_client, "employment", EMPLOYMENT | {"start_date": TOMORROW})
    assert field_errors(response, "start_date") == ["The start date must be today or in the past."]


def test_a_date_that_does_not_exist_is_explained(owner_client):
    response = post(owner_client, "employment", EMPLOYMENT | {"start_date": "2023-02-30"})
    assert "must be a real date" in field_errors(response, "start_date")[0]


def test_responsibilities_over_the_limit_are_refused_and_kept_in_the_form(owner_client):
    text = "I designed " + "x" * 5_000
    response = post(owner_client, "employment", EMPLOYMENT | {"responsibilities": text})
    assert field_errors(response, "responsibilities") == [
        f"Responsibilities must be 5,000 characters or fewer (you have {len(text):,})."
    ]
    # What the member typed is still there to shorten.
    assert text in response.content.decode()
    assert "Responsibilities must be 5,000 characters or fewer" in response.content.decode()


def test_text_at_the_limit_is_accepted(owner, owner_client):
    text = "x" * 5_000
    owner_client.post(
        reverse("profiles:employment-add"),
        EMPLOYMENT | {"is_current": "on", "responsibilities": text, "achievements": text},
    )
    assert Employment.objects.get(owner=owner).responsibilities == text


def test_employment_form_has_counters_and_first_person_guidance(owner_client):
    content = owner_client.get(reverse("profiles:employment-add")).content.decode()
    for name in ("responsibilities", "achievements"):
        assert f'name="{name}"' in content
    assert content.count('maxlength="5000"') == 2
    assert content.count("data-count") == 2
    assert "About 3,000 characters" in content
    assert "first person" in content


def test_markup_in_long_text_is_escaped_and_line_breaks_kept(owner, owner_client):
    employment = EmploymentFactory(
        owner=owner, responsibilities="I led <b>the</b> team.\n\nI <script>x()</script>"
    )
    content = owner_client.get(
        reverse("profiles:employment-detail", args=[employment.pk])
    ).content.decode()
    assert "I led &lt;b&gt;the&lt;/b&gt; team.</p>" in content
    assert "<script>x()" not in content


# Training hours -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "Hours must be more than 0."),
        ("-3", "Hours must be more than 0."),
        ("10000.01", "Hours must be 10,000 or fewer."),
        ("250000", "Hours must be 10,000 or fewer."),
        ("7.125", "Hours can have at most 2 decimal places."),
        ("a day", "Hours must be a number, for example 7.5."),
        ("", "Enter the hours."),
    ],
)
def test_training_hours_out_of_range_are_refused(owner_client, hours, message):
    response = post(owner_client, "training", TRAINING | {"hours": hours})
    assert field_errors(response, "hours") == [message]
    assert not Training.objects.exists()


@pytest.mark.parametrize("hours", ["0.25", "7.5", "10000"])
def test_training_hours_in_range_are_saved(owner, owner_client, hours):
    owner_client.post(reverse("profiles:training-add"), TRAINING | {"hours": hours})
    assert Training.objects.get(owner=owner).hours == Decimal(hours)


def test_training_end_before_start_is_an_error_on_the_end_date(owner_client):
    response = post(owner_client, "training", TRAINING | {"end_date": "2024-03-01"})
    assert field_errors(response, "end_date") == [
        "The end date must be the same as or after the start date."
    ]


# Dates that cannot be in the future ---------------------------------------------------------


def test_an_achievement_cannot_be_dated_in_the_future(owner_client):
    response = post(owner_client, "achievement", ACHIEVEMENT | {"date": TOMORROW})
    assert field_errors(response, "date") == ["The date must be today or in the past."]
    assert not Achievement.objects.exists()


def test_a_qualification_cannot_be_awarded_in_the_future(owner_client):
    response = post(owner_client, "education", EDUCATION | {"awarded_date": TOMORROW})
    assert field_errors(response, "awarded_date") == [
        "The date awarded must be today or in the past."
    ]
    assert not Education.objects.exists()


def test_a_qualification_awarded_before_it_started_is_refused(owner_client):
    response = post(owner_client, "education", EDUCATION | {"awarded_date": "2009-01-01"})
    assert field_errors(response, "awarded_date") == [
        "The date awarded must be the same as or after the start date."
    ]


def test_a_qualification_type_may_be_left_empty(owner, owner_client):
    owner_client.post(reverse("profiles:education-add"), EDUCATION | {"qualification_type": ""})
    assert Education.objects.get(owner=owner).qualification_type == ""


def test_a_completed_scheme_needs_an_end_date(owner_client):
    response = post(owner_client, "scheme", SCHEME | {"status": "completed"})
    assert field_errors(response, "end_date") == ["Enter the date you completed the scheme."]
    assert not DevelopmentScheme.objects.exists()


def test_an_unknown_choice_is_refused(owner_client):
    response = post(owner_client, "achievement", ACHIEVEMENT | {"kind": "knighthood"})
    assert field_errors(response, "kind")
