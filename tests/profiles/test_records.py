"""The shared list / add / change / delete views, for every section of the CV."""

from datetime import date

import pytest
from django.urls import reverse

from careermanager.core.models import AuditEvent
from careermanager.profiles.models import (
    Achievement,
    DevelopmentScheme,
    Education,
    Employment,
    Training,
)
from tests.profiles import factories

# A valid form for each section, the model, a factory and the title the list shows.
SECTIONS = {
    "employment": (
        Employment,
        factories.EmploymentFactory,
        {
            "employer": "Solent Grid Ltd",
            "job_title": "Protection Engineer",
            "employment_type": "full_time",
            "start_date": "2021-04-01",
            "is_current": "on",
            "responsibilities": "I designed protection schemes.",
        },
        "Protection Engineer",
    ),
    "education": (
        Education,
        factories.EducationFactory,
        {
            "institution": "University of Westmoor",
            "course": "Electrical and Electronic Engineering",
            "qualification_type": "masters",
            "classification": "First class honours",
            "start_date": "2010-09-27",
            "end_date": "2014-06-13",
            "awarded_date": "2014-07-10",
            "accredited": "on",
        },
        "Electrical and Electronic Engineering",
    ),
    "scheme": (
        DevelopmentScheme,
        factories.DevelopmentSchemeFactory,
        {
            "name": "Graduate Engineer Programme",
            "provider": "Solent Grid Ltd",
            "kind": "graduate",
            "accredited": "on",
            "start_date": "2014-09-01",
            "end_date": "2016-08-31",
            "status": "completed",
        },
        "Graduate Engineer Programme",
    ),
    "training": (
        Training,
        factories.TrainingFactory,
        {
            "title": "IEC 61850 engineering",
            "kind": "course",
            "provider": "Digital Substation Training",
            "start_date": "2024-10-05",
            "end_date": "2024-10-07",
            "hours": "21",
        },
        "IEC 61850 engineering",
    ),
    "achievement": (
        Achievement,
        factories.AchievementFactory,
        {
            "kind": "paper",
            "title": "Adaptive distance protection",
            "date": "2023-03-14",
            "reference": "doi:10.0000/demo",
        },
        "Adaptive distance protection",
    ),
}

section_names = pytest.mark.parametrize("section", SECTIONS)


@section_names
def test_add_saves_the_record_for_the_member_and_audits_it(section, owner, owner_client):
    model, _, data, title = SECTIONS[section]
    response = owner_client.post(reverse(f"profiles:{section}-add"), data, follow=True)
    assert response.status_code == 200
    record = model.objects.get(owner=owner)
    assert str(record).startswith(title)
    assert "added" in response.content.decode()
    assert AuditEvent.objects.filter(
        action__startswith="profiles.", action__endswith=".created", actor=owner
    ).exists()
    listing = owner_client.get(reverse(f"profiles:{section}-list")).content.decode()
    assert title in listing


@section_names
def test_add_with_nothing_filled_in_shows_errors_and_saves_nothing(section, owner, owner_client):
    model = SECTIONS[section][0]
    response = owner_client.post(reverse(f"profiles:{section}-add"), {})
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "<title>Error: " in content
    assert "Enter the " in content or "Select the " in content
    assert not model.objects.exists()


@section_names
def test_change_updates_the_record(section, owner, owner_client):
    _, factory, data, title = SECTIONS[section]
    record = factory(owner=owner)
    response = owner_client.post(reverse(f"profiles:{section}-edit", args=[record.pk]), data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert str(record).startswith(title)
    event = AuditEvent.objects.get(action__endswith=".updated", actor=owner)
    assert event.data["fields"]


@section_names
def test_change_form_shows_the_saved_values(section, owner, owner_client):
    _, factory, _, _ = SECTIONS[section]
    record = factory(owner=owner)
    response = owner_client.get(reverse(f"profiles:{section}-edit", args=[record.pk]))
    assert str(record).split(",")[0] in response.content.decode()


@section_names
def test_delete_asks_first_and_get_changes_nothing(section, owner, owner_client):
    model, factory, _, _ = SECTIONS[section]
    record = factory(owner=owner)
    response = owner_client.get(reverse(f"profiles:{section}-delete", args=[record.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "You cannot undo this" in content
    assert 'class="button--warning"' in content
    assert model.objects.filter(pk=record.pk).exists()


@section_names
def test_delete_by_post_removes_the_record(section, owner, owner_client):
    model, factory, _, _ = SECTIONS[section]
    record = factory(owner=owner)
    response = owner_client.post(
        reverse(f"profiles:{section}-delete", args=[record.pk]), follow=True
    )
    assert "deleted" in response.content.decode()
    assert not model.objects.filter(pk=record.pk).exists()
    assert AuditEvent.objects.filter(action__endswith=".deleted", actor=owner).exists()


@section_names
def test_changes_refuse_other_methods(section, owner, owner_client):
    _, factory, _, _ = SECTIONS[section]
    record = factory(owner=owner)
    assert (
        owner_client.put(reverse(f"profiles:{section}-delete", args=[record.pk])).status_code == 405
    )
    assert (
        owner_client.delete(reverse(f"profiles:{section}-edit", args=[record.pk])).status_code
        == 405
    )


@section_names
def test_another_member_gets_404_and_changes_nothing(section, owner, other_client):
    model, factory, data, _ = SECTIONS[section]
    record = factory(owner=owner)
    for action in ("edit", "delete"):
        url = reverse(f"profiles:{section}-{action}", args=[record.pk])
        assert other_client.get(url).status_code == 404
        assert other_client.post(url, data).status_code == 404
    assert model.objects.filter(pk=record.pk, owner=owner).exists()
    record.refresh_from_db()
    assert str(record) != SECTIONS[section][3]


@section_names
def test_list_shows_only_the_members_own_records_newest_first(
    section, owner, other_member, owner_client
):
    _, factory, _, _ = SECTIONS[section]
    date_field = "date" if section == "achievement" else "start_date"
    open_ended = {
        "education": {"end_date": None},
        "scheme": {"end_date": None, "status": DevelopmentScheme.Status.IN_PROGRESS},
    }.get(section, {})
    older = factory(owner=owner, **{date_field: date(2012, 1, 2)}, **open_ended)
    newer = factory(owner=owner, **{date_field: date(2022, 1, 3)}, **open_ended)
    theirs = factory(owner=other_member)
    content = owner_client.get(reverse(f"profiles:{section}-list")).content.decode()
    first_part = lambda record: str(record).split(",")[0]  # noqa: E731
    assert first_part(theirs) not in content
    assert content.index(first_part(newer)) < content.index(first_part(older))


@section_names
def test_empty_list_says_what_the_section_is_for(section, owner_client):
    content = owner_client.get(reverse(f"profiles:{section}-list")).content.decode()
    assert "You have not added any" in content
    assert reverse(f"profiles:{section}-add") in content


@section_names
def test_overlong_text_is_refused_with_the_count(section, owner, owner_client):
    model, _, data, _ = SECTIONS[section]
    long_field = {
        "employment": "responsibilities",
        "education": "course",
        "scheme": "description",
        "training": "description",
        "achievement": "details",
    }[section]
    response = owner_client.post(
        reverse(f"profiles:{section}-add"), data | {long_field: "x" * 50_000}
    )
    content = response.content.decode()
    assert "characters or fewer (you have 50,000)" in content
    assert not model.objects.exists()


@section_names
def test_markup_is_stored_as_typed_and_escaped_on_the_pages(section, owner, owner_client):
    model, _, data, _ = SECTIONS[section]
    title_field = {
        "employment": "job_title",
        "education": "course",
        "scheme": "name",
        "training": "title",
        "achievement": "title",
    }[section]
    markup = "<script>alert('x')</script><b>bold</b>"
    owner_client.post(reverse(f"profiles:{section}-add"), data | {title_field: markup})
    record = model.objects.get(owner=owner)
    assert getattr(record, title_field) == markup
    pages = [
        reverse(f"profiles:{section}-list"),
        reverse(f"profiles:{section}-delete", args=[record.pk]),
    ]
    if section == "employment":
        pages.append(reverse("profiles:employment-detail", args=[record.pk]))
    for page in pages:
        content = owner_client.get(page).content.decode()
        assert "<script>alert" not in content
        assert "&lt;script&gt;alert(" in content


def test_long_lists_are_paginated(owner, owner_client):
    factories.AchievementFactory.create_batch(30, owner=owner)
    first = owner_client.get(reverse("profiles:achievement-list")).content.decode()
    assert "Page 1 of 2" in first
    second = owner_client.get(reverse("profiles:achievement-list") + "?page=2")
    assert "Page 2 of 2" in second.content.decode()
