"""A fictional career for the demo member, Ada Okonkwo-Reyes, a protection and control engineer.

Every employer, person, patent and paper here is invented. Running it twice changes nothing:
records are found by their title, and accountabilities are only added to roles without any.
Recent dates are counted back from today, so the current role always began within the last
three years and no training lies in the future.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from careermanager.profiles.models import (
    AccountabilityPerson,
    Achievement,
    DevelopmentScheme,
    Education,
    Employment,
    MembershipDetails,
    PersonalDetails,
    Training,
)

CURRENT_RESPONSIBILITIES = """\
I lead the protection and control engineering team for the onshore and offshore substations \
that connect three offshore wind farms, with a combined capacity of 2.1 GW, to the transmission \
system. I am the technical authority for protection design on these assets: I approve protection \
philosophies, relay settings and scheme drawings produced by my team and by our contractors, and \
I sign off the protection elements of commissioning before energisation.

I manage four engineers, set their objectives, review their work and mentor two of them towards \
professional registration. I plan the team's work against the construction programme and I \
manage a consultancy budget of about £600,000 a year for specialist studies.

I represent the company in technical meetings with the transmission system operator and with \
turbine and HVDC suppliers, where I negotiate the grid code compliance evidence we must provide \
for fault ride-through and protection performance. I also wrote, and I maintain, our company \
standard for protection setting management, which covers how settings are calculated, checked, \
issued and audited.

I am responsible for the safety of protection work on live systems in my area: I hold Senior \
Authorised Person status under the company's safety rules and I issue and cancel safety \
documents for secondary-system work."""

CURRENT_ACHIEVEMENTS = """\
I redesigned the protection scheme for the 66 kV array cables after analysis I carried out \
showed that the existing settings could fail to detect high-resistance faults when only a few \
turbines were generating. I modelled the network in a power system simulation tool, tested the \
new settings against 240 fault cases and presented the case for change to the asset owner. The \
new scheme was installed on all three platforms without any unplanned outage.

I introduced a settings database that links every relay's settings file to its calculation and \
its approval. Before, settings were kept in spreadsheets on shared drives; an audit I led had \
found 14 relays whose installed settings did not match the approved ones. Since the database went \
live there have been no mismatches, and the time to issue a settings change has fallen from about \
three weeks to five days.

I led the protection investigation after an export cable tripped during a storm in my first \
winter in the role. I established from disturbance records that the trip was correct, found the \
cause in a damaged cable joint, and wrote the report accepted by the system operator."""

PREVIOUS_RESPONSIBILITIES = """\
I was responsible for protection and control design for 132 kV and 33 kV substation projects \
delivered by the company for distribution network operators and independent connection \
providers. I produced protection philosophies, relay setting calculations and test \
specifications, and I checked the designs of two junior engineers.

I was the company's lead engineer for IEC 61850 digital substation projects. I specified the \
station bus architecture, wrote the configuration files for the protection and control devices \
and witnessed factory acceptance tests at suppliers' works in the UK and Germany.

I attended site during commissioning to resolve protection problems, and I was the point of \
contact for the client's protection engineers throughout each project."""

PREVIOUS_ACHIEVEMENTS = """\
I designed the company's first fully digital 132 kV substation, using sampled values from \
process bus merging units in place of copper wiring between the switchyard and the relay room. \
I developed the test method we used to prove the scheme, which the client has since adopted as \
its standard. The substation was energised on time and has operated correctly for every fault \
since.

I wrote a training course on IEC 61850 configuration and delivered it to 35 engineers across \
the company over two years."""

PROTECTION_ENGINEER_RESPONSIBILITIES = """\
I calculated and issued protection settings for 33 kV and 11 kV distribution networks, \
investigated protection operations after faults, and supported the planning team with fault \
level studies for new connections. I carried out secondary injection testing of relays during \
maintenance and commissioning."""

PROTECTION_ENGINEER_ACHIEVEMENTS = """\
I reviewed the earth fault settings across 40 primary substations after a series of \
unexplained trips, found a systematic error in the original setting calculations and corrected \
it, which ended the nuisance tripping."""

GRADUATE_RESPONSIBILITIES = """\
I completed four six-month placements on the graduate programme: network planning, \
protection, substation design and control room operations. In each I delivered a project of my \
own under the supervision of a chartered engineer."""

PLACEMENT_RESPONSIBILITIES = """\
I prepared signalling power supply calculations and updated cable schedules for a resignalling \
project under the supervision of a senior design engineer."""


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def populate(*, member, staff) -> None:
    today = timezone.localdate()
    current_start = _years_before(today, 2).replace(day=1)
    previous_end = current_start - timedelta(days=1)

    PersonalDetails.objects.get_or_create(
        owner=member,
        defaults={
            "title": "Ms",
            "first_name": "Ada",
            "last_name": "Okonkwo-Reyes",
            "address_line_1": "14 Larkspur Row",
            "address_line_2": "Hedge End",
            "town": "Southampton",
            "postcode": "SO30 9ZZ",
            "country": "United Kingdom",
            "phone": "07700 900417",
        },
    )
    MembershipDetails.objects.get_or_create(
        owner=member,
        defaults={
            "membership_number": "1187342",
            "grade": MembershipDetails.Grade.MEMBER,
            "registration_titles": "IEng MIET",  # working towards CEng
            "member_since": date(2014, 10, 1),
            "updated_by": staff,
        },
    )

    roles = [
        {
            "employer": "Solent Offshore Transmission Ltd",
            "job_title": "Principal Protection and Control Engineer",
            "location": "Southampton",
            "start_date": current_start,
            "end_date": None,
            "responsibilities": CURRENT_RESPONSIBILITIES,
            "achievements": CURRENT_ACHIEVEMENTS,
            "above": [
                ("Dr Rhiannon Pryce-Adeyemi", "Head of Protection and Control", "CEng FIET"),
                ("Marcus Thorne", "Engineering Director", "CEng FIET FIMechE"),
                ("Helen Achebe-Lindqvist", "Chief Technical Officer", "FREng CEng FIET"),
            ],
            "reports": [
                ("Tomasz Wiśniewski", "Senior Protection Engineer", "IEng MIET"),
                ("Priya Raman", "Protection Engineer", "CEng MIET"),
                ("Leah Okafor", "Substation Automation Engineer", "EngTech MIET"),
                ("Callum Fraser", "Graduate Engineer", ""),
            ],
        },
        {
            "employer": "Calder Grid Solutions Ltd",
            "job_title": "Senior Protection and Control Engineer",
            "location": "Leeds",
            "start_date": date(2020, 4, 6),
            "end_date": previous_end,
            "responsibilities": PREVIOUS_RESPONSIBILITIES,
            "achievements": PREVIOUS_ACHIEVEMENTS,
            "above": [
                ("Graham Whitlock", "Protection Engineering Manager", "CEng MIET"),
                ("Dr Sunita Mehra", "Head of Network Engineering", "CEng FIET"),
            ],
            "reports": [
                ("Owen Gallagher", "Protection Engineer", "IEng MIET"),
                ("Femi Adebayo", "Graduate Protection Engineer", ""),
            ],
        },
        {
            "employer": "Northgate Power Networks plc",
            "job_title": "Protection Engineer",
            "location": "Newcastle upon Tyne",
            "start_date": date(2016, 9, 1),
            "end_date": date(2020, 3, 27),
            "responsibilities": PROTECTION_ENGINEER_RESPONSIBILITIES,
            "achievements": PROTECTION_ENGINEER_ACHIEVEMENTS,
            "above": [
                ("Ian McAllister", "Senior Protection Engineer", "CEng MIET"),
                ("Patricia Osei", "Protection Manager", "CEng FIET"),
            ],
            "reports": [],
        },
        {
            "employer": "Northgate Power Networks plc",
            "job_title": "Graduate Engineer",
            "location": "Newcastle upon Tyne",
            "start_date": date(2014, 9, 1),
            "end_date": date(2016, 8, 31),
            "responsibilities": GRADUATE_RESPONSIBILITIES,
            "achievements": "",
            "above": [],
            "reports": [],
        },
        {
            "employer": "Brackenfield Rail Signalling Ltd",
            "job_title": "Industrial Placement Student, Signalling Design",
            "location": "Derby",
            "start_date": date(2012, 6, 25),
            "end_date": date(2012, 9, 14),
            "employment_type": Employment.Type.INDUSTRIAL_PLACEMENT,
            "responsibilities": PLACEMENT_RESPONSIBILITIES,
            "achievements": "",
            "above": [],
            "reports": [],
        },
    ]
    for role in roles:
        above, reports = role.pop("above"), role.pop("reports")
        employment, _ = Employment.objects.get_or_create(
            owner=member,
            employer=role.pop("employer"),
            job_title=role.pop("job_title"),
            defaults=role | {"is_current": role["end_date"] is None},
        )
        if not employment.accountability_people.exists():
            AccountabilityPerson.objects.bulk_create(
                [
                    AccountabilityPerson(
                        employment=employment,
                        relation=AccountabilityPerson.Relation.ABOVE,
                        level=level,
                        order=level,
                        name=name,
                        job_title=title,
                        registration=registration,
                    )
                    for level, (name, title, registration) in enumerate(above, start=1)
                ]
                + [
                    AccountabilityPerson(
                        employment=employment,
                        relation=AccountabilityPerson.Relation.REPORT,
                        order=order,
                        name=name,
                        job_title=title,
                        registration=registration,
                    )
                    for order, (name, title, registration) in enumerate(reports, start=1)
                ]
            )

    Education.objects.get_or_create(
        owner=member,
        course="Electrical and Electronic Engineering",
        defaults={
            "institution": "University of Westmoor",
            "qualification_type": Education.QualificationType.MASTERS,
            "classification": "MEng with first class honours",
            "start_date": date(2010, 9, 27),
            "end_date": date(2014, 6, 13),
            "awarded_date": date(2014, 7, 10),
            "accredited": True,
        },
    )
    Education.objects.get_or_create(
        owner=member,
        course="Mathematics, Further Mathematics, Physics, Electronics",
        defaults={
            "institution": "Kingsbridge Sixth Form College",
            "qualification_type": Education.QualificationType.A_LEVEL,
            "classification": "A*, A*, A, A",
            "start_date": date(2008, 9, 3),
            "end_date": date(2010, 6, 25),
            "awarded_date": date(2010, 8, 19),
        },
    )

    DevelopmentScheme.objects.get_or_create(
        owner=member,
        name="Graduate Engineer Development Programme",
        defaults={
            "provider": "Northgate Power Networks plc",
            "kind": DevelopmentScheme.Kind.GRADUATE,
            "accredited": True,
            "start_date": date(2014, 9, 1),
            "end_date": date(2016, 8, 31),
            "status": DevelopmentScheme.Status.COMPLETED,
            "description": "A two-year programme accredited by a professional engineering "
            "institution, with four placements, a mentor who is a chartered engineer and "
            "quarterly reviews against UK-SPEC.",
        },
    )

    def recent(days: int) -> date:
        return today - timedelta(days=days)

    training = [
        (
            "Power system protection fundamentals",
            "course",
            "Westmoor Power Academy",
            date(2014, 11, 3),
            date(2014, 11, 7),
            "35",
        ),
        (
            "Safety rules authorisation: Authorised Person",
            "mandatory",
            "Northgate Power Networks plc",
            date(2015, 3, 9),
            date(2015, 3, 10),
            "14",
        ),
        (
            "Relay testing with secondary injection",
            "on_the_job",
            "Northgate Power Networks plc",
            date(2015, 5, 11),
            date(2015, 6, 19),
            "40",
        ),
        (
            "Shadowing: commissioning of 132 kV transformer protection",
            "shadowing",
            "Northgate Power Networks plc",
            date(2016, 2, 1),
            date(2016, 2, 5),
            "24",
        ),
        (
            "Secondment to the network control room",
            "secondment",
            "Northgate Power Networks plc",
            date(2016, 3, 1),
            date(2016, 5, 27),
            "150",
        ),
        (
            "Requirements for Electrical Installations (BS 7671) update",
            "mandatory",
            "Midland Electrical Training",
            date(2019, 1, 14),
            date(2019, 1, 16),
            "21",
        ),
        (
            "IEC 61850 substation automation: engineering and testing",
            "course",
            "Digital Substation Training Ltd",
            date(2020, 10, 5),
            date(2020, 10, 7),
            "21",
        ),
        (
            "Protection and Automation Conference",
            "conference",
            "PAC Events UK",
            date(2022, 6, 14),
            date(2022, 6, 15),
            "14",
        ),
        (
            "Project management fundamentals",
            "course",
            "Calder Grid Solutions Ltd",
            date(2023, 2, 6),
            date(2023, 2, 10),
            "35",
        ),
        (
            "Senior Authorised Person assessment",
            "mandatory",
            "Solent Offshore Transmission Ltd",
            recent(600),
            recent(599),
            "14",
        ),
        (
            "Offshore survival and first aid (GWO Basic Safety Training)",
            "mandatory",
            "Solent Marine Safety Centre",
            recent(520),
            recent(516),
            "32",
        ),
        (
            "Cyber security for operational technology (IEC 62443)",
            "course",
            "Grid Security Academy",
            recent(300),
            recent(298),
            "21",
        ),
        (
            "Mentoring skills for engineers",
            "course",
            "Engineering Mentors Network",
            recent(180),
            None,
            "7",
        ),
        (
            "Distance protection setting workshop",
            "seminar",
            "Relay Users Group",
            recent(95),
            None,
            "6.5",
        ),
        (
            "Powering net zero: grid-forming converters",
            "seminar",
            "IET Solent Local Network",
            recent(40),
            None,
            "2.5",
        ),
    ]
    for title, kind, provider, start, end, hours in training:
        Training.objects.get_or_create(
            owner=member,
            title=title,
            defaults={
                "kind": kind,
                "provider": provider,
                "start_date": start,
                "end_date": end,
                "hours": Decimal(hours),
            },
        )

    achievements = [
        (
            Achievement.Kind.PAPER,
            "Adaptive distance protection for offshore export cables with high charging current",
            date(2023, 3, 14),
            "doi:10.0000/demo.pac.2023.0142",
            "Paper presented at an international protection conference. I developed the "
            "method and the simulations; my two co-authors reviewed the field data.",
        ),
        (
            Achievement.Kind.PATENT,
            "Detecting high-impedance earth faults in compensated distribution networks",
            date(2021, 11, 2),
            "GB 2999001 A",
            "I am the first-named inventor. The method compares zero-sequence admittance "
            "across feeders to locate faults the existing relays do not see.",
        ),
        (
            Achievement.Kind.AWARD,
            "Young Power Engineer of the Year, North East regional engineering awards",
            date(2019, 11, 21),
            "",
            "Awarded for the earth fault settings review at Northgate Power Networks.",
        ),
        (
            Achievement.Kind.MEMBERSHIP_ACTIVITY,
            "Committee member, IET Solent Local Network",
            recent(400),
            "",
            "I organise the local network's technical talks on power systems and mentor "
            "two candidates for registration.",
        ),
    ]
    for kind, title, day, reference, details in achievements:
        Achievement.objects.get_or_create(
            owner=member,
            title=title,
            defaults={"kind": kind, "date": day, "reference": reference, "details": details},
        )
