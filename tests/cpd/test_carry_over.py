"""Carry-over: hours above a policy's total minimum counted towards the next period's total."""

import copy
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from careermanager.cpd.compliance import evaluate_followed, period_to_check, policy_spec
from careermanager.cpd.engine import (
    ZERO,
    CarryOver,
    Item,
    Period,
    PolicySpec,
    Rule,
    carried_in,
    evaluate,
)
from careermanager.cpd.models import Activity, Institution, MemberPolicy, Policy
from careermanager.cpd.policy_data import (
    PolicyDataError,
    load_carry_over,
    load_policies,
    read_policy_file,
    validate_policy_data,
)
from careermanager.profiles.models import Training
from tests.cpd.factories import ActivityFactory
from tests.queries import assert_flat_queries, count_queries

YEAR = 2026
PERIOD = Period.ending_in(YEAR)
LAST = YEAR - 1

CARRY = PolicySpec(
    code="carry",
    name="Example: 30 hours a year, up to 8 carried over",
    total_minimum=Decimal(30),
    carry_over=CarryOver(max_hours=Decimal(8)),
)


def item(hours, year=YEAR, *, category="event", month=6, key=None):
    item.counter = getattr(item, "counter", 0) + 1
    return Item(
        key=key or f"activity:{item.counter}",
        title=f"Item {item.counter}",
        category=category,
        completed_on=date(year, month, 1),
        hours=Decimal(str(hours)),
    )


# The engine, over hand-built data.


def test_without_carry_over_nothing_changes():
    plain = PolicySpec(code="plain", name="Plain", total_minimum=Decimal(30))
    result = evaluate(plain, [item(42, LAST), item(20)], period=PERIOD)
    assert result.carried_in is None
    assert result.carried_hours == ZERO
    assert result.counted_hours == result.total_hours == 20
    assert not result.total_met
    assert result.total_remaining == 10


def test_surplus_above_the_limit_carries_the_limit():
    result = evaluate(CARRY, [item(42, LAST), item(20)], period=PERIOD)
    assert result.carried_hours == 8
    assert result.counted_hours == 20  # its own hours; carried ones are apart
    assert result.total_hours == 28
    assert result.total_remaining == 2
    assert result.progress_percent == 93
    assert result.carried_in.explanation == (
        "8 hours carried over from 2025 (12 above the target, at most 8 may be carried over).",
    )


def test_surplus_below_the_limit_carries_all_of_it():
    result = evaluate(CARRY, [item(35, LAST), item(25)], period=PERIOD)
    assert result.carried_hours == 5
    assert result.total_met
    assert result.compliant
    assert result.carried_in.explanation == (
        "5 hours carried over from 2025 (5 above the target, at most 8 may be carried over).",
    )


def test_one_hour_reads_in_the_singular():
    result = evaluate(CARRY, [item(31, LAST)], period=PERIOD)
    assert result.carried_in.explanation[0].startswith("1 hour carried over from 2025 (1 above")


def test_no_previous_records_carries_nothing():
    """A member new to the policy this year: nothing recorded before, nothing carried."""
    result = evaluate(CARRY, [item(20)], period=PERIOD)
    assert result.carried_hours == ZERO
    assert result.total_hours == 20
    assert result.carried_in.explanation == (
        "Nothing carried over from 2025: no CPD was recorded in that period.",
    )


def test_previous_period_short_carries_nothing():
    result = evaluate(CARRY, [item(24, LAST), item(20)], period=PERIOD)
    assert result.carried_hours == ZERO
    assert result.carried_in.explanation == (
        "Nothing carried over from 2025: 24 hours counted there, not more than the 30 required.",
    )


def test_previous_period_exactly_on_target_carries_nothing():
    result = evaluate(CARRY, [item(30, LAST)], period=PERIOD)
    assert result.carried_hours == ZERO


def test_caps_in_the_previous_period_reduce_the_surplus():
    capped = PolicySpec(
        code="capped",
        name="Capped",
        total_minimum=Decimal(30),
        rules=(
            Rule("maximum", "Private study", Decimal(10), categories=frozenset({"self_study"})),
        ),
        carry_over=CarryOver(max_hours=Decimal(8)),
    )
    # 2025: 25 of events + 20 of self-study, of which 10 count: 35 count, 5 above the target.
    items = [item(25, LAST), item(20, LAST, category="self_study"), item(10)]
    result = evaluate(capped, items, period=PERIOD)
    assert result.carried_hours == 5
    (source,) = result.carried_in.sources
    assert source.counted == 35
    assert source.surplus == 5


def test_hours_carried_in_are_not_carried_again():
    # 2024 is 8 above; 2025 has 30 of its own plus 8 carried in; only its own count as surplus.
    items = [item(38, LAST - 1), item(30, LAST), item(10)]
    result = evaluate(CARRY, items, period=PERIOD)
    assert result.carried_hours == ZERO
    assert evaluate(CARRY, items, period=Period.ending_in(LAST)).carried_hours == 8


def test_carried_hours_count_towards_the_total_only():
    spec = PolicySpec(
        code="topics",
        name="With a minimum on a topic",
        total_minimum=Decimal(30),
        rules=(Rule("minimum", "Risk", Decimal(5), topics=frozenset({"risk"})),),
        carry_over=CarryOver(max_hours=Decimal(8)),
    )
    risky = Item(
        "activity:risk", "Risk", "event", date(LAST, 3, 1), Decimal(40), frozenset({"risk"})
    )
    result = evaluate(spec, [risky, item(25)], period=PERIOD)
    assert result.carried_hours == 8
    assert result.total_met
    (minimum,) = result.minimums
    assert minimum.counted == ZERO  # carried hours are not on a topic
    assert not minimum.met
    assert not result.compliant


def test_a_period_of_several_years_carries_from_the_three_years_before():
    spec = PolicySpec(
        code="three",
        name="150 hours over three years",
        period_years=3,
        total_minimum=Decimal(150),
        carry_over=CarryOver(max_hours=Decimal(20)),
    )
    period = Period.ending_in(YEAR, 3)  # 2024 to 2026
    items = [item(60, 2021), item(60, 2022), item(60, 2023), item(100, 2024), item(5, 2020)]
    result = evaluate(spec, items, period=period)
    (source,) = result.carried_in.sources
    assert source.period == Period.ending_in(2023, 3)  # 2021 to 2023; 2020 is outside it
    assert source.surplus == 30
    assert result.carried_hours == 20
    assert result.total_hours == 120
    assert result.carried_in.explanation == (
        "20 hours carried over from 2021 to 2023 "
        "(30 above the target, at most 20 may be carried over).",
    )


def test_carried_hours_lower_the_pace_still_needed():
    result = evaluate(CARRY, [item(50, LAST), item(10)], period=PERIOD, today=date(YEAR, 12, 1))
    assert result.forecast.hours_needed == 12  # 30 - 10 - 8


def test_two_periods_back_uses_the_oldest_surplus_first():
    spec = PolicySpec(
        code="two",
        name="Two years back",
        total_minimum=Decimal(30),
        carry_over=CarryOver(max_hours=Decimal(8), periods=2),
    )
    # 2024: 36 (6 above); 2025: 27, which needs 3 of 2024's 6; 2026 takes the 3 left from 2024
    # and 2025 has none.
    result = evaluate(spec, [item(36, 2024), item(27, 2025), item(10)], period=PERIOD)
    older, newer = result.carried_in.sources
    assert (older.surplus, older.used_earlier, older.hours) == (6, 3, 3)
    assert newer.hours == ZERO
    assert result.carried_hours == 3
    assert result.carried_in.explanation == (
        "3 hours carried over from 2024 (6 above the target, 3 of them used before this "
        "period, at most 8 may be carried over).",
        "Nothing carried over from 2025: 27 hours counted there, not more than the 30 required.",
    )


def test_the_limit_holds_across_periods():
    spec = PolicySpec(
        code="two",
        name="Two years back",
        total_minimum=Decimal(30),
        carry_over=CarryOver(max_hours=Decimal(8), periods=2),
    )
    result = evaluate(spec, [item(36, 2024), item(40, 2025)], period=PERIOD)
    assert [source.hours for source in result.carried_in.sources] == [6, 2]
    assert result.carried_hours == 8


def test_carried_in_from_given_results():
    """The pure function, given the earlier period's result."""
    earlier = Period.ending_in(LAST)
    previous = evaluate(
        PolicySpec("p", "P", total_minimum=Decimal(30)), [item(50, LAST)], period=earlier
    )
    carried = carried_in(CARRY, [(earlier, previous)])
    assert carried.hours == 8
    with pytest.raises(ValueError, match="Only a policy with carry-over"):
        carried_in(PolicySpec("p", "P"), [(earlier, previous)])


def test_carry_over_needs_hours():
    with pytest.raises(ValueError, match="positive number"):
        CarryOver(max_hours=ZERO)
    with pytest.raises(ValueError, match="positive number"):
        CarryOver(max_hours=Decimal(8), periods=0)


def test_a_leap_day_period_goes_back_a_year():
    assert Period(date(2024, 2, 29), date(2024, 12, 31)).years_before(1) == Period(
        date(2023, 2, 28), date(2023, 12, 31)
    )


# The policy file.


def carrying_file(**carry):
    data = copy.deepcopy(read_policy_file())
    data["institutions"][0]["policies"][0]["carry_over"] = carry
    return data


def test_the_shipped_file_is_valid_and_carries_nothing():
    """No shipped institution's published policy was found to allow carry-over."""
    data = read_policy_file()
    validate_policy_data(data)
    assert not any(
        policy.get("carry_over")
        for institution in data["institutions"]
        for policy in institution["policies"]
    )


@pytest.mark.parametrize(
    ("carry", "message"),
    [
        ({}, "needs max_hours"),
        ({"max_hours": "0"}, "max_hours must be a number of hours above 0, not '0'"),
        ({"max_hours": "lots"}, "max_hours must be a number of hours above 0"),
        ({"max_hours": "8", "periods": 0}, "periods must be a whole number from 1 to 5, not 0"),
        ({"max_hours": "8", "periods": "1"}, "periods must be a whole number"),
        ({"max_hours": "8", "limit": 3}, "unknown keys limit"),
        ({"max_hours": "8", "source": "theiet.org"}, "source must be the web address"),
    ],
)
def test_the_file_is_checked_with_clear_errors(carry, message):
    with pytest.raises(PolicyDataError) as error:
        validate_policy_data(carrying_file(**carry))
    assert "Policy 'iet-active': carry_over" in str(error.value)
    assert message in str(error.value)


def test_carry_over_needs_a_total_minimum_in_the_file():
    data = copy.deepcopy(read_policy_file())
    data["institutions"][1]["policies"][0]["carry_over"] = {"max_hours": "8"}
    with pytest.raises(PolicyDataError, match=r"'engc-registrant'.*needs total_minimum_hours"):
        validate_policy_data(data)


@pytest.mark.django_db
def test_a_file_change_reaches_an_existing_database_through_the_data_migration():
    """The policies are in the database already: load_policies leaves them alone, and the
    carry-over step (run by migration 0006) sets the limit where a policy has none."""
    data = carrying_file(max_hours="8", periods=1, source="https://example.org/cpd-policy")
    load_policies(lambda name: Policy if name == "Policy" else _model(name), data)
    assert Policy.objects.get(code="iet-active").carry_over_max_hours is None
    load_carry_over(lambda name: Policy, data)
    policy = Policy.objects.get(code="iet-active")
    assert policy.carry_over_max_hours == 8
    assert policy.carry_over_periods == 1
    # A limit an administrator has set is kept.
    Policy.objects.filter(pk=policy.pk).update(carry_over_max_hours=Decimal(5))
    load_carry_over(lambda name: Policy, data)
    assert Policy.objects.get(pk=policy.pk).carry_over_max_hours == 5


def _model(name):
    from django.apps import apps

    return apps.get_model("cpd", name)


@pytest.mark.django_db
def test_a_new_database_loads_carry_over_from_the_file():
    data = carrying_file(max_hours="8", periods=2)
    data["institutions"][0]["policies"][0]["code"] = "iet-carry"
    data["institutions"][0]["policies"] = data["institutions"][0]["policies"][:1]
    load_policies(_model, data)
    policy = Policy.objects.get(code="iet-carry")
    assert (policy.carry_over_max_hours, policy.carry_over_periods) == (8, 2)


# The model.


@pytest.mark.django_db
def test_the_model_refuses_carry_over_without_a_minimum():
    policy = Policy.objects.get(code="engc-registrant")
    policy.carry_over_max_hours = Decimal(8)
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert "Only hours above a minimum can carry over" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Policy.objects.filter(pk=policy.pk).update(carry_over_max_hours=Decimal(8))


@pytest.mark.django_db
def test_admin_shows_the_carry_over_fields(admin_client_2fa):
    policy = Policy.objects.get(code="iet-active")
    content = admin_client_2fa.get(
        reverse("admin:cpd_policy_change", args=[policy.pk])
    ).content.decode()
    assert "Hours that may be carried over" in content
    assert "Carried over from how many periods back" in content


# Through the database and the pages.

TODAY = timezone.localdate()


@pytest.fixture
def carrying_policy(db):
    institution = Institution.objects.create(
        code="example-institution", name="Example Institution", short_name="EXI", order=90
    )
    return Policy.objects.create(
        institution=institution,
        code="exi-member",
        name="Members",
        period_years=1,
        total_minimum_hours=Decimal(30),
        carry_over_max_hours=Decimal(8),
    )


@pytest.fixture
def carrying_member(owner, carrying_policy):
    MemberPolicy.objects.create(owner=owner, policy=carrying_policy)
    return owner


def test_policy_spec_reads_carry_over(carrying_policy):
    spec = policy_spec(Policy.objects.with_rules().get(pk=carrying_policy.pk))
    assert spec.carry_over == CarryOver(max_hours=Decimal(8), periods=1)
    assert policy_spec(Policy.objects.with_rules().get(code="iet-active")).carry_over is None


def test_period_to_check_reaches_back_for_carry_over(carrying_policy):
    iet = Policy.objects.get(code="iet-active")
    ea = Policy.objects.get(code="ea-chartered")
    assert period_to_check([iet], 2026) == Period.ending_in(2026)
    assert period_to_check([iet, carrying_policy], 2026) == Period.ending_in(2026, 2)
    assert period_to_check([ea, carrying_policy], 2026) == Period.ending_in(2026, 3)


def test_compliance_carries_hours_from_last_years_records(carrying_member):
    year = TODAY.year
    ActivityFactory(owner=carrying_member, start_date=date(year - 1, 3, 1), hours=Decimal(30))
    Training.objects.create(
        owner=carrying_member,
        title="HV switching",
        start_date=date(year - 1, 5, 1),
        hours=Decimal(12),
    )
    ActivityFactory(owner=carrying_member, start_date=date(year, 2, 1), hours=Decimal(20))
    ActivityFactory(owner=carrying_member, start_date=date(year - 2, 2, 1), hours=Decimal(90))
    (status,) = evaluate_followed(carrying_member, year=year, today=TODAY)
    evaluation = status.evaluation
    assert evaluation.counted_hours == 20
    assert evaluation.carried_hours == 8
    assert evaluation.total_hours == 28
    assert evaluation.carried_in.explanation == (
        f"8 hours carried over from {year - 1} (12 above the target, at most 8 may be "
        "carried over).",
    )


def test_drafts_do_not_carry_over(carrying_member):
    year = TODAY.year
    ActivityFactory(owner=carrying_member, start_date=date(year - 1, 3, 1), hours=Decimal(30))
    ActivityFactory(
        owner=carrying_member, start_date=date(year - 1, 4, 1), hours=Decimal(20), draft=True
    )
    (status,) = evaluate_followed(carrying_member, year=year, today=TODAY)
    assert status.evaluation.carried_hours == ZERO


def test_policies_page_shows_the_carried_line(carrying_member, owner_client):
    year = TODAY.year
    ActivityFactory(owner=carrying_member, start_date=date(year - 1, 3, 1), hours=Decimal(42))
    ActivityFactory(owner=carrying_member, start_date=date(year, 2, 1), hours=Decimal(20))
    content = owner_client.get(reverse("cpd:policies")).content.decode()
    assert "Carried over" in content
    assert "8 hours towards the total, from earlier periods" in content
    assert (
        f"8 hours carried over from {year - 1} (12 above the target, at most 8 may be "
        "carried over)." in content
    )
    assert "2 hours to go" in content


def test_policies_page_says_why_nothing_is_carried(carrying_member, owner_client):
    year = TODAY.year
    ActivityFactory(owner=carrying_member, start_date=date(year - 1, 3, 1), hours=Decimal(24))
    content = owner_client.get(reverse("cpd:policies")).content.decode()
    assert (
        f"Nothing carried over from {year - 1}: 24 hours counted there, not more than the 30 "
        "required." in content
    )


def test_policies_page_without_carry_over_has_no_carried_line(owner, owner_client):
    MemberPolicy.objects.create(owner=owner, policy=Policy.objects.get(code="iet-active"))
    ActivityFactory(owner=owner, start_date=date(TODAY.year - 1, 3, 1), hours=Decimal(42))
    content = owner_client.get(reverse("cpd:policies")).content.decode()
    assert "carried over" not in content.lower()


@pytest.mark.parametrize("url", ["cpd:index", "cpd:dashboard", "core:home"])
def test_overview_pages_show_the_carried_hours(carrying_member, owner_client, url):
    year = TODAY.year
    ActivityFactory(owner=carrying_member, start_date=date(year - 1, 3, 1), hours=Decimal(42))
    ActivityFactory(owner=carrying_member, start_date=date(year, 2, 1), hours=Decimal(20))
    content = owner_client.get(reverse(url)).content.decode()
    assert "28 of 30 hours, including 8 hours carried over" in content
    assert f"8 hours carried over from {year - 1} (12 above the target" in content


# Query counts.


def add_activities(owner, count: int) -> None:
    """`count` activities spread over this year and last."""
    Activity.objects.bulk_create(
        Activity(
            owner=owner,
            type=Activity.Type.EVENT,
            title=f"Activity {index}",
            start_date=TODAY - timedelta(days=index % 700),
            end_date=TODAY - timedelta(days=index % 700),
            hours=Decimal("1.5"),
        )
        for index in range(count)
    )


@pytest.mark.parametrize("url", ["cpd:policies", "cpd:index", "cpd:dashboard", "core:home"])
def test_flat_from_ten_to_three_hundred_activities_over_two_years(
    carrying_member, owner_client, url
):
    add_activities(carrying_member, 10)

    def grow():
        add_activities(carrying_member, 290)
        owner_client.get(reverse(url))  # the shared policies are read again once, after a change

    assert_flat_queries(owner_client, reverse(url), grow=grow)


@pytest.mark.parametrize("url", ["cpd:policies", "cpd:index", "core:home"])
def test_carry_over_reads_no_more_queries_than_a_policy_without(
    carrying_policy, owner, other_member, owner_client, other_client, url
):
    MemberPolicy.objects.create(owner=owner, policy=carrying_policy)
    MemberPolicy.objects.create(owner=other_member, policy=Policy.objects.get(code="iet-active"))
    add_activities(owner, 50)
    add_activities(other_member, 50)
    owner_client.get(reverse(url))
    other_client.get(reverse(url))
    carrying = count_queries(lambda: owner_client.get(reverse(url)))
    plain = count_queries(lambda: other_client.get(reverse(url)))
    assert carrying == plain


def test_help_page_explains_carry_over(owner_client):
    content = owner_client.get(reverse("core:help-page", args=["cpd"])).content.decode()
    assert "Some policies let hours above the target carry over into the next period" in content
