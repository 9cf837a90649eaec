"""The profile's landing page, the home-page panel, and query budgets."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse

from careermanager.profiles.models import Training
from tests.profiles.factories import (
    AccountabilityPersonFactory,
    EducationFactory,
    EmploymentFactory,
    PersonalDetailsFactory,
    TrainingFactory,
)
from tests.queries import assert_flat_queries


def add_training(owner, count: int) -> None:
    start = date(2020, 1, 1)
    Training.objects.bulk_create(
        Training(
            owner=owner,
            title=f"Bulk course {n}",
            kind=Training.Kind.COURSE,
            start_date=start + timedelta(days=n % 1500),
            hours=Decimal("3.5"),
        )
        for n in range(count)
    )


def test_empty_profile_says_what_each_section_is_for(owner_client):
    content = owner_client.get(reverse("profiles:index")).content.decode()
    assert "Your profile" in content
    assert "Not filled in yet" in content
    assert "Training hours count towards your CPD" in content
    assert "Patents, published papers" in content
    for section in ("employment", "education", "scheme", "training", "achievement"):
        assert reverse(f"profiles:{section}-add") in content


def test_profile_counts_each_section_and_names_the_current_role(owner, owner_client):
    PersonalDetailsFactory(owner=owner, town="Harrogate")
    EmploymentFactory(owner=owner, job_title="Lead Engineer", employer="Grid Co")
    TrainingFactory(owner=owner, hours=Decimal("7.5"))
    TrainingFactory(owner=owner, hours=Decimal("2"))
    EducationFactory(owner=owner)
    content = owner_client.get(reverse("profiles:index")).content.decode()
    assert "Harrogate" in content
    assert "Current: Lead Engineer, Grid Co" in content
    assert "2 training records" in content
    assert "9.5 hours in total" in content
    assert "1 qualification" in content


def test_profile_shows_only_the_members_own_records(owner_client, other_member):
    EmploymentFactory(owner=other_member, job_title="Someone Else's Job")
    content = owner_client.get(reverse("profiles:index")).content.decode()
    assert "Someone Else" not in content


def test_staff_see_a_link_to_find_a_member(staff_client, owner_client):
    link = reverse("profiles:staff-members")
    assert link in staff_client.get(reverse("profiles:index")).content.decode()
    assert link not in owner_client.get(reverse("profiles:index")).content.decode()


def test_profile_is_in_the_main_navigation(owner_client):
    content = owner_client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("profiles:index")}"' in content


def test_home_panel_lists_the_empty_parts_of_the_cv(owner, owner_client):
    content = owner_client.get(reverse("core:home")).content.decode()
    assert "Complete your CV" in content
    assert reverse("profiles:training-add") in content
    PersonalDetailsFactory(owner=owner)
    EmploymentFactory(owner=owner)
    EducationFactory(owner=owner)
    TrainingFactory(owner=owner)
    assert "Complete your CV" not in owner_client.get(reverse("core:home")).content.decode()


def test_training_list_totals_hours(owner, owner_client):
    add_training(owner, 3)
    content = owner_client.get(reverse("profiles:training-list")).content.decode()
    assert "10.5 hours" in content
    assert "3 records" in content


def test_training_list_queries_do_not_grow_with_records(owner, owner_client):
    add_training(owner, 5)
    assert_flat_queries(
        owner_client, reverse("profiles:training-list"), grow=lambda: add_training(owner, 495)
    )


def test_profile_overview_queries_do_not_grow_with_records(owner, owner_client):
    add_training(owner, 5)
    count = assert_flat_queries(
        owner_client, reverse("profiles:index"), grow=lambda: add_training(owner, 495)
    )
    assert count <= 6  # the session, the member, the counts, three kinds of record


def test_employment_list_queries_do_not_grow_with_roles_or_people(owner, owner_client):
    def grow(count):
        for _ in range(count):
            employment = EmploymentFactory(owner=owner)
            AccountabilityPersonFactory.create_batch(3, employment=employment)

    grow(2)
    assert_flat_queries(owner_client, reverse("profiles:employment-list"), grow=lambda: grow(20))


def test_orgchart_queries_do_not_grow_with_people(owner, owner_client):
    employment = EmploymentFactory(owner=owner)
    AccountabilityPersonFactory(employment=employment)
    assert_flat_queries(
        owner_client,
        reverse("profiles:orgchart"),
        grow=lambda: AccountabilityPersonFactory.create_batch(30, employment=employment),
    )


def test_pages_link_to_the_downloads(owner, owner_client):
    employment = EmploymentFactory(owner=owner, start_date=date(2018, 1, 8))
    AccountabilityPersonFactory(employment=employment)
    TrainingFactory(owner=owner)
    pages = {
        reverse("profiles:index"): reverse("profiles:cv-download"),
        reverse("profiles:training-list"): reverse("profiles:training-summary"),
        reverse("profiles:orgchart"): reverse(
            "profiles:orgchart-download", kwargs={"pk": employment.pk}
        ),
        reverse("profiles:employment-detail", args=[employment.pk]): reverse(
            "profiles:orgchart-download", kwargs={"pk": employment.pk}
        ),
    }
    for page, download in pages.items():
        assert f'href="{download}"' in owner_client.get(page).content.decode(), page
