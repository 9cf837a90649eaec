"""Factories for CPD declarations."""

import factory
from django.utils import timezone

from careermanager.declarations.models import Compliance, Declaration, EmploymentStatus
from tests.factories import UserFactory


class DeclarationFactory(factory.django.DjangoModelFactory):
    """A draft for last year, just started: only CPD monitoring agreed."""

    class Meta:
        model = Declaration

    owner = factory.SubFactory(UserFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    monitoring_agreed_at = factory.LazyFunction(timezone.now)

    class Params:
        complete = factory.Trait(
            reports_acknowledged_at=factory.LazyFunction(timezone.now),
            employment_status=EmploymentStatus.EMPLOYED,
            hours_confirmed_at=factory.LazyFunction(timezone.now),
            compliance=Compliance.MET,
        )
