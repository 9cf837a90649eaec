"""Changes to a member's development plan: each one atomic, validated and audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careermanager.competence.queries import SkillLevel, levels_for
from careermanager.core.audit import audit
from careermanager.cpd import queries as cpd
from careermanager.development.models import Action, Objective, Plan, Status
from careermanager.profiles import queries as profiles

PAST_TARGET = "The target date must be today or in the future"
FUTURE_COMPLETION = "The completion date must be today or in the past"
NOT_YOUR_TRAINING = "Choose one of your own training records"
NOT_YOUR_ACTIVITY = "Choose one of your own CPD activities"


def target_level_problem(current: str, target: str) -> str:
    """Why a target level cannot be chosen ("" when it can): it must be above the current one."""
    if not target:
        return "Choose the level you want to reach"
    if current and SkillLevel.rank_of(target) <= SkillLevel.rank_of(current):
        return (
            f"Choose a level above your current level, {SkillLevel(current).label}: "
            "an objective is about getting further"
        )
    return ""


def _check_target_level(*, owner, competence_id: int | None, target_level: str) -> str:
    """The member's level in the competence now; a ValidationError unless the target is above it."""
    if competence_id is None:
        return ""
    current = levels_for(owner, [competence_id]).get(competence_id, "")
    if problem := target_level_problem(current, target_level):
        raise ValidationError({"target_level": problem})
    return current


def _completion_date(completed_on: date | None, field: str = "completed_on") -> date:
    today = timezone.localdate()
    if completed_on is None:
        return today
    if completed_on > today:
        raise ValidationError({field: FUTURE_COMPLETION})
    return completed_on


@transaction.atomic
def objective_create(
    *,
    owner,
    kind: str,
    title: str,
    measure: str,
    target_date: date,
    reason: str = "",
    competence_id: int | None = None,
    job_profile_id: int | None = None,
    target_level: str = "",
    status: str = Status.NOT_STARTED,
    completed_on: date | None = None,
) -> Objective:
    """Set a new objective; its starting level is the member's current level of the competence."""
    if target_date < timezone.localdate():
        raise ValidationError({"target_date": PAST_TARGET})
    if kind == Objective.Kind.PERSONAL:
        competence_id, job_profile_id, target_level = None, None, ""
    starting_level = _check_target_level(
        owner=owner, competence_id=competence_id, target_level=target_level
    )
    objective = Objective(
        owner=owner,
        kind=kind,
        competence_id=competence_id,
        job_profile_id=job_profile_id if kind == Objective.Kind.JOB_PROFILE else None,
        starting_level=starting_level,
        target_level=target_level,
        title=title.strip(),
        measure=measure.strip(),
        reason=reason.strip(),
        target_date=target_date,
        status=status,
        completed_on=_completion_date(completed_on) if status == Status.COMPLETE else None,
    )
    objective.full_clean()
    objective.save()
    audit(
        "development.objective.created",
        actor=owner,
        target=objective,
        data={"kind": kind, "target_level": target_level},
    )
    return objective


@transaction.atomic
def objective_update(
    *,
    objective: Objective,
    actor,
    kind: str,
    title: str,
    measure: str,
    target_date: date,
    reason: str = "",
    competence_id: int | None = None,
    job_profile_id: int | None = None,
    target_level: str = "",
) -> Objective:
    """Change what the objective is about; its status changes through objective_set_status.

    The target level is checked against the current level only when the competence or the
    target changes, so an objective the member has since reached can still be reworded.
    """
    if kind == Objective.Kind.PERSONAL:
        competence_id, job_profile_id, target_level = None, None, ""
    if competence_id != objective.competence_id:
        objective.starting_level = _check_target_level(
            owner=objective.owner, competence_id=competence_id, target_level=target_level
        )
    elif target_level != objective.target_level:
        _check_target_level(
            owner=objective.owner, competence_id=competence_id, target_level=target_level
        )
    objective.kind = kind
    objective.competence_id = competence_id
    objective.job_profile_id = job_profile_id if kind == Objective.Kind.JOB_PROFILE else None
    objective.target_level = target_level
    objective.title = title.strip()
    objective.measure = measure.strip()
    objective.reason = reason.strip()
    objective.target_date = target_date
    objective.full_clean()
    objective.save()
    audit("development.objective.changed", actor=actor, target=objective)
    return objective


def _set_status(record: Objective | Action, *, actor, status: str, completed_on: date | None):
    previous = record.status
    record.status = status
    record.completed_on = _completion_date(completed_on) if status == Status.COMPLETE else None
    record.full_clean()
    record.save(update_fields=["status", "completed_on", "updated_at"])
    audit(
        f"development.{record._meta.model_name}.status_changed",
        actor=actor,
        target=record,
        data={"from": previous, "to": status},
    )
    return record


@transaction.atomic
def objective_set_status(
    *, objective: Objective, actor, status: str, completed_on: date | None = None
) -> Objective:
    """Move the objective on: complete (on a day, today unless given), reopen or cancel it."""
    return _set_status(objective, actor=actor, status=status, completed_on=completed_on)


@transaction.atomic
def objective_delete(*, objective: Objective, actor) -> int:
    """Delete the objective and its actions. Returns how many actions went with it."""
    actions = objective.actions.count()
    audit(
        "development.objective.deleted",
        actor=actor,
        target=objective,
        data={"title": objective.title, "actions": actions},
    )
    objective.delete()
    return actions


def _check_own_records(owner, *, training_id: int | None, activity_id: int | None) -> None:
    """Refuse a training record or CPD activity that is not the member's own."""
    errors = {}
    if training_id is not None and training_id not in dict(profiles.training_choices(owner)):
        errors["training"] = NOT_YOUR_TRAINING
    if activity_id is not None and activity_id not in dict(cpd.activity_choices(owner)):
        errors["activity"] = NOT_YOUR_ACTIVITY
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_create(
    *,
    objective: Objective,
    actor,
    kind: str,
    description: str,
    due_date: date,
    status: str = Status.NOT_STARTED,
    completed_on: date | None = None,
    training_id: int | None = None,
    activity_id: int | None = None,
) -> Action:
    _check_own_records(objective.owner, training_id=training_id, activity_id=activity_id)
    action = Action(
        objective=objective,
        kind=kind,
        description=description.strip(),
        due_date=due_date,
        status=status,
        completed_on=_completion_date(completed_on) if status == Status.COMPLETE else None,
        training_id=training_id,
        activity_id=activity_id,
    )
    action.full_clean()
    action.save()
    audit("development.action.created", actor=actor, target=action, data={"kind": kind})
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    actor,
    kind: str,
    description: str,
    due_date: date,
    training_id: int | None = None,
    activity_id: int | None = None,
) -> Action:
    _check_own_records(action.objective.owner, training_id=training_id, activity_id=activity_id)
    action.kind = kind
    action.description = description.strip()
    action.due_date = due_date
    action.training_id = training_id
    action.activity_id = activity_id
    action.full_clean()
    action.save()
    audit("development.action.changed", actor=actor, target=action)
    return action


@transaction.atomic
def action_set_status(
    *, action: Action, actor, status: str, completed_on: date | None = None
) -> Action:
    return _set_status(action, actor=actor, status=status, completed_on=completed_on)


@transaction.atomic
def action_delete(*, action: Action, actor) -> None:
    audit(
        "development.action.deleted",
        actor=actor,
        target=action,
        data={"description": action.description},
    )
    action.delete()


def plan_for(owner) -> Plan:
    """The member's planning settings, as saved or as they would be by default (not saved)."""
    return Plan.objects.filter(owner=owner).first() or Plan(owner=owner)


@transaction.atomic
def plan_set_reminders(*, owner, reminders: bool) -> Plan:
    plan, _ = Plan.objects.select_for_update().get_or_create(owner=owner)
    if plan.reminders != reminders:
        plan.reminders = reminders
        plan.full_clean()
        plan.save(update_fields=["reminders", "updated_at"])
        audit(
            "development.plan.reminders_changed",
            actor=owner,
            target=plan,
            data={"reminders": reminders},
        )
    return plan


@transaction.atomic
def objective_link_activity(*, owner, activity_id: int, objective_id: int | None) -> None:
    """Record which of the member's objectives a CPD activity served (one, or none)."""
    if activity_id not in dict(cpd.activity_choices(owner)):
        raise ValidationError(NOT_YOUR_ACTIVITY)
    mine = Objective.objects.owned_by(owner)
    chosen = None
    if objective_id is not None:
        chosen = mine.filter(pk=objective_id).first()
        if chosen is None:
            raise ValidationError({"objective": "Choose one of your own objectives"})
    through = Objective.activities.through
    current = set(
        through.objects.filter(objective__in=mine, activity_id=activity_id).values_list(
            "objective_id", flat=True
        )
    )
    wanted = {chosen.pk} if chosen else set()
    if current == wanted:
        return
    through.objects.filter(objective__in=mine, activity_id=activity_id).delete()
    if chosen is not None:
        chosen.activities.add(activity_id)
    audit(
        "development.objective.activity_linked",
        actor=owner,
        target=chosen,
        data={"activity": activity_id, "objective": chosen.pk if chosen else None},
    )
