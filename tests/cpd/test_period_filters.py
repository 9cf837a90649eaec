"""Every list and total for a period holds exactly the records completed within it.

A record counts on the day it was completed (an activity or training on its end date, study on
its date awarded or else its end date) and belongs to the period holding that day, so a report
for 2020 never lists an MSc awarded in 2021, and every list and total agrees.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from careermanager.cpd.compliance import engine_items
from careermanager.cpd.documents import cpd_activity_report, gather
from careermanager.cpd.queries import cpd_in_period
from careermanager.cpd.records import yearly_totals
from careermanager.profiles.documents.training import build_training_summary
from tests.cpd.factories import ActivityFactory
from tests.factories import UserFactory
from tests.profiles.factories import EducationFactory, TrainingFactory

FIRST = date(2018, 1, 1)
LAST = date(2023, 12, 31)
SPAN = (LAST - FIRST).days


@pytest.mark.django_db
def test_a_report_for_2020_leaves_out_an_msc_awarded_in_2021(owner):
    EducationFactory(
        owner=owner,
        course="MSc",
        start_date=date(2019, 9, 1),
        end_date=date(2021, 6, 30),
        awarded_date=date(2021, 6, 30),
    )
    report_2020 = cpd_activity_report(
        owner, start=date(2020, 1, 1), end=date(2020, 12, 31), detailed=False
    )
    assert report_2020.item_count == 0
    assert [item.title for item in gather(owner, date(2021, 1, 1), date(2021, 12, 31))] == ["MSc"]
    [msc] = gather(owner, date(2021, 1, 1), date(2021, 12, 31))
    assert msc.end == date(2021, 6, 30)
    totals = {year.year: year for year in yearly_totals(owner, 2019, 2021)}
    assert [sum(c.count for c in totals[year].categories) for year in (2019, 2020, 2021)] == [
        0,
        0,
        1,
    ]


def _day(offset: int) -> date:
    return FIRST + timedelta(days=offset)


records = st.lists(
    st.tuples(
        st.sampled_from(["activity", "training", "education"]),
        st.integers(0, SPAN),  # start
        st.none() | st.integers(0, 900),  # days to the end date
        st.none() | st.integers(0, 900),  # days to the date awarded (education)
    ),
    max_size=8,
)
periods = st.tuples(st.integers(0, SPAN), st.integers(0, 800)).map(
    lambda pair: (_day(pair[0]), _day(pair[0]) + timedelta(days=pair[1]))
)


class EveryItemLiesInsideItsPeriod(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(entries=records, period=periods)
    def test_lists_and_totals_hold_exactly_the_records_completed_in_the_period(
        self, entries, period
    ):
        owner = UserFactory()
        start, end = period
        expected = {}  # title: the day it counts on, or None when it belongs to no period
        for index, (kind, begin, length, awarded) in enumerate(entries):
            first = _day(begin)
            last = None if length is None else first + timedelta(days=length)
            title = f"{kind} {index}"
            if kind == "activity":
                ActivityFactory(owner=owner, title=title, start_date=first, end_date=last or first)
                expected[title] = last or first
            elif kind == "training":
                TrainingFactory(
                    owner=owner, title=title, start_date=first, end_date=last, hours=Decimal(3)
                )
                expected[title] = last or first
            else:
                on = None if awarded is None else first + timedelta(days=awarded)
                EducationFactory(
                    owner=owner, course=title, start_date=first, end_date=last, awarded_date=on
                )
                expected[title] = on or last
        inside = {title for title, day in expected.items() if day and start <= day <= end}

        cpd = cpd_in_period(owner, start, end, detailed=True)
        assert {record.title for record in cpd} == inside
        for record in cpd:
            assert start <= cpd.completed_on(record) <= end
            assert cpd.completed_on(record) == expected[record.title]
        for item in engine_items(cpd):
            assert start <= item.completed_on <= end

        report = gather(owner, start, end)
        assert {item.title for item in report} == inside
        assert all(start <= item.end <= end for item in report)

        summary = build_training_summary(owner=owner, start=start, end=end)
        assert summary.item_count == sum(1 for t in inside if t.startswith("training"))

        # Yearly totals: each record once, in the year it counts in.
        years = yearly_totals(owner, start.year, end.year)
        for year in years:
            in_year = {title for title, day in expected.items() if day and day.year == year.year}
            assert sum(total.count for total in year.categories) == len(in_year)
            hours = sum(
                (Decimal(2) if t.startswith("activity") else Decimal(3))
                for t in in_year
                if not t.startswith("education")
            )
            assert year.hours == hours
