"""Staff keep the lists applications choose from: approved schemes, sectors, specialisms."""

import html

import pytest
from django.urls import reverse

from careermanager.core.models import AuditEvent
from careermanager.registration.list_entries import active_names, entry_add
from careermanager.registration.models import ListEntry, ListKind

pytestmark = pytest.mark.django_db

LISTS = reverse("registration:staff-lists")


def _text(response) -> str:
    return html.unescape(response.text)


@pytest.fixture
def energy(staff) -> ListEntry:
    return entry_add(kind=ListKind.SECTOR, name="Energy", order=10, actor=staff)


def test_the_lists_page_shows_each_list_and_says_when_one_is_empty(staff_client, energy):
    page = staff_client.get(LISTS).text
    assert "Approved schemes for the streamlined route" in page
    assert "Sectors" in page
    assert "Specialisms" in page
    assert "Energy" in page
    assert page.count("This list is empty") == 2  # schemes and specialisms


def test_staff_add_an_entry_at_the_end_of_its_list(staff, staff_client, energy):
    url = reverse("registration:staff-list-add", args=["sector"])
    response = staff_client.post(url, {"name": "  Transport  ", "order": ""}, follow=True)
    assert "“Transport” has been added to the list." in _text(response)
    transport = ListEntry.objects.get(name="Transport")
    assert transport.kind == ListKind.SECTOR
    assert transport.order == 20  # after Energy
    assert active_names(ListKind.SECTOR) == ["Energy", "Transport"]
    event = AuditEvent.objects.get(action="registration.list_entry.added", target_id=transport.pk)
    assert event.actor == staff


def test_an_entry_needs_a_name_and_a_new_one(staff_client, energy):
    url = reverse("registration:staff-list-add", args=["sector"])
    empty = staff_client.post(url, {"name": "", "order": "abc"})
    assert empty.status_code == 200
    assert empty.text.count("Enter the name.") == 2  # the summary and the field
    assert empty.text.count("Enter a whole number, such as 10.") == 2
    same = staff_client.post(url, {"name": "ENERGY"})
    assert same.text.count("This list already has an entry with this name.") == 2
    assert 'value="ENERGY"' in same.text  # what was typed stays
    assert ListEntry.objects.count() == 1
    # The same name in another list is another entry.
    staff_client.post(
        reverse("registration:staff-list-add", args=["specialism"]), {"name": "Energy"}
    )
    assert ListEntry.objects.filter(name="Energy").count() == 2


def test_an_unknown_list_is_not_found(staff_client):
    url = reverse("registration:staff-list-add", args=["colours"])
    assert staff_client.get(url).status_code == 404


def test_staff_rename_and_reorder(staff, staff_client, energy):
    transport = entry_add(kind=ListKind.SECTOR, name="Transport", actor=staff)
    url = reverse("registration:staff-list-entry", args=[transport.pk])
    form = staff_client.get(url).text
    assert 'value="Transport"' in form
    assert 'value="20"' in form
    response = staff_client.post(url, {"name": "Transport and rail", "order": "5"}, follow=True)
    assert "“Transport and rail” has been saved." in _text(response)
    assert active_names(ListKind.SECTOR) == ["Transport and rail", "Energy"]
    event = AuditEvent.objects.get(action="registration.list_entry.changed")
    assert event.data["from"] == {"name": "Transport", "order": 20}
    assert event.data["to"] == {"name": "Transport and rail", "order": 5}
    # Renaming onto another entry's name is refused; the order number is needed.
    clash = staff_client.post(url, {"name": "energy", "order": "5"})
    assert clash.text.count("This list already has an entry with this name.") == 2
    no_order = staff_client.post(url, {"name": "Rail", "order": ""})
    assert no_order.text.count("Enter the order number.") == 2
    assert ListEntry.objects.get(pk=transport.pk).name == "Transport and rail"


def test_saving_without_a_change_records_nothing(staff_client, energy):
    url = reverse("registration:staff-list-entry", args=[energy.pk])
    staff_client.post(url, {"name": "Energy", "order": "10"})
    assert not AuditEvent.objects.filter(action="registration.list_entry.changed").exists()


def test_retiring_asks_first_and_keeps_the_entry(staff, staff_client, energy):
    url = reverse("registration:staff-list-retire", args=[energy.pk])
    page = _text(staff_client.get(url))
    assert "Retire “Energy”?" in page
    assert "Applications that chose it keep it." in page
    energy.refresh_from_db()
    assert energy.retired_at is None  # nothing happens on GET
    response = staff_client.post(url, follow=True)
    assert "“Energy” has been retired: new applications no longer offer it." in _text(response)
    energy.refresh_from_db()
    assert energy.retired_at is not None
    assert active_names(ListKind.SECTOR) == []
    assert "Retired" in response.text
    assert AuditEvent.objects.get(action="registration.list_entry.retired").actor == staff
    # Retiring again changes nothing and says so.
    again = staff_client.get(url, follow=True)
    assert "“Energy” is retired already." in _text(again)
    assert AuditEvent.objects.filter(action="registration.list_entry.retired").count() == 1


def test_a_retired_entry_can_be_restored(staff, staff_client, energy):
    staff_client.post(reverse("registration:staff-list-retire", args=[energy.pk]))
    url = reverse("registration:staff-list-restore", args=[energy.pk])
    assert staff_client.get(url).status_code == 405
    response = staff_client.post(url, follow=True)
    assert "“Energy” is offered again." in _text(response)
    energy.refresh_from_db()
    assert energy.retired_at is None
    assert active_names(ListKind.SECTOR) == ["Energy"]
    assert AuditEvent.objects.get(action="registration.list_entry.restored").actor == staff


def test_entries_are_never_deleted(staff_client, energy):
    page = staff_client.get(LISTS).text
    assert "Delete" not in page
    assert "Remove" not in page


def test_members_are_refused_and_visitors_asked_to_log_in(owner_client, client, energy):
    urls = [
        LISTS,
        reverse("registration:staff-list-add", args=["sector"]),
        reverse("registration:staff-list-entry", args=[energy.pk]),
        reverse("registration:staff-list-retire", args=[energy.pk]),
    ]
    for url in urls:
        assert owner_client.get(url).status_code == 403
        assert client.get(url).status_code == 302
    response = owner_client.post(
        reverse("registration:staff-list-entry", args=[energy.pk]), {"name": "Mine", "order": 1}
    )
    assert response.status_code == 403
    assert (
        owner_client.post(reverse("registration:staff-list-retire", args=[energy.pk])).status_code
        == 403
    )
    energy.refresh_from_db()
    assert energy.name == "Energy"
    assert energy.retired_at is None
