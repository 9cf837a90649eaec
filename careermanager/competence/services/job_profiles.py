"""Job profiles: roles as a set of competences with target levels."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careermanager.competence.models import Competence, JobProfile, JobProfileItem
from careermanager.competence.services.assessments import retired_message
from careermanager.core.audit import audit


@transaction.atomic
def job_profile_create(*, owner, title: str, kind: str, description: str) -> JobProfile:
    profile = JobProfile(owner=owner, title=title.strip(), kind=kind, description=description)
    profile.full_clean()
    profile.save()
    audit("competence.job_profile.created", actor=owner, target=profile)
    return profile


@transaction.atomic
def job_profile_update(*, profile: JobProfile, title: str, kind: str, description: str, actor):
    profile.title, profile.kind, profile.description = title.strip(), kind, description
    profile.updated_at = timezone.now()
    profile.full_clean()
    profile.save()
    audit("competence.job_profile.updated", actor=actor, target=profile)
    return profile


@transaction.atomic
def job_profile_delete(*, profile: JobProfile, actor) -> None:
    audit(
        "competence.job_profile.deleted",
        actor=actor,
        target=profile,
        data={"title": profile.title, "competences": profile.items.count()},
    )
    profile.delete()


def _touch(profile: JobProfile) -> None:
    JobProfile.objects.filter(pk=profile.pk).update(updated_at=timezone.now())


@transaction.atomic
def job_profile_add_competence(
    *, profile: JobProfile, competence: Competence, target_level: str, actor
) -> JobProfileItem:
    """Add a competence with the level the role needs; adding it twice changes the target."""
    framework = competence.area.framework
    if framework.is_retired:
        raise ValidationError(retired_message(framework))
    item, created = JobProfileItem.objects.select_for_update().get_or_create(
        profile=profile, competence=competence, defaults={"target_level": target_level}
    )
    if not created and item.target_level != target_level:
        item.target_level = target_level
    item.full_clean()
    item.save()
    _touch(profile)
    audit(
        "competence.job_profile.competence_added",
        actor=actor,
        target=profile,
        data={"framework": framework.code, "competence": competence.code, "target": target_level},
    )
    return item


@transaction.atomic
def job_profile_item_update(*, item: JobProfileItem, target_level: str, actor) -> JobProfileItem:
    item.target_level = target_level
    item.full_clean()
    item.save(update_fields=["target_level"])
    _touch(item.profile)
    audit(
        "competence.job_profile.target_changed",
        actor=actor,
        target=item.profile,
        data={"competence": item.competence.code, "target": target_level},
    )
    return item


@transaction.atomic
def job_profile_item_remove(*, item: JobProfileItem, actor) -> None:
    audit(
        "competence.job_profile.competence_removed",
        actor=actor,
        target=item.profile,
        data={"competence": item.competence.code},
    )
    _touch(item.profile)
    item.delete()
