"""Evidence of an activity: certificates and photos kept with it, checked and cleaned first."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from careermanager.core.uploads import MB
from careermanager.cpd.models import Activity
from careermanager.cpd.supporting import EVIDENCE, MAX_EVIDENCE_FILES, activity_holder
from careermanager.documents.models import SupportingDocument
from careermanager.reports.models import DocumentJob
from tests.conftest import signed_in_client
from tests.cpd.factories import ActivityFactory
from tests.cpd.test_reports import ask, download, pdf_text
from tests.documents import files
from tests.documents.factories import stored_document
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


@pytest.fixture(autouse=True)
def _fresh_storage(settings):
    """An empty in-memory storage for each test (setting STORAGES again starts a new one)."""
    settings.STORAGES = {**settings.STORAGES}


@pytest.fixture
def activity(owner):
    return ActivityFactory(
        owner=owner,
        title="Protection grading workshop",
        type=Activity.Type.EVENT,
        start_date=date(2025, 3, 4),
        hours=Decimal("3.5"),
    )


def photo(size=(3000, 2000), *, orientation: int | None = 6, colour=(200, 120, 40)) -> bytes:
    """A JPEG as a phone makes it: EXIF with the camera, the GPS location and an orientation."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    if orientation:
        exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95, comment=b"Taken at the IET")
    return buffer.getvalue()


def webp() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, "WEBP")
    return buffer.getvalue()


def add(client, activity, name: str, data: bytes):
    return client.post(
        reverse("cpd:activity-evidence", args=[activity.pk]),
        {"cpd-evidence-file": SimpleUploadedFile(name, data)},
    )


def kept(owner) -> list[SupportingDocument]:
    return list(SupportingDocument.objects.filter(owner=owner, type_key=EVIDENCE).order_by("pk"))


def test_a_pdf_is_kept_and_shown_with_the_activity(owner, owner_client, activity):
    data = files.pdf()
    response = add(owner_client, activity, "Certificate of attendance.pdf", data)
    detail = reverse("cpd:activity-detail", args=[activity.pk])
    assert response.status_code == 302
    assert response["Location"] == detail
    [document] = kept(owner)
    assert document.holder.startswith(f"{activity_holder(activity.pk)}/")
    assert default_storage.open(document.file.name).read() == data
    page = owner_client.get(detail).content.decode()
    assert "“Certificate of attendance.pdf” has been added to this activity" in page
    assert '<h2 id="evidence">Evidence</h2>' in page
    assert reverse("documents:download", args=[document.pk]) in page
    assert "Certificate of attendance.pdf" in page
    assert f"PDF, {document.size_text}" in page
    assert f"added {document.uploaded_on}" in page
    assert reverse("documents:remove", args=[document.pk]) in page
    download_response = owner_client.get(reverse("documents:download", args=[document.pk]))
    assert b"".join(download_response.streaming_content) == data


def test_the_form_says_what_it_takes_and_does_not_force_the_camera(owner_client, activity):
    page = owner_client.get(reverse("cpd:activity-detail", args=[activity.pk])).content.decode()
    assert 'accept=".pdf,.jpg,.jpeg,.png,.gif"' in page
    assert "At most 20 MB" in page
    assert "capture" not in page
    assert 'enctype="multipart/form-data"' in page
    assert reverse("cpd:activity-evidence", args=[activity.pk]) in page


def test_a_photo_is_kept_smaller_upright_and_without_its_location(owner, owner_client, activity):
    data = photo((3000, 2000), orientation=6)  # taken with the phone on its side
    add(owner_client, activity, "IMG_2041.JPG", data)
    [document] = kept(owner)
    stored = default_storage.open(document.file.name).read()
    assert document.size == len(stored) < len(data)
    assert document.content_type == "image/jpeg"
    with Image.open(io.BytesIO(stored)) as image:
        # Turned as the orientation said (3000 x 2000 on its side), then reduced to 2,000 px.
        assert image.size == (1333, 2000)
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(GPS_IFD) == {}
        assert "exif" not in image.info
        assert "comment" not in image.info
        assert "xmp" not in image.info
    assert b"PhoneMaker" not in stored
    assert b"Taken at the IET" not in stored


def test_a_40_megapixel_photo_is_taken_and_reduced(owner, owner_client, activity):
    data = photo((7300, 5480), orientation=None)
    assert len(data) < 20 * MB
    response = add(owner_client, activity, "PXL_20250304.jpg", data)
    assert response.status_code == 302
    [document] = kept(owner)
    with Image.open(default_storage.open(document.file.name)) as image:
        assert max(image.size) == 2000
        assert image.size == (2000, 1501)
        assert dict(image.getexif()) == {}


@pytest.mark.parametrize(
    ("data", "what"),
    [
        pytest.param(HEIC, "a HEIC photo", id="heic"),
        pytest.param(webp(), "a WebP image", id="webp"),
    ],
)
def test_heic_and_webp_named_jpg_are_refused_saying_what_they_are(
    owner, owner_client, activity, data, what
):
    response = add(owner_client, activity, "IMG_2041.jpg", data)
    assert response.status_code == 200
    page = response.content.decode()
    message = (
        f"This file is {what}, although its name ends in .jpg, so it cannot be taken as it is."
    )
    assert page.count(message) == 2  # by the field and in the summary at the top
    assert "There is a problem" in page
    assert "Save it as a JPEG and upload that" in page
    assert kept(owner) == []


def test_a_file_over_the_limit_is_refused(owner, owner_client, activity):
    data = b"%PDF-1.7\n" + b"0" * (20 * MB)
    response = add(owner_client, activity, "Scan.pdf", data)
    page = response.content.decode()
    assert page.count("This file is just over 20 MB; the limit is 20 MB.") == 2
    assert "There is a problem" in page
    assert kept(owner) == []


def test_at_most_ten_files(owner, owner_client, activity):
    for number in range(MAX_EVIDENCE_FILES):
        stored_document(owner, holder=f"{activity_holder(activity.pk)}/{number}", type_key=EVIDENCE)
    page = owner_client.get(reverse("cpd:activity-detail", args=[activity.pk])).content.decode()
    assert "the most it can have" in page
    response = add(owner_client, activity, "One more.pdf", files.pdf())
    assert f"An activity can have at most {MAX_EVIDENCE_FILES} files of evidence." in (
        response.content.decode()
    )
    assert len(kept(owner)) == MAX_EVIDENCE_FILES


def test_another_members_activity_and_files_are_not_found(
    owner, owner_client, other_client, activity
):
    add(owner_client, activity, "Certificate.pdf", files.pdf())
    [document] = kept(owner)
    evidence = reverse("cpd:activity-evidence", args=[activity.pk])
    assert other_client.get(evidence).status_code == 404
    assert add(other_client, activity, "Mine.pdf", files.pdf()).status_code == 404
    assert other_client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    remove = reverse("documents:remove", args=[document.pk])
    assert other_client.post(remove).status_code == 404
    assert kept(owner) == [document]


def test_removing_a_file_asks_first(
    owner, owner_client, activity, django_capture_on_commit_callbacks
):
    add(owner_client, activity, "Certificate.pdf", files.pdf())
    [document] = kept(owner)
    detail = reverse("cpd:activity-detail", args=[activity.pk])
    remove = f"{reverse('documents:remove', args=[document.pk])}?next={detail}"
    confirm = owner_client.get(remove).content.decode()
    assert "Remove “Certificate.pdf”?" in confirm
    assert kept(owner) == [document]
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(remove, {"next": detail})
    assert response["Location"] == detail
    assert kept(owner) == []
    assert not default_storage.exists(document.file.name)
    assert (
        "The file “Certificate.pdf” has been removed." in owner_client.get(detail).content.decode()
    )


def test_deleting_the_activity_deletes_its_evidence(
    owner, owner_client, activity, django_capture_on_commit_callbacks
):
    other_activity = ActivityFactory(owner=owner)
    add(owner_client, activity, "Certificate.pdf", files.pdf())
    add(owner_client, activity, "Slide.jpg", photo((800, 600)))
    add(owner_client, other_activity, "Kept.pdf", files.pdf())
    names = [document.file.name for document in kept(owner)]
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("cpd:activity-delete", args=[activity.pk]))
    [left] = kept(owner)
    assert left.original_name == "Kept.pdf"
    assert [default_storage.exists(name) for name in names] == [False, False, True]


def test_the_detailed_report_lists_the_attachments(owner, owner_client, activity):
    add(owner_client, activity, "Certificate of attendance.pdf", files.pdf())
    add(owner_client, activity, "Slide photo.jpg", photo((800, 600)))
    certificate, _slide = kept(owner)
    ask(owner_client, kind="detailed")
    text = pdf_text(download(owner_client, DocumentJob.objects.get(owner=owner)))
    assert "Attachments" in text
    assert "Certificate of attendance.pdf" in text
    assert "Slide photo.jpg" in text
    assert "JPEG photo" in text
    assert certificate.size_text in text
    assert certificate.uploaded_on in text


def test_the_detailed_word_report_lists_the_attachments(owner, owner_client, activity):
    from docx import Document

    add(owner_client, activity, "Certificate of attendance.pdf", files.pdf())
    ask(owner_client, kind="detailed", file_format="docx")
    job = DocumentJob.objects.get(owner=owner)
    word = Document(io.BytesIO(download(owner_client, job)))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "Attachments" in text + "\n".join(cells)
    assert "Certificate of attendance.pdf" in cells
    assert "PDF" in cells


def test_the_summary_report_does_not_list_them(owner, owner_client, activity):
    add(owner_client, activity, "Certificate of attendance.pdf", files.pdf())
    ask(owner_client)
    text = pdf_text(download(owner_client, DocumentJob.objects.get(owner=owner)))
    assert "Certificate of attendance.pdf" not in text


def test_the_activity_page_reads_the_same_queries_however_many_files(owner, owner_client, activity):
    url = reverse("cpd:activity-detail", args=[activity.pk])

    def counted_after_warming() -> int:
        owner_client.get(url)  # panels cached until the member's data changes are read again
        return count_queries(lambda: owner_client.get(url))

    stored_document(owner, holder=f"{activity_holder(activity.pk)}/a", type_key=EVIDENCE)
    with_one = counted_after_warming()
    for number in range(6):
        stored_document(owner, holder=f"{activity_holder(activity.pk)}/{number}", type_key=EVIDENCE)
    page = owner_client.get(url).content.decode()
    assert page.count('/download/" download>') == 7
    assert counted_after_warming() == with_one


def test_evidence_goes_with_the_members_data_export_and_comes_back_with_its_activity(
    owner, owner_client, activity
):
    from careermanager.portability.archive import read_archive
    from careermanager.portability.services import import_archive
    from tests.factories import UserFactory
    from tests.portability.conftest import export_zip

    add(owner_client, activity, "Certificate of attendance.pdf", files.pdf())
    add(owner_client, activity, "Slide.jpg", photo((800, 600)))
    before = {d.original_name: default_storage.open(d.file.name).read() for d in kept(owner)}
    data = export_zip(owner)
    newcomer = UserFactory(full_name="Someone new")
    result = import_archive(
        owner=newcomer, archive=read_archive(io.BytesIO(data), size=len(data), max_bytes=10**9)
    )
    assert result.files == 2
    restored = Activity.objects.get(owner=newcomer, title="Protection grading workshop")
    client = signed_in_client(newcomer)
    page = client.get(reverse("cpd:activity-detail", args=[restored.pk])).content.decode()
    after = {}
    for document in kept(newcomer):
        assert document.holder.startswith(f"{activity_holder(restored.pk)}/")
        assert reverse("documents:download", args=[document.pk]) in page
        after[document.original_name] = default_storage.open(document.file.name).read()
    assert after == before


def test_the_edit_page_leads_to_the_evidence_page(owner, owner_client, activity):
    add(owner_client, activity, "Certificate.pdf", files.pdf())
    evidence = reverse("cpd:activity-evidence", args=[activity.pk])
    edit = owner_client.get(reverse("cpd:activity-edit", args=[activity.pk])).content.decode()
    assert f'<a href="{evidence}">Add or remove evidence</a>' in edit
    page = owner_client.get(evidence).content.decode()
    assert "<h1>Evidence</h1>" in page
    assert "Certificate.pdf" in page
    assert 'name="cpd-evidence-file"' in page
    assert "There is a problem" not in page
    refused = owner_client.post(evidence, {}).content.decode()
    assert refused.count("Choose a file to add as evidence.") == 2
