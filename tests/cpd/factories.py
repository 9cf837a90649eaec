"""Factories for CPD records."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from careermanager.cpd.models import Activity, Folder, ImportBatch
from tests.factories import UserFactory


class FolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Folder

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"CPD folder {n}")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    owner = factory.SubFactory(UserFactory)
    type = Activity.Type.EVENT
    title = factory.Sequence(lambda n: f"Seminar on power systems {n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    end_date = factory.LazyAttribute(lambda activity: activity.start_date)
    hours = Decimal("2.00")

    class Params:
        reflected = factory.Trait(
            reflection_learned="How protection grading works on a ring main.",
            reflection_impact="I now check discrimination before signing off a design.",
        )
        draft = factory.Trait(status=Activity.Status.DRAFT, source=Activity.Source.CALENDAR)


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportBatch

    owner = factory.SubFactory(UserFactory)
    filename = "legacy.csv"
    rows = factory.LazyFunction(
        lambda: [
            {
                "line": 2,
                "kind": "activity",
                "activity_type": "event",
                "title": "IET lecture",
                "start_date": (timezone.localdate() - timedelta(days=3)).isoformat(),
                "end_date": None,
                "hours": "2.00",
                "description": "",
                "provider": "",
                "grade": "",
                "folder": "",
                "duplicate": False,
            }
        ]
    )
