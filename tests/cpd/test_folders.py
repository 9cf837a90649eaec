"""Folders group activities; renaming and deleting never loses an activity."""

import pytest
from django.urls import reverse

from careermanager.cpd.models import Activity, Folder
from tests.cpd.factories import ActivityFactory, FolderFactory

pytestmark = pytest.mark.django_db


def test_add_a_folder(owner, owner_client):
    response = owner_client.post(reverse("cpd:folder-add"), {"name": " CPD Activities 2026 "})
    assert response.status_code == 302
    assert Folder.objects.get(owner=owner).name == "CPD Activities 2026"


def test_names_are_unique_per_member_whatever_the_case(owner, other_member, owner_client):
    FolderFactory(owner=owner, name="CPD Activities 2026")
    FolderFactory(owner=other_member, name="Mine too")
    response = owner_client.post(reverse("cpd:folder-add"), {"name": "cpd activities 2026"})
    assert "You already have a folder with this name" in response.content.decode()
    response = owner_client.post(reverse("cpd:folder-add"), {"name": "Mine too"})
    assert response.status_code == 302


def test_database_keeps_names_unique(owner):
    from django.db import IntegrityError

    FolderFactory(owner=owner, name="Reading")
    with pytest.raises(IntegrityError):
        FolderFactory(owner=owner, name="READING")


def test_rename(owner, owner_client):
    folder = FolderFactory(owner=owner, name="CPD 2025")
    response = owner_client.post(
        reverse("cpd:folder-rename", args=[folder.pk]), {"name": "CPD Activities 2025"}
    )
    assert response.status_code == 302
    folder.refresh_from_db()
    assert folder.name == "CPD Activities 2025"


def test_rename_to_its_own_name_in_another_case(owner, owner_client):
    folder = FolderFactory(owner=owner, name="cpd 2025")
    owner_client.post(reverse("cpd:folder-rename", args=[folder.pk]), {"name": "CPD 2025"})
    folder.refresh_from_db()
    assert folder.name == "CPD 2025"


def test_delete_asks_first_and_keeps_the_activities(owner, owner_client):
    folder = FolderFactory(owner=owner, name="Old stuff")
    ActivityFactory.create_batch(3, owner=owner, folder=folder)
    url = reverse("cpd:folder-delete", args=[folder.pk])
    content = owner_client.get(url).content.decode()
    assert "Its 3 activities will <strong>not</strong> be deleted" in content
    assert Folder.objects.filter(pk=folder.pk).exists()
    response = owner_client.post(url)
    assert response.status_code == 302
    assert not Folder.objects.filter(pk=folder.pk).exists()
    assert Activity.objects.filter(owner=owner, folder__isnull=True).count() == 3


def test_deleting_a_folder_of_one_activity_says_so_in_the_singular(owner, owner_client):
    folder = FolderFactory(owner=owner, name="Lectures")
    ActivityFactory(owner=owner, folder=folder)
    url = reverse("cpd:folder-delete", args=[folder.pk])
    assert "Its 1 activity will <strong>not</strong> be deleted" in owner_client.get(url).text
    page = owner_client.post(url, follow=True).text
    assert "Its 1 activity is kept, outside any folder." in page


def test_list_counts_activities(owner, owner_client):
    folder = FolderFactory(owner=owner, name="CPD Activities 2026")
    ActivityFactory.create_batch(2, owner=owner, folder=folder)
    ActivityFactory(owner=owner, folder=folder, draft=True)
    content = owner_client.get(reverse("cpd:folder-list")).content.decode()
    assert "CPD Activities 2026" in content
    assert '<td class="numeric">2</td>' in content


def test_another_member_gets_404(owner, other_client):
    folder = FolderFactory(owner=owner, name="Private")
    for name in ("cpd:folder-rename", "cpd:folder-delete"):
        assert other_client.post(reverse(name, args=[folder.pk]), {"name": "x"}).status_code == 404
    folder.refresh_from_db()
    assert folder.name == "Private"
