"""The CPD rule engine: does a member's record meet a policy? Plain Python over plain data.

Nothing here touches the database. `careermanager.cpd.compliance` turns policies and records
into the dataclasses below; tests build them directly.

How hours are counted:
1. Only items completed within the policy's period are considered.
2. Caps (maximum rules) leave out hours over them, and the hours left out are chosen so that
   every minimum is met whenever the recorded hours allow it: hours with no topic that has a
   minimum are left out first, then hours whose minimums are met without them, then the rest;
   within each, later hours before earlier ones. As many hours count as the caps allow. (This
   is a small linear programme over groups of alike items, solved exactly in fractions, tried
   only when counting in that order leaves a minimum short that a different choice meets.)
   Each item's hours left out, the cap that left them out and why are reported (`LeftOut`).
3. Minimum rules and the total minimum compare against counted hours.
4. A policy that requires reflection needs at least one item in the period and a reflection
   on every activity (training and academic study carry no reflection and are not checked).
5. A policy with carry-over (`CarryOver`) adds hours from earlier periods towards the total
   minimum only (never towards a minimum on topics or categories): an earlier period's surplus
   is its own counted hours (after caps) above the total minimum; hours carried into a period
   are never carried on again. At most `max_hours` are carried into one period, from the
   `periods` periods before it, oldest surplus first; an earlier period in that window uses up
   the surplus it needed to reach its own minimum. A period with nothing recorded has no
   surplus, so a member new to a policy carries nothing into their first period.
"""

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

from careermanager.core.formatting import counted, hours_phrase
from careermanager.core.formatting import hours as hours_number

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
class CarryOver:
    """Hours above the total minimum in a period may count towards the next periods' total."""

    max_hours: Decimal  # at most this many carried into one period
    periods: int = 1  # from how many periods before it (1: only the one just before)

    def __post_init__(self):
        if self.max_hours <= 0 or self.periods < 1:
            raise ValueError("Carry-over needs a positive number of hours and of periods")


@dataclass(frozen=True)
class PolicySpec:
    code: str
    name: str
    period_years: int = 1
    total_minimum: Decimal | None = None
    requires_reflection: bool = False
    rules: tuple[Rule, ...] = ()
    carry_over: CarryOver | None = None  # needs a total minimum; ignored without one

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

    def years_before(self, years: int) -> "Period":
        """The same days `years` years earlier (29 February becomes the 28th)."""

        def back(day: date) -> date:
            try:
                return day.replace(year=day.year - years)
            except ValueError:
                return day.replace(year=day.year - years, day=28)

        return Period(back(self.start), back(self.end))


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


# Why a cap left an item's hours out, in the order hours are left out.
UNTAGGED = "untagged"  # no topic with a minimum
MINIMUMS_MET = "minimums_met"  # every minimum on its topics is met without these hours
NO_ROOM = "no_room"  # the cap is full of hours that minimums need as much


@dataclass(frozen=True)
class LeftOut:
    """Hours of one item that do not count, the cap that left them out, and why."""

    item: Item
    counted: Decimal
    cap: Rule
    reason: str

    @property
    def hours(self) -> Decimal:
        return self.item.hours - self.counted

    @property
    def why(self) -> str:
        limit = f"Over the limit on {self.cap.label[:1].lower()}{self.cap.label[1:]}"
        if self.reason == UNTAGGED:
            return (
                f"{limit}. It has no topic with a minimum, so its hours are left out before "
                "hours that count towards one."
            )
        if self.reason == MINIMUMS_MET:
            return f"{limit}. The minimums for its topics are met without these hours."
        return (
            f"{limit}, and every hour within the limit counts towards a minimum too; "
            "later hours are left out first."
        )


@dataclass(frozen=True)
class CarriedFrom:
    """One earlier period's surplus and how much of it is carried into the period checked."""

    period: Period
    recorded: bool  # anything recorded in it
    counted: Decimal  # its own hours that count (after caps; nothing carried into it)
    minimum: Decimal  # the policy's total minimum
    surplus: Decimal  # counted above the minimum
    used_earlier: Decimal  # of the surplus, carried into a period before the one checked
    hours: Decimal  # carried into the period checked

    def explanation(self, limit: Decimal) -> str:
        """'8 hours carried over from 2025 (12 above the target, at most 8 may be carried
        over)', or why nothing is."""
        label = self.period.label
        at_most = f"at most {hours_number(limit)} may be carried over"
        if self.hours:
            used = (
                f", {hours_number(self.used_earlier)} of them used before this period"
                if self.used_earlier
                else ""
            )
            return (
                f"{hours_phrase(self.hours)} carried over from {label} "
                f"({hours_number(self.surplus)} above the target{used}, {at_most})."
            )
        if not self.recorded:
            return f"Nothing carried over from {label}: no CPD was recorded in that period."
        if not self.surplus:
            return (
                f"Nothing carried over from {label}: {hours_phrase(self.counted)} counted "
                f"there, not more than the {hours_number(self.minimum)} required."
            )
        if self.used_earlier >= self.surplus:
            return (
                f"Nothing more carried over from {label}: its {hours_number(self.surplus)} above "
                "the target were already used before this period."
            )
        return (
            f"Nothing carried over from {label} ({hours_number(self.surplus)} above the target): "
            f"{at_most}, and they came from earlier periods."
        )


@dataclass(frozen=True)
class CarriedIn:
    """Hours carried into a period from the ones before it, which count towards its total."""

    rule: CarryOver
    sources: tuple[CarriedFrom, ...]  # oldest first

    @property
    def hours(self) -> Decimal:
        return sum((source.hours for source in self.sources), ZERO)

    @property
    def explanation(self) -> tuple[str, ...]:
        """One sentence for each earlier period, oldest first."""
        return tuple(source.explanation(self.rule.max_hours) for source in self.sources)


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
    left_out: tuple[LeftOut, ...] = ()  # in date order
    forecast: Forecast | None = field(default=None)
    carried_in: CarriedIn | None = None  # with a policy that allows carry-over

    @property
    def carried_hours(self) -> Decimal:
        """Hours carried over from earlier periods (towards the total minimum only)."""
        return self.carried_in.hours if self.carried_in else ZERO

    @property
    def total_hours(self) -> Decimal:
        """What the total minimum is compared with: hours that count plus hours carried in."""
        return self.counted_hours + self.carried_hours

    @property
    def total_met(self) -> bool:
        minimum = self.policy.total_minimum
        return minimum is None or self.total_hours >= minimum

    @property
    def total_remaining(self) -> Decimal:
        if self.policy.total_minimum is None:
            return ZERO
        return max(ZERO, self.policy.total_minimum - self.total_hours)

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
        return min(100, int(self.total_hours * 100 / minimum))


def _capped_by(caps: Sequence[Rule], item: Item) -> list[int]:
    return [index for index, cap in enumerate(caps) if cap.selects(item)]


def _fill(caps: Sequence[Rule], items: Sequence[Item], counted: dict | None = None) -> dict:
    """Count each item, in the order given, as far as every cap selecting it has room.

    With `counted` (hours already counted per item), add to it what the room still allows.
    """
    counted = dict.fromkeys((item.key for item in items), ZERO) if counted is None else counted
    used = [sum((counted[item.key] for item in items if cap.selects(item)), ZERO) for cap in caps]
    for item in items:
        matching = _capped_by(caps, item)
        extra = min([item.hours - counted[item.key], *(caps[i].hours - used[i] for i in matching)])
        if extra > 0:
            counted[item.key] += extra
            for index in matching:
                used[index] += extra
    return counted


def _score(minimums: Sequence[Rule], items: Sequence[Item], counted: dict) -> tuple:
    """Smaller is better: the hours minimums are short, then fewer hours counted, then fewer
    hours counted that a minimum selects."""
    short = sum(
        (
            max(ZERO, rule.hours - sum((counted[i.key] for i in items if rule.selects(i)), ZERO))
            for rule in minimums
        ),
        ZERO,
    )
    total = sum(counted.values(), ZERO)
    tagged = sum((counted[i.key] for i in items if any(rule.selects(i) for rule in minimums)), ZERO)
    return (short, -total, -tagged)


def _count(policy: PolicySpec, items: Sequence[Item]) -> dict[str, Decimal]:
    """The hours of each item (in date order) that count under the policy's caps."""
    caps, minimums = policy.caps, policy.minimums
    tagged_first = sorted(
        items, key=lambda item: not any(rule.selects(item) for rule in minimums)
    )  # stable: date order within each
    counted = _fill(caps, tagged_first)
    if all(counted[item.key] == item.hours for item in items) or not minimums:
        return counted
    balanced = _balance(caps, minimums, items, tagged_first)
    if _score(minimums, items, balanced) < _score(minimums, items, counted):
        return balanced
    return counted


def _balance(
    caps: Sequence[Rule], minimums: Sequence[Rule], items: Sequence[Item], order: Sequence[Item]
) -> dict[str, Decimal]:
    """Counted hours that meet the minimums as far as any choice can, then count the most.

    Items alike for every rule form a group; a linear programme chooses each group's hours;
    within a group the earlier items count first.
    """
    counted = {item.key: item.hours for item in items if not _capped_by(caps, item)}
    groups: dict[tuple, list[Item]] = {}
    for item in items:
        if item.key not in counted:
            signature = (
                tuple(cap.selects(item) for cap in caps),
                tuple(rule.selects(item) for rule in minimums),
            )
            groups.setdefault(signature, []).append(item)
    signatures = list(groups)
    # What each minimum still needs beyond the hours no cap selects (which all count).
    needs = [
        rule.hours
        - sum((item.hours for item in items if item.key in counted and rule.selects(item)), ZERO)
        for rule in minimums
    ]
    amounts = _solve(
        sizes=[sum((item.hours for item in groups[sig]), ZERO) for sig in signatures],
        caps=[(cap.hours, [sig[0][i] for sig in signatures]) for i, cap in enumerate(caps)],
        needs=[
            (need, [sig[1][k] for sig in signatures]) for k, need in enumerate(needs) if need > 0
        ],
        tagged=[any(sig[1]) for sig in signatures],
    )
    best = None
    for amounts_in_hundredths in _roundings(amounts):
        choice = dict(counted)
        for signature, amount in zip(signatures, amounts_in_hundredths, strict=True):
            left = Decimal(amount) / 100
            for item in groups[signature]:  # earlier items first
                choice[item.key] = min(item.hours, left)
                left -= choice[item.key]
        if any(
            sum((choice[i.key] for i in items if cap.selects(i)), ZERO) > cap.hours for cap in caps
        ):
            continue
        choice = _fill(caps, order, choice)
        if best is None or _score(minimums, items, choice) < _score(minimums, items, best):
            best = choice
    return best


def _roundings(amounts: list[Fraction]) -> Iterator[list[int]]:
    """The hours in whole hundredths: rounded down, then each mix of rounding the fractional
    ones up (as long as they are few), since a vertex may fall between hundredths."""
    down = [math.floor(amount * 100) for amount in amounts]
    yield down
    fractional = [g for g, amount in enumerate(amounts) if amount * 100 != down[g]]
    if len(fractional) > 8:
        return
    for ups in itertools.product((0, 1), repeat=len(fractional)):
        if any(ups):
            yield [
                down[g] + (ups[fractional.index(g)] if g in fractional else 0)
                for g in range(len(amounts))
            ]


def _solve(*, sizes: list, caps: list, needs: list, tagged: list[bool]) -> list[Fraction]:
    """Hours to count from each group (y), exactly:

        0 <= y[g] <= sizes[g];  for each cap (hours, member):  sum of y over members <= hours;
        for each need (hours, member):  sum of y over members + short = hours, short >= 0;

    choosing first the least total short, then the most hours in all, then the most hours in
    groups a minimum selects (`tagged`). A lexicographic simplex with Bland's rule.
    """
    n, p, q = len(sizes), len(caps), len(needs)
    width = 2 * n + p + 2 * q  # y, slack of each size, slack of each cap, short, surplus
    rows: list[list[Fraction]] = []
    rhs: list[Fraction] = []
    basis: list[int] = []
    for g, size in enumerate(sizes):
        row = [Fraction(0)] * width
        row[g] = row[n + g] = Fraction(1)
        rows.append(row), rhs.append(Fraction(size)), basis.append(n + g)
    for j, (hours, member) in enumerate(caps):
        row = [Fraction(int(m)) for m in member] + [Fraction(0)] * (width - n)
        row[2 * n + j] = Fraction(1)
        rows.append(row), rhs.append(Fraction(hours)), basis.append(2 * n + j)
    for k, (hours, member) in enumerate(needs):
        row = [Fraction(int(m)) for m in member] + [Fraction(0)] * (width - n)
        row[2 * n + p + k] = Fraction(1)
        row[2 * n + p + q + k] = Fraction(-1)
        rows.append(row), rhs.append(Fraction(hours)), basis.append(2 * n + p + k)

    allowed = [True] * width
    objectives = [
        [Fraction(1) if 2 * n + p <= j < 2 * n + p + q else Fraction(0) for j in range(width)],
        [Fraction(-1) if j < n else Fraction(0) for j in range(width)],
        [Fraction(-1) if j < n and tagged[j] else Fraction(0) for j in range(width)],
    ]

    def reduced(cost: list[Fraction], column: int) -> Fraction:
        return cost[column] - sum(
            (cost[basis[i]] * rows[i][column] for i in range(len(rows)) if rows[i][column]),
            Fraction(0),
        )

    for cost in objectives:
        while True:
            in_basis = set(basis)
            entering = next(
                (
                    j
                    for j in range(width)
                    if allowed[j] and j not in in_basis and reduced(cost, j) < 0
                ),
                None,
            )
            if entering is None:
                break
            # Bounded (every y has its size): some row limits the entering column.
            _, _, leaving = min(
                (rhs[i] / row[entering], basis[i], i)
                for i, row in enumerate(rows)
                if row[entering] > 0
            )
            pivot = rows[leaving][entering]
            rows[leaving] = [value / pivot for value in rows[leaving]]
            rhs[leaving] /= pivot
            for i, row in enumerate(rows):
                factor = row[entering]
                if i != leaving and factor:
                    rows[i] = [a - factor * b for a, b in zip(row, rows[leaving], strict=True)]
                    rhs[i] -= factor * rhs[leaving]
            basis[leaving] = entering
        # Keep to this objective's optimum: never raise a column that would worsen it.
        in_basis = set(basis)
        for j in range(width):
            if j not in in_basis and reduced(cost, j) > 0:
                allowed[j] = False
    values = dict(zip(basis, rhs, strict=True))
    return [values.get(g, Fraction(0)) for g in range(n)]


def _left_out(
    policy: PolicySpec, items: Sequence[Item], counted: dict, minimums: Sequence["MinimumResult"]
) -> tuple[LeftOut, ...]:
    """Each item not wholly counted, with the cap that left its hours out and why."""
    caps = policy.caps
    used = [sum((counted[i.key] for i in items if cap.selects(i)), ZERO) for cap in caps]
    left_out = []
    for item in items:
        if counted[item.key] >= item.hours:
            continue
        matching = _capped_by(caps, item)
        # The tightest cap that is full; there is one, as every cap with room is filled.
        index = min(matching, key=lambda i: (caps[i].hours - used[i], caps[i].hours))
        selecting = [result for result in minimums if result.rule.selects(item)]
        if not selecting:
            reason = UNTAGGED
        elif all(result.met for result in selecting):
            reason = MINIMUMS_MET
        else:
            reason = NO_ROOM
        left_out.append(LeftOut(item, counted[item.key], caps[index], reason))
    return tuple(left_out)


def evaluate(
    policy: PolicySpec, items: Iterable[Item], *, period: Period, today: date | None = None
) -> Evaluation:
    """Check the items completed within period against policy.

    With `today` inside the period, also forecast what is still needed before it ends. Under
    a policy with carry-over, `items` may reach back over the periods before (the engine
    picks each period's items by date) and the evaluation says what is carried in.
    """
    items = tuple(items)
    in_period = tuple(
        sorted(
            (item for item in items if item.completed_on in period),
            key=lambda item: (item.completed_on, item.key),
        )
    )
    counted_by_item = _count(policy, in_period)
    minimum_results = tuple(
        MinimumResult(
            rule=rule,
            counted=sum(
                (counted_by_item[item.key] for item in in_period if rule.selects(item)), ZERO
            ),
        )
        for rule in policy.minimums
    )
    left_out = _left_out(policy, in_period, counted_by_item, minimum_results)
    cap_results = tuple(
        CapResult(
            rule=cap,
            recorded=sum((item.hours for item in in_period if cap.selects(item)), ZERO),
            counted=sum(
                (counted_by_item[item.key] for item in in_period if cap.selects(item)), ZERO
            ),
            stopped=sum((entry.hours for entry in left_out if entry.cap is cap), ZERO),
        )
        for cap in policy.caps
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
        left_out=left_out,
    )
    if policy.carry_over is not None and policy.total_minimum is not None:
        earlier = [
            (window, evaluate(replace(policy, carry_over=None), items, period=window))
            for window in (
                period.years_before(policy.period_years * back)
                for back in range(policy.carry_over.periods, 0, -1)
            )
        ]
        evaluation = replace(evaluation, carried_in=carried_in(policy, earlier))
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


def carried_in(policy: PolicySpec, earlier: Sequence[tuple[Period, Evaluation]]) -> CarriedIn:
    """What is carried into the period after `earlier` (its policy.carry_over.periods periods
    before, oldest first, each evaluated without carry-over).

    Each earlier period first uses the surplus of the periods before it that it needs to
    reach its own minimum (at most max_hours, oldest surplus first, within `periods` back);
    the period checked then takes what is left, oldest first, up to max_hours.
    """
    rule, minimum = policy.carry_over, policy.total_minimum
    if rule is None or minimum is None:
        raise ValueError("Only a policy with carry-over and a total minimum carries hours")
    surplus = [max(ZERO, result.counted_hours - minimum) for _, result in earlier]
    left = list(surplus)
    for index, (_, result) in enumerate(earlier):
        need = min(rule.max_hours, max(ZERO, minimum - result.counted_hours))
        for source in range(max(0, index - rule.periods), index):
            take = min(need, left[source])
            left[source] -= take
            need -= take
    room = rule.max_hours
    sources = []
    for index, (window, result) in enumerate(earlier):
        take = min(room, left[index])
        room -= take
        sources.append(
            CarriedFrom(
                period=window,
                recorded=bool(result.items),
                counted=result.counted_hours,
                minimum=minimum,
                surplus=surplus[index],
                used_earlier=surplus[index] - left[index],
                hours=take,
            )
        )
    return CarriedIn(rule=rule, sources=tuple(sources))
