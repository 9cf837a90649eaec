"""Correct the registration frameworks against the published standards (checked 29 Nov 2026).

The standards did not change, our transcription of them did: the codes, statements,
descriptions and guidance of each edition are rewritten in place from the corrected files, so
every member's levels, evidence, history and verifiers' comments stay attached to the same
competences. A competence the standard does not have (ICTTech E5) is retired, not deleted:
answers given to it stay readable and are shown as no longer part of the standard. A
competence the standard has but our data lacked (ICTTech C4) is added.

Going back re-applies the files first shipped (loaded by 0002) the same way.
"""

import json
from datetime import date
from pathlib import Path

from django.db import migrations
from django.utils import timezone

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CORRECTED = [
    "uk-spec-4-ceng-rev2.json",
    "uk-spec-4-ieng-rev2.json",
    "uk-spec-4-engtech-rev2.json",
    "icttech-3-rev2.json",
]
FIRST_SHIPPED = [
    "uk-spec-4-ceng.json",
    "uk-spec-4-ieng.json",
    "uk-spec-4-engtech.json",
    "icttech-3.json",
]


def sync(apps, names):
    Framework = apps.get_model("competence", "Framework")
    Area = apps.get_model("competence", "Area")
    Competence = apps.get_model("competence", "Competence")
    LevelGuidance = apps.get_model("competence", "LevelGuidance")
    now = timezone.now()
    for name in names:
        data = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
        # Ids, not instances, throughout: going back, the historical models are rendered
        # afresh between queries, and an instance of one rendering is refused by another.
        framework = (
            Framework.objects.filter(code=data["code"], edition=data["edition"])
            .values_list("pk", flat=True)
            .first()
        )
        if framework is None:  # never loaded here, or removed by staff: nothing to correct
            continue
        checked_on = data.get("checked_on")
        Framework.objects.filter(pk=framework).update(
            source_note=data.get("source_note", ""),
            checked_on=date.fromisoformat(checked_on) if checked_on else None,
            verification_note=data.get("verification_note", ""),
        )
        existing = dict(
            Competence.objects.filter(area__framework_id=framework).values_list("code", "pk")
        )
        kept = set()
        for area_order, area_data in enumerate(data["areas"], start=1):
            area = Area.objects.update_or_create(
                framework_id=framework,
                code=area_data["code"],
                defaults={"title": area_data["title"], "order": area_order},
            )[0].pk
            for order, item in enumerate(area_data["competences"], start=1):
                values = {
                    "area_id": area,
                    "title": item["title"],
                    "description": item["description"],
                    "note": item.get("note", ""),
                    "order": order,
                    "retired_at": None,
                }
                competence = existing.get(item["code"])
                if competence is None:
                    competence = Competence.objects.create(code=item["code"], **values).pk
                else:
                    Competence.objects.filter(pk=competence).update(**values)
                kept.add(item["code"])
                for level, text in item["guidance"].items():
                    LevelGuidance.objects.update_or_create(
                        competence_id=competence, level=level, defaults={"text": text}
                    )
        Competence.objects.filter(area__framework_id=framework, retired_at__isnull=True).exclude(
            code__in=kept
        ).update(retired_at=now)


def correct(apps, schema_editor):
    sync(apps, CORRECTED)


def restore_first_shipped(apps, schema_editor):
    sync(apps, FIRST_SHIPPED)


class Migration(migrations.Migration):
    dependencies = [("competence", "0003_framework_checks_and_retired_competences")]

    operations = [migrations.RunPython(correct, restore_first_shipped)]
