"""Changes to a member's profile: each one a transaction with an audit event."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from careermanager.core.audit import audit
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

# The audit code of each kind of CV record: profiles.<code>.created / updated / deleted.
RECORD_CODES: dict[type[models.Model], str] = {
    Employment: "employment",
    Education: "education",
    DevelopmentScheme: "scheme",
    Training: "training",
    Achievement: "achievement",
}


def _changed_fields(record: models.Model) -> list[str]:
    """Names of the fields whose saved value differs from the record in hand."""
    if record.pk is None:
        return []
    saved = type(record).objects.filter(pk=record.pk).values().first() or {}
    return sorted(
        field.name
        for field in record._meta.concrete_fields
        if field.attname in saved
        and field.name not in ("created_at", "updated_at")
        and saved[field.attname] != getattr(record, field.attname)
    )


@transaction.atomic
def record_save(*, record: models.Model, actor) -> models.Model:
    """Create or update one CV record (employment, education, scheme, training, achievement)."""
    code = RECORD_CODES[type(record)]
    created = record.pk is None
    changed = _changed_fields(record)
    record.full_clean()
    record.save()
    audit(
        f"profiles.{code}.{'created' if created else 'updated'}",
        actor=actor,
        target=record,
        data={} if created else {"fields": changed},
    )
    return record


def training_add(*, owner, actor, kind=Training.Kind.COURSE, **fields) -> Training:
    """A training record made by another app (an import): a course unless it says otherwise."""
    return record_save(record=Training(owner=owner, kind=kind, **fields), actor=actor)


def achievement_add(*, owner, actor, kind=Achievement.Kind.OTHER, **fields) -> Achievement:
    return record_save(record=Achievement(owner=owner, kind=kind, **fields), actor=actor)


def education_add(*, owner, actor, **fields) -> Education:
    return record_save(record=Education(owner=owner, **fields), actor=actor)


@transaction.atomic
def record_delete(*, record: models.Model, actor) -> None:
    """Delete one CV record and what hangs off it (an employment's accountabilities)."""
    code = RECORD_CODES[type(record)]
    audit(f"profiles.{code}.deleted", actor=actor, target=record, data={"title": str(record)})
    record.delete()


SAVED_ELSEWHERE = (
    "Your personal details were saved from another tab or device a moment ago. "
    "Check them below and save again if anything is missing."
)


@transaction.atomic
def personal_details_save(*, details: PersonalDetails, actor) -> PersonalDetails:
    """Save the member's personal details; the first save from two tabs at once keeps one.

    The details sent second become a ValidationError, for the form to show again.
    """
    created = details.pk is None
    changed = _changed_fields(details)
    details.full_clean(validate_unique=not created)
    try:
        with transaction.atomic():
            details.save()
    except IntegrityError:
        if not created:
            raise
        details.pk = None
        details._state.adding = True
        raise ValidationError(SAVED_ELSEWHERE, code="saved_elsewhere") from None
    audit(
        "profiles.personal_details.updated",
        actor=actor,
        target=details,
        data={"fields": changed, "created": created},
    )
    return details


@transaction.atomic
def membership_details_save(*, details: MembershipDetails, actor) -> MembershipDetails:
    """Staff record a member's number, grade and registration."""
    created = details.pk is None
    changed = _changed_fields(details)
    details.updated_by = actor
    details.full_clean()
    details.save()
    audit(
        "profiles.membership.updated",
        actor=actor,
        target=details,
        data={
            "member": details.owner_id,
            "fields": changed,
            "created": created,
            "grade": details.grade,
            "registration_titles": details.registration_titles,
        },
    )
    return details


@dataclass(frozen=True)
class PersonEntry:
    """One person in an accountability diagram, as entered on the form."""

    name: str
    job_title: str = ""
    registration: str = ""


@transaction.atomic
def accountabilities_save(
    *,
    employment: Employment,
    above: list[PersonEntry],
    reports: list[PersonEntry],
    actor,
) -> None:
    """Replace the people above (line manager first) and below the member in one role."""
    Employment.objects.select_for_update().get(pk=employment.pk)
    employment.accountability_people.all().delete()
    people = [
        AccountabilityPerson(
            employment=employment,
            relation=AccountabilityPerson.Relation.ABOVE,
            level=level,
            name=entry.name,
            job_title=entry.job_title,
            registration=entry.registration,
            order=level,
        )
        for level, entry in enumerate(above, start=1)
    ] + [
        AccountabilityPerson(
            employment=employment,
            relation=AccountabilityPerson.Relation.REPORT,
            name=entry.name,
            job_title=entry.job_title,
            registration=entry.registration,
            order=position,
        )
        for position, entry in enumerate(reports, start=1)
    ]
    for person in people:
        person.full_clean(exclude=["employment"])
    AccountabilityPerson.objects.bulk_create(people)
    audit(
        "profiles.accountabilities.updated",
        actor=actor,
        target=employment,
        data={"above": len(above), "reports": len(reports)},
    )
