"""The accountability diagram: its data, its drawing, and the pages that show it."""

from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from careermanager.profiles.models import AccountabilityPerson
from careermanager.profiles.orgchart import (
    ChartPerson,
    OrgChart,
    chart_for,
    render_svg,
    roles_for_diagram,
    wrap,
)
from tests.profiles.factories import (
    AccountabilityPersonFactory,
    EmploymentFactory,
    MembershipDetailsFactory,
    PastEmploymentFactory,
    PersonalDetailsFactory,
)

SVG = "{http://www.w3.org/2000/svg}"
ABOVE = AccountabilityPerson.Relation.ABOVE


def people_for(employment, *, above: int = 3, reports: int = 2):
    for level in range(1, above + 1):
        AccountabilityPersonFactory(
            employment=employment,
            relation=ABOVE,
            level=level,
            name=f"Boss level {level}",
            registration="CEng FIET",
        )
    for order in range(1, reports + 1):
        AccountabilityPersonFactory(employment=employment, order=order, name=f"Report {order}")


def make_chart(**overrides) -> OrgChart:
    values = {
        "employment_id": 1,
        "employer": "Harbour Power",
        "job_title": "Principal Engineer",
        "start_date": date(2024, 6, 3),
        "end_date": None,
        "above": (ChartPerson("Line Manager", "Head of P&C", "CEng FIET", level=1),),
        "member": ChartPerson("Ada Example", "Principal Engineer", "CEng MIET"),
        "reports": (ChartPerson("Report One", "Engineer", "IEng MIET"),),
    }
    return OrgChart(**(values | overrides))


def parse(svg: str) -> ElementTree.Element:
    """Parse the SVG; it fails unless the document is well-formed XML."""
    return ElementTree.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def texts(svg: str) -> list[str]:
    root = parse(svg)
    return [element.text or "" for element in root.iter(f"{SVG}text")]


# chart_for ----------------------------------------------------------------------------------


def test_chart_for_collects_people_by_level_and_the_member(owner):
    PersonalDetailsFactory(owner=owner, first_name="Olivia", last_name="Owner-Smith")
    MembershipDetailsFactory(owner=owner, registration_titles="CEng MIET")
    employment = EmploymentFactory(owner=owner, job_title="Lead Engineer")
    people_for(employment, above=3, reports=2)

    chart = chart_for(employment)

    assert [p.level for p in chart.above] == [1, 2, 3]
    assert [p.name for p in chart.top_down] == ["Boss level 3", "Boss level 2", "Boss level 1"]
    assert chart.member == ChartPerson("Olivia Owner-Smith", "Lead Engineer", "CEng MIET")
    assert [p.name for p in chart.reports] == ["Report 1", "Report 2"]
    assert "Boss level 1" in chart.description
    assert "Report 2" in chart.description


def test_chart_for_falls_back_to_the_account_name(owner):
    chart = chart_for(EmploymentFactory(owner=owner))
    assert chart.member.name == "Olive Owner"
    assert chart.member.registration == ""
    assert chart.above == chart.reports == ()


# render_svg ---------------------------------------------------------------------------------


def test_svg_is_a_standalone_document_with_size_title_and_description():
    svg = render_svg(make_chart())
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert int(root.get("width")) > 0
    assert int(root.get("height")) > 0
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title").text
    assert title == "Accountability diagram: Principal Engineer, Harbour Power"
    assert "Line Manager" in root.find(f"{SVG}desc").text
    assert "style" not in svg
    assert "<script" not in svg
    assert 'font-family="sans-serif"' in svg


def test_svg_contains_every_persons_name_job_title_and_registration():
    chart = make_chart(
        above=tuple(ChartPerson(f"Above {n}", f"Title {n}", f"Reg {n}", level=n) for n in (1, 2)),
        reports=tuple(ChartPerson(f"Below {n}", "Engineer", "EngTech") for n in range(9)),
    )
    joined = " ".join(texts(render_svg(chart)))
    for person in [*chart.above, chart.member, *chart.reports]:
        assert person.name in joined
        assert person.job_title in joined
        assert person.registration in joined
    assert "My post" in joined


def test_svg_escapes_markup_typed_by_the_member():
    chart = make_chart(
        member=ChartPerson('<script>alert("x")</script>', "A & B <i>", "CEng\x00 MIET"),
        employer='"><svg onload=alert(1)>',
    )
    svg = render_svg(chart)
    assert "<script>" not in svg
    root = parse(svg)  # control characters removed, still well-formed
    tags = {element.tag for element in root.iter()}
    assert f"{SVG}script" not in tags
    assert len(list(root.iter(f"{SVG}svg"))) == 1
    assert not any(key.startswith("on") for e in root.iter() for key in e.attrib)
    description = root.find(f"{SVG}desc").text
    assert '<script>alert("x")</script>' in description
    assert "A & B <i>" in " ".join(texts(svg))


def test_long_names_wrap_or_are_cut_short_inside_their_box():
    name = "Bartholomew Fitzwilliam-Huntingdon-Smythe-Ravensworth the Third of Elsewhere"
    chart = make_chart(above=(ChartPerson(name, "x " * 200, "y" * 300, level=1),))
    svg = render_svg(chart)
    lines = texts(svg)
    assert any(line.endswith("…") for line in lines)
    assert all(len(line) < 45 for line in lines if not line.startswith("Principal Engineer"))
    # The full name is kept for screen readers and hover.
    assert name in parse(svg).find(f"{SVG}desc").text


def test_wrap_breaks_on_words_and_long_words():
    assert wrap("one two three", 7, 3) == ["one two", "three"]
    assert wrap("abcdefghij", 4, 5) == ["abcd", "efgh", "ij"]
    assert wrap("one two three four", 7, 1) == ["one tw…"]
    assert wrap("", 10, 2) == []


def test_svg_without_anyone_above_or_below_still_draws_the_member():
    svg = render_svg(make_chart(above=(), reports=()))
    assert "Ada Example" in " ".join(texts(svg))
    assert "Nobody reports to this post." in svg


def test_two_charts_on_one_page_have_distinct_ids():
    first = render_svg(make_chart(), id_prefix="orgchart-1")
    second = render_svg(make_chart(), id_prefix="orgchart-2")

    def ids(svg):
        return {element.get("id") for element in parse(svg).iter() if element.get("id")}

    assert not ids(first) & ids(second)


# Which roles need a diagram -----------------------------------------------------------------


def test_previous_post_is_included_after_a_change_within_three_years(owner):
    today = timezone.localdate()
    current = EmploymentFactory(owner=owner, start_date=today - timedelta(days=400))
    previous = PastEmploymentFactory(
        owner=owner, start_date=date(2015, 1, 5), end_date=today - timedelta(days=401)
    )
    PastEmploymentFactory(owner=owner, start_date=date(2010, 1, 4), end_date=date(2014, 12, 31))
    assert roles_for_diagram(owner) == [current, previous]


def test_only_the_current_post_after_three_years_in_it(owner):
    today = timezone.localdate()
    current = EmploymentFactory(owner=owner, start_date=today - timedelta(days=4 * 366))
    PastEmploymentFactory(owner=owner, start_date=date(2005, 1, 5), end_date=date(2010, 1, 1))
    assert roles_for_diagram(owner) == [current]


def test_no_roles_no_diagram(owner):
    assert roles_for_diagram(owner) == []


# Pages --------------------------------------------------------------------------------------


def test_orgchart_page_shows_the_diagram_and_a_text_alternative(owner, owner_client):
    employment = EmploymentFactory(owner=owner, start_date=date(2018, 1, 8))
    people_for(employment, above=2, reports=1)
    content = owner_client.get(reverse("profiles:orgchart")).content.decode()
    assert content.count("<svg") == 1
    assert 'role="img"' in content
    assert "Diagram as text" in content
    for name in ("Boss level 1", "Boss level 2", "Report 1", "Olive Owner"):
        assert content.count(name) >= 2  # in the drawing and in the text alternative
    assert reverse("profiles:accountabilities", args=[employment.pk]) in content


def test_orgchart_page_shows_the_previous_post_after_a_recent_change(owner, owner_client):
    today = timezone.localdate()
    new = EmploymentFactory(
        owner=owner, job_title="New Post", start_date=today - timedelta(days=90)
    )
    old = PastEmploymentFactory(
        owner=owner, job_title="Old Post", end_date=today - timedelta(days=91)
    )
    people_for(new, above=1, reports=0)
    people_for(old, above=1, reports=0)
    content = owner_client.get(reverse("profiles:orgchart")).content.decode()
    assert content.count("<svg") == 2
    assert "Your previous post: Old Post" in content


def test_orgchart_page_without_roles_offers_to_add_one(owner_client):
    content = owner_client.get(reverse("profiles:orgchart")).content.decode()
    assert "Add your current role first" in content
    assert reverse("profiles:employment-add") in content
    assert "<svg" not in content


def test_orgchart_page_escapes_names(owner, owner_client):
    employment = EmploymentFactory(owner=owner)
    AccountabilityPersonFactory(employment=employment, name="<script>alert(1)</script>")
    content = owner_client.get(reverse("profiles:orgchart")).content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


@pytest.mark.parametrize("url_name", ["profiles:employment-detail", "profiles:accountabilities"])
def test_another_members_role_is_404(url_name, owner, other_client):
    employment = EmploymentFactory(owner=owner)
    assert other_client.get(reverse(url_name, args=[employment.pk])).status_code == 404


def test_a_role_without_people_invites_adding_them(owner, owner_client):
    employment = EmploymentFactory(owner=owner)
    content = owner_client.get(reverse("profiles:orgchart")).content.decode()
    assert "You have not added anyone above you or reporting to you" in content
    assert reverse("profiles:accountabilities", args=[employment.pk]) in content
