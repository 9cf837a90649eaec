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


# Applications -------------------------------------------------------------------------------


def complete_application(owner=None, *, category: str = "IEng"):
    """A draft application with every mandatory item complete, ready to lock.

    The member gets personal details, a current role with text, statements against every
    competence of the category, the profile's accountability diagram, an advisor answer and
    panelling details.
    """
    from careermanager.competence.queries import category_competences
    from careermanager.registration.models import (
        Application,
        ApplicationRoute,
        InterviewLocation,
        Statement,
    )
    from tests.profiles.factories import AccountabilityPersonFactory, EmploymentFactory

    owner = owner or UserFactory()
    PersonalDetailsFactory(
        owner=owner,
        first_name="Olive",
        last_name="Owner",
        address_line_1="1 Mill Lane",
        town="Leeds",
        country="United Kingdom",
    )
    role = EmploymentFactory(owner=owner)
    AccountabilityPersonFactory(employment=role, relation="above", level=1, name="Mina Boss")
    needs_interview = category in ("CEng", "IEng")
    application = Application.objects.create(
        owner=owner,
        category=category,
        route=ApplicationRoute.STANDARD,
        advisor_spoken=False,
        use_profile_diagram=True,
        sector="Energy",
        specialisms=["Power systems"],
        interview_location=(
            InterviewLocation.ONLINE if needs_interview else InterviewLocation.NOT_APPLICABLE
        ),
    )
    Statement.objects.bulk_create(
        Statement(application=application, code=c.code, text=f"How I meet {c.code}.")
        for c in category_competences(category)
    )
    return application


def locked_application(owner=None, **kwargs):
    from careermanager.registration.applications import application_lock

    application = complete_application(owner, **kwargs)
    return application_lock(application=application, actor=application.owner)


ATTESTERS = [
    ("sponsor", "Grace Sponsor", "grace@example.org"),
    ("proposer", "Pat Proposer", "pat@example.org"),
    ("supporter", "Sam Supporter", "sam@example.org"),
]


def invite_attesters(application):
    """Invite all three attesters; returns {role: (attestation, raw_token)} from the emails."""
    from django.core import mail

    from careermanager.registration.applications import attester_invite

    invited = {}
    for role, name, email in ATTESTERS:
        before = len(mail.outbox)
        attestation = attester_invite(
            application=application,
            actor=application.owner,
            role=role,
            name=name,
            email=email,
            registration_number="CEng 100200",
        )
        invited[role] = (attestation, mail.outbox[before:] if len(mail.outbox) > before else [])
    return invited


def sign_all(application):
    """Every attester comments and signs with a ticket of their own (issued here)."""
    from careermanager.core import tickets
    from careermanager.registration.applications import attestation_comment, attestation_sign

    application.refresh_from_db()
    for attestation in application.attestations.all():
        ticket, _ = tickets.ticket_issue(
            target=attestation,
            name=attestation.name,
            email=attestation.email,
            purpose=attestation.get_role_display(),
            created_by=application.owner,
        )
        attestation_comment(
            attestation=attestation, ticket=ticket, overall="A capable engineer.", areas={}
        )
        attestation_sign(
            attestation=attestation,
            ticket=ticket,
            full_name=attestation.name,
            registration="CEng MIET 100200",
            confirmed=True,
            seen_sha256=application.snapshot_sha256,
        )
    return application


def signed_application(owner=None, **kwargs):
    """A locked application whose three attesters have signed: ready to submit."""
    application = locked_application(owner, **kwargs)
    invite_attesters(application)
    return sign_all(application)


def submitted_application(owner=None, **kwargs):
    from careermanager.registration.applications import application_submit

    application = signed_application(owner, **kwargs)
    return application_submit(application=application, actor=application.owner)
