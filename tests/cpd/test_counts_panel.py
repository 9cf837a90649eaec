"""Does this count? The panel beside the activity form and on the activity's page.

Every shipped policy is checked: what the panel says an activity adds is what the engine
counts with it and without it, and saving the activity then moves the member's position by
exactly that much.
"""

import html
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careermanager.core.formatting import format_date, hours, hours_phrase
from careermanager.core.models import AuditEvent
from careermanager.cpd import compliance, counting, engine
from careermanager.cpd.models import Activity, Institution, MemberPolicy, Policy, Topic
from careermanager.cpd.policy_data import read_policy_file
from careermanager.cpd.queries import cpd_in_period
from tests.cpd.factories import ActivityFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

CODES = [
    policy["code"]
    for institution in read_policy_file()["institutions"]
    for policy in institution["policies"]
]
COUNTS_URL = reverse("cpd:activity-counts")


def today() -> date:
    return timezone.localdate()


def new_year() -> date:
    """The first day of this year: always in the current period and never in the future."""
    return date(today().year, 1, 1)


def text_of(response) -> str:
    """The page's words as a member reads them, without markup."""
    content = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(content)).strip()


def follow(owner, code: str) -> Policy:
    policy = Policy.objects.get(code=code)
    MemberPolicy.objects.create(owner=owner, policy=policy)
    return policy


def spec_of(policy: Policy) -> engine.PolicySpec:
    return compliance.policy_spec(Policy.objects.with_rules().get(pk=policy.pk))


def current_period(policy: Policy) -> engine.Period:
    return engine.Period.ending_in(today().year, policy.period_years)


def engine_difference(owner, policy: Policy, item: engine.Item, *, replacing: str = "") -> Decimal:
    """The engine's own answer: counted hours with the item minus counted hours without it."""
    period = current_period(policy)
    items = [
        each
        for each in compliance.engine_items(cpd_in_period(owner, period.start, period.end))
        if each.key != replacing
    ]
    spec = spec_of(policy)
    without = engine.evaluate(spec, items, period=period).counted_hours
    with_it = engine.evaluate(spec, [*items, item], period=period).counted_hours
    return with_it - without


def proposed_item(category: str, amount: str, day: date | None = None) -> engine.Item:
    return engine.Item(
        key="proposed",
        title="Proposed",
        category=category,
        completed_on=day or new_year(),
        hours=Decimal(amount),
        has_reflection=False,
    )


def form_data(category: str, amount: str, day: date | None = None, **extra) -> dict:
    return {
        "type": category,
        "title": "Proposed activity",
        "start_date": (day or new_year()).isoformat(),
        "hours": amount,
        **extra,
    }


def the_count(owner, data: dict, policy: Policy, *, activity=None) -> counting.PolicyCount:
    """What counting says for the form's data, straight from the module."""
    from careermanager.cpd.views.counts import CountsForm

    form = CountsForm(data)
    form.is_valid()
    proposal, missing = counting.proposal_from(
        form.cleaned_data,
        activity=activity,
        topic_names=[(t.code, t.name) for t in form.cleaned_data.get("topics") or ()],
    )
    assert not missing
    counts = counting.what_counts(owner, proposal, today=today())
    return next(count for count in counts.policies if count.policy.pk == policy.pk)


def counted_total(owner, policy: Policy) -> Decimal:
    (status,) = [
        s
        for s in compliance.evaluate_followed(owner, year=today().year, today=today())
        if s.policy.pk == policy.pk
    ]
    return status.evaluation.counted_hours


@pytest.fixture(params=CODES)
def member(request, owner):
    """The owner following one shipped policy, with a few hours already recorded."""
    policy = follow(owner, request.param)
    ActivityFactory(owner=owner, type="event", start_date=new_year(), hours=Decimal("5"))
    ActivityFactory(owner=owner, type="self_study", start_date=new_year(), hours=Decimal("3"))
    return owner, policy


# Every policy: counts fully, partly under a full cap, not outside the period, reflection ---


def test_an_activity_that_counts_in_full(member, owner_client):
    owner, policy = member
    before = counted_total(owner, policy)
    expected = engine_difference(owner, policy, proposed_item("event", "2"))
    assert expected == Decimal("2")

    response = owner_client.post(COUNTS_URL, form_data("event", "2"))
    assert response.status_code == 200
    text = text_of(response)
    count = the_count(owner, form_data("event", "2"), policy)
    assert count.counted == count.added == expected
    label = current_period(policy).label
    assert f"All 2 hours count towards {label}." in text
    assert str(policy) in text
    assert "Type: Event or seminar." in text
    total = before + expected
    if policy.total_minimum_hours:
        assert (
            f"Brings you to {hours(total)} of {hours_phrase(policy.total_minimum_hours)} "
            f"for {label}" in text
        )
    else:
        assert f"Brings you to {hours_phrase(total)} that count for {label}." in text

    # Saving it moves the member's position by exactly what the panel said.
    owner_client.post(reverse("cpd:activity-add"), form_data("event", "2"))
    assert counted_total(owner, policy) == total


def _fillable_caps(policy: Policy) -> list[tuple[engine.Rule, str]]:
    """Each cap with the category it selects that the fewest other caps also select."""
    spec = spec_of(policy)
    chosen = []
    for cap in spec.caps:
        categories = sorted(cap.categories) or ["event"]
        category = min(
            categories,
            key=lambda c: sum(
                1 for other in spec.caps if not other.categories or c in other.categories
            ),
        )
        chosen.append((cap, category))
    return chosen


def test_an_activity_that_counts_in_part_when_a_cap_fills(member, owner_client):
    owner, policy = member
    caps = _fillable_caps(policy)
    if not caps:
        # No limit: however many hours, all of them count.
        expected = engine_difference(owner, policy, proposed_item("work_experience", "1500"))
        assert expected == Decimal("1500")
        count = the_count(owner, form_data("work_experience", "1500"), policy)
        assert count.counted == expected
        text = text_of(owner_client.post(COUNTS_URL, form_data("work_experience", "1500")))
        assert "All 1,500 hours count" in text
        assert "is full" not in text
        return
    for cap, category in caps:
        period = current_period(policy)
        recorded = sum(
            (
                item.hours
                for item in compliance.engine_items(cpd_in_period(owner, period.start, period.end))
                if cap.selects(item)
            ),
            Decimal(0),
        )
        filler = ActivityFactory(
            owner=owner, type=category, start_date=new_year(), hours=cap.hours - recorded - 1
        )
        expected = engine_difference(owner, policy, proposed_item(category, "3"))
        assert Decimal("0") < expected < Decimal("3"), cap.label

        count = the_count(owner, form_data(category, "3"), policy)
        assert count.counted == count.added == expected
        assert count.left_out is not None
        assert count.left_out.cap.label == cap.label

        text = text_of(owner_client.post(COUNTS_URL, form_data(category, "3")))
        label = current_period(policy).label
        assert f"{hours(expected)} of its 3 hours count towards {label}." in text
        assert "Partly counts" in text
        name = cap.label[:1].lower() + cap.label[1:]
        assert (
            f"{hours_phrase(3 - expected).capitalize()} will not count: the limit of "
            f"{hours_phrase(cap.hours)} on {name} is full." in text
        )
        filler.delete()


def test_an_activity_outside_the_current_period_does_not_count_towards_it(member, owner_client):
    owner, policy = member
    period = current_period(policy)
    earlier = date(period.start.year - 1, 6, 1)
    assert engine_difference(owner, policy, proposed_item("event", "4", earlier)) == 0

    count = the_count(owner, form_data("event", "4", earlier), policy)
    assert count.where == counting.EARLIER
    assert count.counted_now == 0
    text = text_of(owner_client.post(COUNTS_URL, form_data("event", "4", earlier)))
    assert "Not in your current period" in text
    assert f"before your current period ({period.label}) began, so it does not count" in text
    assert "It falls in the period " in text


def test_an_activity_ending_after_the_current_period(member, owner_client):
    owner, policy = member
    period = current_period(policy)
    later = date(period.end.year + 1, 1, 10)
    data = form_data("event", "4", today(), end_date=later.isoformat())
    count = the_count(owner, data, policy)
    assert count.where == counting.LATER
    assert count.counted_now == 0
    text = text_of(owner_client.post(COUNTS_URL, data))
    assert f"after your current period ({period.label}) ends, so it does not count" in text
    assert f"Its end date, {format_date(later)}, is after today." in text


def test_an_activity_that_needs_a_reflection(member, owner_client):
    owner, policy = member
    text = text_of(owner_client.post(COUNTS_URL, form_data("event", "2")))
    saved = ActivityFactory(owner=owner, type="event", start_date=new_year(), reflected=True)
    detail = text_of(owner_client.get(reverse("cpd:activity-detail", args=[saved.pk])))
    if policy.requires_reflection:
        assert "Counts once you add a reflection" in text
        assert "it counts once you add a reflection." in text
    else:
        assert "reflection" not in text.lower()
    assert "counts once you add a reflection" not in detail.lower()


# Changing a saved activity replaces it; drafts; topics -----------------------------------


def test_a_changed_activity_is_counted_once(owner, owner_client):
    policy = follow(owner, "iet-active")
    saved = ActivityFactory(owner=owner, type="event", start_date=new_year(), hours=Decimal("10"))
    url = reverse("cpd:activity-counts-edit", args=[saved.pk])
    expected = engine_difference(
        owner, policy, proposed_item("event", "12"), replacing=f"activity:{saved.pk}"
    )
    assert expected == 12
    text = text_of(owner_client.post(url, form_data("event", "12")))
    assert f"Brings you to 12 of 30 hours for {today().year}." in text
    count = the_count(owner, form_data("event", "12"), policy, activity=saved)
    assert count.counted == 12
    assert count.after.counted_hours == 12


def test_a_calendar_draft_counts_once_confirmed(owner, owner_client):
    follow(owner, "iet-active")
    draft = ActivityFactory(owner=owner, draft=True, start_date=new_year())
    url = reverse("cpd:activity-counts-edit", args=[draft.pk])
    text = text_of(owner_client.post(url, form_data("event", "2")))
    assert "Counts once confirmed" in text
    assert "calendar events count once you confirm them" in text
    assert "Once confirmed, it brings you to 2 of 30 hours" in text


def test_topics_decide_which_minimums_it_counts_towards(owner, owner_client):
    follow(owner, "ea-chartered")
    risk = Topic.objects.get(code="risk-management")
    text = text_of(owner_client.post(COUNTS_URL, form_data("event", "4")))
    assert "It has none of the topics this policy counts separately" in text
    text = text_of(owner_client.post(COUNTS_URL, form_data("event", "4", topics=[risk.pk])))
    assert "Counts towards the minimum for risk management." in text
    assert "Topics this policy counts: Risk management." in text
    assert "Brings risk management to 4 of 10 hours." in text
    ActivityFactory(owner=owner, start_date=new_year(), hours=Decimal("8")).topics.add(risk)
    text = text_of(owner_client.post(COUNTS_URL, form_data("event", "4", topics=[risk.pk])))
    assert "Meets the risk management minimum of 10 hours." in text


# Carry-over --------------------------------------------------------------------------------


@pytest.fixture
def carrying_member(owner):
    """The owner following a policy that carries up to 8 hours above 30 into the next year."""
    institution = Institution.objects.create(
        code="example-institution", name="Example Institution", short_name="EXI", order=90
    )
    policy = Policy.objects.create(
        institution=institution,
        code="exi-member",
        name="Members",
        total_minimum_hours=Decimal(30),
        carry_over_max_hours=Decimal(8),
    )
    MemberPolicy.objects.create(owner=owner, policy=policy)
    return owner


def test_hours_carried_over_are_part_of_where_you_stand(carrying_member, owner_client):
    owner = carrying_member
    year = today().year
    ActivityFactory(owner=owner, start_date=date(year - 1, 3, 1), hours=Decimal(42))
    ActivityFactory(owner=owner, start_date=new_year(), hours=Decimal(20))
    text = text_of(owner_client.post(COUNTS_URL, form_data("event", "2")))
    assert (
        f"Brings you to 30 of 30 hours for {year} (with 8 hours carried over), which meets "
        "the total." in text
    )
    owner_client.post(reverse("cpd:activity-add"), form_data("event", "2"))
    (status,) = compliance.evaluate_followed(owner, year=year, today=today())
    assert status.evaluation.total_hours == 30


def test_an_earlier_activity_can_reach_the_current_period_through_carry_over(
    carrying_member, owner_client
):
    owner = carrying_member
    year = today().year
    ActivityFactory(owner=owner, start_date=date(year - 1, 3, 1), hours=Decimal(32))
    ActivityFactory(owner=owner, start_date=new_year(), hours=Decimal(20))
    last_year = date(year - 1, 6, 1)
    text = text_of(owner_client.post(COUNTS_URL, form_data("event", "5", last_year)))
    assert "Not in your current period" in text
    assert "so it does not count towards it directly." in text
    assert (
        f"Through carry-over it adds 5 hours to your current period: 27 of 30 hours for {year}."
        in text
    )
    owner_client.post(reverse("cpd:activity-add"), form_data("event", "5", last_year))
    (status,) = compliance.evaluate_followed(owner, year=year, today=today())
    assert status.evaluation.total_hours == 27


# The endpoint ------------------------------------------------------------------------------


def test_an_incomplete_form_says_what_is_still_needed(owner, owner_client):
    follow(owner, "iet-active")
    text = text_of(owner_client.post(COUNTS_URL, {}))
    assert text == "Add the type, date and hours to see what this counts towards."
    text = text_of(owner_client.post(COUNTS_URL, {"type": "event", "hours": "nonsense"}))
    assert text == "Add the date and hours to see what this counts towards."
    text = text_of(owner_client.post(COUNTS_URL, {"type": "event", "start_date": "2026-02-30"}))
    assert text == "Add the date and hours to see what this counts towards."


def test_a_member_without_a_policy_is_offered_one(owner, owner_client):
    response = owner_client.post(COUNTS_URL, form_data("event", "2"))
    assert "You do not follow a CPD policy yet." in text_of(response)
    assert reverse("cpd:policy-choose") in response.content.decode()


def test_another_members_activity_is_not_found(owner, other_client):
    saved = ActivityFactory(owner=owner)
    url = reverse("cpd:activity-counts-edit", args=[saved.pk])
    assert other_client.post(url, form_data("event", "2")).status_code == 404


def test_get_is_not_allowed(owner, owner_client):
    saved = ActivityFactory(owner=owner)
    assert owner_client.get(COUNTS_URL).status_code == 405
    assert owner_client.get(reverse("cpd:activity-counts-edit", args=[saved.pk])).status_code == 405


def test_the_endpoint_writes_nothing(owner, owner_client):
    follow(owner, "ea-chartered")
    saved = ActivityFactory(owner=owner, start_date=new_year())
    tables = (Activity, AuditEvent, MemberPolicy)
    before = [model.objects.count() for model in tables]
    with CaptureQueriesContext(connection) as queries:
        owner_client.post(COUNTS_URL, form_data("event", "2"))
        owner_client.post(
            reverse("cpd:activity-counts-edit", args=[saved.pk]), form_data("event", "9")
        )
    assert [model.objects.count() for model in tables] == before
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]  # the session's expiry moves on each request
    ]
    assert writes == []
    saved.refresh_from_db()
    assert saved.hours == Decimal("2.00")


def test_queries_stay_flat_from_ten_to_two_hundred_activities(owner, owner_client):
    for code in ("iet-active", "engc-registrant", "ea-chartered"):
        follow(owner, code)
    risk = Topic.objects.get(code="risk-management")

    def add(count: int) -> None:
        made = Activity.objects.bulk_create(
            Activity(
                owner=owner,
                type=("event", "work_experience", "self_study")[n % 3],
                title=f"Activity {n}",
                start_date=date(today().year - n % 4, 1, 1),
                end_date=date(today().year - n % 4, 1, 1),
                hours=Decimal("1.5"),
            )
            for n in range(count)
        )
        Activity.topics.through.objects.bulk_create(
            Activity.topics.through(activity_id=a.pk, topic_id=risk.pk) for a in made[::2]
        )

    add(10)
    saved = Activity.objects.owned_by(owner).first()
    edit_url = reverse("cpd:activity-counts-edit", args=[saved.pk])
    detail_url = reverse("cpd:activity-detail", args=[saved.pk])
    data = form_data("event", "2", topics=[risk.pk])

    def measure() -> list[int]:
        return [
            count_queries(lambda: owner_client.post(COUNTS_URL, data)),
            count_queries(lambda: owner_client.post(edit_url, data)),
            count_queries(lambda: owner_client.get(detail_url)),
        ]

    measure()  # warm the caches shared between requests
    small = measure()
    add(190)
    measure()  # the policies shared between requests are read again after any write
    assert measure() == small


# The pages ---------------------------------------------------------------------------------


def test_the_activity_page_shows_what_it_counts_towards(owner, owner_client):
    follow(owner, "iet-active")
    saved = ActivityFactory(owner=owner, start_date=new_year(), hours=Decimal("3"))
    text = text_of(owner_client.get(reverse("cpd:activity-detail", args=[saved.pk])))
    assert "What this counts towards" in text
    assert f"All 3 hours count towards {today().year}." in text
    assert f"With it you have 3 of 30 hours for {today().year}." in text


def test_the_activity_page_without_a_policy_links_to_choosing_one(owner, owner_client):
    saved = ActivityFactory(owner=owner)
    response = owner_client.get(reverse("cpd:activity-detail", args=[saved.pk]))
    assert "You do not follow a CPD policy yet." in text_of(response)
    assert reverse("cpd:policy-choose") in response.content.decode()


def test_the_forms_ask_for_the_panel_as_the_member_types(owner, owner_client):
    content = owner_client.get(reverse("cpd:activity-add")).content.decode()
    assert f'hx-post="{COUNTS_URL}"' in content
    assert 'hx-trigger="load, change, keyup changed delay:500ms"' in content
    assert 'id="counts-panel" aria-live="polite"' in content
    assert "Does this count?" in content
    saved = ActivityFactory(owner=owner)
    content = owner_client.get(reverse("cpd:activity-edit", args=[saved.pk])).content.decode()
    assert f'hx-post="{reverse("cpd:activity-counts-edit", args=[saved.pk])}"' in content
