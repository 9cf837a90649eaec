"""The next grade page and a competence's level over time, in a real browser, checked by axe."""

import pytest

from careermanager.competence.models import SkillLevel
from careermanager.competence.services import assessment_start
from tests.browser.conftest import axe, chromium, ui  # noqa: F401 (the browser fixtures)
from tests.competence.factories import assess, competence
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_an_engtech_member_reads_what_ieng_asks_and_their_level_over_time(ui):  # noqa: F811
    member = UserFactory(email="amara.okafor@example.org", full_name="Amara Okafor")
    assessment = assessment_start(owner=member, category="EngTech")
    for level in (SkillLevel.TRAINEE, SkillLevel.SUPERVISED, SkillLevel.PRACTITIONER):
        assess(member, "B1", level=level, of=competence("B1", "EngTech"))
    assess(member, "A1", level=SkillLevel.SUPERVISED, of=competence("A1", "EngTech"))

    ui.visit("/accounts/login/")
    ui.log_in(member.email, TEST_PASSWORD)
    ui.visit(f"/competence/assessments/{assessment.pk}/")
    assert "Level over time: Trainee from" in ui.text()
    ui.click_link("What IEng, the next grade, asks of you")
    assert ui.heading() == "From EngTech to IEng: what the next grade asks"
    b3 = ui.page.locator("#next-B3").inner_text()
    assert "EngTech has no B3" in b3
    chart = ui.page.get_by_role("img", name="Your level in each competence against the level")
    assert chart.is_visible()
    objective = ui.page.get_by_role("link", name="Set an objective for IEng A1")
    assert "level=practitioner" in objective.get_attribute("href")

    ui.click_link("Back to your assessment")
    ui.click(ui.page.get_by_role("link", name="B1", exact=False).first)
    assert "Your level over time" in ui.text()
    assert ui.page.get_by_role("img", name="Your level in B1 over time").is_visible()
