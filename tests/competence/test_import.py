"""Staff import frameworks from JSON or CSV, all or nothing, and retire editions."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from careermanager.competence.models import Competence, Framework, LevelGuidance
from careermanager.core.models import AuditEvent
from tests.competence.factories import assess, framework

IMPORT_URL = reverse("competence:framework-import")
LEVEL_TEXT = {
    "trainee": "Learning the basics with help.",
    "supervised": "Does routine work with checks.",
    "practitioner": "Works alone to a good standard.",
    "expert": "Leads and develops the practice.",
}
CSV_HEADER = (
    "framework_code,framework_name,edition,kind,category,publisher,year,source_note,"
    "area_code,area_title,competence_code,competence_title,description,"
    "trainee,supervised,practitioner,expert"
)


def _json_framework(**overrides) -> dict:
    data = {
        "code": "ACME-Firmware",
        "name": "Firmware engineer",
        "edition": "1st edition",
        "kind": "job_role",
        "category": "",
        "publisher": "Acme Engineering",
        "year": 2026,
        "source_note": "Written by Acme.",
        "areas": [
            {
                "code": "A",
                "title": "Embedded software",
                "competences": [
                    {
                        "code": "A1",
                        "title": "Write safe embedded C",
                        "description": "Code that cannot crash the device.",
                        "guidance": dict(LEVEL_TEXT),
                    },
                    {
                        "code": "A2",
                        "title": "Test on target hardware",
                        "description": "Prove the code on the real board.",
                        "guidance": dict(LEVEL_TEXT),
                    },
                ],
            }
        ],
    }
    return data | overrides


def _csv_row(code="A1", area="A", **cells) -> str:
    values = {
        "framework_code": "ACME-Firmware",
        "framework_name": "Firmware engineer",
        "edition": "1st edition",
        "kind": "job_role",
        "category": "",
        "publisher": "Acme Engineering",
        "year": "2026",
        "source_note": "Written by Acme.",
        "area_code": area,
        "area_title": "Embedded software",
        "competence_code": code,
        "competence_title": f"Competence {code}",
        "description": "What it covers.",
        **LEVEL_TEXT,
        **cells,
    }
    return ",".join(f'"{value}"' for value in values.values())


def _upload(client, name: str, content: bytes):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


def _errors(response) -> list[str]:
    return response.context["form"].errors["file"]


def _counts():
    return (Framework.objects.count(), Competence.objects.count(), LevelGuidance.objects.count())


def test_staff_import_a_json_framework(staff_client):
    before = Framework.objects.count()
    content = json.dumps(_json_framework()).encode()
    response = _upload(staff_client, "acme.json", content)
    imported = Framework.objects.get(code="ACME-Firmware")
    assert response.status_code == 302
    assert response.url == reverse("competence:framework-detail", args=[imported.pk])
    assert Framework.objects.count() == before + 1
    assert [c.code for c in Competence.objects.of_framework(imported)] == ["A1", "A2"]
    assert LevelGuidance.objects.filter(competence__area__framework=imported).count() == 8
    assert imported.source == "Acme Engineering, 1st edition, 2026"
    event = AuditEvent.objects.for_target(imported).get()
    assert event.action == "competence.framework.imported"
    page = staff_client.get(response.url)
    assert "Imported Firmware engineer (1st edition) with 2 competences." in page.text
    assert "Test on target hardware" in page.text


def test_staff_import_a_csv_framework_with_a_multi_line_cell(staff_client):
    rows = [
        CSV_HEADER,
        _csv_row("A1"),
        _csv_row("A2", description="Two lines\nof description."),
        _csv_row("B1", area="B", area_title="Hardware"),
    ]
    response = _upload(staff_client, "acme.csv", "\r\n".join(rows).encode("utf-8-sig"))
    assert response.status_code == 302
    imported = Framework.objects.get(code="ACME-Firmware")
    assert list(imported.areas.values_list("code", "title")) == [
        ("A", "Embedded software"),
        ("B", "Hardware"),
    ]
    assert Competence.objects.get(area__framework=imported, code="A2").description == (
        "Two lines\nof description."
    )


def test_duplicate_competence_codes_are_refused_with_their_lines(staff_client):
    before = _counts()
    rows = [CSV_HEADER, _csv_row("A1"), _csv_row("A2"), _csv_row("A1")]
    response = _upload(staff_client, "acme.csv", "\n".join(rows).encode())
    assert response.status_code == 200
    assert "Line 4: competence code A1 is used twice (first on line 2)." in _errors(response)
    assert "Error: Import a framework" in response.text
    assert _counts() == before


def test_duplicate_codes_in_json_name_the_line_of_the_object(staff_client):
    data = _json_framework()
    data["areas"][0]["competences"][1]["code"] = "A1"
    text = json.dumps(data, indent=2)
    lines = text.splitlines()

    def opening_line(title: str) -> int:
        # Each competence object opens two lines above its title: "{", then "code".
        index = next(i for i, line in enumerate(lines) if title in line)
        assert lines[index - 2].strip() == "{"
        return index - 1

    first, second = opening_line("Write safe embedded C"), opening_line("Test on target")
    response = _upload(staff_client, "acme.json", text.encode())
    assert _errors(response) == [
        f"Line {second}: competence code A1 is used twice (first on line {first})."
    ]
    assert Framework.objects.filter(code="ACME-Firmware").count() == 0


def test_a_missing_level_guidance_is_refused(staff_client):
    before = _counts()
    rows = [CSV_HEADER, _csv_row("A1"), _csv_row("A2", expert="")]
    response = _upload(staff_client, "acme.csv", "\n".join(rows).encode())
    assert "Line 3: competence A2 has no guidance for the Expert level (expert)." in _errors(
        response
    )
    assert _counts() == before


def test_a_missing_level_key_in_json_is_refused(staff_client):
    data = _json_framework()
    del data["areas"][0]["competences"][0]["guidance"]["supervised"]
    response = _upload(staff_client, "acme.json", json.dumps(data).encode())
    assert any(
        "competence A1 has no guidance for the Supervised Practitioner level" in error
        for error in _errors(response)
    )
    assert not Framework.objects.filter(code="ACME-Firmware").exists()


def test_unknown_columns_are_refused(staff_client):
    before = _counts()
    rows = [CSV_HEADER + ",colour", _csv_row("A1") + ',"blue"']
    response = _upload(staff_client, "acme.csv", "\n".join(rows).encode())
    [error] = _errors(response)
    assert error.startswith("Line 1: unknown column “colour”.")
    assert _counts() == before


def test_unknown_fields_in_json_are_refused(staff_client):
    data = _json_framework(colour="blue")
    response = _upload(staff_client, "acme.json", json.dumps(data).encode())
    assert any("unknown field “colour” in the framework" in error for error in _errors(response))


def test_missing_columns_and_fields_are_named(staff_client):
    header = CSV_HEADER.replace(",publisher", "")
    row = _csv_row("A1").replace(',"Acme Engineering"', "")
    response = _upload(staff_client, "acme.csv", f"{header}\n{row}".encode())
    assert "Line 1: missing column publisher." in _errors(response)
    data = _json_framework()
    del data["areas"][0]["competences"][0]["description"]
    response = _upload(staff_client, "acme.json", json.dumps(data).encode())
    assert any("description is missing." in error for error in _errors(response))


def test_a_file_over_the_limit_gets_a_clear_error(staff_client):
    before = _counts()
    ten_megabytes = b"x" * (10 * 1024 * 1024)
    response = _upload(staff_client, "huge.csv", ten_megabytes)
    assert _errors(response) == ["The file is 10.0 MB. It must be 2 MB or smaller."]
    assert _counts() == before


def test_a_file_that_is_not_utf8_is_refused(staff_client):
    before = _counts()
    rows = [CSV_HEADER, _csv_row("A1"), _csv_row("A2", description="Caf\xe9 wiring")]
    content = "\n".join(rows).encode("latin-1")
    response = _upload(staff_client, "acme.csv", content)
    [error] = _errors(response)
    assert error.startswith("Line 3 contains characters that are not UTF-8")
    assert _counts() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("acme.json", b"{not json", "Line 1: this is not valid JSON"),
        ("acme.json", b"[1, 2]", "Line 1: the file must hold one JSON object."),
        (
            "acme.xlsx",
            b"PK\x03\x04",
            "The file must be a JSON or CSV file ending in .json or .csv.",
        ),
        ("acme.csv", CSV_HEADER.encode(), "The file has a header but no competences."),
        ("acme.csv", b"   ", "The file is empty"),
    ],
)
def test_other_bad_files_get_a_message(staff_client, name, content, message):
    response = _upload(staff_client, name, content)
    assert response.status_code == 200
    assert any(error.startswith(message) for error in _errors(response)), _errors(response)


def test_the_import_is_all_or_nothing_when_the_database_refuses(staff_client):
    """A clash found only at save time leaves nothing behind."""
    data = _json_framework(
        code="UK-SPEC-CEng", kind="registration", category="CEng", edition="5th edition"
    )
    before = _counts()
    response = _upload(staff_client, "ceng5.json", json.dumps(data).encode())
    errors = _errors(response)
    assert any("is the current edition of UK-SPEC-CEng" in error for error in errors)
    assert _counts() == before


def test_a_registration_framework_needs_a_category(staff_client):
    data = _json_framework(kind="registration", category="")
    response = _upload(staff_client, "acme.json", json.dumps(data).encode())
    assert any("a registration framework needs a category" in e for e in _errors(response))


def test_members_cannot_import(owner_client):
    response = _upload(owner_client, "acme.json", json.dumps(_json_framework()).encode())
    assert response.status_code == 403
    assert not Framework.objects.filter(code="ACME-Firmware").exists()


def test_retire_asks_first_then_retires(staff_client, owner):
    ieng = framework("IEng")
    url = reverse("competence:framework-retire", args=[ieng.pk])
    page = staff_client.get(url)
    assert "Retire UK-SPEC: Incorporated Engineer, 4th edition?" in page.text
    ieng.refresh_from_db()
    assert ieng.retired_at is None
    response = staff_client.post(url)
    assert response.status_code == 302
    ieng.refresh_from_db()
    assert ieng.is_retired
    assert AuditEvent.objects.filter(action="competence.framework.retired").count() == 1
    # Once retired, a new edition of the same framework can be imported.
    assert not Framework.objects.current().filter(category="IEng").exists()


def test_members_cannot_retire(owner_client):
    ceng = framework("CEng")
    response = owner_client.post(reverse("competence:framework-retire", args=[ceng.pk]))
    assert response.status_code == 403
    ceng.refresh_from_db()
    assert not ceng.is_retired


def test_assessing_a_retired_edition_is_refused_but_history_stays(
    staff_client, owner_client, owner
):
    from careermanager.competence.services import assessment_start

    assessment = assessment_start(owner=owner, category="CEng")
    assess(owner, "A1", evidence="I designed the relay scheme.")
    staff_client.post(reverse("competence:framework-retire", args=[assessment.framework.pk]))
    url = reverse("competence:assessment-competence", args=[assessment.pk, "A1"])
    page = owner_client.get(url)
    assert "was retired on" in page.text
    assert "I designed the relay scheme." in page.text
    assert 'name="evidence"' not in page.text
    response = owner_client.post(
        url, {"level": "expert", "evidence": "Changed after retirement", "reference": ""}
    )
    assert response.status_code == 200
    assert "Start an assessment against the current edition instead." in response.text
    current = owner.competence_levels.get()
    assert current.evidence == "I designed the relay scheme."
    assert current.revisions.count() == 1


def test_framework_pages_show_guidance_to_staff(staff_client):
    ceng = framework("CEng")
    page = staff_client.get(reverse("competence:framework-detail", args=[ceng.pk]))
    assert "Supervised Practitioner" in page.text
    assert "Engineering Council, 4th edition, 2020" in page.text
    listing = staff_client.get(reverse("competence:framework-list"))
    assert "UK-SPEC: Engineering Technician" in listing.text


@pytest.mark.parametrize(("language", "suffix"), [("json", ".json"), ("csv", ".csv")])
def test_the_examples_in_the_help_import(staff_client, language, suffix):
    from pathlib import Path

    help_text = (Path(__file__).resolve().parents[2] / "docs" / "competence.md").read_text()
    example = help_text.split(f"```{language}\n", 1)[1].split("```", 1)[0]
    response = _upload(staff_client, f"example{suffix}", example.encode())
    assert response.status_code == 302, response.context and _errors(response)
    imported = Framework.objects.get(code="ACME-Firmware")
    assert Competence.objects.filter(area__framework=imported).exists()


def test_a_nul_byte_after_the_first_kilobytes_is_refused_with_its_line(staff_client):
    before = _counts()
    rows = [CSV_HEADER] + [_csv_row(f"A{number}") for number in range(1, 31)]
    rows.append(_csv_row("A31", description="Bad\x00byte"))
    content = "\n".join(rows).encode()
    assert content.index(b"\x00") > 4096
    [error] = _errors(_upload(staff_client, "acme.csv", content))
    assert error.startswith("Line 32 contains a NUL character")
    assert _counts() == before


def test_a_nul_escaped_in_json_is_refused_with_its_line(staff_client):
    before = _counts()
    data = _json_framework(source_note="Written\u0000by Acme.")
    content = json.dumps(data, indent=2).encode()
    assert b"\\u0000" in content
    errors = _errors(_upload(staff_client, "acme.json", content))
    assert "Line 1: “source_note” contains a NUL character." in errors
    assert _counts() == before


@pytest.mark.parametrize("language", ["json", "csv"])
def test_a_five_thousand_digit_year_is_refused_with_its_line(staff_client, language):
    before = _counts()
    year = "9" * 5000
    if language == "json":
        content = json.dumps(_json_framework(), indent=2).replace('"year": 2026', f'"year": {year}')
        assert year in content
    else:
        content = "\n".join([CSV_HEADER, _csv_row("A1", year=year), _csv_row("A2", year=year)])
    response = _upload(staff_client, f"acme.{language}", content.encode())
    assert response.status_code == 200
    errors = _errors(response)
    assert any(
        error.startswith(f"Line {1 if language == 'json' else 2}: year must be a number")
        and len(error) < 200
        for error in errors
    ), errors
    assert _counts() == before


@pytest.mark.parametrize("language", ["json", "csv"])
def test_a_source_note_longer_than_the_limit_is_refused(staff_client, language):
    from careermanager.competence.importers.common import LIMITS

    before = _counts()
    note = "n" * (LIMITS["source_note"] + 1)
    if language == "json":
        content = json.dumps(_json_framework(source_note=note))
    else:
        content = "\n".join([CSV_HEADER, _csv_row("A1", source_note=note)])
    errors = _errors(_upload(staff_client, f"acme.{language}", content.encode()))
    limit = f"{LIMITS['source_note']:,}"
    assert (
        f"Line {1 if language == 'json' else 2}: source note is longer than {limit} characters."
        in errors
    )
    assert _counts() == before


def test_the_text_limits_are_the_databases():
    """Every text the import saves fits its column; unlimited columns get a stated limit."""
    from careermanager.competence.importers.common import LIMITS
    from careermanager.competence.models import Area, Competence, Framework

    columns = {
        "code": (Framework, "code"),
        "name": (Framework, "name"),
        "edition": (Framework, "edition"),
        "publisher": (Framework, "publisher"),
        "area_code": (Area, "code"),
        "area_title": (Area, "title"),
        "competence_code": (Competence, "code"),
        "competence_title": (Competence, "title"),
    }
    for name, (model, field) in columns.items():
        assert LIMITS[name] == model._meta.get_field(field).max_length, name
    assert {"source_note", "description", "guidance"} <= set(LIMITS)
