import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from careermanager.core.models import AuditEvent
from careermanager.core.storage import files_under
from careermanager.documents.models import SupportingDocument
from careermanager.portability.archive import ArchiveError, document_json, read_archive
from careermanager.portability.models import DataImport
from careermanager.portability.records import build_document
from careermanager.portability.services import ImportRefused, account_is_empty, import_archive
from tests.conftest import signed_in_client
from tests.cpd.factories import ActivityFactory
from tests.factories import UserFactory
from tests.portability.conftest import export_zip, rezip

pytestmark = pytest.mark.django_db

# Values that name a row of one server or say when a row was made there. The account's own
# email and dates are the new account's; the files' paths and holders carry ids.
VOLATILE = {"exported_at", "path", "holder", "email", "date_joined", "email_verified_at"}


def without_ids(value, *, top=True):
    if isinstance(value, dict):
        return {
            key: without_ids(item, top=False)
            for key, item in value.items()
            if key != "id"
            and not key.endswith(("_id", "_ids"))
            and not ((key in VOLATILE and key != "email") or (key == "email" and item and top))
        }
    if isinstance(value, list):
        return [without_ids(item, top=False) for item in value]
    return value


def _read(data: bytes, max_bytes: int = 10**9):
    return read_archive(io.BytesIO(data), size=len(data), max_bytes=max_bytes)


def test_export_import_export_gives_the_same_document(demo_zip):
    before = json.loads(document_json(_read(demo_zip).document))
    # The demo member has records of every kind, so the comparison below covers them all.
    for part, records in [
        ("profiles", ["employment", "education", "training", "achievements"]),
        ("competence", ["assessments", "job_profiles"]),
        ("cpd", ["folders", "activities", "policies"]),
        ("development", ["objectives"]),
        ("registration", ["supporters", "intentions", "applications"]),
    ]:
        for name in records:
            assert before[part][name], f"the demo has no {part} {name}"
    assert before["declarations"]
    assert before["files"]
    newcomer = UserFactory(full_name="Someone new")
    result = import_archive(owner=newcomer, archive=_read(demo_zip))
    after = json.loads(document_json(build_document(newcomer)))

    assert result.files == 2
    before["account"].pop("email"), after["account"].pop("email")
    assert without_ids(after) == without_ids(before)
    # Links between records survive with their new ids: the files still belong to the
    # declaration they supported, and the documents are the same bytes.
    declaration_year = {d["id"]: d["year"] for d in before["declarations"]}
    new_year = {d["id"]: d["year"] for d in after["declarations"]}
    old = {
        f["original_name"]: declaration_year[int(f["holder"].split(":")[1])]
        for f in before["files"]
    }
    new = {f["original_name"]: new_year[int(f["holder"].split(":")[1])] for f in after["files"]}
    assert old == new
    for document in SupportingDocument.objects.owned_by(newcomer):
        assert default_storage.exists(document.file.name)
    assert AuditEvent.objects.filter(action="portability.import.done", actor=newcomer).exists()


def test_a_second_export_of_the_imported_account_has_the_same_files(demo_zip):
    newcomer = UserFactory()
    import_archive(owner=newcomer, archive=_read(demo_zip))
    again = _read(export_zip(newcomer))
    first = _read(demo_zip)
    assert sorted(first.files.values()) == sorted(again.files.values())


def test_an_account_with_records_is_refused(demo_zip, owner):
    ActivityFactory(owner=owner)
    with pytest.raises(ImportRefused, match="already has records"):
        import_archive(owner=owner, archive=_read(demo_zip))


def test_a_failure_half_way_leaves_nothing_and_no_files(demo_zip, monkeypatch):
    from careermanager.core.storage import files_under
    from careermanager.portability import services

    newcomer = UserFactory()
    checked = []

    def second_file_refused(name, data, kind):
        checked.append(name)
        if len(checked) == 2:
            raise ValidationError("This file is damaged.")
        return real_check(name, data, kind)

    real_check = services.check_file
    monkeypatch.setattr(services, "check_file", second_file_refused)
    with pytest.raises(ImportRefused, match="This file is damaged"):
        import_archive(owner=newcomer, archive=_read(demo_zip))
    assert len(checked) == 2  # the first file had been stored
    assert account_is_empty(newcomer)
    assert list(files_under(f"supporting/{newcomer.pk}")) == []


def _refused(data: bytes, message: str, **kwargs):
    with pytest.raises(ArchiveError, match=message):
        _read(data, **kwargs)


def test_not_a_zip_is_refused():
    _refused(b"%PDF-1.7 not a zip", "not a zip file")


def test_a_name_climbing_out_is_refused(demo_zip):
    for name in ("../evil.txt", "files/../../etc/passwd", "/etc/passwd", "C:/boot.ini", "a\\b"):
        _refused(rezip(demo_zip, entries={name: b"x"}), "unsafe name")


def test_a_file_over_the_limit_is_refused(demo_zip):
    _refused(demo_zip, "this server imports exports of up to", max_bytes=len(demo_zip) - 1)


def test_a_zip_bomb_is_refused_by_its_unpacked_size(demo_zip):
    bomb = rezip(demo_zip, entries={"files/zeros.bin": bytes(20 * 1024 * 1024)})
    _refused(bomb, "Unpacked, the zip file would be larger", max_bytes=len(bomb) + 1024)


def test_another_version_is_refused(demo_zip):
    newer = rezip(demo_zip, document=lambda d: d | {"version": 2})
    _refused(newer, "this server imports version 1")


def test_something_else_is_refused(demo_zip):
    _refused(rezip(demo_zip, document=lambda d: {"basics": {}}), "not a Career Manager data export")


def test_a_document_breaking_the_schema_is_refused(demo_zip):
    def break_it(document):
        document["cpd"]["activities"][0]["hours"] = 7.5  # a number, not the exact string
        return document

    _refused(rezip(demo_zip, document=break_it), "does not match its published schema")


def test_a_changed_file_is_refused(demo_zip):
    document = _read(demo_zip).document
    path = document.files[0].path
    _refused(rezip(demo_zip, entries={path: b"%PDF-1.4 something else"}), "has been changed")


def test_a_file_not_listed_is_refused(demo_zip):
    _refused(rezip(demo_zip, entries={"files/extra.pdf": b"%PDF"}), "does not list")


def test_a_missing_file_is_refused(demo_zip):
    path = _read(demo_zip).document.files[0].path
    _refused(rezip(demo_zip, drop=(path,)), "not in the zip file")


def test_a_framework_this_server_lacks_is_refused(demo_zip):
    def rename(document):
        for assessment in document["competence"]["assessments"]:
            assessment["framework"]["code"] = "NOWHERE"
        return document

    newcomer = UserFactory()
    with pytest.raises(ImportRefused, match="does not have the competence framework NOWHERE"):
        import_archive(owner=newcomer, archive=_read(rezip(demo_zip, document=rename)))
    assert account_is_empty(newcomer)


def test_the_import_runs_in_the_background_and_says_what_it_imported(demo_zip):
    newcomer = UserFactory()
    client = signed_in_client(newcomer)
    response = client.post(
        reverse("portability:import"),
        {"file": SimpleUploadedFile("export.zip", demo_zip, "application/zip")},
    )
    data_import = DataImport.objects.get(owner=newcomer)
    assert response["Location"] == reverse("portability:import-status", args=[data_import.pk])
    page = client.get(response["Location"])
    assert "Your data is imported" in page.text
    assert "2 files" in page.text
    assert not account_is_empty(newcomer)
    data_import.refresh_from_db()
    assert data_import.status == DataImport.Status.DONE
    assert not data_import.file
    assert list(files_under("portability/imports")) == []  # the upload is not kept


def test_the_status_page_says_why_nothing_was_imported(owner, owner_client):
    response = owner_client.post(
        reverse("portability:import"),
        {"file": SimpleUploadedFile("export.zip", b"not a zip", "application/zip")},
        follow=True,
    )
    assert "Nothing was imported." in response.text
    assert "not a zip file" in response.text
    assert DataImport.objects.get(owner=owner).status == DataImport.Status.REFUSED
    assert list(files_under("portability/imports")) == []


def test_an_account_with_records_is_refused_at_once(owner, owner_client):
    ActivityFactory(owner=owner)
    response = owner_client.post(
        reverse("portability:import"),
        {"file": SimpleUploadedFile("export.zip", b"PK", "application/zip")},
    )
    assert "There is a problem" in response.text
    assert "already has records" in response.text
    assert not DataImport.objects.exists()


def test_another_member_cannot_see_an_import(owner, other_client):
    data_import = DataImport.objects.create(owner=owner, filename="export.zip")
    url = reverse("portability:import-status", args=[data_import.pk])
    assert other_client.get(url).status_code == 404


def test_the_import_page_warns_an_account_with_records(owner, owner_client):
    ActivityFactory(owner=owner)
    page = owner_client.get(reverse("portability:import"))
    assert "This account already has records" in page.text


def test_a_file_that_is_not_what_the_export_says_is_refused(demo_zip):
    def relabel(document):
        record = document["files"][0]
        record["content_type"] = "image/png"
        return document

    newcomer = UserFactory()
    archive = _read(rezip(demo_zip, document=relabel))
    with pytest.raises(ImportRefused, match="not the kind of file the export says"):
        import_archive(owner=newcomer, archive=archive)
    assert account_is_empty(newcomer)
