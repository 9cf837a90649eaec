"""Write one archive of the database and the stored files (docs/backup.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careermanager.core.backup import ENGINE_NAMES, BackupError, backup_write
from careermanager.core.formatting import counted
from careermanager.core.uploads import size_text


class Command(BaseCommand):
    help = "Write the database and every stored file into one archive, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            required=True,
            type=Path,
            help="The archive to write, a new file: NAME.tar, or NAME.tar.gz to compress it.",
        )

    def handle(self, *args, output: Path, **options):
        try:
            result = backup_write(Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {output}")
            + f": the {ENGINE_NAMES[result.manifest.engine]} database"
            + f" ({size_text(result.database_bytes)}) and {counted(result.file_count, 'file')}"
            + f" ({size_text(result.file_bytes)}) in {result.seconds:.1f} s."
        )
