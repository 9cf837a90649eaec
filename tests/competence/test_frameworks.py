"""The frameworks that ship with the app: codes, guidance and sources."""

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse

from careermanager.competence.importers import read_framework
from careermanager.competence.models import (
    Competence,
    CompetenceAssessment,
    Framework,
    LevelGuidance,
    SkillLevel,
)
from careermanager.competence.services import assessment_start
from tests.competence.factories import assess
from tests.reports.pdftools import pdf_text, squeeze

DATA = Path(__file__).resolve().parents[2] / "careermanager" / "competence" / "data"
ENGINEER_CODES = [
    *["A1", "A2", "B1", "B2", "B3", "C1", "C2", "C3", "C4", "D1", "D2", "D3"],
    *["E1", "E2", "E3", "E4", "E5"],
]
# UK-SPEC, 4th edition: the EngTech standard has no B3 and no C4.
TECHNICIAN_CODES = [code for code in ENGINEER_CODES if code not in {"B3", "C4"}]
# ICTTech Standard, 3rd edition: A1-A2, B1-B2, C1-C4, D1-D3, E1-E4. No E5.
ICTTECH_CODES = [
    *["A1", "A2", "B1", "B2", "C1", "C2", "C3", "C4", "D1", "D2", "D3"],
    *["E1", "E2", "E3", "E4"],
]
CORRECTED_FILES = {
    "CEng": "uk-spec-4-ceng-rev2.json",
    "IEng": "uk-spec-4-ieng-rev2.json",
    "EngTech": "uk-spec-4-engtech-rev2.json",
    "ICTTech": "icttech-3-rev2.json",
}
CHECKED_ON = datetime.date(2026, 11, 29)


def codes(category: str) -> list[str]:
    """The codes of the framework's competences that are part of the standard, in order."""
    framework = Framework.objects.current().get(category=category)
    return list(Competence.objects.of_framework(framework).current().values_list("code", flat=True))


def competence(category: str, code: str) -> Competence:
    return Competence.objects.get(
        area__framework=Framework.objects.current().get(category=category), code=code
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("CEng", ENGINEER_CODES),
        ("IEng", ENGINEER_CODES),
        ("EngTech", TECHNICIAN_CODES),
        ("ICTTech", ICTTECH_CODES),
    ],
)
def test_registration_frameworks_have_the_standard_codes(category, expected):
    assert codes(category) == expected
    data = json.loads((DATA / CORRECTED_FILES[category]).read_text(encoding="utf-8"))
    in_file = [item["code"] for area in data["areas"] for item in area["competences"]]
    assert in_file == expected


@pytest.mark.parametrize("category", sorted(CORRECTED_FILES))
def test_the_corrected_files_import_with_their_edition_and_check_date(category):
    path = DATA / CORRECTED_FILES[category]
    data = read_framework(path.name, path.read_bytes())
    assert data.category == category
    assert data.checked_on == CHECKED_ON
    assert data.verification_note
    assert data.edition == ("3rd edition" if category == "ICTTech" else "4th edition")


@pytest.mark.django_db
def test_icttech_e5_is_retired_and_c4_added():
    e5 = competence("ICTTech", "E5")
    assert e5.is_retired
    assert not competence("ICTTech", "C4").is_retired
    assert e5 not in Competence.objects.current()


@pytest.mark.django_db
@pytest.mark.parametrize("category", sorted(CORRECTED_FILES))
def test_each_framework_records_its_edition_and_when_it_was_checked(category):
    framework = Framework.objects.current().get(category=category)
    assert framework.checked_on == CHECKED_ON
    assert framework.verification_note
    assert framework.edition == ("3rd edition" if category == "ICTTech" else "4th edition")


@pytest.mark.django_db
def test_statements_say_what_the_standards_say():
    """The reported mistakes, corrected: each title carries the standard's meaning."""
    ceng_c2 = competence("CEng", "C2").title
    assert "organise, direct and control" in ceng_c2
    assert "significant engineering task or project" in ceng_c2
    assert "budget" in ceng_c2
    assert "programme or schedule" in ceng_c2
    ieng_c2 = competence("IEng", "C2").title
    assert "engineering tasks or projects" in ieng_c2
    assert "significant" not in ieng_c2
    assert competence("CEng", "C3").title.startswith("Lead teams or technical specialisms")
    assert competence("IEng", "C3").title.startswith("Manage teams, or manage the input")
    assert competence("IEng", "C4").title == "Take an active part in continuous quality improvement"
    assert "equipment or processes" in competence("IEng", "B3").title
    assert "engineering tasks and projects" in competence("IEng", "C1").title
    for category in ["CEng", "IEng", "EngTech"]:
        assert competence(category, "D1").title == (
            "Communicate effectively with others at all levels, in English"
        )
    for category in ["CEng", "IEng"]:
        assert competence(category, "D2").title.endswith("conclusions clearly")
    assert "appropriate methods" in competence("EngTech", "B1").title
    assert "diagnostic" not in competence("EngTech", "B1").title
    engtech_e2 = competence("EngTech", "E2").title
    assert engtech_e2.endswith("apply safe systems of work")
    assert "manage" not in engtech_e2


@pytest.mark.django_db
def test_icttech_competences_are_about_ict_not_a_copy_of_engtech():
    for code in set(ICTTECH_CODES) & set(TECHNICIAN_CODES):
        ict, engtech = competence("ICTTech", code), competence("EngTech", code)
        assert ict.description != engtech.description, code
    assert "ICT solutions, services or infrastructure" in competence("ICTTech", "B1").title
    assert "intrusion" in competence("ICTTech", "B2").title
    assert "without close supervision" in competence("ICTTech", "C1").title
    assert "continuous quality improvement" in competence("ICTTech", "C4").title
    assert "healthy, safe and secure" in competence("ICTTech", "E2").title
    assert "harm caused by operating ICT systems" in competence("ICTTech", "E3").title


@pytest.mark.django_db
def test_what_could_not_be_confirmed_is_marked():
    for category in ["IEng", "ICTTech"]:
        framework = Framework.objects.current().get(category=category)
        assert "not" in framework.verification_note.lower()
        for item in Competence.objects.of_framework(framework).current():
            assert "not yet been checked" in item.note, (category, item.code)
    for category in ["CEng", "EngTech"]:
        framework = Framework.objects.current().get(category=category)
        assert not Competence.objects.of_framework(framework).exclude(note="").exists()


@pytest.mark.django_db
def test_the_framework_page_shows_the_edition_check_date_and_notes(staff_client):
    framework = Framework.objects.current().get(category="ICTTech")
    html = staff_client.get(reverse("competence:framework-detail", args=[framework.pk])).text
    assert "Checked against the source" in html
    assert "29 November 2026" in html
    assert "3rd edition, published 2021" in html
    assert "E5" in html
    assert "No longer part of the standard" in html
    assert "has not yet been checked against the published ICTTech Standard" in html
    assert "<dt>Competences</dt><dd>15</dd>" in html
    listing = staff_client.get(reverse("competence:framework-list")).text
    assert "checked against the source on 29 November 2026" in listing


@pytest.fixture
def icttech_with_e5(owner):
    """An ICTTech assessment whose member answered E5 before it was found not to be standard."""
    assessment = assessment_start(owner=owner, category="ICTTech")
    assess(owner, of=competence("ICTTech", "A1"), evidence="I chose the imaging method.")
    e5 = competence("ICTTech", "E5")
    retired_at, e5.retired_at = e5.retired_at, None  # as it was before the correction
    assess(owner, of=e5, evidence="I refused to share a customer's data without consent.")
    e5.retired_at = retired_at
    e5.save(update_fields=["retired_at"])
    return assessment


@pytest.mark.django_db
def test_an_answer_to_a_retired_competence_is_kept_and_shown_apart(owner_client, icttech_with_e5):
    page = owner_client.get(reverse("competence:assessment-detail", args=[icttech_with_e5.pk]))
    html = page.text
    assert "You have assessed 1 of 15 competences." in html
    assert "No longer part of the standard" in html
    assert 'id="competence-E5"' in html
    detail = owner_client.get(
        reverse("competence:assessment-competence", args=[icttech_with_e5.pk, "E5"])
    ).text
    assert "is no longer part of the standard" in detail
    assert "I refused to share a customer" in detail
    assert "Save assessment" not in detail
    refused = owner_client.post(
        reverse("competence:assessment-competence", args=[icttech_with_e5.pk, "E5"]),
        {"level": SkillLevel.EXPERT, "evidence": "Changed.", "reference": ""},
    )
    assert refused.status_code == 200
    assert CompetenceAssessment.objects.get(competence__code="E5").evidence.startswith("I refused")
    listing = owner_client.get(reverse("competence:assessment-list")).text
    assert "1 of 15" in listing


@pytest.mark.django_db
def test_the_assessment_pdf_keeps_the_retired_answer_and_names_the_check_date(
    owner_client, icttech_with_e5
):
    response = owner_client.get(
        reverse("competence:assessment-download", args=[icttech_with_e5.pk, "pdf"])
    )
    text = squeeze(pdf_text(response.content))
    assert "checked against the source on 29 November 2026" in text
    assert "No longer part of the standard" in text
    assert "I refused to share a customer's data without consent." in text
    assert "Competences assessed 1 of 15" in text


@pytest.mark.django_db
def test_engtech_has_no_b3_or_c4_and_fifteen_competences():
    assert len(codes("EngTech")) == 15
    assert "B3" not in codes("EngTech")
    assert "C4" not in codes("EngTech")
    assert len(codes("CEng")) == len(codes("IEng")) == 17


@pytest.mark.django_db
def test_areas_are_a_to_e_with_their_titles():
    framework = Framework.objects.current().get(category="CEng")
    areas = list(framework.areas.values_list("code", "title"))
    assert areas == [
        ("A", "Knowledge and understanding"),
        ("B", "Design, development and solving engineering problems"),
        ("C", "Responsibility, management and leadership"),
        ("D", "Communication and interpersonal skills"),
        ("E", "Personal and professional commitment"),
    ]
    icttech = Framework.objects.current().get(category="ICTTech")
    assert icttech.areas.get(code="B").title == "Design, development and solving ICT problems"


@pytest.mark.django_db
def test_every_competence_has_guidance_for_all_four_levels():
    competences = Competence.objects.count()
    assert competences >= 17 + 17 + 15 + 15 + 8
    assert LevelGuidance.objects.count() == competences * 4
    for level in SkillLevel.values:
        assert LevelGuidance.objects.filter(level=level).exclude(text="").count() == competences
    assert Competence.objects.current().count() == competences - 1  # ICTTech E5, retired


@pytest.mark.django_db
def test_sources_and_editions_are_recorded():
    ceng = Framework.objects.get(code="UK-SPEC-CEng")
    assert (ceng.publisher, ceng.edition, ceng.published_year) == (
        "Engineering Council",
        "4th edition",
        2020,
    )
    assert ceng.source == "Engineering Council, 4th edition, 2020"
    icttech = Framework.objects.get(category="ICTTech")
    assert (icttech.edition, icttech.published_year) == ("3rd edition", 2021)
    assert "own words" in ceng.source_note


@pytest.mark.django_db
def test_a_job_role_framework_ships_too():
    framework = Framework.objects.get(kind=Framework.Kind.JOB_ROLE)
    assert framework.category == ""
    assert len(Competence.objects.of_framework(framework)) == 8


def test_data_files_record_their_source():
    for path in sorted(DATA.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["publisher"], path.name
        assert data["edition"], path.name
        assert data["year"], path.name
        assert data["source_note"], path.name


def test_skill_levels_are_ordered():
    assert [level.label for level in SkillLevel] == [
        "Trainee",
        "Supervised Practitioner",
        "Practitioner",
        "Expert",
    ]
    assert [level.rank for level in SkillLevel] == [1, 2, 3, 4]
    assert SkillLevel.rank_of("") == 0
