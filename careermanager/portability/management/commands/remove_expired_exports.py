"""Delete data exports past their time, with their files."""

from django.core.management.base import BaseCommand

from careermanager.portability.services import exports_remove_expired


class Command(BaseCommand):
    help = "Delete expired data exports, old import records and their zip files (run daily)."

    def handle(self, *args, **options):
        removed = exports_remove_expired()
        self.stdout.write(f"Removed {removed} expired data export(s).")
