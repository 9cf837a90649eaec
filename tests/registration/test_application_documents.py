"""The application's supporting documents page: uploads, the profile's diagrams, and locking."""

import pytest
from django.urls import reverse

from careermanager.documents.models import SupportingDocument
from careermanager.documents.services import document_upload
from careermanager.registration.applications import application_update
from careermanager.registration.models import Application, ApplicationRoute
from careermanager.registration.supporting import ACCOUNTABILITY, DEGREE
from tests.documents import files
from tests.registration.factories import complete_application, locked_application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_storage(settings):
    settings.STORAGES = {**settings.STORAGES}


def page(client, application) -> str:
    response = client.get(reverse("registration:application-documents", args=[application.pk]))
    assert response.status_code == 200
    return response.content.decode()


def upload_url(application, slug: str) -> str:
    return reverse("registration:application-document", args=[application.pk, slug])


def field(key: str) -> str:
    return key.replace(".", "-") + "-file"


def uploaded(application, key: str = DEGREE, data: bytes | None = None, name="degree.pdf"):
    return document_upload(
        owner=application.owner,
        holder=application,
        type_key=key,
        files=[files.upload(name, data or files.pdf())],
        actor=application.owner,
    )


def test_each_type_is_listed_with_the_ones_this_route_needs_marked_required(owner, owner_client):
    application = complete_application(owner)
    application_update(
        application=application,
        section="category",
        actor=owner,
        category="IEng",
        route=ApplicationRoute.STREAMLINED,
        scheme="Level 6 Apprenticeship",
    )
    html = page(owner_client, application)
    for label in (
        "Degree certificates",
        "Apprenticeship or scheme transcript",
        "Apprenticeship or scheme certificate",
    ):
        assert label in html
    # The streamlined route needs the transcript and the certificate; degrees stay optional.
    transcript = html.split("Apprenticeship or scheme transcript")[1].split("</dt>")[0]
    degree = html.split("Degree certificates<br>")[1].split("</dt>")[0]
    assert "Required" in transcript
    assert "Optional" in degree


def test_choosing_the_profiles_diagram_is_saved_and_previewed(owner, owner_client):
    application = complete_application(owner)
    Application.objects.filter(pk=application.pk).update(use_profile_diagram=False)
    response = owner_client.post(
        reverse("registration:application-documents", args=[application.pk]),
        {"use_profile_diagram": "yes"},
        follow=True,
    )
    application.refresh_from_db()
    assert application.use_profile_diagram is True
    html = response.content.decode()
    assert "Your application will use the diagrams your profile draws." in html
    # The drawing itself, as an image with its text alternative, and where to change it.
    assert 'role="img"' in html
    assert "Accountability diagram: " in html
    assert "Mina Boss" in html
    assert reverse("profiles:orgchart") in html


def test_choosing_to_upload_shows_the_upload_row_as_required(owner, owner_client):
    application = complete_application(owner)
    owner_client.post(
        reverse("registration:application-documents", args=[application.pk]),
        {"use_profile_diagram": "no"},
    )
    application.refresh_from_db()
    assert application.use_profile_diagram is False
    html = page(owner_client, application)
    assert upload_url(application, "accountability") in html
    assert "<svg" not in html


def test_no_choice_is_refused_beside_the_field(owner, owner_client):
    application = complete_application(owner)
    response = owner_client.post(
        reverse("registration:application-documents", args=[application.pk]), {}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose how you will give your accountability diagram." in html
    assert "There is a problem" in html


def test_a_member_uploads_a_document_and_sees_its_fingerprint(owner, owner_client):
    application = complete_application(owner)
    data = files.pdf(pages=2)
    response = owner_client.post(
        upload_url(application, "degree"),
        {field(DEGREE): files.upload("BEng certificate.pdf", data)},
    )
    assert response.status_code == 302
    document = SupportingDocument.objects.get(owner=owner, type_key=DEGREE)
    html = page(owner_client, application)
    assert "BEng certificate.pdf" in html
    assert document.sha256 in html
    assert reverse("documents:remove", args=[document.pk]) in html


def test_a_hostile_upload_is_refused_with_a_message_beside_the_field(owner, owner_client):
    application = complete_application(owner)
    response = owner_client.post(
        upload_url(application, "degree"),
        {field(DEGREE): files.upload("degree.pdf", files.pdf_with_javascript())},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "This PDF contains JavaScript" in html
    assert not SupportingDocument.objects.filter(owner=owner).exists()


def test_an_unknown_type_is_not_found(owner, owner_client):
    application = complete_application(owner)
    assert owner_client.get(upload_url(application, "passport")).status_code == 404


def test_a_locked_application_shows_its_files_read_only(owner, owner_client):
    application = complete_application(owner)
    document = uploaded(application)
    from careermanager.registration.applications import application_lock

    application_lock(application=application, actor=owner)
    html = page(owner_client, application)
    assert "can no longer change" in html
    assert document.sha256 in html
    assert "degree.pdf" in html
    assert upload_url(application, "degree") not in html
    assert 'role="img"' in html  # the diagram the profile drew when it was locked
    response = owner_client.post(
        upload_url(application, "degree"),
        {field(DEGREE): files.upload("other.pdf", files.pdf())},
        follow=True,
    )
    assert "Your application is locked" in response.content.decode()
    assert SupportingDocument.objects.get(owner=owner).sha256 == document.sha256


def test_a_locked_application_refuses_a_crafted_diagram_change(owner, owner_client):
    application = locked_application(owner)
    owner_client.post(
        reverse("registration:application-documents", args=[application.pk]),
        {"use_profile_diagram": "no"},
    )
    application.refresh_from_db()
    assert application.use_profile_diagram is True


def test_an_uploaded_diagram_beside_the_profiles_is_pointed_out(owner, owner_client):
    application = complete_application(owner)
    uploaded(application, ACCOUNTABILITY, name="chart.png", data=files.image("PNG"))
    html = page(owner_client, application)
    assert "You also uploaded “chart.png”" in html


def test_another_member_gets_404(owner, other_client):
    application = complete_application(owner)
    url = reverse("registration:application-documents", args=[application.pk])
    assert other_client.get(url).status_code == 404
    assert other_client.post(url, {"use_profile_diagram": "no"}).status_code == 404
    assert other_client.get(upload_url(application, "degree")).status_code == 404
