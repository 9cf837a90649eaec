"""Recording who is above and below the member in a role."""

import pytest
from django.urls import reverse

from careermanager.core.models import AuditEvent
from careermanager.profiles.models import AccountabilityPerson
from tests.profiles.factories import AccountabilityPersonFactory, EmploymentFactory

ABOVE = AccountabilityPerson.Relation.ABOVE
REPORT = AccountabilityPerson.Relation.REPORT


def form_data(*, above=(), reports=(), initial_reports: int = 0, extra: int = 3, **more) -> dict:
    """The POST the page sends: three levels above, then the reports formset."""
    data = {}
    for level in (1, 2, 3):
        person = above[level - 1] if level <= len(above) else ("", "", "")
        for field, value in zip(("name", "job_title", "registration"), person, strict=True):
            data[f"above-{level}-{field}"] = value
    rows = list(reports) + [("", "", "")] * extra
    data |= {
        "reports-TOTAL_FORMS": str(len(rows)),
        "reports-INITIAL_FORMS": str(initial_reports),
        "reports-MIN_NUM_FORMS": "0",
        "reports-MAX_NUM_FORMS": "40",
    }
    for index, person in enumerate(rows):
        for field, value in zip(("name", "job_title", "registration"), person, strict=True):
            data[f"reports-{index}-{field}"] = value
    return data | more


@pytest.fixture
def employment(owner):
    return EmploymentFactory(owner=owner, job_title="Lead Engineer")


def url(employment) -> str:
    return reverse("profiles:accountabilities", args=[employment.pk])


def test_page_offers_three_levels_and_empty_rows_without_javascript(owner_client, employment):
    content = owner_client.get(url(employment)).content.decode()
    assert "Your line manager (level 1)" in content
    assert "The next level up (level 3)" in content
    assert 'name="reports-2-name"' in content
    assert 'name="reports-3-name"' not in content
    assert "<script" not in content.split("<main", 1)[1]


def test_saving_records_people_above_and_below(owner, owner_client, employment):
    response = owner_client.post(
        url(employment),
        form_data(
            above=[("Lena Line", "Head of P&C", "CEng FIET"), ("Max Boss", "Director", "")],
            reports=[("Rita Report", "Engineer", "IEng MIET"), ("Sam Second", "Graduate", "")],
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:employment-detail", args=[employment.pk])
    above = list(employment.accountability_people.above())
    assert [(p.level, p.name, p.registration) for p in above] == [
        (1, "Lena Line", "CEng FIET"),
        (2, "Max Boss", ""),
    ]
    assert [p.name for p in employment.accountability_people.reports()] == [
        "Rita Report",
        "Sam Second",
    ]
    event = AuditEvent.objects.get(action="profiles.accountabilities.updated")
    assert event.data == {"above": 2, "reports": 2}
    assert event.actor == owner
    detail = owner_client.get(response["Location"]).content.decode()
    for name in ("Lena Line", "Max Boss", "Rita Report", "Sam Second"):
        assert name in detail


def test_existing_people_are_shown_and_can_be_removed(owner_client, employment):
    AccountabilityPersonFactory(employment=employment, relation=ABOVE, level=1, name="Lena Line")
    AccountabilityPersonFactory(employment=employment, name="Keep Me", order=1)
    AccountabilityPersonFactory(employment=employment, name="Remove Me", order=2)
    content = owner_client.get(url(employment)).content.decode()
    assert 'value="Lena Line"' in content
    assert 'value="Remove Me"' in content
    assert "Remove this person from the diagram" in content

    data = form_data(
        above=[("Lena Line", "", "")],
        reports=[("Keep Me", "Engineer", ""), ("Remove Me", "Engineer", "")],
        initial_reports=2,
        **{"reports-1-DELETE": "on"},
    )
    owner_client.post(url(employment), data)
    assert [p.name for p in employment.accountability_people.reports()] == ["Keep Me"]


def test_save_and_add_more_people_comes_back_with_new_empty_rows(owner_client, employment):
    reports = [(f"Person {n}", "Engineer", "") for n in range(3)]
    response = owner_client.post(url(employment), form_data(reports=reports, extra=0, add_rows="1"))
    assert response["Location"].endswith(url(employment) + "#reports")
    content = owner_client.get(url(employment)).content.decode()
    assert 'name="reports-5-name"' in content  # 3 saved people + 3 empty rows


def test_a_job_title_without_a_name_is_an_error(owner_client, employment):
    response = owner_client.post(url(employment), form_data(reports=[("", "Engineer", "")]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Enter the name of person 1, or clear this row." in content
    assert "<title>Error: " in content
    assert 'href="#id_reports-0-name"' in content
    assert not employment.accountability_people.exists()


def test_levels_must_be_filled_from_the_line_manager_up(owner_client, employment):
    data = form_data(above=[("", "", ""), ("", "", ""), ("Top Person", "CEO", "")])
    response = owner_client.post(url(employment), data)
    content = response.content.decode()
    assert "Enter the name of your line manager" in content
    assert "Enter the name of your line manager&#x27;s manager" in content
    assert not employment.accountability_people.exists()


def test_overlong_names_are_refused_with_the_count(owner_client, employment):
    response = owner_client.post(url(employment), form_data(above=[("N" * 500, "", "")]))
    assert "Name must be 150 characters or fewer (you have 500)." in response.content.decode()


def test_too_many_reports_is_refused(owner_client, employment):
    reports = [(f"Person {n}", "", "") for n in range(41)]
    response = owner_client.post(url(employment), form_data(reports=reports, extra=0))
    assert response.status_code == 200
    assert "A diagram can show up to 40 people who report to you" in response.content.decode()
    assert not employment.accountability_people.exists()


def test_markup_in_names_is_saved_as_typed_and_escaped(owner_client, employment):
    owner_client.post(url(employment), form_data(reports=[("<b>Bold</b> & Co", "", "")]))
    assert employment.accountability_people.get().name == "<b>Bold</b> & Co"
    content = owner_client.get(
        reverse("profiles:employment-detail", args=[employment.pk])
    ).content.decode()
    assert "<b>Bold</b>" not in content
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in content


def test_another_member_cannot_read_or_change_them(owner, other_client, employment):
    AccountabilityPersonFactory(employment=employment, name="Private Person")
    assert other_client.get(url(employment)).status_code == 404
    response = other_client.post(url(employment), form_data(reports=[("Intruder", "", "")]))
    assert response.status_code == 404
    assert [p.name for p in employment.accountability_people.all()] == ["Private Person"]


def test_deleting_a_role_warns_about_its_diagram_and_removes_it(owner_client, employment):
    AccountabilityPersonFactory(employment=employment)
    AccountabilityPersonFactory(employment=employment)
    delete = reverse("profiles:employment-delete", args=[employment.pk])
    assert "2 people above you or reporting to you" in owner_client.get(delete).content.decode()
    owner_client.post(delete)
    assert not AccountabilityPerson.objects.exists()
