"""Ada's supporters and her submitted intention to register as a Chartered Engineer.

Runs after the profile's demo data (the apps' order), so Ada's personal details are complete.
Running it twice changes nothing.
"""

from careermanager.registration import services
from careermanager.registration.models import Intention, Relationship, Route, Supporter, Timescale

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


def populate(*, member, staff) -> None:
    for values in SUPPORTERS:
        if not Supporter.objects.owned_by(member).with_email(values["email"]).exists():
            services.supporter_create(owner=member, **values)
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
