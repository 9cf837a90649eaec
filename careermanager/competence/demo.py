"""Demo competence records for Ada Okonkwo-Reyes, a protection and control engineer.

A CEng assessment with most competences assessed and some history, one verification by her
mentor with comments, and a job profile for the engineering manager role she wants next.
Everything is invented. Running it twice changes nothing: each record is looked up first.
"""

from datetime import timedelta

from django.utils import timezone

from careermanager.competence import services
from careermanager.competence.models import (
    Assessment,
    Competence,
    CompetenceAssessment,
    CompetenceRevision,
    Framework,
    JobProfile,
    SkillLevel,
    VerificationComment,
)
from careermanager.core import tickets
from careermanager.core.models import GuestTicket

P, E, S = SkillLevel.PRACTITIONER, SkillLevel.EXPERT, SkillLevel.SUPERVISED

# code -> versions, oldest first: (days ago, level, evidence, reference)
EVIDENCE = {
    "A1": [
        (
            540,
            P,
            "I apply power system protection theory every day: I calculate relay settings from "
            "fault studies using symmetrical components, and I check current transformer "
            "performance against saturation limits. I extended my knowledge of IEC 61850 "
            "through a vendor course and used it to specify the company's first digital "
            "substation.",
            "Protection setting calculations for Ashby 132 kV, CGS-PSC-0412",
        ),
        (
            60,
            E,
            "I apply power system protection theory every day and I am the technical authority "
            "for protection design on three offshore transmission assets. When the standard "
            "setting method did not cover high-resistance faults on lightly loaded 66 kV array "
            "cables, I went back to first principles, modelled the network and derived new "
            "settings, tested against 240 fault cases. I keep up to date through the IET "
            "protection network and wrote our company standard for protection setting "
            "management.",
            "Array cable protection review, SOT-ENG-RPT-0231 issue 3",
        ),
    ],
    "A2": [
        (
            200,
            P,
            "The array cable protection problem had no published solution: the fault current "
            "from a few generating turbines could be below the load current of a busy feeder. "
            "I identified the risk of undetected faults, developed an adaptive setting scheme "
            "with the relay manufacturer and proved it by simulation before any change was "
            "made on site.",
            "Array cable protection review, SOT-ENG-RPT-0231 issue 3",
        ),
    ],
    "B1": [
        (
            300,
            P,
            "For the Ashby digital substation I ran the requirements workshops with the "
            "client's protection and operations teams, wrote the functional specification and "
            "agreed the acceptance criteria, including the availability target for the process "
            "bus. I identified that removing copper wiring would let the client shorten outages "
            "for future extensions, which became part of their business case.",
            "Ashby 132 kV functional specification, CGS-SPEC-0388",
        ),
    ],
    "B2": [
        (
            520,
            S,
            "I carried out fault level and protection coordination studies for 33 kV and "
            "11 kV networks, planned by a senior engineer, and checked my results with him.",
            "",
        ),
        (
            320,
            P,
            "I decide which studies a protection design needs and carry them out: fault level "
            "studies, coordination studies and CT sizing. For the Ashby digital substation I "
            "planned the interoperability tests between merging units from two suppliers, "
            "because no previous project had proved them together.",
            "Ashby process bus test specification, CGS-TS-0102",
        ),
        (
            30,
            P,
            "I decide which studies a protection design needs and carry them out or direct my "
            "team to: fault level studies, coordination studies, CT sizing and dynamic "
            "simulation. For the offshore array cables I specified a set of 240 fault cases "
            "covering generation levels and fault resistance, ran them in a power system "
            "simulation tool and used the results to choose between three protection options.",
            "Array cable protection review, SOT-ENG-RPT-0231 issue 3",
        ),
    ],
    "B3": [
        (
            150,
            P,
            "I led the installation of the new array cable protection on three offshore "
            "platforms. I wrote the commissioning test plan, witnessed the tests and signed "
            "off each platform before energisation. Six months later I reviewed every "
            "protection operation since the change; all were correct and none was unwanted.",
            "Array protection commissioning records, SOT-COM-0560 to 0562",
        ),
    ],
    "C1": [
        (
            180,
            P,
            "I plan my team's work against the construction programme for two offshore "
            "substations: I break the protection design down into packages, estimate effort, "
            "agree dates with the project managers and identify the specialist studies we "
            "must buy in.",
            "Protection design plan, SOT-PLN-0044",
        ),
    ],
    "C2": [
        (
            180,
            P,
            "I manage a consultancy budget of about £600,000 a year for specialist studies. I "
            "prepare the annual budget, approve spend, and report monthly to the Head of "
            "Protection and Control. Last year I finished within 3% of budget despite an extra "
            "study the system operator asked for, by deferring a lower-priority review.",
            "Protection and control budget report, financial year 2025",
        ),
    ],
    "C3": [
        (
            480,
            S,
            "At Calder Grid Solutions I checked the work of two junior engineers and showed "
            "them how to produce setting calculations.",
            "",
        ),
        (
            90,
            P,
            "I lead a team of four engineers. I set their objectives, hold monthly one-to-ones "
            "and review their designs. I am mentoring two of them towards professional "
            "registration, and I arranged a secondment to the relay manufacturer for our "
            "automation engineer so that she could learn to configure the new devices.",
            "Team development plan, protection and control, 2026",
        ),
    ],
    "D1": [
        (
            210,
            P,
            "I write protection philosophies, setting reports and investigation reports that "
            "go to the asset owner and the system operator under my name. After the export "
            "cable trip I wrote the investigation report for both a technical and a "
            "non-technical audience; the system operator accepted it without questions.",
            "Export cable trip investigation, SOT-INC-0017",
        ),
    ],
    "D2": [
        (
            160,
            P,
            "I presented the case for changing the array cable protection to the asset "
            "owner's technical board. I was challenged on the cost of an outage-free "
            "installation; I showed the risk of undetected faults in numbers and the board "
            "approved the change.",
            "Board paper: array cable protection change, SOT-BRD-2025-07",
        ),
    ],
    "D3": [
        (
            120,
            P,
            "I work with contractors, turbine suppliers and the system operator, often across "
            "language and company cultures. In my team I changed our design review meetings so "
            "that written comments can be given beforehand, after noticing that our quieter "
            "engineers rarely spoke up in the room.",
            "",
        ),
    ],
    "E1": [
        (
            400,
            P,
            "I follow the IET's rules of conduct and the company's safety rules, and I make "
            "sure my team's designs meet the grid code. When a contractor asked me to approve "
            "settings I had not been able to check, I declined and explained why.",
            "",
        ),
    ],
    "E2": [
        (
            240,
            E,
            "I hold Senior Authorised Person status and issue and cancel safety documents for "
            "secondary-system work. After a near miss during relay testing on a live panel, I "
            "rewrote our isolation procedure for protection testing and trained 20 staff and "
            "contractors in it.",
            "Protection testing isolation procedure, SOT-SAF-PRO-009 issue 2",
        ),
    ],
    "E3": [
        (
            100,
            S,
            "Our work connects renewable generation, and I consider lifetime and material use "
            "when choosing equipment: I chose a digital scheme for the Ashby substation partly "
            "because it removed about eight kilometres of copper control cable.",
            "",
        ),
    ],
}

COMMENTS = {
    "A1": (
        "I have seen Ada's array cable work first hand: the analysis went well beyond the "
        "standard method and the level she has chosen is fair."
    ),
    "B2": (
        "Agreed. The fault case study is a good example; in the application, say more about "
        "why you chose 240 cases and how you checked the model against real fault records."
    ),
    "C3": (
        "Ada is a good team leader. For Practitioner I would like to see more on how she "
        "develops people over time, not only the arrangements she made."
    ),
    None: (
        "A thorough and honest assessment. Finish C4, E4 and E5, and strengthen the "
        "sustainability evidence in E3 with something you led, before applying."
    ),
}

PROFILE_ITEMS = [
    ("UK-SPEC-CEng", "C1", E),
    ("UK-SPEC-CEng", "C2", E),
    ("UK-SPEC-CEng", "C3", E),
    ("UK-SPEC-CEng", "D2", E),
    ("CM-Project-Management", "PM3", P),
    ("CM-Project-Management", "PM4", P),
    ("CM-Project-Management", "PM6", E),
]


def _competence(framework: Framework, code: str) -> Competence:
    return Competence.objects.select_related("area__framework").get(
        area__framework=framework, code=code
    )


def _assess(member, framework: Framework) -> None:
    now = timezone.now()
    for code, versions in EVIDENCE.items():
        competence = _competence(framework, code)
        if CompetenceAssessment.objects.filter(owner=member, competence=competence).exists():
            continue
        for days_ago, level, evidence, reference in versions:
            current = services.competence_assess(
                owner=member,
                competence=competence,
                level=level,
                evidence=evidence,
                reference=reference,
            )
            # Backdate the version just saved, so the history spreads over the past months.
            when = now - timedelta(days=days_ago)
            latest = current.revisions.order_by("-created_at", "-pk").first()
            CompetenceRevision.objects.filter(pk=latest.pk).update(created_at=when)
            CompetenceAssessment.objects.filter(pk=current.pk).update(updated_at=when)
        first = now - timedelta(days=versions[0][0])
        CompetenceAssessment.objects.filter(owner=member, competence=competence).update(
            created_at=first
        )


def _verification(member, assessment: Assessment, framework: Framework) -> None:
    if GuestTicket.objects.for_target(assessment).exists():
        return
    ticket, _ = tickets.ticket_issue(
        target=assessment,
        name="Dr Sunita Mehra",
        email="sunita.mehra@example.org",
        purpose=services.VerifierRole.MENTOR.label,
        created_by=member,
    )
    for code, body in COMMENTS.items():
        competence = _competence(framework, code) if code else None
        services.verification_comment(
            ticket=ticket, assessment=assessment, competence=competence, body=body
        )
    VerificationComment.objects.filter(ticket=ticket).update(
        created_at=timezone.now() - timedelta(days=12),
        updated_at=timezone.now() - timedelta(days=12),
    )


def _job_profile(member) -> None:
    if JobProfile.objects.filter(owner=member, title="Engineering manager — next role").exists():
        return
    profile = services.job_profile_create(
        owner=member,
        title="Engineering manager — next role",
        kind=JobProfile.Kind.ASPIRED,
        description=(
            "I want to move from leading the protection team to managing the wider "
            "substation engineering department within three years. The gaps are in managing "
            "budgets and programmes at department scale and in leading managers, not engineers."
        ),
    )
    for framework_code, code, level in PROFILE_ITEMS:
        framework = Framework.objects.current().get(code=framework_code)
        services.job_profile_add_competence(
            profile=profile,
            competence=_competence(framework, code),
            target_level=level,
            actor=member,
        )
    pm6 = _competence(Framework.objects.current().get(code="CM-Project-Management"), "PM6")
    if not CompetenceAssessment.objects.filter(owner=member, competence=pm6).exists():
        services.competence_assess(
            owner=member,
            competence=pm6,
            level=P,
            evidence=(
                "I lead the protection work stream on two offshore projects, with engineers "
                "from our contractors as well as my own team, and I resolved a long-running "
                "disagreement between the HVDC supplier and our commissioning team over test "
                "responsibilities."
            ),
            reference="Protection work stream plan, SOT-PLN-0044",
        )


def populate(*, member, staff) -> None:
    framework = Framework.objects.current().filter(category="CEng").first()
    if framework is None:
        return
    assessment = services.assessment_start(owner=member, category="CEng")
    _assess(member, framework)
    _verification(member, assessment, framework)
    _job_profile(member)
