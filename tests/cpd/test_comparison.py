"""How you compare: median and quartiles of the hours of members following the same policy."""

import statistics
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from careermanager.cpd.comparison import comparison_compute
from careermanager.cpd.models import Comparison, MemberPolicy, Policy
from tests.cpd.factories import ActivityFactory
from tests.factories import UserFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ON = date(TODAY.year, 1, 2)
SENTENCE = (
    "Too few members follow IET: Professionally active to compare: at least 10 are needed who "
    f"have recorded CPD in {TODAY.year}."
)


def follower(hours, *, member=None, type="event"):
    member = member or UserFactory()
    MemberPolicy.objects.get_or_create(owner=member, policy=Policy.objects.get(code="iet-active"))
    if hours:
        ActivityFactory(owner=member, type=type, start_date=ON, end_date=ON, hours=Decimal(hours))
    return member


def expected(values):
    return [
        Decimal(value).quantize(Decimal("0.01"))
        for value in statistics.quantiles([Decimal(v) for v in values], n=4, method="inclusive")
    ]


EVENT_HOURS = [3, 5, 8, 12, 13, 20, 21, 30, 34, 40]  # the owner has the first


@pytest.fixture
def ten(owner):
    follower(EVENT_HOURS[0], member=owner)
    for hours in EVENT_HOURS[1:]:
        follower(hours)
    return owner


def test_nine_members_store_nothing_and_the_page_says_so(owner, owner_client):
    follower(EVENT_HOURS[0], member=owner)
    for hours in EVENT_HOURS[1:9]:
        follower(hours)
    assert comparison_compute() == 0
    assert not Comparison.objects.exists()
    page = owner_client.get(reverse("cpd:index")).content.decode()
    assert "How you compare" in page
    assert SENTENCE in page.replace("&#x27;", "'")


def test_ten_members_with_too_few_hours_store_nothing(owner, owner_client):
    follower(EVENT_HOURS[0], member=owner)
    for hours in [*EVENT_HOURS[1:9], 0, 0]:
        follower(hours)
    assert MemberPolicy.objects.count() == 11
    assert comparison_compute() == 0
    page = owner_client.get(reverse("cpd:index")).content.decode()
    assert SENTENCE in page.replace("&#x27;", "'")


def test_ten_members_median_and_quartiles(ten):
    comparison_compute()
    total = Comparison.objects.get(year=TODAY.year, category="all")
    assert (total.members, total.members_with_hours) == (10, 10)
    assert [total.lower_quartile, total.median, total.upper_quartile] == expected(EVENT_HOURS)
    event = Comparison.objects.get(year=TODAY.year, category="event")
    assert event.median == expected(EVENT_HOURS)[1] == Decimal("16.50")
    # Nobody recorded hours last year, nor in the other categories: nothing stored for them.
    assert set(Comparison.objects.values_list("year", "category")) == {
        (TODAY.year, "all"),
        (TODAY.year, "event"),
    }


def test_a_category_few_members_have_hours_in_is_not_stored(ten):
    for member in MemberPolicy.objects.values_list("owner", flat=True)[:9]:
        ActivityFactory(owner_id=member, type="volunteering", start_date=ON, end_date=ON)
    comparison_compute()
    assert not Comparison.objects.filter(category="volunteering").exists()
    assert Comparison.objects.get(category="all").median > expected(EVENT_HOURS)[1]


def test_the_page_shows_the_figures_beside_yours(ten, owner_client):
    call_command("compute_cpd_comparison", stdout=None)
    response = owner_client.get(reverse("cpd:index"))
    page = response.content.decode()
    assert "How you compare" in page
    assert "by the 10 members who follow IET: Professionally active" in page
    assert f"worked out on {TODAY:%-d %B %Y}" in page
    row = '<tr><th scope="row">All types</th><td class="numeric">3</td>'
    assert row + '<td class="numeric">9</td><td class="numeric">16.5</td>' in page
    # The drawing has its text equivalent.
    text = "All types: you 3 hours; the middle half of members 9 to 27.75, median 16.5"
    assert text in page
    assert SENTENCE not in page


def test_computing_again_replaces_the_figures(ten):
    comparison_compute()
    first = Comparison.objects.get(category="all")
    follower(100, member=ten)
    comparison_compute()
    again = Comparison.objects.get(category="all")
    assert again.pk != first.pk
    assert again.upper_quartile > first.upper_quartile
    MemberPolicy.objects.filter(owner=ten).delete()
    comparison_compute()
    assert not Comparison.objects.exists()


def test_figures_stay_hidden_from_members_of_other_policies(ten, other_member, other_client):
    MemberPolicy.objects.create(owner=other_member, policy=Policy.objects.get(code="ei-member"))
    comparison_compute()
    page = other_client.get(reverse("cpd:index")).content.decode()
    assert "16.5" not in page
    assert "Too few members follow Engineers Ireland" in page or "to compare: at least 10" in page


def test_queries_do_not_grow_with_members(ten):
    few = count_queries(comparison_compute)
    for hours in range(40):
        follower(hours % 7 + 1)
    many = count_queries(comparison_compute)
    assert few == many, f"{few} queries for 10 members, {many} for 50"
    assert Comparison.objects.get(category="all").members == 50


def test_the_overview_reads_one_query_more_at_most(ten, owner_client):
    url = reverse("cpd:index")
    owner_client.get(url)
    without = count_queries(lambda: owner_client.get(url))
    comparison_compute()
    owner_client.get(url)
    with_figures = count_queries(lambda: owner_client.get(url))
    assert with_figures == without
    assert with_figures <= 9
