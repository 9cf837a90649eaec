"""Importing and retiring frameworks (staff only)."""

from django.db import transaction
from django.utils import timezone

from careermanager.competence.importers import FrameworkData, FrameworkImportError
from careermanager.competence.models import (
    Area,
    Competence,
    Framework,
    LevelGuidance,
    SkillLevel,
)
from careermanager.core.audit import audit


@transaction.atomic
def framework_import(*, data: FrameworkData, actor) -> Framework:
    """Create a framework with all its areas, competences and guidance, or nothing at all."""
    errors = []
    if Framework.objects.filter(code=data.code, edition=data.edition).exists():
        errors.append(f"{data.code}, {data.edition} has already been imported.")
    current = Framework.objects.current().filter(code=data.code).first()
    if current is not None:
        errors.append(
            f"{current} is the current edition of {data.code}. Retire it before importing "
            "another edition."
        )
    if data.category:
        clash = Framework.objects.current().for_category(data.category).exclude(code=data.code)
        if clash.exists():
            errors.append(
                f"{clash.first()} is the current framework for {data.category}. Retire it "
                "before importing another."
            )
    if errors:
        raise FrameworkImportError(errors)
    framework = Framework(
        code=data.code,
        name=data.name,
        edition=data.edition,
        kind=data.kind,
        category=data.category,
        publisher=data.publisher,
        published_year=data.year,
        source_note=data.source_note,
        checked_on=data.checked_on,
        verification_note=data.verification_note,
        expected_level=data.expected_level or SkillLevel.PRACTITIONER,
        imported_at=timezone.now(),
    )
    framework.full_clean()
    framework.save()
    guidance = []
    for area_order, area_data in enumerate(data.areas, start=1):
        area = Area.objects.create(
            framework=framework, code=area_data.code, title=area_data.title, order=area_order
        )
        for order, item in enumerate(area_data.competences, start=1):
            competence = Competence.objects.create(
                area=area,
                code=item.code,
                title=item.title,
                description=item.description,
                note=item.note,
                order=order,
            )
            guidance.extend(
                LevelGuidance(competence=competence, level=level, text=text)
                for level, text in item.guidance.items()
            )
    LevelGuidance.objects.bulk_create(guidance)
    audit(
        "competence.framework.imported",
        actor=actor,
        target=framework,
        data={
            "code": framework.code,
            "edition": framework.edition,
            "competences": data.competence_count,
        },
    )
    return framework


@transaction.atomic
def framework_retire(*, framework: Framework, actor) -> Framework:
    """Stop new assessment against this edition; what members wrote stays readable."""
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if framework.retired_at is None:
        framework.retired_at = timezone.now()
        framework.save(update_fields=["retired_at"])
        audit(
            "competence.framework.retired",
            actor=actor,
            target=framework,
            data={"code": framework.code, "edition": framework.edition},
        )
    return framework


@transaction.atomic
def framework_set_expected_level(*, framework: Framework, level: str, actor) -> Framework:
    """Set the level the institution expects in each of the framework's competences."""
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    before = framework.expected_level
    if before != level:
        framework.expected_level = level
        framework.full_clean()
        framework.save(update_fields=["expected_level"])
        audit(
            "competence.framework.expected_level_changed",
            actor=actor,
            target=framework,
            data={
                "code": framework.code,
                "edition": framework.edition,
                "from": before,
                "to": level,
            },
        )
    return framework
