"""Importing the older Career Manager's CSV export: preview, confirm, all or nothing."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from careermanager.cpd.models import Activity, Folder, ImportBatch
from careermanager.profiles.models import Achievement, Education, Training
from tests.cpd.factories import ImportBatchFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
HEADER = [
    "Type",
    "Title",
    "Start date",
    "End date",
    "Duration",
    "Description",
    "Provider",
    "Grade",
    "Folder",
]
DURATIONS = ["2 days", "3 hrs", "half day", "1.5h", "90 minutes", "1 week", "1 day 3 hours"]
TYPES = ["Work experience", "Volunteering", "Event/Seminar", "Self-study", "Training"]


def csv_bytes(rows, header=HEADER, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def big_file(rows=3000, bad_every=75):
    """rows data rows; every bad_every-th row has a duration that cannot be read."""
    start = TODAY - timedelta(days=1000)
    data, bad_lines = [], []
    for index in range(rows):
        day = (start + timedelta(days=index % 900)).strftime("%d/%m/%Y")
        duration = DURATIONS[index % len(DURATIONS)]
        if index % bad_every == bad_every - 1:
            duration = "a good while"
            bad_lines.append(index + 2)  # the header is line 1
        data.append(
            [TYPES[index % len(TYPES)], f"Record {index}", day, "", duration, "", "IET", "", ""]
        )
    return csv_bytes(data), bad_lines


def upload(client, content: bytes, name="legacy.csv"):
    return client.post(
        reverse("portability:legacy-csv"), {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


class TestLegacyCsv:
    def test_three_thousand_rows_with_forty_bad_ones(self, owner, owner_client):
        content, bad_lines = big_file()
        assert len(bad_lines) == 40
        response = upload(owner_client, content)
        batch = ImportBatch.objects.get(owner=owner)
        assert response["Location"] == reverse("portability:legacy-preview", args=[batch.pk])
        # Seen, not imported.
        assert not Activity.objects.exists()
        assert not Training.objects.exists()
        page = owner_client.get(response["Location"]).content.decode()
        assert "Nothing has been imported yet" in page
        assert "40 rows cannot be read" in page
        for line in bad_lines:
            assert f"Line {line}: the duration “a good while” cannot be read" in page
        assert "2,960 records" in page
        assert "<td>Work experience</td>" in page
        assert "<td>Training</td>" in page
        # Confirming without accepting the gaps imports nothing.
        response = owner_client.post(reverse("portability:legacy-preview", args=[batch.pk]), {})
        assert "Some rows could not be read" in response.content.decode()
        assert not Activity.objects.exists()
        # Accepting them imports everything else, in the background, shown on a status page.
        response = owner_client.post(
            reverse("portability:legacy-preview", args=[batch.pk]), {"skip_problems": "on"}
        )
        assert response["Location"] == reverse("portability:legacy-status", args=[batch.pk])
        assert Activity.objects.filter(owner=owner).count() + Training.objects.count() == 2960
        training_rows = sum(1 for i in range(3000) if TYPES[i % 5] == "Training")
        bad_training = sum(1 for line in bad_lines if TYPES[(line - 2) % 5] == "Training")
        assert Training.objects.filter(owner=owner).count() == training_rows - bad_training
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.IMPORTED
        assert batch.created_count == 2960
        assert batch.processed_rows == batch.total_rows == 2960
        page = owner_client.get(reverse("portability:legacy-preview", args=[batch.pk]), follow=True)
        assert "2,960 records were imported" in page.text

    def test_durations_become_hours_by_the_rule(self, owner, owner_client):
        rows = [
            ["Event/Seminar", f"Row {d}", "2025-03-01", "", d, "", "", "", ""] for d in DURATIONS
        ]
        batch_url = upload(owner_client, csv_bytes(rows))["Location"]
        owner_client.post(batch_url, {})
        hours = dict(Activity.objects.values_list("title", "hours"))
        assert hours == {
            "Row 2 days": Decimal("15"),
            "Row 3 hrs": Decimal("3"),
            "Row half day": Decimal("3.75"),
            "Row 1.5h": Decimal("1.5"),
            "Row 90 minutes": Decimal("1.5"),
            "Row 1 week": Decimal("37.5"),
            "Row 1 day 3 hours": Decimal("10.5"),
        }

    def test_profile_records_from_the_older_system(self, owner, owner_client):
        rows = [
            [
                "Training",
                "NEBOSH certificate",
                "2024-02-01",
                "2024-02-05",
                "5 days",
                "Safety",
                "NEBOSH",
                "",
                "",
            ],
            [
                "Other professional experience",
                "School STEM ambassador",
                "2023-09-01",
                "",
                "",
                "Visits",
                "",
                "",
                "",
            ],
            [
                "Academic study",
                "MSc Power Systems",
                "2019-09-01",
                "2020-09-30",
                "",
                "",
                "University of Strathclyde",
                "Distinction",
                "",
            ],
            [
                "Self-study",
                "Read Sustainable Energy",
                "2025-01-10",
                "",
                "6 hours",
                "",
                "",
                "",
                "CPD Activities 2025",
            ],
        ]
        owner_client.post(upload(owner_client, csv_bytes(rows))["Location"], {})
        training = Training.objects.get(owner=owner)
        assert (training.title, training.hours, training.provider) == (
            "NEBOSH certificate",
            Decimal("37.5"),
            "NEBOSH",
        )
        achievement = Achievement.objects.get(owner=owner)
        assert achievement.title == "School STEM ambassador"
        assert achievement.kind == Achievement.Kind.OTHER
        education = Education.objects.get(owner=owner)
        assert education.classification == "Distinction"
        assert education.institution == "University of Strathclyde"
        activity = Activity.objects.get(owner=owner)
        assert activity.folder == Folder.objects.get(owner=owner, name="CPD Activities 2025")
        assert activity.source == Activity.Source.LEGACY_CSV

    def test_a_failure_part_way_says_what_was_imported_and_the_rest_can_be_retried(
        self, owner, owner_client, monkeypatch
    ):
        """Rows are written in small transactions; a retry goes on without duplicates."""
        monkeypatch.setattr("careermanager.cpd.services.imports.CHUNK_ROWS", 2)
        rows = [
            ["Event/Seminar", f"Talk {i}", "2025-03-01", "", "2 hours", "", "", "", ""]
            for i in range(4)
        ]
        rows.append(["Training", "Course", "2025-03-02", "", "1 day", "", "", "", ""])
        rows.append(["Event/Seminar", "Talk 5", "2025-03-03", "", "2 hours", "", "", "", ""])
        batch_url = upload(owner_client, csv_bytes(rows))["Location"]

        def broken(**kwargs):
            raise RuntimeError("disk full")

        with monkeypatch.context() as patched:
            patched.setattr("careermanager.profiles.services.record_save", broken)
            status = owner_client.post(batch_url, {}, follow=True)
        batch = ImportBatch.objects.get(owner=owner)
        assert batch.status == ImportBatch.Status.FAILED
        assert (batch.processed_rows, batch.total_rows) == (4, 6)
        # The first two transactions are kept; the third was rolled back whole.
        assert Activity.objects.filter(owner=owner).count() == 4
        assert not Training.objects.exists()
        assert "The import stopped after 4 of 6 rows" in status.text
        assert "4 records were imported" in status.text
        assert "without importing any row twice" in status.text
        retry = owner_client.post(batch_url, {}, follow=True)
        assert "6 records were imported" in retry.text
        assert Activity.objects.filter(owner=owner).count() == 5
        assert Training.objects.filter(owner=owner).count() == 1

    def test_importing_the_same_file_twice_adds_nothing_new(self, owner, owner_client):
        rows = [["Event/Seminar", "IET lecture", "2025-03-01", "", "2 hours", "", "", "", ""]]
        owner_client.post(upload(owner_client, csv_bytes(rows))["Location"], {})
        second = upload(owner_client, csv_bytes(rows))["Location"]
        page = owner_client.get(second).content.decode()
        assert "1 row matches a record you already have" in page
        owner_client.post(second, {})
        assert Activity.objects.filter(owner=owner).count() == 1

    def test_confirming_twice_imports_once(self, owner, owner_client):
        batch = ImportBatchFactory(owner=owner)
        url = reverse("portability:legacy-preview", args=[batch.pk])
        owner_client.post(url, {})
        owner_client.post(url, {})
        assert Activity.objects.filter(owner=owner).count() == 1

    def test_twenty_confirms_import_once_and_each_shows_the_progress(
        self, owner, owner_client, monkeypatch
    ):
        """Only the request that claims the batch queues it; the others show its progress."""
        queued = []

        class Task:
            def enqueue(self, pk):
                queued.append(pk)

        monkeypatch.setattr("careermanager.cpd.tasks.import_legacy_batch", Task())
        batch = ImportBatchFactory(owner=owner)
        url = reverse("portability:legacy-preview", args=[batch.pk])
        status_url = reverse("portability:legacy-status", args=[batch.pk])
        responses = [owner_client.post(url, {}) for _ in range(20)]
        assert {response["Location"] for response in responses} == {status_url}
        assert queued == [batch.pk]
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.QUEUED
        page = owner_client.get(status_url).content.decode()
        assert "Waiting to start" in page
        assert "Refresh this page" in page
        assert f'hx-get="{status_url}"' in page

    def test_the_task_runs_each_batch_once(self, owner):
        from careermanager.cpd.tasks import import_legacy_batch

        batch = ImportBatchFactory(owner=owner, status=ImportBatch.Status.QUEUED, total_rows=1)
        import_legacy_batch.call(batch.pk)
        import_legacy_batch.call(batch.pk)
        assert Activity.objects.filter(owner=owner).count() == 1
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.IMPORTED

    def test_the_status_page_polls_only_while_importing(self, owner, owner_client):
        batch = ImportBatchFactory(
            owner=owner, status=ImportBatch.Status.RUNNING, total_rows=2000, processed_rows=500
        )
        url = reverse("portability:legacy-status", args=[batch.pk])
        page = owner_client.get(url).content.decode()
        assert "500 of 2,000 rows (25%)" in page
        assert 'value="25"' in page
        fragment = owner_client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert "<html" not in fragment
        assert "hx-trigger" in fragment
        batch.status = ImportBatch.Status.IMPORTED
        batch.processed_rows = 2000
        batch.save()
        fragment = owner_client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert "hx-trigger" not in fragment

    def test_another_member_cannot_see_the_progress(self, owner, other_client):
        batch = ImportBatchFactory(owner=owner, status=ImportBatch.Status.RUNNING)
        url = reverse("portability:legacy-status", args=[batch.pk])
        assert other_client.get(url).status_code == 404

    def test_cancel(self, owner, owner_client):
        batch = ImportBatchFactory(owner=owner)
        response = owner_client.post(reverse("portability:legacy-cancel", args=[batch.pk]))
        assert response.status_code == 302
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.CANCELLED
        page = owner_client.post(reverse("portability:legacy-preview", args=[batch.pk]), {})
        assert page.status_code == 200
        assert "This file has been cancelled" in page.text
        assert not Activity.objects.exists()

    def test_cancel_rejects_get(self, owner, owner_client):
        batch = ImportBatchFactory(owner=owner)
        assert (
            owner_client.get(reverse("portability:legacy-cancel", args=[batch.pk])).status_code
            == 405
        )
        batch.refresh_from_db()
        assert batch.is_preview

    def test_another_member_gets_404(self, owner, other_client):
        batch = ImportBatchFactory(owner=owner)
        assert (
            other_client.get(reverse("portability:legacy-preview", args=[batch.pk])).status_code
            == 404
        )
        assert (
            other_client.post(
                reverse("portability:legacy-preview", args=[batch.pk]), {}
            ).status_code
            == 404
        )
        assert (
            other_client.post(reverse("portability:legacy-cancel", args=[batch.pk])).status_code
            == 404
        )
        assert not Activity.objects.exists()

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (
                csv_bytes(
                    [["Event", "Talk", "2025-01-01", "", "1h", "", "", "", ""]], encoding="utf-16"
                ),
                "UTF-16",
            ),
            (
                csv_bytes(
                    [["Event", "Café talk", "2025-01-01", "", "1h", "", "", "", ""]],
                    encoding="latin-1",
                ),
                "Line 2 contains characters that are not UTF-8",
            ),
            (b"Title,Start date\nTalk,2025-01-01\n", "these are missing: type"),
            (csv_bytes([]), "no rows to import"),
            (b"", "The file you chose is empty"),
            (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
            (
                csv_bytes(
                    [
                        ["Event", f"Talk {n}", "2025-01-01", "", "1h", "", "", "", ""]
                        for n in range(200)
                    ]
                    + [["Event", "Bad\x00talk", "2025-01-01", "", "1h", "", "", "", ""]]
                ),
                "Line 202 contains a NUL character",
            ),
        ],
    )
    def test_files_that_cannot_be_read_are_explained(self, owner_client, content, message):
        response = upload(owner_client, content)
        page = response.content.decode()
        assert response.status_code == 200
        assert message in page
        assert "There is a problem" in page
        assert not ImportBatch.objects.exists()

    def test_only_csv_files_of_sensible_size(self, owner_client, settings):
        page = upload(owner_client, b"a,b", name="legacy.xlsx").content.decode()
        assert "The file must be a CSV file ending in .csv" in page
        big = b"Type,Title,Start date\n" + b"x" * (5 * 1024 * 1024)
        page = upload(owner_client, big).content.decode()
        assert "It must be 5 MB or smaller." in page

    @pytest.mark.parametrize(
        ("row", "message"),
        [
            (["Sailing", "Regatta", "2025-01-01", "", "1 day"], "the type “Sailing” is not one"),
            (["Event", "", "2025-01-01", "", "1 day"], "the title is empty"),
            (["Event", "Talk", "31/02/2025", "", "1 day"], "“31/02/2025” is not a date"),
            (["Event", "Talk", "2025-01-05", "2025-01-01", "1 day"], "end date is before"),
            (["Event", "Talk", "2025-01-05", "", ""], "the duration is empty"),
            (["Event", "Talk", "2025-01-05", "", "3"], "say what unit 3 is in"),
            (["Event", "Talk", (TODAY + timedelta(days=3)).isoformat(), "", "1h"], "in the future"),
            (["Academic study", "MSc", "2019-09-01", "", ""], "needs the institution"),
            (["Event", "Talk", "0001-01-01", "", "1h"], "the start date must be in 1950 or later"),
            (["Event", "Talk", "1949-12-31", "", "1h"], "the start date must be in 1950 or later"),
            (
                ["Event", "Talk", "2025-01-01", "9999-12-31", "1h"],
                "the end date must be in",
            ),
        ],
    )
    def test_bad_rows_are_listed_never_guessed(self, owner_client, row, message):
        header = HEADER[:5]
        location = upload(owner_client, csv_bytes([row], header=header))["Location"]
        page = owner_client.get(location).content.decode()
        assert f"Line 2: {message}" in page or message in page
        assert "1 row cannot be read" in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_confirms_at_once_import_the_file_once(owner):
    """Parallel confirms of one file: one import, and no request fails."""
    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # The in-memory test database's shared cache locks whole tables and fails at once
        # instead of waiting, unlike the file the service runs on.
        pytest.skip("needs a database that waits for locks (PostgreSQL, or SQLite on disk)")
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    from tests.conftest import signed_in_client

    batch = ImportBatchFactory(owner=owner)
    url = reverse("portability:legacy-preview", args=[batch.pk])
    clients = [signed_in_client(owner) for _ in range(20)]

    def confirm(client):
        try:
            return client.post(url, {}).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(confirm, clients))
    assert codes == [302] * 20
    assert Activity.objects.filter(owner=owner).count() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
