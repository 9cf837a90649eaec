"""The CPD rule engine: does a member's record meet a policy? Plain Python over plain data.

Nothing here touches the database. `careermanager.cpd.compliance` turns policies and records
into the dataclasses below; tests build them directly.

How hours are counted:
1. Only items completed within the policy's period are considered.
2. Caps (maximum rules) are applied in date order: each item counts as many of its hours as
   every cap that selects it still has room for. Hours over a cap are recorded but not
   counted, and the cap that stopped them is reported. (With nested caps such as "workplace
   learning <= 75" inside "workplace learning + private study <= 110" this counts the most
   hours possible.)
3. Minimum rules and the total minimum compare against counted hours.
4. A policy that requires reflection needs at least one item in the period and a reflection
   on every activity (training and academic study carry no reflection and are not checked).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_CEILING, Decimal

from careermanager.core.formatting import counted, hours_phrase

ZERO = Decimal("0.00")
MINIMUM = "minimum"
MAXIMUM = "maximum"


@dataclass(frozen=True)
class Item:
    """One piece of recorded CPD: an activity, a training course or academic study."""

    key: str
    title: str
    category: str
    completed_on: date
    hours: Decimal
    topics: frozenset[str] = frozenset()
    # None when the record has nowhere to hold a reflection (training, academic study).
    has_reflection: bool | None = None


@dataclass(frozen=True)
class Rule:
    """At least (minimum) or at most (maximum) `hours` from the items it selects."""

    kind: str
    label: str
    hours: Decimal
    categories: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()

    def __post_init__(self):
        if self.kind not in (MINIMUM, MAXIMUM):
            raise ValueError(f"A rule is a {MINIMUM} or a {MAXIMUM}, not {self.kind!r}")

    def selects(self, item: Item) -> bool:
        """Items in one of its categories (any, if none) with one of its topics (any, if none)."""
        in_category = not self.categories or item.category in self.categories
        on_topic = not self.topics or bool(self.topics & item.topics)
        return in_category and on_topic


@dataclass(frozen=True)
class PolicySpec:
    code: str
    name: str
    period_years: int = 1
    total_minimum: Decimal | None = None
    requires_reflection: bool = False
    rules: tuple[Rule, ...] = ()

    @property
    def caps(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.kind == MAXIMUM)

    @property
    def minimums(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.kind == MINIMUM)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def ending_in(cls, year: int, years: int = 1) -> "Period":
        """Whole calendar years, the last of them `year`."""
        return cls(date(year - years + 1, 1, 1), date(year, 12, 31))

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        if self.start.year == self.end.year:
            return str(self.end.year)
        return f"{self.start.year} to {self.end.year}"


@dataclass(frozen=True)
class CapResult:
    rule: Rule
    recorded: Decimal  # hours of the items it selects
    counted: Decimal  # of those, the hours that count
    stopped: Decimal  # hours not counted because this cap was full

    @property
    def reached(self) -> bool:
        return self.counted >= self.rule.hours

    @property
    def room(self) -> Decimal:
        return max(ZERO, self.rule.hours - self.counted)


@dataclass(frozen=True)
class MinimumResult:
    rule: Rule
    counted: Decimal

    @property
    def met(self) -> bool:
        return self.counted >= self.rule.hours

    @property
    def remaining(self) -> Decimal:
        return max(ZERO, self.rule.hours - self.counted)


@dataclass(frozen=True)
class Forecast:
    """What is still needed before the current period ends.

    The pace is worked out from the days left (today included), never from whole months, so
    that it stays right late in a month and on the period's last days.
    """

    days_left: int  # today and the days after it up to the period's end; at least 1
    hours_needed: Decimal
    minimums_needed: tuple[MinimumResult, ...]
    reflections_needed: int
    full_caps: tuple[CapResult, ...]

    @property
    def weeks_left(self) -> int:
        """Whole weeks left; `extra_days_left` holds the rest."""
        return self.days_left // 7

    @property
    def extra_days_left(self) -> int:
        return self.days_left % 7

    @property
    def last_week(self) -> bool:
        """A week or less to go: a weekly pace means nothing then."""
        return self.days_left <= 7

    @property
    def hours_per_week(self) -> Decimal:
        """The pace that meets the total by the end of the period, rounded up to 0.1 hour."""
        if not self.hours_needed:
            return ZERO
        pace = self.hours_needed * 7 / max(self.days_left, 1)
        return pace.quantize(Decimal("0.1"), rounding=ROUND_CEILING)

    @property
    def pace(self) -> str:
        """'18 hours more CPD: about 3.9 hours a week over the 4 weeks and 5 days left.'"""
        needed = f"{hours_phrase(self.hours_needed)} more CPD"
        if self.days_left == 1:
            return f"{needed} today, the last day of the period."
        if self.last_week:
            return f"{needed} in the {self.days_left} days left."
        left = counted(self.weeks_left, "week")
        if self.extra_days_left:
            left += f" and {counted(self.extra_days_left, 'day')}"
        return f"{needed}: about {hours_phrase(self.hours_per_week)} a week over the {left} left."

    @property
    def nothing_needed(self) -> bool:
        return not (self.hours_needed or self.minimums_needed or self.reflections_needed)


@dataclass(frozen=True)
class Evaluation:
    policy: PolicySpec
    period: Period
    items: tuple[Item, ...]
    counted_by_item: dict[str, Decimal]
    recorded_hours: Decimal
    counted_hours: Decimal
    caps: tuple[CapResult, ...]
    minimums: tuple[MinimumResult, ...]
    missing_reflections: tuple[Item, ...]
    forecast: Forecast | None = field(default=None)

    @property
    def total_met(self) -> bool:
        minimum = self.policy.total_minimum
        return minimum is None or self.counted_hours >= minimum

    @property
    def total_remaining(self) -> Decimal:
        if self.policy.total_minimum is None:
            return ZERO
        return max(ZERO, self.policy.total_minimum - self.counted_hours)

    @property
    def reflection_met(self) -> bool:
        if not self.policy.requires_reflection:
            return True
        return bool(self.items) and not self.missing_reflections

    @property
    def nothing_recorded(self) -> bool:
        return not self.items

    @property
    def minimums_met(self) -> bool:
        return all(result.met for result in self.minimums)

    @property
    def compliant(self) -> bool:
        return self.total_met and self.minimums_met and self.reflection_met

    @property
    def hours_not_counted(self) -> Decimal:
        return self.recorded_hours - self.counted_hours

    @property
    def progress_percent(self) -> int:
        """Counted hours against the total minimum, 0 to 100 (100 when there is none)."""
        minimum = self.policy.total_minimum
        if not minimum:
            return 100
        return min(100, int(self.counted_hours * 100 / minimum))


def _count(caps: Sequence[Rule], items: Sequence[Item]) -> tuple[dict, list, list]:
    """Apply the caps in date order; return counted hours per item and per-cap totals."""
    used = [ZERO] * len(caps)
    recorded = [ZERO] * len(caps)
    stopped = [ZERO] * len(caps)
    counted_by_item = {}
    for item in items:
        matching = [index for index, cap in enumerate(caps) if cap.selects(item)]
        rooms = {index: max(ZERO, caps[index].hours - used[index]) for index in matching}
        counted = min([item.hours, *rooms.values()])
        cut = item.hours - counted
        for index in matching:
            recorded[index] += item.hours
            used[index] += counted
            if cut and rooms[index] == counted:
                stopped[index] += cut  # this cap was (one of) the tightest
        counted_by_item[item.key] = counted
    return counted_by_item, used, [recorded, stopped]


def evaluate(
    policy: PolicySpec, items: Iterable[Item], *, period: Period, today: date | None = None
) -> Evaluation:
    """Check the items completed within period against policy.

    With `today` inside the period, also forecast what is still needed before it ends.
    """
    in_period = tuple(
        sorted(
            (item for item in items if item.completed_on in period),
            key=lambda item: (item.completed_on, item.key),
        )
    )
    caps = policy.caps
    counted_by_item, used, (recorded, stopped) = _count(caps, in_period)
    cap_results = tuple(
        CapResult(rule=cap, recorded=recorded[i], counted=used[i], stopped=stopped[i])
        for i, cap in enumerate(caps)
    )
    minimum_results = tuple(
        MinimumResult(
            rule=rule,
            counted=sum(
                (counted_by_item[item.key] for item in in_period if rule.selects(item)), ZERO
            ),
        )
        for rule in policy.minimums
    )
    missing = tuple(item for item in in_period if item.has_reflection is False)
    evaluation = Evaluation(
        policy=policy,
        period=period,
        items=in_period,
        counted_by_item=counted_by_item,
        recorded_hours=sum((item.hours for item in in_period), ZERO),
        counted_hours=sum(counted_by_item.values(), ZERO),
        caps=cap_results,
        minimums=minimum_results,
        missing_reflections=missing if policy.requires_reflection else (),
    )
    if today is not None and today in period:
        evaluation = _with_forecast(evaluation, today)
    return evaluation


def _with_forecast(evaluation: Evaluation, today: date) -> Evaluation:
    end = evaluation.period.end
    forecast = Forecast(
        days_left=max(1, (end - today).days + 1),
        hours_needed=evaluation.total_remaining,
        minimums_needed=tuple(result for result in evaluation.minimums if not result.met),
        reflections_needed=len(evaluation.missing_reflections),
        full_caps=tuple(result for result in evaluation.caps if result.reached),
    )
    return replace(evaluation, forecast=forecast)
