"""The upload, replace and remove pages in a real browser, each checked with axe-core."""

import pytest

from careermanager.documents.models import SupportingDocument
from tests.documents import files
from tests.documents.conftest import _document_types, _fresh_storage  # noqa: F401
from tests.factories import TEST_PASSWORD, UserFactory

# The documents tests' own page and document types, with an empty storage.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.urls("tests.documents.urls"),
    pytest.mark.usefixtures("_document_types", "_fresh_storage"),
]


def _choose(ui, label: str, *chosen: tuple[str, str, bytes]) -> None:
    ui.page.get_by_label(label, exact=True).set_input_files(
        [{"name": name, "mimeType": kind, "buffer": data} for name, kind, data in chosen]
    )


def test_upload_refuse_replace_and_remove_in_the_browser(ui):
    member = UserFactory()
    ui.log_in(member.email, TEST_PASSWORD)
    ui.visit("/test-documents/")
    assert "Not uploaded yet." in ui.text()

    ui.click_link("Upload your CV", within="main")
    assert ui.heading() == "Upload your CV"
    _choose(ui, "CV", ("diagram.png", "image/png", files.png_with_html()))
    ui.press("Upload file", within="main")
    assert "There is a problem" in ui.text()
    assert "This image has other data hidden after its end" in ui.text(".error-summary")

    _choose(
        ui,
        "CV",
        ("page 1.pdf", "application/pdf", files.pdf()),
        ("page 2.png", "image/png", files.image("PNG", size=(300, 400))),
    )
    ui.press("Upload file", within="main")
    assert ui.heading() == "Supporting documents"
    assert "Your CV “CV.pdf” has been uploaded." in ui.text()

    ui.click_link("Replace your CV", within="main")
    assert ui.heading() == "Replace your CV"
    assert "Uploading a new file replaces it" in ui.text()
    _choose(ui, "CV", ("Current CV.docx", "application/octet-stream", files.docx()))
    ui.press("Replace file", within="main")
    assert "Your CV “Current CV.docx” has replaced “CV.pdf”." in ui.text()

    ui.click_link("Remove your CV", within="main")
    assert ui.heading() == "Remove “Current CV.docx”?"
    ui.press("Remove file", within="main")
    assert ui.heading() == "Supporting documents"
    assert "The file “Current CV.docx” has been removed." in ui.text()
    assert not SupportingDocument.objects.exists()
