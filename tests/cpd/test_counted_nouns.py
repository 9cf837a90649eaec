"""Counts in CPD pages, charts and reports agree with their nouns: 1 record, 2 records."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from careermanager.cpd.categories import Category
from careermanager.cpd.charts import type_chart, year_chart
from careermanager.cpd.documents import build_summary_report
from careermanager.cpd.records import CategoryTotal, YearTotals
from tests.cpd.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_chart_descriptions_say_1_hour():
    one = [CategoryTotal(Category.WORK_EXPERIENCE, Decimal("1"), 1)]

    assert "Work experience: 1 hour" in type_chart(one).description
    years = year_chart([YearTotals(2025, one)], Decimal("1")).description
    assert years.startswith("2025: 1 hour.")
    assert "Target 1 hour a year." in years


def _summary_text(document) -> str:
    return " ".join(
        block.text
        for section in document.sections
        for block in section.blocks
        if hasattr(block, "text")
    )


@pytest.mark.parametrize(("count", "text"), [(1, "1 record of CPD"), (2, "2 records of CPD")])
def test_the_report_counts_its_records(owner, count, text):
    for index in range(count):
        ActivityFactory(owner=owner, title=f"Seminar {index}", start_date=date(2025, 3, 3))

    document = build_summary_report(owner=owner, start=date(2025, 1, 1), end=date(2025, 12, 31))

    assert text in _summary_text(document)


@pytest.mark.parametrize(
    ("count", "text"),
    [(1, "1 of your activities has no reflection yet."), (2, "2 of your activities have no")],
)
def test_the_overview_counts_activities_without_a_reflection(owner, owner_client, count, text):
    for index in range(count):
        ActivityFactory(owner=owner, title=f"Seminar {index}")

    assert text in owner_client.get(reverse("cpd:index")).text


@pytest.mark.parametrize(
    ("count", "text"), [(1, "<p>1 activity.</p>"), (2, "<p>2 activities.</p>")]
)
def test_the_list_counts_activities(owner, owner_client, count, text):
    for index in range(count):
        ActivityFactory(owner=owner, title=f"Seminar {index}")

    assert text in owner_client.get(reverse("cpd:activity-list")).text
