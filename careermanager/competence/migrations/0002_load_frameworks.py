"""Load the frameworks that ship with Career Manager from careermanager/competence/data/.

The files are named here one by one so that this migration always loads the same data;
a later edition ships as a new file and a new migration.
"""

import json
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FILES = [
    "uk-spec-4-ceng.json",
    "uk-spec-4-ieng.json",
    "uk-spec-4-engtech.json",
    "icttech-3.json",
    "project-management-1.json",
]


def load(apps, schema_editor):
    Framework = apps.get_model("competence", "Framework")
    Area = apps.get_model("competence", "Area")
    Competence = apps.get_model("competence", "Competence")
    LevelGuidance = apps.get_model("competence", "LevelGuidance")
    for name in FILES:
        data = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
        if Framework.objects.filter(code=data["code"], edition=data["edition"]).exists():
            continue
        framework = Framework.objects.create(
            code=data["code"],
            name=data["name"],
            edition=data["edition"],
            kind=data["kind"],
            category=data.get("category", ""),
            publisher=data["publisher"],
            published_year=data.get("year"),
            source_note=data.get("source_note", ""),
        )
        for area_order, area_data in enumerate(data["areas"], start=1):
            area = Area.objects.create(
                framework=framework,
                code=area_data["code"],
                title=area_data["title"],
                order=area_order,
            )
            for order, item in enumerate(area_data["competences"], start=1):
                competence = Competence.objects.create(
                    area=area,
                    code=item["code"],
                    title=item["title"],
                    description=item["description"],
                    order=order,
                )
                LevelGuidance.objects.bulk_create(
                    LevelGuidance(competence=competence, level=level, text=text)
                    for level, text in item["guidance"].items()
                )


def unload(apps, schema_editor):
    Framework = apps.get_model("competence", "Framework")
    for name in FILES:
        data = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
        Framework.objects.filter(code=data["code"], edition=data["edition"]).delete()


class Migration(migrations.Migration):
    dependencies = [("competence", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
