"""Ada's supporters, her intention to register and her application as a Chartered Engineer.

Runs after the profile's and the competence demo data (the apps' order), so Ada's personal
details, roles, organisation charts and assessment evidence are there to draw on. Her
application shows every state an attester can be in: locked two weeks ago, her sponsor and
proposer have signed, and her line manager, invited later, has not answered yet. The lists
the institution keeps (approved schemes, sectors, specialisms) are filled in first.

Every person, employer and scheme is invented. Running it twice changes nothing.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.utils import timezone

from careermanager.competence.queries import category_competences, evidence_by_code
from careermanager.core.models import GuestTicket
from careermanager.registration import applications, list_entries, services
from careermanager.registration.application_records import application_records
from careermanager.registration.models import (
    Application,
    ApplicationRoute,
    AttesterRole,
    Intention,
    InterviewLocation,
    ListEntry,
    ListKind,
    Relationship,
    Route,
    Supporter,
    Timescale,
)

SUPPORTERS = [
    {
        "name": "Dr Helen Achterberg",
        "email": "helen.achterberg@example.org",
        "relationship": Relationship.SPONSOR,
        "registration_number": "CEng 512877",
        "note": "Led the substation protection review Ada worked on in 2024.",
    },
    {
        "name": "Marcus Fenwick",
        "email": "marcus.fenwick@example.org",
        "relationship": Relationship.MENTOR,
        "registration_number": "",
        "note": "Monthly mentoring calls.",
    },
    {
        "name": "Priya Natarajan",
        "email": "priya.natarajan@example.org",
        "relationship": Relationship.LINE_MANAGER,
        "registration_number": "",
        "note": "",
    },
]

LISTS = {
    ListKind.SCHEME: [
        "Electrical Power Engineering Degree Apprenticeship",
        "Offshore Transmission Graduate Development Scheme",
        "Substation Engineering Technician Apprenticeship",
    ],
    ListKind.SECTOR: [
        "Electricity transmission and distribution",
        "Renewable and low-carbon generation",
        "Rail systems",
        "Manufacturing and process industries",
        "Information and communications technology",
    ],
    ListKind.SPECIALISM: [
        "Power system protection",
        "Substation automation and control",
        "Power system analysis",
        "High-voltage plant and cables",
        "Asset management",
        "Cyber security for operational technology",
    ],
}

CURRENT_ROLE_TEXT = """\
I lead the protection and control engineering team for the onshore and offshore substations \
that connect three offshore wind farms (2.1 GW in all) to the transmission system, and I am \
the technical authority for protection design on these assets. I approve the protection \
philosophies, relay settings and scheme drawings my team and our contractors produce, and I \
sign off the protection part of commissioning before each energisation.

I manage four engineers: I set their objectives, review their work and mentor two of them \
towards registration. I plan the team's work against the construction programme and manage a \
budget of about £600,000 a year for specialist studies.

Array cable protection. My analysis showed that the existing settings on the 66 kV array \
cables could miss a high-resistance fault when only a few turbines were generating. I \
modelled the network, derived new settings, tested them against 240 fault cases and made the \
case for change to the asset owner. The new scheme went in on all three platforms without an \
unplanned outage.

Settings management. An audit I led found 14 relays whose installed settings did not match \
the approved ones. I introduced a settings database that links every relay's settings to its \
calculation and approval, and wrote the company standard that governs it. Since then there \
have been no mismatches, and a settings change takes five days to issue instead of three weeks.

Safety. I hold Senior Authorised Person status and issue and cancel safety documents for \
secondary-system work in my area."""

PREVIOUS_ROLE_TEXT = """\
I was responsible for the protection and control design of 132 kV and 33 kV substations for \
distribution network operators and independent connection providers: protection philosophies, \
setting calculations and test specifications, and checking the designs of two junior engineers.

As the company's lead engineer for IEC 61850, I specified the station bus, wrote the device \
configuration files and witnessed factory tests in the UK and Germany. I designed the \
company's first fully digital 132 kV substation, with sampled values from process bus merging \
units in place of copper wiring, and developed the method used to prove it, which the client \
has adopted as its standard. It was energised on time and has operated correctly for every \
fault since. I also wrote a course on IEC 61850 configuration and taught it to 35 engineers."""

# Competences her assessment has no evidence for yet: written for the application.
OWN_STATEMENTS = {
    "C4": (
        "After the settings audit found 14 relays that did not match their approved settings, "
        "I set up a quarterly check that compares a sample of installed settings with the "
        "database, and I report the result to the head of department. I also run a lessons "
        "learned review after each energisation; the last one changed how we hand over "
        "relay test records from the commissioning contractor, which had delayed two "
        "energisations by a week each."
    ),
    "E4": (
        "I plan my CPD each year against my development objectives and record it with "
        "reflections. In the last two years that has included cyber security for "
        "operational technology, a mentoring skills course and the Senior Authorised Person "
        "assessment, each chosen for a gap in my current role. I present what I learn at "
        "conferences to my team in a monthly technical session."
    ),
    "E5": (
        "When a contractor's commissioning engineer asked me to sign off a protection test "
        "that had not been witnessed, to keep an energisation date, I refused and arranged a "
        "witnessed test two days later, and explained the delay to the project director. I "
        "declare any interest when I assess suppliers' proposals, and I follow the "
        "institution's rules of conduct in what I say about other engineers' work."
    ),
}
# One statement taken from her evidence and then shortened for the application.
EDITED_STATEMENTS = {
    "A1": (
        "I am the technical authority for protection design on three offshore transmission "
        "assets. When the standard setting method did not cover high-resistance faults on "
        "lightly loaded 66 kV array cables, I went back to first principles, modelled the "
        "network and derived new settings, which I tested against 240 fault cases. I keep my "
        "knowledge current through the institution's protection network, and I wrote our "
        "company standard for protection setting management."
    ),
}

ATTESTERS = {
    AttesterRole.SPONSOR: {
        "email": "helen.achterberg@example.org",
        "registration_number": "CEng 512877",
        "message": (
            "Thank you for agreeing to sponsor my application. It is the one we discussed "
            "after the substation protection review; the array cable work is in my current "
            "role and in A1 and A2."
        ),
    },
    AttesterRole.PROPOSER: {
        "email": "marcus.fenwick@example.org",
        "registration_number": "CEng 733105",
        "message": (
            "Marcus, here is my application as we planned in our last call. I would value "
            "your comments on the leadership section in particular."
        ),
    },
    AttesterRole.SUPPORTER: {
        "email": "priya.natarajan@example.org",
        "registration_number": "",
        "message": (
            "Priya, as my line manager could you read my application and attest to my current "
            "role? It should take about half an hour."
        ),
    },
}

# What the two attesters who have signed said: overall, and on some areas.
ATTESTATIONS = {
    AttesterRole.PROPOSER: {
        "overall": (
            "I have mentored Ada for three years. The application is an accurate account of "
            "her work, and the technical judgement she describes in the array cable review is "
            "her own: I saw the analysis develop."
        ),
        "areas": {
            "C": (
                "Ada leads a small team well and has started to develop her engineers "
                "deliberately; two of them are now working towards registration with her help."
            ),
            "D": "She explains complex protection questions clearly to non-specialists.",
        },
        "signed_registration": "CEng MIET, registration number 733105",
    },
    AttesterRole.SPONSOR: {
        "overall": (
            "I worked with Ada on the substation protection review in 2024 and have followed "
            "her work since. She meets the standard for Chartered Engineer, and her "
            "application describes responsibilities she holds in full."
        ),
        "areas": {
            "A": (
                "Her analysis of high-resistance faults on the array cables went beyond the "
                "usual setting practice and was sound."
            ),
            "E": (
                "Her refusal to sign off an unwitnessed test, described in E5, is typical of "
                "her: safety and integrity come first."
            ),
        },
        "signed_registration": "CEng FIET, registration number 512877",
    },
}


@contextmanager
def _on(when: datetime) -> Iterator[None]:
    """Let the services date what they do at `when`, so the timeline reads as it would have.

    Only the demo does this, in one thread, before anything is shown to anyone.
    """
    real_now = timezone.now
    timezone.now = lambda: when
    try:
        yield
    finally:
        timezone.now = real_now


def _lists(staff) -> None:
    for kind, names in LISTS.items():
        for name in names:
            if not ListEntry.objects.filter(kind=kind, name__iexact=name).exists():
                list_entries.entry_add(kind=kind, name=name, actor=staff)


def _intention(member) -> None:
    if Intention.objects.owned_by(member).exists():
        return
    intention, _ = services.intention_start(owner=member)
    services.intention_set_category(
        intention=intention,
        actor=member,
        category="CEng",
        timescale=Timescale.SIX_TO_12_MONTHS,
        route=Route.STANDARD,
    )
    services.intention_set_supporters(
        intention=intention,
        actor=member,
        supporters=list(
            Supporter.objects.owned_by(member).exclude(relationship=Relationship.LINE_MANAGER)
        ),
    )
    services.intention_set_note(
        intention=intention,
        actor=member,
        note="I would welcome advice on presenting my protection design work.",
    )
    services.intention_submit(intention=intention, actor=member)


def _draft(member, category: str) -> Application:
    """Her draft: category, advisor, role texts, statements, diagram and panelling."""
    application, _ = applications.application_start(owner=member, category=category)
    applications.application_update(
        application=application,
        section="category",
        actor=member,
        category=category,
        route=ApplicationRoute.STANDARD,
        scheme="",
    )
    applications.application_update(
        application=application,
        section="advisor",
        actor=member,
        advisor_spoken=True,
        advisor_name="Gwen Latimer",
    )
    applications.application_update(
        application=application, section="diagram", actor=member, use_profile_diagram=True
    )
    roles = {
        role["job_title"]: role["id"] for role in application_records(application)["employment"]
    }
    edited = {
        "Principal Protection and Control Engineer": CURRENT_ROLE_TEXT,
        "Senior Protection and Control Engineer": PREVIOUS_ROLE_TEXT,
    }
    for title, employment_id in roles.items():
        if title in edited:
            applications.role_save(
                application=application,
                actor=member,
                employment_id=employment_id,
                text=edited[title],
            )
        elif "Placement" in title:
            # A summer placement before graduating: left out of the application.
            applications.role_save(
                application=application,
                actor=member,
                employment_id=employment_id,
                text="",
                included=False,
            )
    evidence = evidence_by_code(member, category)
    for competence in category_competences(category):
        text = (
            EDITED_STATEMENTS.get(competence.code)
            or evidence.get(competence.code)
            or OWN_STATEMENTS.get(competence.code)
        )
        if text:
            applications.statement_save(
                application=application, actor=member, code=competence.code, text=text
            )
    applications.application_update(
        application=application,
        section="panelling",
        actor=member,
        sector="Electricity transmission and distribution",
        specialisms=["Power system protection", "Substation automation and control"],
        interview_location=InterviewLocation.ONLINE,
    )
    return application


def _invite(application: Application, role: str, member) -> None:
    supporter = Supporter.objects.owned_by(member).with_email(ATTESTERS[role]["email"]).first()
    applications.attester_invite(
        application=application,
        actor=member,
        role=role,
        name=supporter.name,
        email=supporter.email,
        registration_number=ATTESTERS[role]["registration_number"],
        message=ATTESTERS[role]["message"],
        supporter=supporter,
    )


def _attest(application: Application, role: str) -> None:
    attestation = application.attestations.get(role=role)
    ticket = GuestTicket.objects.for_target(attestation).valid().get()
    said = ATTESTATIONS[role]
    applications.attestation_comment(
        attestation=attestation, ticket=ticket, overall=said["overall"], areas=said["areas"]
    )
    applications.attestation_sign(
        attestation=attestation,
        ticket=ticket,
        full_name=attestation.name,
        registration=said["signed_registration"],
        confirmed=True,
        seen_sha256=application.snapshot_sha256,
    )


def _application(member) -> None:
    if Application.objects.owned_by(member).exists():
        return
    category = "CEng"  # the category of her self-assessment
    if not category_competences(category):
        return  # no framework imported: nothing to write statements against
    now = timezone.now()

    def days_ago(days: int, hour: int = 10) -> datetime:
        return (now - timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)

    with _on(days_ago(42)):
        application = _draft(member, category)
    with _on(days_ago(14, 9)):
        application = applications.application_lock(application=application, actor=member)
    with _on(days_ago(14, 11)):
        _invite(application, AttesterRole.SPONSOR, member)
        _invite(application, AttesterRole.PROPOSER, member)
    with _on(days_ago(9, 20)):
        _attest(application, AttesterRole.PROPOSER)
    with _on(days_ago(5, 16)):
        _invite(application, AttesterRole.SUPPORTER, member)
    with _on(days_ago(3, 14)):
        _attest(application, AttesterRole.SPONSOR)


def populate(*, member, staff) -> None:
    eight_months_ago = timezone.now() - timedelta(days=240)
    with _on(eight_months_ago):
        for values in SUPPORTERS:
            if not Supporter.objects.owned_by(member).with_email(values["email"]).exists():
                services.supporter_create(owner=member, **values)
        _intention(member)
    _lists(staff)
    _application(member)
