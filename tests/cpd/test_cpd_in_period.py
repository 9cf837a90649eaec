"""CPD in a period: what counts, for whom, and in a fixed number of queries."""

from datetime import date
from decimal import Decimal

import pytest

from careermanager.cpd.categories import Category
from careermanager.cpd.models import Activity, Topic
from careermanager.cpd.queries import cpd_in_period
from careermanager.cpd.records import yearly_totals
from tests.competence.factories import competence
from tests.cpd.factories import ActivityFactory, FolderFactory
from tests.profiles.factories import EducationFactory, TrainingFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db
START, END = date(2024, 1, 1), date(2024, 12, 31)


def day(month: int, dom: int = 15) -> date:
    return date(2024, month, dom)


def add_records(owner, count: int) -> None:
    folder = FolderFactory(owner=owner)
    topic = Topic.objects.get(code="area-of-practice")
    for index in range(count):
        activity = ActivityFactory(
            owner=owner, folder=folder, start_date=day(index % 12 + 1), reflected=True
        )
        activity.topics.add(topic)
        activity.competences.add(competence("A1"))
        TrainingFactory(owner=owner, start_date=day(index % 12 + 1))
        EducationFactory(owner=owner, start_date=day(1), end_date=day(index % 12 + 1, 28))


@pytest.fixture
def member(owner):
    ActivityFactory(
        owner=owner,
        title="Relay seminar",
        start_date=day(3, 1),
        end_date=day(3, 2),
        hours=Decimal("3.5"),
        reflection_learned="Grading.",
    )
    ActivityFactory(owner=owner, title="Last year", start_date=date(2023, 12, 31))
    ActivityFactory(owner=owner, title="A draft", start_date=day(4), draft=True)
    TrainingFactory(
        owner=owner,
        title="Course ended in 2024",
        start_date=date(2023, 12, 1),
        end_date=day(1, 10),
        hours=Decimal("7.5"),
    )
    TrainingFactory(
        owner=owner, title="Course ended in 2025", start_date=day(12), end_date=date(2025, 1, 5)
    )
    EducationFactory(
        owner=owner, course="MSc", start_date=date(2022, 9, 1), end_date=date(2025, 6, 30)
    )
    EducationFactory(
        owner=owner,
        course="PgCert",
        start_date=date(2023, 9, 1),
        end_date=day(6, 30),
        awarded_date=day(9, 1),
    )
    EducationFactory(owner=owner, course="Open study", start_date=date(2023, 1, 1), end_date=None)
    EducationFactory(
        owner=owner, course="BEng", start_date=date(2018, 9, 1), end_date=date(2022, 6, 30)
    )
    return owner


def test_activities_training_and_study_in_the_period(member):
    cpd = cpd_in_period(member, START, END)
    assert [(r.category, r.title, r.hours) for r in cpd] == [
        (Category.EVENT, "Relay seminar", Decimal("3.5")),
        (Category.TRAINING, "Course ended in 2024", Decimal("7.5")),
        (Category.ACADEMIC, "PgCert", None),
    ]
    seminar, course, study = cpd
    assert (seminar.start, seminar.end, seminar.has_reflection) == (day(3, 1), day(3, 2), True)
    assert course.end == day(1, 10)
    assert course.has_reflection is None
    # Study counts on its date awarded (or else its end date), never on a day outside the period:
    # the MSc ends in 2025 and belongs to 2025; study with no end date is in no period yet.
    assert cpd.completed_on(study) == day(9, 1)


def test_details_only_when_asked(member):
    Activity.objects.filter(title="Relay seminar").update(description="On grading.")
    plain = next(iter(cpd_in_period(member, START, END)))
    detailed = next(iter(cpd_in_period(member, START, END, detailed=True)))
    assert plain.description == ""
    assert plain.reflection == ()
    assert detailed.description == "On grading."
    assert detailed.reflection == (("What did you learn?", "Grading."),)


def test_another_members_records_never_appear(member, other_member):
    add_records(other_member, 3)
    assert len(cpd_in_period(member, START, END)) == 3
    assert len(cpd_in_period(other_member, START, END)) == 9


@pytest.mark.parametrize("detailed", [False, True])
def test_queries_are_the_same_for_5_and_50_records(owner, detailed):
    add_records(owner, 5)
    few = count_queries(lambda: cpd_in_period(owner, START, END, detailed=detailed))
    add_records(owner, 45)
    many = count_queries(lambda: cpd_in_period(owner, START, END, detailed=detailed))
    # Activities (with their competences when detailed), then training and study in one.
    assert few == many == (3 if detailed else 2)
    assert len(cpd_in_period(owner, START, END)) == 150


def test_yearly_totals_from_a_wider_read_match_their_own(member):
    wide = cpd_in_period(member, date(2020, 1, 1), END)
    assert yearly_totals(member, 2023, 2024, cpd=wide) == yearly_totals(member, 2023, 2024)
    [year_2024] = yearly_totals(member, 2024, 2024)
    by_category = {total.category: total for total in year_2024.categories}
    assert by_category[Category.EVENT].hours == Decimal("3.5")
    assert by_category[Category.TRAINING].hours == Decimal("7.5")
    assert by_category[Category.ACADEMIC].count == 1
