"""Item 8: supporting documents, uploaded through the documents app for the declaration."""

import pytest
from django.urls import reverse

from careermanager.declarations.checklist import checklist
from careermanager.declarations.services import declaration_submit
from careermanager.documents.queries import documents_for
from tests.declarations.factories import DeclarationFactory
from tests.documents.files import pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_storage(settings):
    settings.STORAGES = {**settings.STORAGES}


def test_supporting_documents_are_optional(owner):
    item = checklist(DeclarationFactory(owner=owner))[7]
    assert (item.number, item.title, item.required, item.complete) == (
        8,
        "Supporting documents",
        False,
        False,
    )


def test_uploading_a_cv_completes_item_8_and_is_sent_with_the_declaration(owner_client, owner):
    declaration = DeclarationFactory(owner=owner, complete=True)
    page = owner_client.get(reverse("declarations:supporting-documents", args=[declaration.pk]))
    assert "Equivalent CPD planning report" in page.text
    assert "Equivalent CPD activity report" in page.text
    assert "CV or career history" in page.text

    url = reverse("declarations:supporting-document", args=[declaration.pk, "cv"])
    response = owner_client.post(
        url, {"declaration-cv-file": upload("my-cv.pdf", pdf())}, follow=True
    )
    assert "my-cv.pdf" in response.text

    checklist_page = owner_client.get(reverse("declarations:detail", args=[declaration.pk]))
    assert "1 of 3 uploaded" in checklist_page.text

    declaration_submit(declaration=declaration, actor=owner)
    declaration.refresh_from_db()
    [sent] = declaration.snapshot["supporting_documents"]
    assert sent["type"] == "declaration.cv"
    assert sent["name"] == "my-cv.pdf"
    summary = owner_client.get(reverse("declarations:summary", args=[declaration.pk]))
    assert "my-cv.pdf" in summary.text


def test_a_refused_file_says_why(owner_client, owner):
    declaration = DeclarationFactory(owner=owner)
    url = reverse("declarations:supporting-document", args=[declaration.pk, "activity-report"])
    response = owner_client.post(
        url, {"declaration-activity-report-file": upload("report.pdf", b"not a pdf at all")}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text


def test_unknown_document_and_another_members_declaration_are_not_found(
    owner_client, other_client, owner
):
    declaration = DeclarationFactory(owner=owner)
    unknown = reverse("declarations:supporting-document", args=[declaration.pk, "passport"])
    assert owner_client.get(unknown).status_code == 404
    cv = reverse("declarations:supporting-document", args=[declaration.pk, "cv"])
    assert (
        other_client.post(cv, {"declaration-cv-file": upload("cv.pdf", pdf())}).status_code == 404
    )


def test_documents_sent_with_a_declaration_stay_as_they_were(owner_client, owner):
    declaration = DeclarationFactory(owner=owner, complete=True)
    url = reverse("declarations:supporting-document", args=[declaration.pk, "cv"])
    owner_client.post(url, {"declaration-cv-file": upload("my-cv.pdf", pdf())})
    declaration_submit(declaration=declaration, actor=owner)

    [document] = documents_for(owner, declaration).values()
    assert document.locked_at is not None
    remove = reverse("documents:remove", args=[document.pk])
    owner_client.post(remove)
    assert documents_for(owner, declaration)["declaration.cv"].pk == document.pk
