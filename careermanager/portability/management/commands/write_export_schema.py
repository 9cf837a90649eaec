"""Write the export document's JSON Schema to the file the app publishes."""

from django.core.management.base import BaseCommand

from careermanager.portability.schema import SCHEMA_PATH, generated_schema, schema_text


class Command(BaseCommand):
    help = "Regenerate the published JSON Schema of the data export from its record schemas."

    def handle(self, *args, **options):
        SCHEMA_PATH.write_text(schema_text(generated_schema()), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {SCHEMA_PATH}"))
