"""Objectives and actions made directly, for the tests of documents, the feed and reminders."""

from datetime import date, datetime

from django.utils import timezone

from careermanager.competence.queries import SkillLevel
from careermanager.development.models import Action, Objective, Status

# When the objectives were set: before every period the tests ask about.
SET_ON = date(2024, 12, 1)


def objective(owner, title="Lead a protection study", *, set_on=SET_ON, **fields) -> Objective:
    values = {
        "kind": Objective.Kind.PERSONAL,
        "title": title,
        "measure": "A signed-off study report.",
        "target_date": date(2025, 6, 30),
    } | fields
    if values["kind"] != Objective.Kind.PERSONAL:
        values.setdefault("target_level", SkillLevel.PRACTITIONER)
    if values.get("status") == Status.COMPLETE:
        values.setdefault("completed_on", values["target_date"])
    made = Objective.objects.create(owner=owner, **values)
    made.created_at = timezone.make_aware(datetime.combine(set_on, datetime.min.time()))
    Objective.objects.filter(pk=made.pk).update(created_at=made.created_at)
    return made


def action(parent: Objective, description="Read the relay guide", **fields) -> Action:
    values = {
        "kind": Action.Kind.READING,
        "description": description,
        "due_date": date(2025, 5, 1),
    } | fields
    if values.get("status") == Status.COMPLETE:
        values.setdefault("completed_on", values["due_date"])
    return Action.objects.create(objective=parent, **values)
