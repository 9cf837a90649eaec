"""Factories for profile records; each builds a valid record owned by a new member."""

from datetime import date
from decimal import Decimal

import factory

from careermanager.profiles import models
from tests.factories import UserFactory


class PersonalDetailsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PersonalDetails

    owner = factory.SubFactory(UserFactory)
    first_name = "Olive"
    last_name = "Owner"
    town = "Leeds"


class MembershipDetailsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MembershipDetails

    owner = factory.SubFactory(UserFactory)
    membership_number = factory.Sequence(lambda n: f"{1000000 + n}")
    grade = models.MembershipDetails.Grade.MEMBER
    registration_titles = "CEng MIET"


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Employment

    owner = factory.SubFactory(UserFactory)
    employer = "Harbour Power Ltd"
    job_title = factory.Sequence(lambda n: f"Protection Engineer {n}")
    start_date = date(2020, 1, 6)
    end_date = None
    is_current = True
    responsibilities = "I set relays."
    achievements = "I fixed things."


class PastEmploymentFactory(EmploymentFactory):
    start_date = date(2015, 9, 1)
    end_date = date(2019, 12, 20)
    is_current = False


class AccountabilityPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AccountabilityPerson

    employment = factory.SubFactory(EmploymentFactory)
    relation = models.AccountabilityPerson.Relation.REPORT
    name = factory.Sequence(lambda n: f"Person {n}")
    job_title = "Engineer"
    registration = "IEng MIET"


class EducationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Education

    owner = factory.SubFactory(UserFactory)
    institution = "University of Westmoor"
    course = factory.Sequence(lambda n: f"Electrical Engineering {n}")
    qualification_type = models.Education.QualificationType.MASTERS
    start_date = date(2010, 9, 27)
    end_date = date(2014, 6, 13)


class DevelopmentSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DevelopmentScheme

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Graduate Programme {n}")
    provider = "Harbour Power Ltd"
    start_date = date(2014, 9, 1)
    end_date = date(2016, 8, 31)
    status = models.DevelopmentScheme.Status.COMPLETED


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Training

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Relay course {n}")
    kind = models.Training.Kind.COURSE
    start_date = date(2024, 3, 4)
    hours = Decimal("7.5")


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Achievement

    owner = factory.SubFactory(UserFactory)
    kind = models.Achievement.Kind.PAPER
    title = factory.Sequence(lambda n: f"Paper {n}")
    date = date(2023, 3, 14)
