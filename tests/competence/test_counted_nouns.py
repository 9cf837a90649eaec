"""Counts in competence pages and messages agree with their nouns: 1 day, 2 days."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from careermanager.competence.importers import csv_format
from careermanager.competence.importers.common import FrameworkImportError
from careermanager.competence.services import assessment_start
from tests.competence.test_import import CSV_HEADER, _csv_row, _json_framework

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("days", "text"), [(1, "works for 1 day,"), (30, "works for 30 days,")])
def test_the_link_says_how_long_it_works(owner, owner_client, settings, days, text):
    settings.GUEST_TICKET_DAYS = days
    assessment = assessment_start(owner=owner, category="CEng")

    page = owner_client.get(reverse("competence:verification-new", args=[assessment.pk]))

    assert text in page.text


def test_a_framework_of_one_competence_is_imported_as_one(staff_client):
    data = _json_framework()
    data["areas"][0]["competences"] = data["areas"][0]["competences"][:1]
    upload = SimpleUploadedFile("one.json", json.dumps(data).encode())

    response = staff_client.post(
        reverse("competence:framework-import"), {"file": upload}, follow=True
    )

    assert "Imported Firmware engineer (1st edition) with 1 competence." in response.text


@pytest.mark.parametrize(("cells", "text"), [(1, "the row has 1 column but"), (2, "has 2 columns")])
def test_a_short_row_counts_its_columns(cells, text):
    row = ",".join(["x"] * cells)

    with pytest.raises(FrameworkImportError) as raised:
        csv_format.parse("\r\n".join([CSV_HEADER, _csv_row("A1"), row]))

    assert any(text in error for error in raised.value.errors)
