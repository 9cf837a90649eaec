"""Changes to folders and activities: each one atomic, validated and audited."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from careermanager.competence.queries import competences_assessed_by
from careermanager.core.audit import audit
from careermanager.cpd.evidence import evidence_remove_for
from careermanager.cpd.models import REFLECTION_FIELDS, Activity, Folder

DUPLICATE_FOLDER = "You already have a folder with this name"
ACTIVITY_FIELDS = ("type", "title", "start_date", "end_date", "hours", "folder", "description")


@transaction.atomic
def folder_create(*, owner, name: str) -> Folder:
    folder = Folder(owner=owner, name=name.strip())
    folder.full_clean()
    _save_folder(folder)
    audit("cpd.folder.created", actor=owner, target=folder)
    return folder


@transaction.atomic
def folder_rename(*, folder: Folder, name: str, actor) -> Folder:
    old = folder.name
    folder.name = name.strip()
    folder.full_clean()
    _save_folder(folder, update_fields=["name"])
    audit("cpd.folder.renamed", actor=actor, target=folder, data={"from": old, "to": folder.name})
    return folder


def _save_folder(folder: Folder, **kwargs) -> None:
    """Save, turning a folder of the same name saved at the same moment into a form error."""
    try:
        with transaction.atomic():
            folder.save(**kwargs)
    except IntegrityError:
        raise ValidationError({"name": DUPLICATE_FOLDER}, code="unique") from None


@transaction.atomic
def folder_delete(*, folder: Folder, actor) -> int:
    """Delete the folder; its activities stay, outside any folder. Returns how many moved."""
    moved = folder.activities.update(folder=None)
    audit("cpd.folder.deleted", actor=actor, target=folder, data={"activities_kept": moved})
    folder.delete()
    return moved


@transaction.atomic
def activity_create(
    *,
    owner,
    type: str,
    title: str,
    start_date: date,
    hours: Decimal,
    end_date: date | None = None,
    folder: Folder | None = None,
    description: str = "",
    topics: Iterable = (),
    competences: Iterable = (),
) -> Activity:
    activity = Activity(
        owner=owner,
        type=type,
        title=title.strip(),
        start_date=start_date,
        end_date=end_date or start_date,
        hours=hours,
        folder=folder,
        description=description,
    )
    activity.full_clean()
    activity.save()
    activity.topics.set(topics)
    _set_competences(activity, competences)
    audit("cpd.activity.created", actor=owner, target=activity, data={"hours": str(hours)})
    return activity


class ChangedElsewhere(Exception):
    """The activity was saved from another tab or device after this form was opened.

    `saved` is the activity as it is now; `fields` names the form's fields whose saved value
    differs from what the member sent. Nothing was saved.
    """

    def __init__(self, saved: Activity, fields: list[str]):
        super().__init__(f"Activity {saved.pk} was changed elsewhere: {', '.join(fields)}")
        self.saved = saved
        self.fields = fields


def activity_version(activity: Activity) -> str:
    """The version a form was loaded from: it changes with every save of the activity."""
    return activity.updated_at.isoformat() if activity.updated_at else ""


def _lock_unchanged(activity: Activity, loaded_version: str | None, new: dict) -> Activity:
    """The activity, locked and fresh; ChangedElsewhere if it was saved since the form opened.

    A newer version only matters when a field of this form now holds something other than
    what the member sent: otherwise saving loses nothing.
    """
    current = Activity.objects.select_for_update().get(pk=activity.pk)
    if loaded_version is None or activity_version(current) == loaded_version:
        return current
    differs = [name for name, value in new.items() if _saved_value(current, name) != value]
    if differs:
        raise ChangedElsewhere(current, differs)
    return current


def _saved_value(activity: Activity, name: str):
    if name in ("topics", "competences"):
        return {item.pk for item in getattr(activity, name).all()}
    return getattr(activity, name)


def _compared(fields: dict, **related) -> dict:
    """The member's values in the shape _saved_value reads them (sets of ids for relations)."""
    values = dict(fields)
    if "end_date" in values or "start_date" in values:
        values["end_date"] = values.get("end_date") or values.get("start_date")
    for name, items in related.items():
        if items is not None:
            values[name] = {item.pk for item in items}
    return values


@transaction.atomic
def activity_update(
    *, activity: Activity, actor, topics=None, competences=None, loaded_version=None, **fields
) -> Activity:
    """Change the activity's details (any of ACTIVITY_FIELDS), topics and competences.

    With `loaded_version` (activity_version() when the form was opened), a save made since
    from another tab or device raises ChangedElsewhere instead of being overwritten. Returns
    the activity as saved.
    """
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"Cannot change {sorted(unknown)} here")
    new = _compared(fields, topics=topics, competences=competences)
    current = _lock_unchanged(activity, loaded_version, new)
    for name, value in fields.items():
        setattr(current, name, value)
    if not current.end_date:
        current.end_date = current.start_date
    current.full_clean()
    current.save()
    if topics is not None:
        current.topics.set(topics)
    if competences is not None:
        _set_competences(current, competences)
    audit("cpd.activity.updated", actor=actor, target=current, data={"fields": sorted(fields)})
    return current


def _set_competences(activity: Activity, competences) -> None:
    """Link the competences it evidences: only ones from the owner's own assessments."""
    chosen = list(competences)
    if chosen:
        allowed = set(
            competences_assessed_by(activity.owner)
            .filter(pk__in=[competence.pk for competence in chosen])
            .values_list("pk", flat=True)
        )
        if any(competence.pk not in allowed for competence in chosen):
            raise ValidationError({"competences": "Choose competences from your own assessments."})
    activity.competences.set(chosen)


@transaction.atomic
def activity_reflect(
    *, activity: Activity, actor, loaded_version: str | None = None, **answers: str
) -> Activity:
    """Save the answers to the reflection questions (an empty answer clears it).

    With `loaded_version`, answers saved since from another tab or device raise
    ChangedElsewhere instead of being overwritten. Returns the activity as saved.
    """
    unknown = set(answers) - set(REFLECTION_FIELDS)
    if unknown:
        raise TypeError(f"Not reflection questions: {sorted(unknown)}")
    cleaned = {name: (value or "").strip() for name, value in answers.items()}
    current = _lock_unchanged(activity, loaded_version, cleaned)
    had_reflection = current.has_reflection
    for name, value in cleaned.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    audit(
        "cpd.activity.reflected",
        actor=actor,
        target=current,
        data={"answered": [name for name in REFLECTION_FIELDS if getattr(current, name)]},
    )
    if had_reflection and not current.has_reflection:
        audit("cpd.activity.reflection_cleared", actor=actor, target=current)
    return current


@transaction.atomic
def activity_delete(*, activity: Activity, actor) -> None:
    """Delete the activity and its evidence; the evidence's files go once this commits."""
    evidence_remove_for(activity)
    audit(
        "cpd.activity.deleted",
        actor=actor,
        target=activity,
        data={"title": activity.title, "hours": str(activity.hours)},
    )
    activity.delete()


@transaction.atomic
def drafts_confirm(*, owner, ids: Iterable[int]) -> tuple[list[Activity], list[Activity]]:
    """Record the chosen drafts; those that have not started yet stay drafts.

    Returns (confirmed, still_future). Safe to repeat: drafts already confirmed are ignored.
    """
    drafts = list(
        Activity.objects.owned_by(owner).drafts().filter(pk__in=list(ids)).select_for_update()
    )
    today = timezone.localdate()
    confirmed = [draft for draft in drafts if draft.start_date <= today]
    future = [draft for draft in drafts if draft.start_date > today]
    for draft in confirmed:
        draft.status = Activity.Status.RECORDED
        draft.full_clean()
        draft.save(update_fields=["status", "updated_at"])
    if confirmed:
        audit(
            "cpd.activity.drafts_confirmed",
            actor=owner,
            data={"ids": [draft.pk for draft in confirmed]},
        )
    return confirmed, future


@transaction.atomic
def drafts_discard(*, owner, ids: Iterable[int]) -> int:
    drafts = Activity.objects.owned_by(owner).drafts().filter(pk__in=list(ids))
    discarded = list(drafts.values_list("pk", flat=True))
    if discarded:
        drafts.delete()
        audit("cpd.activity.drafts_discarded", actor=owner, data={"ids": discarded})
    return len(discarded)
