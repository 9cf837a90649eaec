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
