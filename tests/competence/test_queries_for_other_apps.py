"""What other apps read about a member's competence, each in a fixed number of queries."""

import pytest

from careermanager.competence.models import Competence, SkillLevel
from careermanager.competence.queries import (
    assessed_competences,
    current_competence,
    job_profile_targets,
    levels_for,
)
from careermanager.competence.services import assessment_start, framework_retire
from tests.competence.factories import (
    JobProfileItemFactory,
    assess,
    competence,
    competence_of,
    framework,
)
from tests.queries import count_queries


def test_levels_for_gives_the_current_level_of_each_assessed_competence(owner, other_member):
    assess(owner, "A1", level=SkillLevel.TRAINEE)
    assess(owner, "A1", level=SkillLevel.EXPERT)
    assess(owner, "B1", level=SkillLevel.SUPERVISED, of=competence("B1", "EngTech"))
    assess(other_member, "C1", level=SkillLevel.EXPERT)
    ids = [competence(code).pk for code in ("A1", "C1", "E5")]
    ids.append(competence("B1", "EngTech").pk)
    result = {}
    assert count_queries(lambda: result.update(levels_for(owner, ids))) == 1
    assert result == {
        competence("A1").pk: "expert",
        competence("B1", "EngTech").pk: "supervised",
    }
    assert levels_for(owner, []) == {}


def test_assessed_competences_are_the_current_ones_of_assessed_frameworks_in_order(
    owner, other_member, staff
):
    assessment_start(owner=owner, category="ICTTech")
    assessment_start(owner=owner, category="EngTech")
    assessment_start(owner=other_member, category="CEng")
    choices = []
    assert count_queries(lambda: choices.extend(assessed_competences(owner))) == 1
    frameworks = {item.area.framework.category for item in choices}
    assert frameworks == {"EngTech", "ICTTech"}
    assert len(choices) == 15 + 15  # ICTTech E5 is retired from the data and left out
    assert competence("E5", "ICTTech") not in choices
    engtech = [item.code for item in choices if item.area.framework.category == "EngTech"]
    assert engtech[:4] == ["A1", "A2", "B1", "B2"]
    # Grouping by framework needs nothing more from the database.
    assert count_queries(lambda: [str(item.area.framework) for item in choices]) == 0

    framework_retire(framework=framework("EngTech"), actor=staff)
    remaining = list(assessed_competences(owner))
    assert {item.area.framework.category for item in remaining} == {"ICTTech"}
    assert isinstance(assessed_competences(owner).first(), Competence)


def test_job_profile_targets_list_every_item_with_target_and_level(owner, other_member):
    item = JobProfileItemFactory(
        profile__owner=owner, competence=competence("C2"), target_level=SkillLevel.EXPERT
    )
    JobProfileItemFactory(
        profile=item.profile,
        competence=competence_of("CM-Project-Management", "PM1"),
        target_level=SkillLevel.PRACTITIONER,
    )
    JobProfileItemFactory(profile__owner=other_member)
    assess(owner, "C2", level=SkillLevel.SUPERVISED)
    targets = []
    assert count_queries(lambda: targets.extend(job_profile_targets(owner))) == 2
    assert len(targets) == 2
    c2 = next(target for target in targets if target.competence_code == "C2")
    assert (c2.job_profile_id, c2.target_level, c2.target_label, c2.current_level, c2.gap) == (
        item.profile.pk,
        "expert",
        "Expert",
        "supervised",
        2,
    )
    assert c2.job_profile_title == item.profile.title


@pytest.mark.parametrize("count", [1, 6])
def test_job_profile_targets_stay_at_two_queries(owner, count):
    for number in range(count):
        JobProfileItemFactory(profile__owner=owner, profile__title=f"Role {number}")
    assert count_queries(lambda: job_profile_targets(owner)) == 2


def test_current_competence_finds_one_that_can_still_be_assessed(staff):
    b3 = competence("B3", "IEng")
    found = []
    assert count_queries(lambda: found.append(current_competence(b3.pk))) == 1
    assert found[0] == b3
    assert count_queries(lambda: str(found[0].area.framework)) == 0
    assert current_competence(competence("E5", "ICTTech").pk) is None  # retired from the data
    assert current_competence(0) is None
    framework_retire(framework=framework("IEng"), actor=staff)
    assert current_competence(b3.pk) is None
