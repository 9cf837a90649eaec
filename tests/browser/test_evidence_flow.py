"""Evidence of an activity in a real browser, with the keyboard: refused, added, removed."""

import pytest

from careermanager.documents.models import SupportingDocument
from tests.browser.helpers import follow, tab_to, tab_to_field
from tests.cpd.factories import ActivityFactory
from tests.cpd.test_evidence import HEIC, photo
from tests.documents.conftest import _fresh_storage  # noqa: F401
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("_fresh_storage")]

FIELD = "Add a file of evidence"


def _choose(ui, name: str, kind: str, data: bytes) -> None:
    """What choosing a file in the dialog does; the dialog itself is the system's."""
    tab_to_field(ui, FIELD)
    ui.page.get_by_label(FIELD, exact=True).set_input_files(
        [{"name": name, "mimeType": kind, "buffer": data}]
    )


def _upload(ui) -> None:
    tab_to(ui, "Upload file")
    follow(ui)


def test_evidence_added_and_removed_with_the_keyboard(ui):
    member = UserFactory()
    activity = ActivityFactory(owner=member, title="Protection grading workshop")
    ui.log_in(member.email, TEST_PASSWORD)
    ui.visit(f"/cpd/activities/{activity.pk}/")
    assert "No evidence yet." in ui.text()

    _choose(ui, "IMG_2041.jpg", "image/jpeg", HEIC)
    _upload(ui)
    assert "There is a problem" in ui.text()
    assert "This file is a HEIC photo" in ui.text(".error-summary")
    assert ui.heading() == "Evidence"

    _choose(ui, "Slide.jpg", "image/jpeg", photo((1600, 1200)))
    _upload(ui)
    assert ui.heading() == "Protection grading workshop"
    assert "“Slide.jpg” has been added to this activity's evidence." in ui.text()
    assert "JPEG photo" in ui.text("#evidence-files")

    tab_to(ui, "Remove")
    follow(ui)
    assert ui.heading() == "Remove “Slide.jpg”?"
    tab_to(ui, "Remove file")
    follow(ui)
    assert ui.heading() == "Protection grading workshop"
    assert "The file “Slide.jpg” has been removed." in ui.text()
    assert not SupportingDocument.objects.exists()
