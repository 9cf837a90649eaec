"""A member's CPD totals across TWAVES, by category and by year.

The records come from `careermanager.cpd.queries.cpd_in_period`: activities recorded here,
training and academic study from the profile, read with a fixed number of queries.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from careermanager.cpd.categories import Category
from careermanager.cpd.engine import ZERO
from careermanager.cpd.queries import CpdInPeriod, CpdRecord, cpd_in_period


@dataclass(frozen=True)
class CategoryTotal:
    category: Category
    hours: Decimal
    count: int

    @property
    def label(self) -> str:
        return self.category.label

    @property
    def has_hours(self) -> bool:
        return self.category != Category.ACADEMIC


def totals_by_category(records: Iterable[CpdRecord]) -> list[CategoryTotal]:
    """TWAVES totals of the given records, every category listed even when empty."""
    hours = defaultdict(lambda: ZERO)
    counts = defaultdict(int)
    for record in records:
        hours[record.category] += record.hours or ZERO
        counts[record.category] += 1
    return [CategoryTotal(category, hours[category], counts[category]) for category in Category]


@dataclass(frozen=True)
class YearTotals:
    year: int
    categories: list[CategoryTotal]

    @property
    def hours(self) -> Decimal:
        return sum((total.hours for total in self.categories), ZERO)


def yearly_totals(
    owner, first_year: int, last_year: int, *, cpd: CpdInPeriod | None = None
) -> list[YearTotals]:
    """Hours (and number of records) per TWAVES category for each year, oldest first.

    Pass `cpd` already read for a period that covers these years to save reading it again.
    Every record counts once, in the year it was completed (academic study too, without hours).
    """
    if cpd is None:
        cpd = cpd_in_period(owner, date(first_year, 1, 1), date(last_year, 12, 31))
    years = range(first_year, last_year + 1)
    hours: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for record in cpd:
        year = cpd.completed_on(record).year
        if year in years:
            hours[year, record.category] += record.hours or ZERO
            counts[year, record.category] += 1
    return [
        YearTotals(
            year,
            [
                CategoryTotal(category, hours[year, category], counts[year, category])
                for category in Category
            ],
        )
        for year in years
    ]
