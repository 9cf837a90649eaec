"""The frameworks that ship with the app: codes, guidance and sources."""

import json
from pathlib import Path

import pytest

from careermanager.competence.models import Competence, Framework, LevelGuidance, SkillLevel

DATA = Path(__file__).resolve().parents[2] / "careermanager" / "competence" / "data"
ENGINEER_CODES = [
    *["A1", "A2", "B1", "B2", "B3", "C1", "C2", "C3", "C4", "D1", "D2", "D3"],
    *["E1", "E2", "E3", "E4", "E5"],
]
TECHNICIAN_CODES = [code for code in ENGINEER_CODES if code not in {"B3", "C4"}]


def codes(category: str) -> list[str]:
    framework = Framework.objects.current().get(category=category)
    return list(Competence.objects.of_framework(framework).values_list("code", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("CEng", ENGINEER_CODES),
        ("IEng", ENGINEER_CODES),
        ("EngTech", TECHNICIAN_CODES),
        ("ICTTech", TECHNICIAN_CODES),
    ],
)
def test_registration_frameworks_have_the_standard_codes(category, expected):
    assert codes(category) == expected


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
