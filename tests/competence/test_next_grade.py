"""The next grade page: what IEng or CEng asks of a member, from the assessment they have."""

import re

import pytest
from django.urls import reverse

from careermanager.competence.models import CompetenceRevision, SkillLevel
from careermanager.competence.queries import next_grade
from careermanager.competence.services import assessment_start, framework_set_expected_level
from tests.competence.factories import assess, competence, framework
from tests.queries import assert_flat_queries, count_queries


def _url(assessment) -> str:
    return reverse("competence:next-grade", args=[assessment.pk])


def _row(page, code: str) -> str:
    """The table row of one competence of the next grade, as HTML."""
    match = re.search(rf'<tr id="next-{code}">(.*?)</tr>', page.text, re.S)
    assert match, f"no row for {code}"
    return match.group(1)


def _objective(code: str, category: str, level: str = "practitioner") -> str:
    pk = competence(code, category).pk
    return f'href="{reverse("development:objective-new")}?competence={pk}&amp;level={level}"'


@pytest.fixture
def engtech(owner):
    return assessment_start(owner=owner, category="EngTech")


def test_engtech_to_ieng_lists_every_ieng_competence_with_level_expected_and_gap(
    owner_client, owner, engtech
):
    assess(owner, "A1", SkillLevel.EXPERT, of=competence("A1", "EngTech"))
    assess(owner, "B1", SkillLevel.SUPERVISED, of=competence("B1", "EngTech"))
    page = owner_client.get(_url(engtech))
    assert page.status_code == 200
    assert "From EngTech to IEng: what the next grade asks" in page.text
    assert page.text.count('<tr id="next-') == 17  # every IEng competence, B3 and C4 included

    a1 = _row(page, "A1")
    assert "Expert" in a1
    assert "Your EngTech A1" in a1
    assert "Expected level met" in a1
    assert "Set an objective" not in a1

    b1 = _row(page, "B1")
    assert "Supervised Practitioner" in b1
    assert "1 level to go" in b1
    assert _objective("B1", "IEng") in b1

    b3 = _row(page, "B3")
    assert "Not assessed" in b3
    assert "EngTech has no B3, so you have no level to carry over" in b3
    assert _objective("B3", "IEng") in b3
    assert "EngTech has no C4" in _row(page, "C4")

    a2 = _row(page, "A2")
    assert "You have not assessed EngTech A2 yet" in a2
    assert "1 of 17 competences at the level expected; 1 below it; 15 not assessed." in page.text


def test_the_page_says_the_expected_level_is_the_institutions_setting(owner_client, engtech):
    page = owner_client.get(_url(engtech))
    assert "Your institution expects <strong>Practitioner</strong> in each IEng competence" in (
        page.text
    )
    assert "not a figure from the standard" in page.text
    assert page.text.count("<td>Practitioner</td>") == 17


def test_a_higher_expected_level_widens_the_gaps(owner_client, owner, staff, engtech):
    assess(owner, "A1", SkillLevel.PRACTITIONER, of=competence("A1", "EngTech"))
    framework_set_expected_level(framework=framework("IEng"), level="expert", actor=staff)
    page = owner_client.get(_url(engtech))
    a1 = _row(page, "A1")
    assert "<td>Expert</td>" in a1
    assert "1 level to go" in a1
    assert _objective("A1", "IEng", "expert") in a1


def test_the_chart_is_an_svg_with_a_text_alternative_and_the_table(owner_client, owner, engtech):
    assess(owner, "A1", SkillLevel.EXPERT, of=competence("A1", "EngTech"))
    page = owner_client.get(_url(engtech))
    assert 'role="img" aria-labelledby="next-grade-chart-title next-grade-chart-desc"' in (
        page.text
    )
    assert (
        "Bar chart of your level in each of the 17 competences of UK-SPEC: Incorporated "
        "Engineer" in page.text
    )
    assert "1 at or above it, 0 below it and 16 not assessed." in page.text
    caption = "Each IEng competence: your level, the level expected and the gap"
    assert f"<caption>{caption}</caption>" in page.text


def test_a_level_in_the_next_framework_itself_counts_first(owner_client, owner, engtech):
    assess(owner, "B3", SkillLevel.PRACTITIONER, of=competence("B3", "IEng"))
    b3 = _row(owner_client.get(_url(engtech)), "B3")
    assert "Practitioner" in b3
    assert "Your IEng B3" in b3
    assert "Expected level met" in b3


def test_ieng_compares_with_ceng(owner_client, owner):
    ieng = assessment_start(owner=owner, category="IEng")
    assess(owner, "C4", SkillLevel.TRAINEE, of=competence("C4", "IEng"))
    page = owner_client.get(_url(ieng))
    assert "From IEng to CEng" in page.text
    c4 = _row(page, "C4")
    assert "Trainee" in c4
    assert "2 levels to go" in c4
    assert _objective("C4", "CEng") in c4


def test_icttech_matches_by_code_only_and_says_why(owner_client, owner):
    icttech = assessment_start(owner=owner, category="ICTTech")
    assess(owner, "A1", SkillLevel.PRACTITIONER, of=competence("A1", "ICTTech"))
    page = owner_client.get(_url(icttech))
    assert "From ICTTech to IEng" in page.text
    assert "The ICTTech Standard is a different standard from <a href=" in page.text
    assert "only where the two have the same code" in page.text
    assert "Your ICTTech A1" in _row(page, "A1")
    assert "ICTTech has no B3" in _row(page, "B3")
    # E5 was in Career Manager's ICTTech data by mistake and is retired: nothing carries over.
    assert "ICTTech has no E5" in _row(page, "E5")


def test_ceng_has_no_next_grade(owner_client, owner):
    ceng = assessment_start(owner=owner, category="CEng")
    page = owner_client.get(_url(ceng))
    assert page.status_code == 200
    assert "<h1>There is no grade after CEng</h1>" in page.text
    assert "the highest of the registration grades" in page.text
    assert "<table" not in page.text


def test_no_current_framework_for_the_next_grade_is_said_plainly(owner_client, owner, engtech):
    from careermanager.competence.services import framework_retire

    framework_retire(framework=framework("IEng"), actor=None)
    page = owner_client.get(_url(engtech))
    assert "your institution has no current framework for IEng" in page.text


def test_another_members_assessment_is_404(other_client, engtech):
    assert other_client.get(_url(engtech)).status_code == 404


def test_the_page_rejects_post(owner_client, engtech):
    assert owner_client.post(_url(engtech)).status_code == 405


def test_linked_from_the_assessment_and_the_competence_index(owner_client, owner, engtech):
    ceng = assessment_start(owner=owner, category="CEng")
    detail = owner_client.get(reverse("competence:assessment-detail", args=[engtech.pk]))
    assert f'href="{_url(engtech)}">What IEng, the next grade, asks of you</a>' in detail.text
    index = owner_client.get(reverse("competence:index"))
    assert f'href="{_url(engtech)}">What IEng asks next' in index.text
    assert _url(ceng) not in index.text  # nothing after CEng to offer from the index


def test_query_count_stays_flat_as_levels_and_revisions_grow(owner_client, owner, engtech):
    assess(owner, "A1", of=competence("A1", "EngTech"))

    def grow():
        for code in ("A2", "B1", "B2", "C1", "D1", "E1"):
            for level in SkillLevel.values:
                assess(owner, code, level=level, of=competence(code, "EngTech"))
        assess(owner, "B3", of=competence("B3", "IEng"))

    count = assert_flat_queries(owner_client, _url(engtech), grow=grow)
    assert count < 15
    assert CompetenceRevision.objects.count() > 20


def test_next_grade_is_plain_data_in_four_queries(owner, engtech):
    assess(owner, "A1", of=competence("A1", "EngTech"))
    result = []
    assert count_queries(lambda: result.append(next_grade(owner, engtech))) <= 4
    grade = result[0]
    assert (grade.category, grade.next_category) == ("EngTech", "IEng")
    assert grade.expected_level == "practitioner"
    row = grade.rows[0]
    assert (row.code, row.current_level, row.gap, row.competence_id) == (
        "A1",
        "practitioner",
        0,
        competence("A1", "IEng").pk,
    )
