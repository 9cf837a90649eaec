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


class AlreadyInProfile(ValidationError):
    """The competence is in the profile already; `item` holds it with its current target."""

    def __init__(self, item: JobProfileItem):
        self.item = item
        super().__init__(
            {
                "competence": ValidationError(
                    "%(competence)s is already in this profile, with the target %(target)s. "
                    "Change its target instead.",
                    code="already_in_profile",
                    params={
                        "competence": item.competence.code,
                        "target": item.get_target_level_display(),
                    },
                )
            }
        )


@transaction.atomic
def job_profile_add_competence(
    *, profile: JobProfile, competence: Competence, target_level: str, actor
) -> JobProfileItem:
    """Add a competence with the level the role needs.

    A competence already in the profile is refused (`AlreadyInProfile`): its target is changed
    with `job_profile_item_update`, never by adding it again.
    """
    framework = competence.area.framework
    if framework.is_retired:
        raise ValidationError(retired_message(framework))
    # Lock the profile so that two adds of the same competence cannot both pass the check.
    JobProfile.objects.select_for_update().filter(pk=profile.pk).exists()
    existing = (
        JobProfileItem.objects.filter(profile=profile, competence=competence)
        .select_related("competence")
        .first()
    )
    if existing is not None:
        raise AlreadyInProfile(existing)
    item = JobProfileItem(profile=profile, competence=competence, target_level=target_level)
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
