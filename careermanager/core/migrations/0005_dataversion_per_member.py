import django.db.models.deletion
from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models


def continue_ids_after_the_global_row(apps, schema_editor):
    """Row 1 was made with its id given, so PostgreSQL's id sequence still stands at 1: move it
    on, or the first member's row would be given id 1 and dropped as a duplicate."""
    model = apps.get_model("core", "DataVersion")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_dataversion"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="dataversion",
            name="member",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(continue_ids_after_the_global_row, migrations.RunPython.noop),
    ]
