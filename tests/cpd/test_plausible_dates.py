"""No year 1 starts or year 9999 ends in a CPD activity or a report's period."""

from datetime import date

import pytest
from django.urls import reverse

from careermanager.cpd.models import Activity
from careermanager.reports.models import DocumentJob

pytestmark = pytest.mark.django_db

LATEST = date.today().year + 10


@pytest.fixture(autouse=True)
def _range(settings):
    settings.EARLIEST_YEAR, settings.YEARS_AHEAD = 1950, 10


def activity(**overrides) -> dict:
    return {
        "type": Activity.Type.EVENT,
        "title": "IET lecture: grid-scale batteries",
        "start_date": "2024-05-03",
        "end_date": "",
        "hours": "1.5",
    } | overrides


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start_date": "0001-01-01"}, "The start date must be in 1950 or later."),
        ({"end_date": "9999-12-31"}, f"The end date must be in {LATEST} or earlier."),
    ],
)
def test_an_activity_needs_plausible_dates(owner_client, overrides, message):
    response = owner_client.post(reverse("cpd:activity-add"), activity(**overrides))

    assert response.status_code == 200
    assert response.text.count(message) == 2  # in the error summary and beside the field
    assert not Activity.objects.exists()


def test_a_report_period_needs_plausible_dates(owner_client):
    data = {
        "kind": "summary",
        "file_format": "pdf",
        "start_date": "0001-01-01",
        "end_date": "2024-12-31",
    }
    response = owner_client.post(reverse("cpd:report-new"), data)

    assert "The start date must be in 1950 or later." in response.text
    assert not DocumentJob.objects.exists()
