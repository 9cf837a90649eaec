"""Competence records for tests. Frameworks come from the data migration."""

import factory

from careermanager.competence import services
from careermanager.competence.models import (
    Assessment,
    Competence,
    Framework,
    JobProfile,
    JobProfileItem,
    SkillLevel,
)
from careermanager.core import tickets


def framework(category: str = "CEng") -> Framework:
    return Framework.objects.current().get(category=category)


def competence(code: str, category: str = "CEng") -> Competence:
    return Competence.objects.get(area__framework=framework(category), code=code)


def competence_of(framework_code: str, code: str) -> Competence:
    """A competence of the current edition of any framework, by the framework's code."""
    return Competence.objects.get(
        area__framework__code=framework_code, area__framework__retired_at=None, code=code
    )


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    framework = factory.LazyFunction(framework)


class JobProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobProfile

    title = "Project manager — my next role"
    kind = JobProfile.Kind.ASPIRED


class JobProfileItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobProfileItem

    profile = factory.SubFactory(JobProfileFactory)
    competence = factory.LazyFunction(lambda: competence("C2"))
    target_level = SkillLevel.PRACTITIONER


def assess(owner, code: str = "A1", level: str = SkillLevel.PRACTITIONER, **kwargs):
    """Save an assessment of one CEng competence through the service, as the member would."""
    return services.competence_assess(
        owner=owner,
        competence=kwargs.pop("of", None) or competence(code),
        level=level,
        evidence=kwargs.pop("evidence", f"I led the work for {code}."),
        reference=kwargs.pop("reference", "Report TR-100"),
    )


def issue_ticket(assessment, *, name="Priya Natarajan", email="priya@example.org"):
    return tickets.ticket_issue(
        target=assessment,
        name=name,
        email=email,
        purpose="Mentor",
        created_by=assessment.owner,
    )
