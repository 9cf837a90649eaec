import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from careermanager.portability.csvexport import safe_cell
from tests.cpd.factories import ActivityFactory
from tests.profiles.factories import TrainingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Power systems", "Power systems"),
        ("a=b", "a=b"),
        (Decimal("7.50"), "7.50"),
        (None, ""),
    ],
)
def test_cells_that_would_be_formulas_are_written_as_text(value, written):
    assert safe_cell(value) == written


def _rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_activities_download_is_formula_safe(owner, owner_client):
    ActivityFactory(owner=owner, title="=cmd|' /C calc'!A0", hours=Decimal("1.50"))
    ActivityFactory(owner=owner, title="Relay protection seminar")
    response = owner_client.get(reverse("portability:activities-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = _rows(response)
    assert header[:6] == ["Title", "Type", "Status", "Start date", "End date", "Hours"]
    titles = {row[0] for row in rows}
    assert titles == {"'=cmd|' /C calc'!A0", "Relay protection seminar"}
    assert "1.50" in {row[5] for row in rows}


def test_training_download(owner, owner_client, other_member):
    TrainingFactory(owner=owner, title="@Protection relays", provider="-IET")
    TrainingFactory(owner=other_member, title="Not mine")
    header, *rows = _rows(owner_client.get(reverse("portability:training-csv")))
    assert header == ["Title", "Type", "Provider", "Start date", "End date", "Hours", "Description"]
    assert [row[:3] for row in rows] == [["'@Protection relays", "Training course", "'-IET"]]
