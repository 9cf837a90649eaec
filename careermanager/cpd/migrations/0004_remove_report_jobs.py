"""CPD reports became document jobs of the reports engine (reports.DocumentJob).

Report jobs are not carried over: their files are deleted, and members create reports again.
"""

from django.db import migrations


def delete_report_files(apps, schema_editor):
    from django.core.files.storage import default_storage

    ReportJob = apps.get_model("cpd", "ReportJob")
    for name in ReportJob.objects.exclude(file="").values_list("file", flat=True):
        try:
            default_storage.delete(name)
        except OSError:
            pass


class Migration(migrations.Migration):
    dependencies = [
        ("cpd", "0003_activity_competences"),
    ]

    operations = [
        migrations.RunPython(delete_report_files, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="ReportJob"),
    ]
