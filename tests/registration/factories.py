"""Factories for supporters and intentions to register."""

import factory

from careermanager.registration.models import (
    Intention,
    Relationship,
    Route,
    Supporter,
    Timescale,
)
from tests.factories import UserFactory
from tests.profiles.factories import PersonalDetailsFactory


class SupporterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supporter

    owner = factory.SubFactory(UserFactory)
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"supporter{n}@example.net")
    relationship = Relationship.MENTOR


class IntentionFactory(factory.django.DjangoModelFactory):
    """A draft, just started; `complete=True` fills every required item (and the profile)."""

    class Meta:
        model = Intention
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)

    class Params:
        complete = factory.Trait(
            category="CEng",
            timescale=Timescale.ONE_TO_2_YEARS,
            route=Route.STANDARD,
        )

    @factory.post_generation
    def fill(obj, create, extracted, **kwargs):
        if create and obj.category:
            PersonalDetailsFactory(
                owner=obj.owner, address_line_1="1 Mill Lane", country="United Kingdom"
            )
            obj.supporters.add(SupporterFactory(owner=obj.owner, relationship=Relationship.SPONSOR))


def submitted_intention(owner) -> Intention:
    from careermanager.registration.services import intention_submit

    intention = IntentionFactory(owner=owner, complete=True)
    return intention_submit(intention=intention, actor=owner)
