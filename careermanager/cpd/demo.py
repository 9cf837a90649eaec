"""A year and a half of CPD for the demo member, Ada Okonkwo-Reyes, following the IET policy.

Ada leads protection and control engineering for offshore wind connections (see
careermanager/profiles/demo.py). Everything here is invented. Records are found by title, so
running it twice changes nothing; activities dated after today are left out until their day.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from careermanager.cpd.models import Activity, Folder, MemberPolicy, Policy, Topic

W, V, E, S = (
    Activity.Type.WORK_EXPERIENCE,
    Activity.Type.VOLUNTEERING,
    Activity.Type.EVENT,
    Activity.Type.SELF_STUDY,
)

# (folder year, type, title, start, end, hours, topics, description, reflection answers)
ACTIVITIES = [
    (
        2025,
        E,
        "IET Solent lecture: protection challenges of inverter-based resources",
        date(2025, 7, 9),
        None,
        "2",
        ["area-of-practice"],
        "Evening lecture by a transmission operator's protection specialist on how low fault "
        "current from converters affects distance and overcurrent protection.",
        {
            "reflection_learned": "Converter fault current is limited to about 1.1 to 1.2 per "
            "unit and its phase angle is set by the control system, so impedance seen by a "
            "distance relay can be badly wrong. Negative-sequence elements are the least reliable.",
            "reflection_impact": "I added a converter-dominated fault case to our standard set "
            "of settings studies for the array cables.",
            "reflection_follow_up": "Read the CIGRE brochure on protection with high shares of "
            "inverter-based generation.",
        },
    ),
    (
        2025,
        W,
        "Led the protection investigation of the export cable 2 trip",
        date(2025, 7, 21),
        date(2025, 8, 8),
        "12",
        ["area-of-practice", "risk-management"],
        "Analysed disturbance records from both ends of the cable, reconstructed the sequence of "
        "events and wrote the investigation report for the asset owner.",
        {
            "reflection_learned": "Time-aligning records from relays with different sample "
            "rates takes longer than the analysis itself. GPS time stamps on every device would "
            "have saved two days.",
            "reflection_went_well": "The report was accepted without changes and the cable "
            "returned to service a day earlier than planned.",
            "reflection_differently": "I should have involved the SCADA team from the start; "
            "their event logs filled a gap in the first hour.",
            "reflection_follow_up": "Specify time synchronisation checks in commissioning.",
        },
    ),
    (
        2025,
        S,
        "Read: Network Protection and Automation Guide, chapters on busbar protection",
        date(2025, 8, 18),
        date(2025, 9, 12),
        "8",
        ["area-of-practice"],
        "Private study ahead of the busbar protection replacement on the onshore substation.",
        {
            "reflection_learned": "The stability criteria for high-impedance busbar schemes and "
            "how CT knee-point voltage drives the setting.",
            "reflection_met_needs": "Yes: it gave me enough to review the contractor's design "
            "with confidence.",
        },
    ),
    (
        2025,
        V,
        "STEM Ambassador: secondary school careers fair",
        date(2025, 9, 25),
        None,
        "4",
        [],
        "Ran a stand with a working model of a substation protection scheme for Year 10 and "
        "Year 11 students.",
        {
            "reflection_went_well": "The hands-on model drew a crowd; students asked good "
            "questions about why the lights don't go out when a cable fails.",
            "reflection_differently": "Bring printed leaflets about apprenticeships: several "
            "parents asked about routes other than university.",
        },
    ),
    (
        2025,
        E,
        "Relay Users Group autumn meeting",
        date(2025, 10, 14),
        None,
        "6",
        ["area-of-practice"],
        "Day meeting of utility and developer protection engineers: settings management, "
        "IEC 61850 interoperability and lessons from recent incidents.",
        {
            "reflection_learned": "Two other owners have found settings mismatches in audits "
            "like ours; one now checks installed settings automatically every night.",
            "reflection_follow_up": "Ask our OT team whether automatic settings retrieval is "
            "possible through the substation gateways.",
        },
    ),
    (
        2025,
        W,
        "Wrote the company standard for protection setting management, revision 2",
        date(2025, 10, 20),
        date(2025, 11, 28),
        "12",
        ["area-of-practice", "business-management"],
        "Updated the standard to cover the new settings database, independent checking and "
        "the audit cycle.",
        {
            "reflection_learned": "Writing for contractors as well as our own staff needs many "
            "more worked examples than I expected.",
            "reflection_went_well": "Consultation with the operations team early on meant no "
            "objections at approval.",
            "reflection_impact": "I now draft procedures with the people who will follow them "
            "rather than asking for comments at the end.",
        },
    ),
    (
        2025,
        S,
        "Online course: introduction to grid-forming converter control",
        date(2025, 11, 3),
        date(2025, 12, 1),
        "10",
        ["area-of-practice"],
        "Self-paced university short course with weekly quizzes.",
        {
            "reflection_learned": "The difference between grid-following and grid-forming "
            "control and why grid-forming plant can supply fault current more like a machine.",
            "reflection_met_needs": "Partly: it was strong on control theory and light on "
            "protection, which I will need to find elsewhere.",
        },
    ),
    (
        2025,
        V,
        "Mentoring two engineers towards IEng registration",
        date(2025, 12, 2),
        date(2025, 12, 16),
        "5",
        ["business-management"],
        "Monthly mentoring sessions reviewing competence evidence for UK-SPEC.",
        {
            "reflection_learned": "Engineers undersell their responsibility: both described "
            "decisions they had made as things the team did.",
            "reflection_impact": "I ask mentees to write 'I' statements first and then test "
            "each one against the competence statement.",
        },
    ),
    (
        2026,
        E,
        "IET webinar: cyber security of protection and control systems",
        date(2026, 1, 20),
        None,
        "1.5",
        ["risk-management"],
        "Webinar on attack paths into substation automation systems and defences in depth.",
        {
            "reflection_learned": "Engineering laptops are the most common way in; remote "
            "access is second.",
            "reflection_follow_up": "Review our laptop control procedure with the OT security "
            "lead.",
        },
    ),
    (
        2026,
        W,
        "Commissioning of the new busbar protection at the onshore substation",
        date(2026, 2, 9),
        date(2026, 3, 6),
        "12",
        ["area-of-practice", "risk-management"],
        "Senior Authorised Person for the outage; witnessed stability and sensitivity tests "
        "and signed off the scheme for service.",
        {
            "reflection_learned": "Primary injection found a wiring error that secondary "
            "injection could never have revealed.",
            "reflection_went_well": "The outage finished a day early with no safety incidents.",
            "reflection_differently": "The test plan should have included the CT polarity "
            "check before the stability test, not after.",
            "reflection_impact": "I have updated our commissioning template to put polarity "
            "checks first.",
        },
    ),
    (
        2026,
        S,
        "Read: IEC 61850 edition 2.1 changes for process bus",
        date(2026, 3, 16),
        date(2026, 3, 27),
        "6",
        ["area-of-practice"],
        "Private study of the standard's changes affecting sampled values and time sync.",
        {
            "reflection_learned": "Edition 2.1 tightens the configuration language so tools "
            "from different vendors should exchange files with fewer manual fixes.",
        },
    ),
    (
        2026,
        E,
        "Protection and Automation Conference 2026",
        date(2026, 4, 21),
        date(2026, 4, 22),
        "14",
        ["area-of-practice"],
        "Two-day conference; presented our settings database case study in the asset "
        "management session.",
        {
            "reflection_learned": "Utilities abroad are moving to centralised protection in "
            "digital substations faster than UK owners.",
            "reflection_went_well": "The talk led to three follow-up calls, one from a supplier "
            "offering to integrate with our database.",
            "reflection_met_needs": "Yes, both for the technical content and for contacts.",
        },
    ),
    (
        2026,
        V,
        "Reviewer for IET Solent Local Network lecture programme",
        date(2026, 5, 12),
        None,
        "3",
        [],
        "Helped choose the 2026 to 2027 lecture programme and contacted two speakers.",
        {
            "reflection_went_well": "We now have a balance of power, digital and "
            "manufacturing topics.",
        },
    ),
    (
        2026,
        W,
        "Settings study for the third array platform",
        date(2026, 6, 1),
        date(2026, 6, 26),
        "8",
        ["area-of-practice"],
        "Led the team's settings calculations for 42 relays on the new platform.",
        {
            "reflection_learned": "Delegating the first-pass calculations and keeping the "
            "checking myself made the work faster and developed the team.",
            "reflection_impact": "I plan work packages with review points rather than doing "
            "the hardest calculations myself.",
        },
    ),
    (
        2026,
        S,
        "Course: negotiation skills for technical specialists (online)",
        date(2026, 7, 8),
        date(2026, 7, 29),
        "6",
        ["business-management"],
        "Four online sessions on preparing for and running negotiations with suppliers.",
        {
            "reflection_learned": "Separate positions from interests; prepare a walk-away "
            "option before the meeting.",
            "reflection_follow_up": "Use the preparation sheet before the next grid code "
            "compliance meeting.",
        },
    ),
    (
        2026,
        E,
        "IET Solent lecture: hydrogen in the energy system",
        date(2026, 9, 17),
        None,
        "2",
        [],
        "Lecture on electrolyser connections and their effect on network planning.",
        {
            "reflection_learned": "Large electrolysers look like flexible demand and may be "
            "asked to provide frequency response.",
        },
    ),
    (
        2026,
        W,
        "Hazard review of the protection upgrade method statements",
        date(2026, 10, 5),
        date(2026, 10, 9),
        "4",
        ["risk-management"],
        "Chaired the hazard review for the next outage's secondary-system work.",
        {},
    ),
    (
        2026,
        S,
        "Read: Engineering Council guidance on risk",
        date(2026, 11, 2),
        None,
        "2",
        ["risk-management"],
        "Re-read the guidance before chairing the team's risk workshop.",
        {},
    ),
]

# Events from Ada's calendar waiting for her to confirm or discard.
CALENDAR_DRAFTS = [
    ("demo-ada-1@calendar.example", "IET webinar: digital twins for substations", 1.5, -6),
    ("demo-ada-2@calendar.example", "Team meeting: outage planning", 1, -3),
]


def populate(*, member, staff) -> None:
    today = timezone.localdate()
    policy = Policy.objects.filter(code="iet-active").first()
    if policy is not None:
        MemberPolicy.objects.get_or_create(owner=member, policy=policy)
    topics = {topic.code: topic for topic in Topic.objects.all()}
    folders = {
        year: Folder.objects.get_or_create(owner=member, name=f"CPD Activities {year}")[0]
        for year in (2025, 2026)
    }
    for year, kind, title, start, end, hours, codes, description, answers in ACTIVITIES:
        if start > today:
            continue
        activity, created = Activity.objects.get_or_create(
            owner=member,
            title=title,
            defaults={
                "type": kind,
                "folder": folders[year],
                "start_date": start,
                "end_date": min(end or start, today),
                "hours": Decimal(hours),
                "description": description,
                **answers,
            },
        )
        if created:
            activity.topics.set([topics[code] for code in codes if code in topics])
    for uid, title, hours, days in CALENDAR_DRAFTS:
        day = today + timedelta(days=days)
        Activity.objects.get_or_create(
            owner=member,
            title=title,
            source=Activity.Source.CALENDAR,
            defaults={
                "type": Activity.Type.EVENT,
                "status": Activity.Status.DRAFT,
                "source_uid": uid,
                "start_date": day,
                "end_date": day,
                "hours": Decimal(str(hours)),
            },
        )
