"""Pages read a fixed number of queries however much CPD a member has (10 to 5,000)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from careermanager.cpd.models import Activity, MemberPolicy, Policy, Topic
from careermanager.profiles.models import Training
from tests.cpd.factories import FolderFactory
from tests.queries import assert_flat_queries

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def add_activities(owner, count: int, folders) -> None:
    types = list(Activity.Type)
    activities = Activity.objects.bulk_create(
        Activity(
            owner=owner,
            type=types[index % len(types)],
            title=f"Activity {index}",
            start_date=TODAY - timedelta(days=index % 1500),
            end_date=TODAY - timedelta(days=index % 1500),
            hours=Decimal("1.5"),
            folder=folders[index % len(folders)],
            reflection_learned="Something" if index % 2 else "",
        )
        for index in range(count)
    )
    topic = Topic.objects.get(code="area-of-practice")
    Activity.topics.through.objects.bulk_create(
        Activity.topics.through(activity_id=activity.pk, topic_id=topic.pk)
        for activity in activities[::3]
    )
    Training.objects.bulk_create(
        Training(
            owner=owner,
            title=f"Course {index}",
            start_date=TODAY - timedelta(days=index % 1000),
            hours=Decimal(7),
        )
        for index in range(count // 10)
    )


@pytest.fixture
def member(owner):
    for code in ("iet-active", "ea-chartered", "engc-registrant"):
        MemberPolicy.objects.create(owner=owner, policy=Policy.objects.get(code=code))
    folders = [FolderFactory(owner=owner, name=f"CPD {year}") for year in range(2020, 2027)]
    add_activities(owner, 10, folders)
    return owner, folders


@pytest.mark.parametrize(
    "url",
    [
        reverse("cpd:activity-list"),
        reverse("cpd:activity-list") + "?reflection=needed&type=event",
        reverse("cpd:dashboard"),
        reverse("cpd:index"),
        reverse("cpd:policies"),
        reverse("cpd:folder-list"),
        reverse("core:home"),
    ],
)
def test_flat_from_ten_to_five_thousand_activities(member, owner_client, url):
    owner, folders = member

    def grow():
        add_activities(owner, 4990, folders)
        # Made outside a request, the change raised the global data version: the next page
        # reads the shared policies again (3 queries), once per process; count the pages after.
        owner_client.get(url)

    count = assert_flat_queries(owner_client, url, grow=grow)
    # Every signed-in page starts from 2 (the session with the global data version; the user
    # with their role, authenticator and own data version). The policies with their rules
    # and the rules' topics are shared by every page and read once per process for each
    # global data version (cpd.compliance.all_policies), so a page asks only which the
    # member follows.
    ceiling = CEILINGS.get(url, 10)
    assert count <= ceiling, f"{url} uses {count} queries"
    print(f"{url}: {count} queries")


CEILINGS = {
    # Every app's panel: profile 1, competence 1, CPD 3 (the policies followed, with the
    # drafts; the CPD of the period: activities with their topics, then training and study
    # in one), development 1, declarations 1, registration 1.
    reverse("core:home"): 10,
    reverse("cpd:index"): 8,
    reverse("cpd:policies"): 9,
    reverse("cpd:activity-list"): 6,
}


def _cpd_panel(response) -> dict:
    return next(p for p in response.context["panels"] if p["template"] == "cpd/panel.html")


def test_a_new_activity_shows_on_the_home_page_at_once(member, owner_client):
    from careermanager.core.formatting import hours_phrase
    from careermanager.cpd.services import activity_create

    owner, _ = member
    before = _cpd_panel(owner_client.get(reverse("core:home")))["this_year"].hours
    activity_create(
        owner=owner,
        type=Activity.Type.EVENT,
        title="Arc-flash study course",
        start_date=TODAY,
        hours=Decimal("100"),
    )
    response = owner_client.get(reverse("core:home"))
    assert _cpd_panel(response)["this_year"].hours == before + 100
    assert hours_phrase(before + 100) in response.text
