"""Restore a backup archive into an empty installation (docs/backup.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careermanager.core.backup import ENGINE_NAMES, BackupError, backup_restore
from careermanager.core.formatting import counted
from careermanager.core.uploads import size_text


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into this installation, which must be empty."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The archive `backup` wrote.")

    def handle(self, *args, archive: Path, **options):
        try:
            result = backup_restore(Path(archive))
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(f"Restored {archive}")
            + f" (made {manifest.created_at} by version {manifest.app_version}):"
            + f" the {ENGINE_NAMES[manifest.engine]} database and"
            + f" {counted(result.file_count, 'file')} ({size_text(result.file_bytes)})"
            + f" in {result.seconds:.1f} s."
        )
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"This version has {counted(result.pending_migrations, 'migration')} the "
                    "backup had not run: run `careermanager migrate` before starting the service."
                )
            )
