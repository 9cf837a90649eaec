"""How you compare: the hours recorded by the members who follow the same CPD policy.

`comparison_compute` (the daily `compute_cpd_comparison` command) works out, for every policy
and for its period ending this year and the one ending last year, the hours each member
following it recorded in that period: in total and in each TWAVES category with hours
(academic study has none). Recorded hours, not the hours that count under the policy's caps:
every member's record is compared the same way, whatever the limits left out. From those it
stores the lower quartile, median and upper quartile (`statistics.quantiles(n=4,
method="inclusive")`, the quartiles of the data as they are, no sample estimate), and how many
members the group has. Pages read only the stored figures, never the members' records.

Privacy rule. Figures are stored, and so shown, only for a group of at least
`COMPARISON_MINIMUM` (10) members, and for each category (and the total) only when at least
10 of them recorded hours in it. So every figure is a position among the hours of at least ten
people, and nobody can work out one member's hours from it; no sum or average is stored, as
one member's hours could be worked out from those by subtraction as the group changes.
Computing again replaces every stored figure for those years, so a group that has become too
small shows nothing.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from careermanager.core.formatting import hours as hours_number
from careermanager.cpd import compliance, engine
from careermanager.cpd.categories import CATEGORIES_WITHOUT_HOURS, CATEGORY_LABELS, Category
from careermanager.cpd.charts import nice_ceiling
from careermanager.cpd.cohort import chunks, items_of_members
from careermanager.cpd.models import MemberPolicy
from careermanager.cpd.models.reminders import ALL_CATEGORIES, COMPARISON_MINIMUM, Comparison
from careermanager.cpd.queries import CpdInPeriod

CATEGORIES = [category for category in Category if category not in CATEGORIES_WITHOUT_HOURS]
CENT = Decimal("0.01")


def quartiles(values: list[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """Lower quartile, median and upper quartile, to the hundredth of an hour."""
    lower, median, upper = statistics.quantiles(values, n=4, method="inclusive")
    return tuple(Decimal(value).quantize(CENT) for value in (lower, median, upper))


def comparison_compute(*, today: date | None = None) -> int:
    """Store the figures for this year's and last year's periods; return how many rows."""
    today = today or timezone.localdate()
    now = timezone.now()
    years = [today.year - 1, today.year]
    policies = compliance.all_policies()
    groups: dict[int, list[int]] = defaultdict(list)
    for policy_id, owner_id in (
        MemberPolicy.objects.filter(owner__is_active=True)
        .order_by("policy_id", "owner_id")
        .values_list("policy_id", "owner_id")
    ):
        groups[policy_id].append(owner_id)
    large = {pk: owners for pk, owners in groups.items() if len(owners) >= COMPARISON_MINIMUM}
    followed = defaultdict(list)
    for policy_id, owner_ids in large.items():
        for owner_id in owner_ids:
            followed[owner_id].append(policy_id)
    longest = max((policies[pk].period_years for pk in large), default=1)
    start, end = date(years[0] - longest + 1, 1, 1), date(years[-1], 12, 31)
    # (policy, year) -> category -> each member's hours
    hours: dict[tuple, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for owner_ids in chunks(followed):
        items = items_of_members(owner_ids, start, end)
        for owner_id in owner_ids:
            for policy_id in followed[owner_id]:
                for year in years:
                    period = engine.Period.ending_in(year, policies[policy_id].period_years)
                    mine = _recorded(items[owner_id], period)
                    for category, value in mine.items():
                        hours[(policy_id, year)][category].append(value)
    rows = []
    for (policy_id, year), by_category in hours.items():
        members = len(large[policy_id])
        for category, values in by_category.items():
            with_hours = sum(1 for value in values if value > 0)
            if with_hours < COMPARISON_MINIMUM:
                continue
            lower, median, upper = quartiles(values)
            rows.append(
                Comparison(
                    policy_id=policy_id,
                    year=year,
                    category=category,
                    members=members,
                    members_with_hours=with_hours,
                    lower_quartile=lower,
                    median=median,
                    upper_quartile=upper,
                    computed_at=now,
                )
            )
    with transaction.atomic():
        Comparison.objects.filter(year__in=years).delete()
        Comparison.objects.bulk_create(rows)
    return len(rows)


def _recorded(items, period: engine.Period) -> dict[str, Decimal]:
    """Hours recorded within the period: in each category with hours, and in all of them."""
    totals = dict.fromkeys([ALL_CATEGORIES, *CATEGORIES], engine.ZERO)
    for item in items:
        if item.completed_on in period and item.category in totals:
            totals[item.category] += item.hours
            totals[ALL_CATEGORIES] += item.hours
    return totals


# The drawing: one row for each category, the box from the lower to the upper quartile, a
# line at the median and a diamond at the member's own hours.
WIDTH, ROW, LEFT, RIGHT = 640, 34, 150, 620


@dataclass(frozen=True)
class Row:
    label: str
    yours: Decimal
    lower: Decimal
    median: Decimal
    upper: Decimal
    members_with_hours: int
    # Geometry of the drawing
    y: float = 0
    box_x: float = 0
    box_width: float = 0
    median_x: float = 0
    yours_x: float = 0

    @property
    def text(self) -> str:
        return (
            f"{self.label}: you {hours_number(self.yours)} hours; the middle half of members "
            f"{hours_number(self.lower)} to {hours_number(self.upper)}, "
            f"median {hours_number(self.median)}"
        )


@dataclass(frozen=True)
class Panel:
    policy: str
    period: str
    members: int
    computed_at: object
    rows: list[Row]
    height: int
    scale_top: int
    chart_id: str

    @property
    def description(self) -> str:
        return "; ".join(row.text for row in self.rows) + "."


def _drawn(rows: list[Row]) -> tuple[list[Row], int]:
    top = nice_ceiling(float(max(max(row.upper, row.yours) for row in rows)))

    def x_of(value) -> float:
        return round(LEFT + float(value) / top * (RIGHT - LEFT), 2)

    drawn = []
    for index, row in enumerate(rows):
        drawn.append(
            Row(
                **{
                    name: getattr(row, name)
                    for name in ("label", "yours", "lower", "median", "upper", "members_with_hours")
                },
                y=index * ROW + 8,
                box_x=x_of(row.lower),
                box_width=max(1.0, round(x_of(row.upper) - x_of(row.lower), 2)),
                median_x=x_of(row.median),
                yours_x=x_of(row.yours),
            )
        )
    return drawn, top


def comparison_panels(policies, cpd: CpdInPeriod, year: int) -> list[dict]:
    """For each followed policy: its stored figures for the period ending in `year` beside the
    member's own hours (from `cpd`, which covers those periods), or none. One query."""
    if not policies:
        return []
    stored: dict[int, dict[str, Comparison]] = defaultdict(dict)
    for figure in Comparison.objects.filter(policy__in=policies, year=year):
        stored[figure.policy_id][figure.category] = figure
    items = compliance.engine_items(cpd)
    panels = []
    for policy in policies:
        figures = stored.get(policy.pk)
        period = engine.Period.ending_in(year, policy.period_years)
        if not figures:
            panels.append({"policy": policy, "period": period.label, "panel": None})
            continue
        yours = _recorded(items, period)
        rows = [
            Row(
                label="All types" if category == ALL_CATEGORIES else CATEGORY_LABELS[category],
                yours=yours[category],
                lower=figures[category].lower_quartile,
                median=figures[category].median,
                upper=figures[category].upper_quartile,
                members_with_hours=figures[category].members_with_hours,
            )
            for category in [ALL_CATEGORIES, *CATEGORIES]
            if category in figures
        ]
        drawn, top = _drawn(rows)
        any_figure = next(iter(figures.values()))
        panels.append(
            {
                "policy": policy,
                "period": period.label,
                "panel": Panel(
                    policy=str(policy),
                    period=period.label,
                    members=any_figure.members,
                    computed_at=any_figure.computed_at,
                    rows=drawn,
                    height=len(drawn) * ROW + 30,
                    scale_top=top,
                    chart_id=f"cpd-compare-{policy.pk}",
                ),
            }
        )
    return panels
