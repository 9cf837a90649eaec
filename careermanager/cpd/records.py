"""A member's CPD across TWAVES: activities recorded here, training and academic study from
the profile, read with a fixed number of queries however much there is.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear

from careermanager.cpd.categories import Category
from careermanager.cpd.engine import ZERO, Item
from careermanager.cpd.models import REFLECTION_FIELDS, Activity
from careermanager.profiles.models import Education, Training


def _activity_rows(owner, start: date, end: date):
    return (
        Activity.objects.owned_by(owner)
        .recorded()
        .completed_between(start, end)
        .order_by("end_date", "pk")
        .values("pk", "title", "type", "end_date", "hours", *REFLECTION_FIELDS)
    )


def _education_overlapping(owner, start: date, end: date):
    """Study that was going on at some point within [start, end]."""
    return Education.objects.owned_by(owner).filter(
        Q(start_date__lte=end)
        & (
            Q(awarded_date__gte=start)
            | Q(awarded_date__isnull=True, end_date__gte=start)
            | Q(awarded_date__isnull=True, end_date__isnull=True)
        )
    )


def cpd_items(owner, start: date, end: date) -> list[Item]:
    """Everything that counts as CPD and was completed within [start, end], as engine items.

    Academic study counts without hours and appears in every period it overlaps.
    """
    rows = list(_activity_rows(owner, start, end))
    topics = defaultdict(set)
    through = Activity.topics.through.objects.filter(
        activity__in=Activity.objects.owned_by(owner).recorded().completed_between(start, end)
    ).values_list("activity_id", "topic__code")
    for activity_id, code in through:
        topics[activity_id].add(code)
    items = [
        Item(
            key=f"activity:{row['pk']}",
            title=row["title"],
            category=row["type"],
            completed_on=row["end_date"],
            hours=row["hours"],
            topics=frozenset(topics[row["pk"]]),
            has_reflection=any(row[field] for field in REFLECTION_FIELDS),
        )
        for row in rows
    ]
    for row in (
        Training.objects.owned_by(owner)
        .completed_between(start, end)
        .values("pk", "title", "start_date", "end_date", "hours")
    ):
        items.append(
            Item(
                key=f"training:{row['pk']}",
                title=row["title"],
                category=Category.TRAINING,
                completed_on=row["end_date"] or row["start_date"],
                hours=row["hours"],
            )
        )
    for row in _education_overlapping(owner, start, end).values(
        "pk", "course", "institution", "end_date", "awarded_date"
    ):
        finished = row["awarded_date"] or row["end_date"] or end
        items.append(
            Item(
                key=f"academic:{row['pk']}",
                title=f"{row['course']}, {row['institution']}",
                category=Category.ACADEMIC,
                completed_on=min(finished, end),
                hours=ZERO,
            )
        )
    return items


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


def totals_by_category(items) -> list[CategoryTotal]:
    """TWAVES totals of the given items, every category listed even when empty."""
    hours = defaultdict(lambda: ZERO)
    counts = defaultdict(int)
    for item in items:
        hours[item.category] += item.hours
        counts[item.category] += 1
    return [CategoryTotal(category, hours[category], counts[category]) for category in Category]


@dataclass(frozen=True)
class YearTotals:
    year: int
    categories: list[CategoryTotal]

    @property
    def hours(self) -> Decimal:
        return sum((total.hours for total in self.categories), ZERO)


def yearly_totals(owner, first_year: int, last_year: int) -> list[YearTotals]:
    """Hours (and number of records) per TWAVES category for each year, oldest first."""
    start, end = date(first_year, 1, 1), date(last_year, 12, 31)
    hours: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    counts: dict[tuple[int, str], int] = defaultdict(int)
    activities = (
        Activity.objects.owned_by(owner)
        .recorded()
        .completed_between(start, end)
        .values_list(ExtractYear("end_date"), "type")
        .annotate(total=Sum("hours"), number=Count("pk"))
        .order_by()
    )
    for year, category, total, number in activities:
        hours[year, category] += total
        counts[year, category] += number
    training = (
        Training.objects.owned_by(owner)
        .completed_between(start, end)
        .annotate(year=ExtractYear(Coalesce("end_date", "start_date")))
        .values_list("year")
        .annotate(total=Sum("hours"), number=Count("pk"))
        .order_by()
    )
    for year, total, number in training:
        hours[year, Category.TRAINING] += total
        counts[year, Category.TRAINING] += number
    for study_start, study_end in _education_overlapping(owner, start, end).values_list(
        "start_date", Coalesce("awarded_date", "end_date")
    ):
        for year in range(max(study_start.year, first_year), (study_end or end).year + 1):
            if year <= last_year:
                counts[year, Category.ACADEMIC] += 1
    return [
        YearTotals(
            year,
            [
                CategoryTotal(category, hours[year, category], counts[year, category])
                for category in Category
            ],
        )
        for year in range(first_year, last_year + 1)
    ]
