import io
import json
import zipfile
from datetime import timedelta

import jsonschema
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from careermanager.portability.models import DataExport
from careermanager.portability.schema import SCHEMA_PATH, generated_schema
from tests.conftest import signed_in_client
from tests.portability.factories import ready_export

pytestmark = pytest.mark.django_db


def test_the_published_schema_is_the_one_the_record_schemas_give():
    published = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert published == generated_schema(), "run `careermanager write_export_schema`"
    jsonschema.Draft202012Validator.check_schema(published)


def test_the_schema_is_served_at_its_documented_url(client):
    response = client.get("/account/data/schema/v1.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    assert json.loads(b"".join(response.streaming_content)) == generated_schema()


def test_a_member_exports_everything_and_downloads_the_zip(demo_member):
    client = signed_in_client(demo_member)
    response = client.post(reverse("portability:export-request"))
    export = DataExport.objects.get(owner=demo_member)
    assert response["Location"] == reverse("portability:export-status", args=[export.pk])
    page = client.get(response["Location"])
    assert "Your data export is ready" in page.text
    assert "2 uploaded files" in page.text

    download = client.get(reverse("portability:export-download", args=[export.pk]))
    assert download["Content-Type"] == "application/zip"
    assert download["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    document = json.loads(archive.read("careermanager-export.json"))
    jsonschema.validate(document, generated_schema(), cls=jsonschema.Draft202012Validator)
    assert document["version"] == 1
    assert document["account"]["email"] == demo_member.email
    assert document["cpd"]["activities"]
    assert document["profiles"]["employment"]
    assert document["declarations"]
    assert document["development"]["objectives"]
    names = sorted(record["original_name"] for record in document["files"])
    assert names == ["My CPD log 2025.pdf", "plan.png"]
    for record in document["files"]:
        assert len(archive.read(record["path"])) == record["size"]
    assert "export-schema-v1.json" in archive.namelist()


def test_a_second_click_gives_the_same_export(owner_client, owner, monkeypatch):
    class Waiting:  # a worker that has not picked the task up yet
        def enqueue(self, pk):
            pass

    monkeypatch.setattr("careermanager.portability.tasks.make_export", Waiting())
    first = owner_client.post(reverse("portability:export-request"))
    second = owner_client.post(reverse("portability:export-request"))
    assert first["Location"] == second["Location"]
    assert DataExport.objects.filter(owner=owner).count() == 1


def test_an_export_that_fails_says_so(owner_client, owner, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("careermanager.portability.services.build_document", broken)
    response = owner_client.post(reverse("portability:export-request"), follow=True)
    assert "The export could not be made" in response.text
    assert DataExport.objects.get(owner=owner).status == DataExport.Status.FAILED


def test_requesting_an_export_rejects_get(owner_client):
    assert owner_client.get(reverse("portability:export-request")).status_code == 405


def test_another_member_gets_404(owner, other_client):
    export = ready_export(owner)
    for name in ("portability:export-status", "portability:export-download"):
        assert other_client.get(reverse(name, args=[export.pk])).status_code == 404


def test_an_expired_export_cannot_be_downloaded_and_is_removed(owner, owner_client):
    export = ready_export(owner)
    name = export.file.name
    DataExport.objects.filter(pk=export.pk).update(
        created_at=timezone.now() - timedelta(days=4), expires_at=timezone.now()
    )
    url = reverse("portability:export-download", args=[export.pk])
    assert owner_client.get(url).status_code == 404
    assert (
        "no longer kept"
        in owner_client.get(reverse("portability:export-status", args=[export.pk])).text
    )
    call_command("remove_expired_exports", stdout=io.StringIO())
    assert not DataExport.objects.filter(pk=export.pk).exists()
    assert not default_storage.exists(name)


def test_an_export_still_kept_stays(owner):
    export = ready_export(owner)
    call_command("remove_expired_exports", stdout=io.StringIO())
    assert default_storage.exists(export.file.name)


def test_the_data_page_lists_the_exports(owner, owner_client):
    ready_export(owner)
    page = owner_client.get(reverse("portability:index"))
    assert "Your recent exports" in page.text
    assert "Ready" in page.text


def test_the_status_page_polls_only_while_the_export_is_made(owner, owner_client):
    export = ready_export(owner, status=DataExport.Status.RUNNING, file="", finished_at=None)
    url = reverse("portability:export-status", args=[export.pk])
    fragment = owner_client.get(url, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="export-progress"')
    assert 'hx-trigger="every 2s"' in fragment.text
    assert "Being made" in fragment.text
    DataExport.objects.filter(pk=export.pk).update(
        status=DataExport.Status.READY, file="portability/exports/test.zip"
    )
    fragment = owner_client.get(url, headers={"HX-Request": "true"})
    assert "hx-trigger" not in fragment.text
    assert "Your data export is ready" in fragment.text


def test_only_the_newest_exports_are_kept(owner, owner_client, monkeypatch):
    from careermanager.portability.services import KEEP_EXPORTS

    old = [
        ready_export(owner, created_at=timezone.now() - timedelta(hours=n + 1)) for n in range(5)
    ]
    monkeypatch.setattr("careermanager.portability.services.build_document", _fails)
    owner_client.post(reverse("portability:export-request"))
    assert DataExport.objects.filter(owner=owner).count() == KEEP_EXPORTS
    oldest = old[-1]
    assert not DataExport.objects.filter(pk=oldest.pk).exists()
    assert not default_storage.exists(oldest.file.name)
    assert default_storage.exists(old[0].file.name)


def _fails(*args, **kwargs):
    raise RuntimeError("not needed here")
