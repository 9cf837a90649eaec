"""Uploading, replacing, joining, downloading and removing, as a member and as staff see it."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from careermanager.core.models import AuditEvent
from careermanager.documents import services
from careermanager.documents.models import SupportingDocument
from careermanager.documents.queries import documents_for
from tests.documents import files
from tests.documents.conftest import HOLDER
from tests.documents.factories import stored_document
from tests.documents.files import upload

pytestmark = pytest.mark.urls("tests.documents.urls")

CV_PAGE = "/test-documents/tests.cv/"
DIAGRAM_PAGE = "/test-documents/tests.diagram/"


def _upload(owner, name="Earlier CV.pdf", data=None, type_key="tests.cv"):
    return services.document_upload(
        owner=owner,
        holder=HOLDER,
        type_key=type_key,
        files=[upload(name, data or files.pdf())],
        actor=owner,
    )


def _text(response) -> str:
    return response.content.decode()


# The upload form


def test_the_form_has_a_label_a_hint_and_takes_several_files_where_they_can_be_joined(
    owner_client,
):
    page = _text(owner_client.get(CV_PAGE))
    assert '<label class="field__label" for="id_tests-cv-file">CV</label>' in page
    assert (
        "Your current CV. At most 0.5 MB; a file ending in .doc, .pdf, .docx, .png, .jpeg, "
        ".jpg, .gif. You can choose several PDFs or images at once" in page
    )
    assert 'accept=".doc,.pdf,.docx,.png,.jpeg,.jpg,.gif" multiple' in page
    assert "<h1>Upload your CV</h1>" in page


def test_a_type_that_cannot_be_joined_takes_one_file(owner_client):
    page = _text(owner_client.get(DIAGRAM_PAGE))
    assert "At most 1 MB; a file ending in .pdf, .png." in page
    assert "multiple" not in page


def test_uploading_through_the_page_stores_the_file_and_lists_it(owner, owner_client):
    data = files.pdf()
    response = owner_client.post(CV_PAGE, {"tests-cv-file": upload("My CV.pdf", data)})
    assert response.status_code == 302
    assert response["Location"] == "/test-documents/"
    document = SupportingDocument.objects.get(owner=owner)
    assert default_storage.open(document.file.name).read() == data
    page = _text(owner_client.get("/test-documents/"))
    assert "Your CV “My CV.pdf” has been uploaded." in page
    assert f'href="/documents/{document.pk}/download/" download>My CV.pdf</a>' in page
    assert f"1 KB, uploaded {document.uploaded_on}" in page
    assert f'href="/documents/{document.pk}/remove/?next=/test-documents/"' in page
    assert "Not uploaded yet." in page  # the diagram
    assert AuditEvent.objects.filter(action="documents.document.uploaded").count() == 1


def test_a_refused_file_is_explained_at_the_top_and_by_the_field(owner_client):
    response = owner_client.post(CV_PAGE, {"tests-cv-file": upload("d.png", files.png_with_html())})
    assert response.status_code == 200
    page = _text(response)
    message = "This image has other data hidden after its end, so it cannot be uploaded."
    summary, field = page.split('class="field field--error"', 1)
    assert 'class="error-summary"' in summary
    assert message in summary
    assert message in field
    assert "<title>Error: Upload your CV" in page
    assert not SupportingDocument.objects.exists()


def test_posting_nothing_asks_for_a_file(owner_client):
    response = owner_client.post(CV_PAGE, {})
    assert "Choose a file for your CV." in _text(response)


def test_an_unknown_type_is_not_found(owner_client):
    assert owner_client.get("/test-documents/tests.nothing/").status_code == 404


# Replacing


def test_a_second_upload_of_a_type_is_refused_by_the_service(owner):
    _upload(owner)
    with pytest.raises(ValidationError) as caught:
        _upload(owner, name="Other.pdf")
    assert caught.value.messages == [
        "You have already uploaded “Earlier CV.pdf” as your CV. Replace it, or remove it first."
    ]


def test_replacing_says_so_before_the_file_is_chosen(owner, owner_client):
    previous = _upload(owner)
    page = _text(owner_client.get(CV_PAGE))
    assert "<h1>Replace your CV</h1>" in page
    assert "You have uploaded “Earlier CV.pdf”" in page
    assert "Uploading a new file <strong>replaces it</strong>" in page
    assert '<button type="submit" class="button--warning">Replace file</button>' in page
    assert f'value="{previous.version}"' in page


def test_a_form_that_did_not_warn_about_the_document_does_not_replace_it(owner, owner_client):
    previous = _upload(owner)
    response = owner_client.post(CV_PAGE, {"tests-cv-file": upload("New CV.pdf", files.pdf(3))})
    assert response.status_code == 200
    assert "“Earlier CV.pdf” was uploaded as your CV while this page was open." in _text(response)
    kept = SupportingDocument.objects.get()
    assert (kept.original_name, kept.file.name) == ("Earlier CV.pdf", previous.file.name)
    # The page now carries the warning and the document it would replace.
    assert f'value="{previous.version}"' in _text(response)


def test_confirmed_replacement_stores_the_new_file_and_deletes_the_old(owner, owner_client):
    previous = _upload(owner)
    data = files.pdf(3)
    response = owner_client.post(
        CV_PAGE,
        {"tests-cv-file": upload("New CV.pdf", data), "tests-cv-replaces": previous.version},
        follow=True,
    )
    assert "Your CV “New CV.pdf” has replaced “Earlier CV.pdf”." in _text(response)
    document = SupportingDocument.objects.get()
    assert document.pk == previous.pk
    assert document.original_name == "New CV.pdf"
    assert default_storage.open(document.file.name).read() == data
    assert not default_storage.exists(previous.file.name)
    assert AuditEvent.objects.filter(action="documents.document.replaced").count() == 1


def test_a_refused_replacement_keeps_the_old_document(owner, owner_client):
    previous = _upload(owner)
    response = owner_client.post(
        CV_PAGE,
        {
            "tests-cv-file": upload("cv.docx", files.docm_renamed()),
            "tests-cv-replaces": previous.version,
        },
    )
    assert "This Word document contains macros" in _text(response)
    assert SupportingDocument.objects.get().original_name == "Earlier CV.pdf"
    assert default_storage.exists(previous.file.name)


def test_a_failure_while_saving_the_replacement_keeps_the_old_document(owner, monkeypatch):
    previous = _upload(owner)
    old = default_storage.open(previous.file.name).read()

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "audit", fail)
    with pytest.raises(RuntimeError):
        services.document_replace(document=previous, files=[upload("New.pdf", files.pdf(2))])
    kept = SupportingDocument.objects.get()
    assert (kept.original_name, kept.file.name) == ("Earlier CV.pdf", previous.file.name)
    assert default_storage.open(kept.file.name).read() == old
    # The new file was deleted again: only the old one is left.
    assert default_storage.listdir(f"supporting/{owner.pk}")[1] == [
        previous.file.name.rsplit("/", 1)[1]
    ]


@pytest.mark.real_on_commit
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_old_file_is_deleted_only_when_the_replacement_commits(owner):
    previous = _upload(owner)
    from django.db import transaction

    with transaction.atomic():
        services.document_replace(document=previous, files=[upload("New.pdf", files.pdf(2))])
        assert default_storage.exists(previous.file.name)
    assert not default_storage.exists(previous.file.name)


# Several pages joined into one PDF


def test_two_pdfs_and_an_image_become_one_pdf_of_three_pages(owner, owner_client):
    response = owner_client.post(
        CV_PAGE,
        {
            "tests-cv-file": [
                upload("page 1.pdf", files.pdf()),
                upload("page 2.pdf", files.pdf()),
                upload("page 3.jpg", files.image("JPEG", size=(600, 800))),
            ]
        },
    )
    assert response.status_code == 302
    document = SupportingDocument.objects.get()
    assert (document.original_name, document.content_type) == ("CV.pdf", "application/pdf")
    assert document.file.name.endswith(".pdf")
    data = default_storage.open(document.file.name).read()
    assert len(PdfReader(io.BytesIO(data)).pages) == 3
    assert document.size == len(data)


def test_a_joined_pdf_over_the_limit_is_refused_and_nothing_saved(owner, owner_client):
    parts = [upload(f"scan {n}.pdf", files.noise_pdf()) for n in range(6)]
    response = owner_client.post(CV_PAGE, {"tests-cv-file": parts})
    page = _text(response)
    assert (
        "Together these 6 files make a PDF of 0.6 MB; the limit is 0.5 MB. Nothing was saved"
        in page
    )
    assert not SupportingDocument.objects.exists()
    assert not default_storage.exists(f"supporting/{owner.pk}")


def test_a_word_file_cannot_be_joined(owner):
    with pytest.raises(ValidationError) as caught:
        services.document_upload(
            owner=owner,
            holder=HOLDER,
            type_key="tests.cv",
            files=[upload("a.pdf", files.pdf()), upload("b.docx", files.docx())],
        )
    assert caught.value.messages == [
        "Only PDFs and images can be joined into one PDF: upload “b.docx” on its own."
    ]


def test_one_bad_part_is_named(owner):
    with pytest.raises(ValidationError) as caught:
        services.document_upload(
            owner=owner,
            holder=HOLDER,
            type_key="tests.cv",
            files=[upload("a.pdf", files.pdf()), upload("b.pdf", files.pdf_encrypted())],
        )
    assert caught.value.messages[0].startswith("“b.pdf”: This PDF is protected by a password")


def test_a_type_that_cannot_be_joined_takes_one_file_only(owner):
    with pytest.raises(ValidationError) as caught:
        services.document_upload(
            owner=owner,
            holder=HOLDER,
            type_key="tests.diagram",
            files=[upload("a.pdf", files.pdf()), upload("b.pdf", files.pdf())],
        )
    assert caught.value.messages == ["Choose one file for your Accountability diagram."]


# Downloading


def test_the_owner_downloads_an_attachment_that_no_browser_sniffs_or_caches(owner, owner_client):
    data = files.pdf()
    document = stored_document(owner, data=data)
    response = owner_client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Olive Owner CV.pdf\"; filename*=UTF-8''Olive%20Owner%20CV.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_the_type_comes_from_the_stored_extension_and_the_name_is_kept_whole(owner, owner_client):
    document = stored_document(owner)
    SupportingDocument.objects.filter(pk=document.pk).update(
        content_type="text/html", original_name="Lebenslauf “Müller”.pdf"
    )
    response = owner_client.get(reverse("documents:download", args=[document.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="Lebenslauf Muller.pdf"; '
        "filename*=UTF-8''Lebenslauf%20%E2%80%9CM%C3%BCller%E2%80%9D.pdf"
    )


def test_another_member_gets_404_and_staff_may_download(owner, other_client, staff, staff_client):
    document = stored_document(owner)
    url = reverse("documents:download", args=[document.pk])
    assert other_client.get(url).status_code == 404
    assert staff_client.get(url).status_code == 200
    event = AuditEvent.objects.get(action="documents.document.downloaded")
    assert event.actor == staff
    assert owner.pk != staff.pk


def test_download_rejects_post(owner, owner_client):
    document = stored_document(owner)
    response = owner_client.post(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 405


# Removing


def test_removing_asks_first_then_deletes_the_file(owner, owner_client):
    document = _upload(owner)
    url = reverse("documents:remove", args=[document.pk]) + "?next=/test-documents/"
    page = _text(owner_client.get(url))
    assert "<h1>Remove “Earlier CV.pdf”?</h1>" in page
    assert "uploaded as your CV, will be deleted" in page
    assert SupportingDocument.objects.exists()
    response = owner_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == "/test-documents/"
    assert "The file “Earlier CV.pdf” has been removed." in _text(response)
    assert not SupportingDocument.objects.exists()
    assert not default_storage.exists(document.file.name)
    assert owner_client.get(reverse("documents:download", args=[document.pk])).status_code == 404


def test_removing_goes_back_only_to_this_site(owner, owner_client):
    document = _upload(owner)
    url = reverse("documents:remove", args=[document.pk]) + "?next=https://evil.example/"
    response = owner_client.post(url)
    assert response["Location"] == reverse("core:home")


def test_nobody_else_removes_a_document(owner, other_client, staff_client):
    document = stored_document(owner)
    url = reverse("documents:remove", args=[document.pk])
    assert other_client.post(url).status_code == 404
    assert staff_client.post(url).status_code == 404
    assert SupportingDocument.objects.exists()


def test_deleting_a_members_documents_deletes_their_files(owner, other_member):
    mine = [_upload(owner), _upload(owner, type_key="tests.diagram")]
    theirs = _upload(other_member)
    assert services.documents_remove_for(owner=owner) == 2
    assert not any(default_storage.exists(document.file.name) for document in mine)
    assert default_storage.exists(theirs.file.name)
    assert list(SupportingDocument.objects.all()) == [theirs]


def test_documents_for_reads_a_holder_in_one_query(owner, django_assert_num_queries):
    _upload(owner)
    _upload(owner, type_key="tests.diagram")
    stored_document(owner, holder="tests.application:2")
    with django_assert_num_queries(1):
        documents = documents_for(owner, HOLDER)
        assert sorted(documents) == ["tests.cv", "tests.diagram"]


def test_removing_a_holder_removes_its_documents_only(owner):
    kept = stored_document(owner, holder="tests.application:2")
    gone = _upload(owner)
    assert services.documents_remove_for_holder(owner=owner, holder=HOLDER) == 1
    assert not default_storage.exists(gone.file.name)
    assert list(SupportingDocument.objects.all()) == [kept]


def test_an_administrator_may_download(owner, admin_client_2fa):
    document = stored_document(owner)
    response = admin_client_2fa.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200


# Sent documents


def test_a_sent_document_can_be_neither_removed_nor_replaced(owner, owner_client):
    document = _upload(owner)
    other_holder = stored_document(owner, holder="tests.application:2")
    assert services.documents_lock_for_holder(owner=owner, holder=HOLDER) == 1

    url = reverse("documents:remove", args=[document.pk]) + "?next=/test-documents/"
    response = owner_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == "/test-documents/"
    assert "so it can no longer be removed" in _text(response)
    assert SupportingDocument.objects.filter(pk=document.pk).exists()
    assert default_storage.exists(document.file.name)

    with pytest.raises(ValidationError, match="can no longer be replaced or removed"):
        services.document_replace(
            document=document, files=[upload("New CV.pdf", files.pdf())], actor=owner
        )
    document.refresh_from_db()
    assert document.original_name == "Earlier CV.pdf"
    # Only the holder that was sent is kept as it was.
    other_holder.refresh_from_db()
    assert other_holder.locked_at is None
    services.document_remove(document=other_holder, actor=owner)


# Stray files


def test_the_daily_sweep_removes_only_files_no_document_names(owner, monkeypatch):
    from careermanager.core import storage

    kept = _upload(owner)
    stray = default_storage.save(f"supporting/{owner.pk}/left-behind.pdf", io.BytesIO(b"%PDF"))
    outside = default_storage.save("elsewhere/not-ours.pdf", io.BytesIO(b"%PDF"))

    # A file just saved may be waiting for its row: it stays for an hour.
    assert services.document_files_remove_orphans() == 0
    assert default_storage.exists(stray)

    monkeypatch.setattr(storage, "GRACE", timedelta(0))
    out = io.StringIO()
    call_command("remove_stray_supporting_files", stdout=out)
    assert out.getvalue().strip() == "Removed 1 stray supporting file(s)."
    assert not default_storage.exists(stray)
    assert default_storage.exists(kept.file.name)
    assert default_storage.exists(outside)
    assert services.document_files_remove_orphans() == 0
