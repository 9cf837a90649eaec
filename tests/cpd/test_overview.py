"""The CPD start page, the hours-by-year chart and the home-page panel."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from careermanager.cpd.models import Activity, MemberPolicy, Policy
from careermanager.profiles.models import Education, Training
from tests.cpd.factories import ActivityFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def follow(user, code):
    MemberPolicy.objects.create(owner=user, policy=Policy.objects.get(code=code))


@pytest.fixture
def record(owner):
    follow(owner, "iet-active")
    ActivityFactory(owner=owner, hours=Decimal(8), type=Activity.Type.VOLUNTEERING)
    ActivityFactory(
        owner=owner, hours=Decimal("4.5"), type=Activity.Type.SELF_STUDY, reflected=True
    )
    Training.objects.create(
        owner=owner, title="Arc flash awareness", start_date=TODAY, hours=Decimal(7)
    )
    Education.objects.create(
        owner=owner,
        institution="Open University",
        course="MSc",
        start_date=date(TODAY.year - 1, 10, 1),
    )
    ActivityFactory(owner=owner, hours=Decimal(20), start_date=date(TODAY.year - 1, 5, 1))


def no_inline_styles(content: str) -> None:
    assert " style=" not in content
    assert "<style" not in content


def test_index_shows_this_year_against_the_target(owner_client, record):
    content = owner_client.get(reverse("cpd:index")).content.decode()
    assert "Log CPD activity" in content
    assert "19.5 hours" in content
    assert "of 30 hours a year" in content
    assert "Not met yet" in content
    assert "10.5 hours still needed" in content
    assert "2 of your activities have no reflection yet" in content
    assert 'role="img"' in content
    no_inline_styles(content)


def test_dashboard_chart_and_table_agree(owner_client, record):
    content = owner_client.get(reverse("cpd:dashboard")).content.decode()
    svg = content[content.index('<svg class="cpd-chart"') : content.index("</svg>")]
    assert 'role="img"' in svg
    assert "<title" in svg
    assert "<desc" in svg
    assert f"{TODAY.year}: 19.5 hours" in svg
    assert f"{TODAY.year - 1}: 20 hours" in svg
    assert "Target 30 hours a year" in svg
    no_inline_styles(content)
    table = content[content.index("<table") : content.index("</table>")]
    for label in (
        "Training",
        "Work experience",
        "Academic study",
        "Volunteering",
        "Event or seminar",
        "Self-study",
    ):
        assert label in table
    assert re.search(r"Volunteering.*?<td class=\"numeric\">8</td>", table, re.S)


def test_dashboard_without_a_policy_invites_a_choice(owner_client):
    content = owner_client.get(reverse("cpd:dashboard")).content.decode()
    assert "Choose your CPD policy" in content
    assert "Target" not in content.split("<svg")[1].split("</svg>")[0]


def test_home_panel_comes_first(owner_client, record):
    content = owner_client.get(reverse("core:home")).content.decode()
    assert "Your CPD in" in content
    assert content.index("panel-cpd") < content.index("</main>")
    first_panel = content.index('class="panel"')
    assert content.index('aria-labelledby="panel-cpd"') == first_panel + len('class="panel" ')
    assert "19.5 hours" in content
    assert reverse("cpd:activity-add") in content
    no_inline_styles(content)


def test_home_panel_for_a_new_member(owner_client):
    content = owner_client.get(reverse("core:home")).content.decode()
    assert "0 hours" in content
    assert "Choose your CPD policy" in content


def test_navigation_has_cpd(owner_client):
    content = owner_client.get(reverse("cpd:index")).content.decode()
    assert f'<a href="{reverse("cpd:index")}" aria-current="page">CPD</a>' in content
