"""A member's assessments: starting one, and saving a competence with its history."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from careermanager.competence.models import (
    Assessment,
    Competence,
    CompetenceAssessment,
    CompetenceRevision,
    Framework,
)
from careermanager.core.audit import audit


class FrameworkRetired(ValidationError):
    """The competence belongs to an edition that no longer accepts assessment."""


def retired_message(framework: Framework) -> str:
    return (
        f"{framework} was retired on {timezone.localtime(framework.retired_at):%d %B %Y}. "
        "You can read what you wrote against it, but not change it. Start an assessment "
        "against the current edition instead."
    )


def assessment_start(*, owner, category: str) -> Assessment:
    """Open the member's assessment against the current framework for a category.

    Starting twice (or with a double click) returns the same assessment.
    """
    framework = Framework.objects.current().for_category(category).first()
    if framework is None:
        raise ValidationError(f"There is no current framework for {category}.")
    existing = Assessment.objects.filter(owner=owner, framework=framework).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            assessment = Assessment(owner=owner, framework=framework)
            assessment.full_clean()
            assessment.save()
            audit(
                "competence.assessment.started",
                actor=owner,
                target=assessment,
                data={"framework": framework.code, "edition": framework.edition},
            )
            return assessment
    except (IntegrityError, ValidationError):
        # A concurrent request created it first.
        return Assessment.objects.get(owner=owner, framework=framework)


@transaction.atomic
def competence_assess(
    *, owner, competence: Competence, level: str, evidence: str, reference: str
) -> CompetenceAssessment:
    """Save the member's level and evidence for a competence and keep the previous ones.

    Saving the same values again (a double click) adds nothing to the history.
    """
    framework = competence.area.framework
    if framework.is_retired:
        raise FrameworkRetired(retired_message(framework))
    if competence.is_retired:
        raise FrameworkRetired(
            f"{competence.code} is no longer part of {framework}. What you wrote for it is "
            "kept, but it cannot be assessed any more."
        )
    now = timezone.now()
    current, created = CompetenceAssessment.objects.select_for_update().get_or_create(
        owner=owner,
        competence=competence,
        defaults={"level": level, "created_at": now, "updated_at": now},
    )
    evidence, reference = evidence.strip(), reference.strip()
    unchanged = (current.level, current.evidence, current.reference) == (
        level,
        evidence,
        reference,
    )
    if unchanged and not created:
        return current
    current.level, current.evidence, current.reference = level, evidence, reference
    current.updated_at = now
    current.full_clean()
    current.save()
    CompetenceRevision.objects.create(
        competence_assessment=current,
        level=level,
        evidence=evidence,
        reference=reference,
        created_at=now,
    )
    Assessment.objects.filter(owner=owner, framework=framework).update(updated_at=now)
    audit(
        "competence.competence.assessed",
        actor=owner,
        target=current,
        data={
            "framework": framework.code,
            "edition": framework.edition,
            "competence": competence.code,
            "level": level,
        },
    )
    return current
