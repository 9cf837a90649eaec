"""Demo development plan for Ada Okonkwo-Reyes: objectives from the gaps her mentor pointed at.

Her CEng assessment (careermanager/competence/demo.py) leaves C4, E4 and E5 to finish and the
sustainability evidence in E3 to strengthen; her job profile for an engineering manager role
asks for more project management. One objective is already complete and in her history, with
the CPD activity that fulfilled one of its actions. Everything is invented. Objectives are
found by title, so running it twice changes nothing.
"""

from datetime import date, timedelta

from django.utils import timezone

from careermanager.competence.queries import (
    SkillLevel,
    assessed_competences,
    job_profile_targets,
    levels_for,
)
from careermanager.cpd import queries as cpd
from careermanager.development.models import Action, Objective, Plan, Status

K = Action.Kind
DONE, DOING, WAITING = Status.COMPLETE, Status.IN_PROGRESS, Status.NOT_STARTED

# (competence code in her CEng framework, title, measure, reason, days to target,
#  actions: (kind, description, days from today to due, status))
FROM_GAPS = [
    (
        "E3",
        "Lead the sustainability assessment of the Ashby substation extension",
        "A whole-life carbon and biodiversity assessment that I wrote and presented, accepted "
        "by the client and referenced in the design basis.",
        "My mentor found my sustainability evidence too thin for CEng: I have followed others' "
        "assessments but never led one.",
        240,
        [
            (
                K.READING,
                "Read the IET guide to embodied carbon in electrical infrastructure",
                -40,
                DONE,
            ),
            (K.COURSE, "Carbon literacy course for engineers (one day)", 14, DOING),
            (K.ON_THE_JOB, "Draft the carbon assessment for the Ashby extension", 75, WAITING),
            (K.MENTORING, "Review the draft with Dr Sunita Mehra", 110, WAITING),
        ],
    ),
    (
        "C4",
        "Show that I develop the engineers in my team over time",
        "Two engineers I mentor reach their next registration milestone, and my written "
        "evidence for C4 is verified by my mentor.",
        "C4 is one of the three competences still to assess before I apply for CEng.",
        300,
        [
            (K.MENTORING, "Agree a development plan with each of my two mentees", -5, WAITING),
            (K.SEMINAR, "IET workshop: coaching skills for engineering leaders", 21, WAITING),
            (K.OTHER, "Write up my C4 evidence and ask for verification", 200, WAITING),
        ],
    ),
]

PROFILE_GAP = (
    "PM3",
    "Run the programme for a substation extension from start to commissioning",
    "I hold the programme and budget for one project for its whole life, with monthly reports "
    "to the project board and no unexplained variance.",
    "The engineering manager role I want next needs project management at Practitioner level.",
    365,
    [
        (K.SHADOWING, "Shadow the Ashby project manager through a stage-gate review", 9, DOING),
        (K.COURSE, "APM Project Fundamentals qualification", 120, WAITING),
    ],
)

COMPLETED = (
    "Understand how converter-based generation affects protection",
    "I can explain to a client why our array cable settings changed, and our settings studies "
    "include a converter-dominated fault case.",
    "More of our connections are converter-dominated every year; protection designed for "
    "synchronous machines can fail to operate.",
    [
        (K.SEMINAR, "IET lecture on protection with inverter-based resources", DONE, "inverter"),
        (K.COURSE, "Online course on grid-forming converter control", DONE, "grid-forming"),
        (K.RESEARCH, "Add a converter fault case to the standard settings studies", DONE, ""),
    ],
)


def _objective(member, **fields) -> Objective:
    objective = Objective(owner=member, **fields)
    objective.full_clean()
    objective.save()
    return objective


def _actions(objective: Objective, actions, today: date) -> None:
    for kind, description, days, status in actions:
        action = Action(
            objective=objective,
            kind=kind,
            description=description,
            due_date=today + timedelta(days=days),
            status=status,
            completed_on=min(today, today + timedelta(days=days)) if status == DONE else None,
        )
        action.full_clean()
        action.save()


def _next_level(current: str) -> str:
    rank = SkillLevel.rank_of(current)
    return list(SkillLevel)[min(rank, len(SkillLevel) - 1)].value


def _from_gaps(member, today: date) -> None:
    competences = {
        competence.code: competence
        for competence in assessed_competences(member)
        if competence.area.framework.category == "CEng"
    }
    levels = levels_for(member, [competence.pk for competence in competences.values()])
    for code, title, measure, reason, days, actions in FROM_GAPS:
        competence = competences.get(code)
        if competence is None or Objective.objects.filter(owner=member, title=title).exists():
            continue
        current = levels.get(competence.pk, "")
        if current == SkillLevel.EXPERT:
            continue
        objective = _objective(
            member,
            kind=Objective.Kind.FRAMEWORK,
            competence_id=competence.pk,
            starting_level=current,
            target_level=_next_level(current) if current else SkillLevel.PRACTITIONER,
            title=title,
            measure=measure,
            reason=reason,
            target_date=today + timedelta(days=days),
            status=DOING,
        )
        _actions(objective, actions, today)


def _profile_gap(member, today: date) -> None:
    code, title, measure, reason, days, actions = PROFILE_GAP
    target = next((t for t in job_profile_targets(member) if t.competence_code == code), None)
    if target is None or Objective.objects.filter(owner=member, title=title).exists():
        return
    objective = _objective(
        member,
        kind=Objective.Kind.JOB_PROFILE,
        competence_id=target.competence_id,
        job_profile_id=target.job_profile_id,
        starting_level=target.current_level,
        target_level=target.target_level,
        title=title,
        measure=measure,
        reason=reason,
        target_date=today + timedelta(days=days),
    )
    _actions(objective, actions, today)


def _completed(member, today: date) -> None:
    title, measure, reason, actions = COMPLETED
    if Objective.objects.filter(owner=member, title=title).exists():
        return
    completed_on = today - timedelta(days=45)
    objective = _objective(
        member,
        kind=Objective.Kind.PERSONAL,
        title=title,
        measure=measure,
        reason=reason,
        target_date=today - timedelta(days=30),
        status=DONE,
        completed_on=completed_on,
    )
    activities = cpd.activity_choices(member)
    for index, (kind, description, status, words) in enumerate(actions):
        fulfilled = next((pk for pk, label in activities if words and words in label.lower()), None)
        action = Action(
            objective=objective,
            kind=kind,
            description=description,
            due_date=completed_on - timedelta(days=90 - 30 * index),
            status=status,
            completed_on=completed_on - timedelta(days=80 - 30 * index),
            activity_id=fulfilled,
        )
        action.full_clean()
        action.save()
        if fulfilled:
            objective.activities.add(fulfilled)


def populate(*, member, staff) -> None:
    today = timezone.localdate()
    Plan.objects.get_or_create(owner=member)
    _from_gaps(member, today)
    _profile_gap(member, today)
    _completed(member, today)
