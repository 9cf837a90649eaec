"""The level a framework expects in each competence: the institution's setting, set by staff."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from careermanager.competence.models import Framework
from careermanager.core.models import AuditEvent
from tests.competence.factories import framework
from tests.competence.test_import import CSV_HEADER, _csv_row, _json_framework

pytestmark = pytest.mark.django_db


def _url(item) -> str:
    return reverse("competence:framework-expected-level", args=[item.pk])


def test_every_shipped_framework_expects_practitioner():
    assert set(Framework.objects.values_list("expected_level", flat=True)) == {"practitioner"}


def test_the_framework_page_shows_it_as_the_institutions_setting(staff_client):
    ieng = framework("IEng")
    page = staff_client.get(reverse("competence:framework-detail", args=[ieng.pk]))
    assert "<dt>Level expected in each competence</dt><dd>Practitioner<br>" in page.text
    assert "Your institution's setting, not a figure from the standard" in page.text
    assert f'href="{_url(ieng)}">Change' in page.text


def test_staff_change_it_and_the_change_is_recorded(staff_client, staff):
    ieng = framework("IEng")
    form = staff_client.get(_url(ieng))
    assert "<h1>Level expected in each competence</h1>" in form.text
    assert "not a skill level to reach" in form.text
    response = staff_client.post(_url(ieng), {"expected_level": "expert"})
    assert response.url == reverse("competence:framework-detail", args=[ieng.pk])
    ieng.refresh_from_db()
    assert ieng.expected_level == "expert"
    event = AuditEvent.objects.get(action="competence.framework.expected_level_changed")
    assert event.data["to"] == "expert"
    assert event.data["from"] == "practitioner"
    page = staff_client.get(response.url)
    assert "now expects Expert in each competence" in page.text


def test_a_level_must_be_chosen(staff_client):
    ieng = framework("IEng")
    response = staff_client.post(_url(ieng), {"expected_level": "master"})
    assert response.status_code == 200
    assert "Error:" in response.text
    assert "Select a valid choice" in response.text
    response = staff_client.post(_url(ieng), {})
    assert "Choose the level expected in each competence" in response.text
    ieng.refresh_from_db()
    assert ieng.expected_level == "practitioner"


def test_a_member_cannot_change_it(owner_client):
    ieng = framework("IEng")
    assert owner_client.post(_url(ieng), {"expected_level": "trainee"}).status_code == 403
    ieng.refresh_from_db()
    assert ieng.expected_level == "practitioner"


def _upload(client, name, content: bytes):
    return client.post(
        reverse("competence:framework-import"), {"file": SimpleUploadedFile(name, content)}
    )


def test_an_imported_json_file_may_set_it(staff_client):
    data = _json_framework(expected_level="expert")
    _upload(staff_client, "acme.json", json.dumps(data).encode())
    assert Framework.objects.get(code="ACME-Firmware").expected_level == "expert"


def test_an_imported_file_without_it_expects_practitioner(staff_client):
    _upload(staff_client, "acme.json", json.dumps(_json_framework()).encode())
    assert Framework.objects.get(code="ACME-Firmware").expected_level == "practitioner"


@pytest.mark.parametrize("name", ["acme.json", "acme.csv"])
def test_an_unknown_level_in_a_file_is_refused_with_its_line(staff_client, name):
    if name.endswith(".json"):
        content = json.dumps(_json_framework(expected_level="master"), indent=2).encode()
    else:
        content = f'{CSV_HEADER},expected_level\n{_csv_row()},"master"\n'.encode()
    response = _upload(staff_client, name, content)
    assert (
        "expected_level must be one of trainee, supervised, practitioner, expert, not “master”."
        in response.text
    )
    assert not Framework.objects.filter(code="ACME-Firmware").exists()


def test_a_csv_file_may_set_it(staff_client):
    content = f'{CSV_HEADER},expected_level\n{_csv_row()},"supervised"\n'.encode()
    _upload(staff_client, "acme.csv", content)
    assert Framework.objects.get(code="ACME-Firmware").expected_level == "supervised"


def test_the_import_page_explains_the_optional_field(staff_client):
    page = staff_client.get(reverse("competence:framework-import"))
    assert "<code>expected_level</code> (optional)" in page.text
    assert "expected_level" in page.text.split("header row naming the columns:")[1]
