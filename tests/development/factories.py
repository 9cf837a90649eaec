"""Factories for development plans: objectives and their actions."""

from datetime import timedelta

import factory
from django.utils import timezone

from careermanager.development.models import Action, Objective, Plan, Status
from tests.factories import UserFactory


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    owner = factory.SubFactory(UserFactory)
    kind = Objective.Kind.PERSONAL
    title = factory.Sequence(lambda n: f"Lead a protection study {n}")
    measure = "A study report signed off by the chief engineer."
    reason = "Protection studies are the heart of the role I want."
    target_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=180))

    class Params:
        complete = factory.Trait(
            status=Status.COMPLETE,
            completed_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3)),
        )


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    objective = factory.SubFactory(ObjectiveFactory)
    kind = Action.Kind.READING
    description = factory.Sequence(lambda n: f"Read the protection guide, chapter {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))

    class Params:
        complete = factory.Trait(
            status=Status.COMPLETE,
            completed_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1)),
        )


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    owner = factory.SubFactory(UserFactory)
