"""The rule engine over plain data, for each policy shipped in data/policies.json."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careermanager.cpd.engine import ZERO, Item, Period, PolicySpec, Rule, evaluate
from careermanager.cpd.policy_data import read_policy_file

YEAR = 2025
PERIOD = Period.ending_in(YEAR)


def shipped(code: str) -> PolicySpec:
    """A policy exactly as data/policies.json ships it."""
    for institution in read_policy_file()["institutions"]:
        for policy in institution["policies"]:
            if policy["code"] == code:
                minimum = policy["total_minimum_hours"]
                return PolicySpec(
                    code=code,
                    name=policy["name"],
                    period_years=policy["period_years"],
                    total_minimum=None if minimum is None else Decimal(minimum),
                    requires_reflection=policy["requires_reflection"],
                    rules=tuple(
                        Rule(
                            kind=rule["kind"],
                            label=rule["label"],
                            hours=Decimal(rule["hours"]),
                            categories=frozenset(rule["categories"]),
                            topics=frozenset(rule["topics"]),
                        )
                        for rule in policy["rules"]
                    ),
                )
    raise LookupError(code)


def item(
    hours,
    category="event",
    *,
    on=date(YEAR, 6, 1),
    topics=(),
    reflected: bool | None = True,
    key=None,
):
    item.counter = getattr(item, "counter", 0) + 1
    return Item(
        key=key or f"activity:{item.counter}",
        title=f"Item {item.counter}",
        category=category,
        completed_on=on,
        hours=Decimal(str(hours)),
        topics=frozenset(topics),
        has_reflection=reflected,
    )


class TestIet:
    def test_thirty_hours_meets_the_active_policy(self):
        result = evaluate(shipped("iet-active"), [item(20), item(10, "training")], period=PERIOD)
        assert result.compliant
        assert result.counted_hours == Decimal(30)

    def test_twenty_nine_and_a_half_hours_does_not(self):
        result = evaluate(shipped("iet-active"), [item("29.5")], period=PERIOD)
        assert not result.compliant
        assert result.total_remaining == Decimal("0.5")

    def test_retired_members_need_ten_hours(self):
        items = [item(10, "volunteering")]
        assert evaluate(shipped("iet-retired"), items, period=PERIOD).compliant
        assert not evaluate(shipped("iet-active"), items, period=PERIOD).compliant

    def test_only_the_period_counts(self):
        items = [item(40, on=date(YEAR - 1, 12, 31)), item(40, on=date(YEAR + 1, 1, 1))]
        result = evaluate(shipped("iet-active"), items, period=PERIOD)
        assert result.recorded_hours == 0
        assert not result.compliant

    def test_forecast_for_the_current_year(self):
        result = evaluate(
            shipped("iet-active"), [item(12)], period=PERIOD, today=date(YEAR, 10, 15)
        )
        forecast = result.forecast
        assert forecast.hours_needed == Decimal(18)
        assert forecast.days_left == 78
        assert forecast.hours_per_week == Decimal("1.7")  # 18 * 7 / 78 = 1.62, rounded up

    def test_no_forecast_for_a_past_year(self):
        result = evaluate(
            shipped("iet-active"), [item(12)], period=PERIOD, today=date(YEAR + 1, 2, 1)
        )
        assert result.forecast is None


class TestEngineeringCouncil:
    def test_no_minimum_but_every_activity_needs_a_reflection(self):
        result = evaluate(shipped("engc-registrant"), [item(1), item(2)], period=PERIOD)
        assert result.compliant
        assert result.policy.total_minimum is None

    def test_one_activity_without_reflection_fails(self):
        missing = item(3, reflected=False)
        result = evaluate(shipped("engc-registrant"), [item(1), missing], period=PERIOD)
        assert not result.compliant
        assert result.missing_reflections == (missing,)

    def test_training_has_no_reflection_to_check(self):
        result = evaluate(
            shipped("engc-registrant"), [item(7, "training", reflected=None)], period=PERIOD
        )
        assert result.compliant

    def test_nothing_recorded_is_not_compliant(self):
        result = evaluate(shipped("engc-registrant"), [], period=PERIOD)
        assert result.nothing_recorded
        assert not result.compliant

    def test_forecast_counts_reflections_to_write(self):
        result = evaluate(
            shipped("engc-registrant"),
            [item(1, reflected=False), item(1, reflected=False)],
            period=PERIOD,
            today=date(YEAR, 3, 1),
        )
        assert result.forecast.reflections_needed == 2
        assert result.forecast.hours_needed == 0


class TestEngineersIreland:
    @pytest.mark.parametrize(("hours", "compliant"), [(35, True), ("34.99", False), (50, True)])
    def test_thirty_five_hours_a_year(self, hours, compliant):
        result = evaluate(shipped("ei-member"), [item(hours)], period=PERIOD)
        assert result.compliant is compliant


class TestEngineersAustralia:
    THREE_YEARS = Period.ending_in(YEAR, 3)

    def balanced(self):
        """150 hours over three years with every minimum met and no cap reached."""
        return [
            item(60, "training", on=date(YEAR - 2, 5, 1), topics={"area-of-practice"}),
            item(20, "event", on=date(YEAR - 1, 5, 1), topics={"risk-management"}),
            item(20, "event", on=date(YEAR - 1, 9, 1), topics={"business-management"}),
            item(50, "training", on=date(YEAR, 2, 1)),
        ]

    def test_three_year_period(self):
        assert self.THREE_YEARS.start == date(YEAR - 2, 1, 1)
        assert self.THREE_YEARS.end == date(YEAR, 12, 31)
        assert shipped("ea-chartered").period_years == 3

    def test_balanced_record_complies(self):
        result = evaluate(shipped("ea-chartered"), self.balanced(), period=self.THREE_YEARS)
        assert result.counted_hours == 150
        assert result.compliant

    def test_each_topic_minimum(self):
        items = [item(150, "training", topics={"area-of-practice"})]
        result = evaluate(shipped("ea-chartered"), items, period=self.THREE_YEARS)
        assert result.total_met
        assert not result.compliant
        remaining = {r.rule.label: r.remaining for r in result.minimums}
        assert remaining == {
            "Area of practice": 0,
            "Risk management": 10,
            "Business and management": 15,
        }

    def test_workplace_learning_capped_at_75(self):
        items = [item(100, "work_experience", on=date(YEAR, 1, 5))]
        result = evaluate(shipped("ea-chartered"), items, period=self.THREE_YEARS)
        assert result.recorded_hours == 100
        assert result.counted_hours == 75
        workplace = next(c for c in result.caps if c.rule.label == "Workplace learning")
        assert workplace.stopped == 25
        assert workplace.reached

    def test_combined_cap_on_workplace_learning_plus_private_study(self):
        items = [
            item(70, "work_experience", on=date(YEAR, 1, 5)),
            item(60, "self_study", on=date(YEAR, 2, 5)),
        ]
        result = evaluate(shipped("ea-chartered"), items, period=self.THREE_YEARS)
        assert result.counted_hours == 110
        assert result.counted_by_item[items[1].key] == 40
        combined = next(c for c in result.caps if "plus" in c.rule.label)
        assert combined.stopped == 20
        workplace = next(c for c in result.caps if c.rule.label == "Workplace learning")
        assert workplace.stopped == 0
        assert not workplace.reached

    def test_tightest_cap_is_the_one_reported(self):
        items = [
            item(40, "self_study", on=date(YEAR, 1, 1)),
            item(100, "work_experience", on=date(YEAR, 2, 1)),
        ]
        result = evaluate(shipped("ea-chartered"), items, period=self.THREE_YEARS)
        # Workplace learning stops at 70: the combined cap (110 - 40) is tighter than 75.
        assert result.counted_by_item[items[1].key] == 70
        caps = {c.rule.label: c for c in result.caps}
        assert caps["Workplace learning plus private study"].stopped == 30
        assert caps["Workplace learning"].stopped == 0

    def test_service_to_the_profession_capped_at_50(self):
        items = [item(80, "volunteering")]
        result = evaluate(shipped("ea-chartered"), items, period=self.THREE_YEARS)
        assert result.counted_hours == 50

    def test_capped_hours_do_not_count_towards_a_topic_minimum(self):
        items = [item(100, "work_experience", topics={"area-of-practice"})]
        result = evaluate(shipped("ea-chartered"), items, period=self.THREE_YEARS)
        area = next(r for r in result.minimums if r.rule.label == "Area of practice")
        assert area.counted == 75

    def test_forecast_names_full_caps_and_missing_minimums(self):
        items = [item(80, "work_experience", on=date(YEAR, 1, 10))]
        result = evaluate(
            shipped("ea-chartered"), items, period=self.THREE_YEARS, today=date(YEAR, 7, 1)
        )
        forecast = result.forecast
        assert forecast.hours_needed == 75
        assert [c.rule.label for c in forecast.full_caps] == ["Workplace learning"]
        assert {m.rule.label for m in forecast.minimums_needed} == {
            "Area of practice",
            "Risk management",
            "Business and management",
        }


def test_a_rule_selects_by_category_and_topic_together():
    rule = Rule(
        "minimum", "Risky events", Decimal(5), frozenset({"event"}), frozenset({"risk-management"})
    )
    assert rule.selects(item(1, "event", topics={"risk-management"}))
    assert not rule.selects(item(1, "training", topics={"risk-management"}))
    assert not rule.selects(item(1, "event"))


def test_unknown_rule_kind_is_refused():
    with pytest.raises(ValueError, match="minimum or a maximum"):
        Rule("sometimes", "x", Decimal(1))


def test_academic_study_is_listed_without_hours():
    study = item(0, "academic", reflected=None)
    result = evaluate(shipped("iet-active"), [study, item(30)], period=PERIOD)
    assert study in result.items
    assert result.recorded_hours == 30


def test_a_minimum_can_combine_categories():
    policy = PolicySpec(
        code="x",
        name="Formal learning",
        rules=(
            Rule("minimum", "Training and events", Decimal(10), frozenset({"training", "event"})),
        ),
    )
    result = evaluate(
        policy, [item(4, "training"), item(5, "event"), item(30, "self_study")], period=PERIOD
    )
    (minimum,) = result.minimums
    assert minimum.counted == 9
    assert not result.compliant


categories = st.sampled_from(["training", "work_experience", "volunteering", "event", "self_study"])
hours_values = st.decimals(min_value="0.25", max_value="200", places=2)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(categories, hours_values, st.integers(0, 364)), max_size=40),
)
def test_caps_are_never_exceeded_and_nothing_counts_twice(entries):
    policy = shipped("ea-chartered")
    items = [
        Item(
            key=f"activity:{index}",
            title="x",
            category=category,
            completed_on=date(YEAR, 1, 1) + timedelta(days=day),
            hours=hours,
        )
        for index, (category, hours, day) in enumerate(entries)
    ]
    result = evaluate(policy, items, period=Period.ending_in(YEAR, 3))
    assert ZERO <= result.counted_hours <= result.recorded_hours
    for item_ in items:
        assert ZERO <= result.counted_by_item[item_.key] <= item_.hours
    for cap in result.caps:
        assert cap.counted <= cap.rule.hours
        assert cap.counted + cap.stopped <= cap.recorded
    assert result.recorded_hours - result.counted_hours <= sum(c.stopped for c in result.caps)


class TestCapsLeaveMinimumsMet:
    """Hours a cap leaves out are chosen so that every minimum is met whenever it can be."""

    THREE_YEARS = Period.ending_in(YEAR, 3)

    def test_older_untagged_study_does_not_push_out_area_of_practice_hours(self):
        imported = item(100, "self_study", on=date(YEAR - 2, 3, 1), key="activity:old")
        tagged = item(
            60,
            "work_experience",
            on=date(YEAR, 4, 1),
            topics={"area-of-practice"},
            key="activity:w",
        )
        result = evaluate(shipped("ea-chartered"), [imported, tagged], period=self.THREE_YEARS)
        area = next(r for r in result.minimums if r.rule.label == "Area of practice")
        assert area.counted == 60
        assert area.met
        assert result.counted_by_item == {"activity:old": 50, "activity:w": 60}
        assert result.counted_hours == 110
        [left_out] = result.left_out
        assert (left_out.item, left_out.hours) == (imported, 50)
        assert left_out.cap.label == "Workplace learning plus private study"
        assert left_out.why == (
            "Over the limit on workplace learning plus private study. It has no topic with a "
            "minimum, so its hours are left out before hours that count towards one."
        )

    def test_hours_of_a_met_minimum_go_before_hours_a_minimum_needs(self):
        risk = item(70, "volunteering", on=date(YEAR, 1, 1), topics={"risk-management"})
        business = item(10, "volunteering", on=date(YEAR, 2, 1), topics={"business-management"})
        result = evaluate(shipped("ea-chartered"), [risk, business], period=self.THREE_YEARS)
        assert result.counted_by_item[business.key] == 10
        assert result.counted_by_item[risk.key] == 40
        [left_out] = result.left_out
        assert left_out.item == risk
        assert left_out.why == (
            "Over the limit on service to the profession. The minimums for its topics are met "
            "without these hours."
        )

    def test_a_cap_shared_between_two_minimums_is_split(self):
        policy = PolicySpec(
            code="x",
            name="Split",
            rules=(
                Rule("minimum", "A", Decimal(5), topics=frozenset({"a"})),
                Rule("minimum", "B", Decimal(5), topics=frozenset({"b"})),
                Rule("maximum", "Reading", Decimal(10), categories=frozenset({"self_study"})),
            ),
        )
        first = item(10, "self_study", on=date(YEAR, 1, 1), topics={"a"})
        second = item(10, "self_study", on=date(YEAR, 2, 1), topics={"b"})
        result = evaluate(policy, [first, second], period=PERIOD)
        assert result.minimums_met
        assert result.counted_hours == 10
        assert {entry.reason for entry in result.left_out} == {"minimums_met"}

    def test_when_minimums_cannot_all_be_met_the_shortfall_is_least(self):
        # 50 hours of room for 60 hours that two minimums need: 10 short, not more.
        items = [
            item(50, "volunteering", on=date(YEAR, 1, 1), topics={"area-of-practice"}),
            item(10, "volunteering", on=date(YEAR, 2, 1), topics={"risk-management"}),
        ]
        result = evaluate(shipped("ea-chartered"), items, period=self.THREE_YEARS)
        short = sum(
            r.remaining for r in result.minimums if r.rule.label != "Business and management"
        )
        assert short == 10
        assert result.counted_hours == 50
        assert {entry.reason for entry in result.left_out} == {"no_room"}

    @pytest.mark.django_db
    def test_the_policies_page_lists_the_hours_left_out_and_why(self, owner, owner_client):
        from django.urls import reverse
        from django.utils import timezone

        from careermanager.cpd import services
        from careermanager.cpd.models import Activity, Policy, Topic
        from tests.cpd.factories import ActivityFactory

        services.policies_follow(owner=owner, policies=[Policy.objects.get(code="ea-chartered")])
        this_year = timezone.localdate().year
        ActivityFactory(
            owner=owner,
            title="Imported reading",
            type=Activity.Type.SELF_STUDY,
            start_date=date(this_year - 2, 3, 1),
            hours=Decimal(100),
        )
        site_work = ActivityFactory(
            owner=owner,
            title="Substation commissioning",
            type=Activity.Type.WORK_EXPERIENCE,
            start_date=date(this_year, 1, 2),
            hours=Decimal(60),
        )
        site_work.topics.add(Topic.objects.get(code="area-of-practice"))
        page = owner_client.get(reverse("cpd:policies")).text
        assert "Imported reading" in page
        assert "It has no topic with a minimum" in page
        area = '<th scope="row">Area of practice</th><td class="numeric">60</td>'
        assert area + '<td class="numeric">50</td><td><strong class="tag tag--green">Met' in page


policy_categories = ["training", "work_experience", "volunteering", "event", "self_study"]
topic_sets = st.frozensets(st.sampled_from(["a", "b", "c"]), max_size=3)
whole_hours = st.decimals(min_value="0.25", max_value="80", places=2)
entries = st.lists(
    st.tuples(st.sampled_from(policy_categories), whole_hours, topic_sets, st.integers(0, 364)),
    max_size=10,
)
caps_drawn = st.lists(
    st.tuples(
        st.frozensets(st.sampled_from(policy_categories), min_size=1, max_size=3),
        st.decimals(min_value="1", max_value="120", places=2),
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(core=entries, extra=entries, caps=caps_drawn, shares=st.tuples(*[st.integers(0, 100)] * 3))
def test_a_minimum_that_some_choice_meets_is_met_and_no_cap_is_exceeded(core, extra, caps, shares):
    cap_rules = tuple(
        Rule("maximum", f"Cap {i}", hours, categories=categories)
        for i, (categories, hours) in enumerate(caps)
    )

    def make(entries, prefix):
        return [
            Item(
                key=f"{prefix}:{i}",
                title="x",
                category=category,
                completed_on=date(YEAR, 1, 1) + timedelta(days=day),
                hours=hours,
                topics=topics,
            )
            for i, (category, hours, topics, day) in enumerate(entries)
        ]

    # A choice that keeps within every cap: the core, each item cut to the room left.
    chosen: dict[str, Decimal] = {}
    used = [ZERO] * len(cap_rules)
    core_items = make(core, "core")
    for entry in core_items:
        matching = [i for i, cap in enumerate(cap_rules) if cap.selects(entry)]
        hours = min([entry.hours, *(cap_rules[i].hours - used[i] for i in matching)])
        chosen[entry.key] = hours
        for i in matching:
            used[i] += hours
    # Minimums that choice meets: a share of what it counts on each topic.
    minimums = tuple(
        Rule(
            "minimum",
            f"Topic {topic}",
            (
                sum((chosen[e.key] for e in core_items if topic in e.topics), ZERO) * share / 100
            ).quantize(Decimal("0.01"), rounding="ROUND_FLOOR"),
            topics=frozenset({topic}),
        )
        for topic, share in zip("abc", shares, strict=True)
    )
    policy = PolicySpec(code="p", name="Drawn", rules=minimums + cap_rules)
    # Everything else recorded, dated anywhere (before the core too).
    items = core_items + make(extra, "extra")
    result = evaluate(policy, items, period=PERIOD)

    assert result.minimums_met, [(m.rule.hours, m.counted) for m in result.minimums]
    for cap in result.caps:
        assert cap.counted <= cap.rule.hours
        used_by_cap = sum(
            (result.counted_by_item[i.key] for i in items if cap.rule.selects(i)), ZERO
        )
        assert used_by_cap == cap.counted
    for entry in items:
        assert ZERO <= result.counted_by_item[entry.key] <= entry.hours
    assert result.counted_hours >= sum(chosen.values(), ZERO)  # counts the most it can
    assert sum((c.stopped for c in result.caps), ZERO) == result.hours_not_counted
