"""Reading declarations, and the member's CPD for a year under review.

The year's CPD is read once, through ``careermanager.cpd.queries.cpd_in_period`` (the one place
that decides which records count in a period), and checked against the member's followed
policies through ``careermanager.cpd.compliance``.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from careermanager.cpd.categories import Category
from careermanager.cpd.compliance import evaluate_followed, followed_policies, period_to_check
from careermanager.cpd.queries import CpdInPeriod, cpd_in_period
from careermanager.declarations.models import Declaration, Status
from careermanager.declarations.years import open_years, period

ZERO = Decimal("0")


@dataclass(frozen=True)
class CategoryHours:
    category: str  # a Category value
    label: str
    hours: Decimal
    count: int
    has_hours: bool


@dataclass(frozen=True)
class MinimumVerdict:
    label: str
    required: Decimal
    counted: Decimal
    met: bool


@dataclass(frozen=True)
class PolicyVerdict:
    code: str
    name: str
    period: str  # "2025", or "2023 to 2025" for a policy over several years
    total_minimum: Decimal | None
    counted_hours: Decimal
    requires_reflection: bool
    reflection_met: bool
    minimums: tuple[MinimumVerdict, ...]
    compliant: bool


@dataclass(frozen=True)
class YearReview:
    """A member's CPD in the year under review: hours by TWAVES and each policy's verdict."""

    year: int
    categories: tuple[CategoryHours, ...]
    verdicts: tuple[PolicyVerdict, ...]
    cpd: CpdInPeriod  # the records completed within the year

    @property
    def total_hours(self) -> Decimal:
        return sum((category.hours for category in self.categories), ZERO)


def year_review(owner, year: int, *, today: date | None = None) -> YearReview:
    """The year's totals and verdicts, reading the CPD once for the widest policy period."""
    today = today or timezone.localdate()
    policies = followed_policies(owner)
    widest = period_to_check(policies, year)
    cpd = cpd_in_period(owner, widest.start, widest.end)
    start, end = period(year)
    in_year = CpdInPeriod(start, end, [record for record in cpd if start <= record.end <= end])
    hours = dict.fromkeys(Category, ZERO)
    counts = dict.fromkeys(Category, 0)
    for record in in_year:
        hours[record.category] += record.hours or ZERO
        counts[record.category] += 1
    statuses = evaluate_followed(owner, year=year, today=today, policies=policies, cpd=cpd)
    return YearReview(
        year=year,
        categories=tuple(
            CategoryHours(
                category.value,
                category.label,
                hours[category],
                counts[category],
                category != Category.ACADEMIC,
            )
            for category in Category
        ),
        verdicts=tuple(
            PolicyVerdict(
                code=status.policy.code,
                name=str(status.policy),
                period=status.evaluation.period.label,
                total_minimum=status.evaluation.policy.total_minimum,
                # With carry-over, what the total minimum was compared with (counted + carried).
                counted_hours=status.evaluation.total_hours,
                requires_reflection=status.evaluation.policy.requires_reflection,
                reflection_met=status.evaluation.reflection_met,
                minimums=tuple(
                    MinimumVerdict(result.rule.label, result.rule.hours, result.counted, result.met)
                    for result in status.evaluation.minimums
                ),
                compliant=status.evaluation.compliant,
            )
            for status in statuses
        ),
        cpd=in_year,
    )


def submitted_in_year(year: int):
    """Every submitted declaration for a year, with its member, oldest submission first.

    One query, by the index on (year, status, submitted_at, id), in its order; for the
    institution's sampling and review.
    """
    return (
        Declaration.objects.filter(year=year, status=Status.SUBMITTED)
        .select_related("owner")
        .order_by("submitted_at", "pk")
    )


def open_declarations(owner, today: date | None = None) -> list[tuple[int, Declaration | None]]:
    """Each open year with the member's declaration for it (or None). One query."""
    years = open_years(today)
    found = {
        declaration.year: declaration
        for declaration in Declaration.objects.owned_by(owner).filter(year__in=years)
    }
    return [(year, found.get(year)) for year in years]
