"""Delete stored supporting files that no document refers to.

Run it daily with remove_expired_documents (cron, a systemd timer, a scheduled container).
Running it again does nothing new.
"""

from django.core.management.base import BaseCommand

from careermanager.documents.services import document_files_remove_orphans


class Command(BaseCommand):
    help = (
        "Delete uploaded supporting files that no document refers to, such as one left by an "
        "upload whose transaction was rolled back. Files younger than an hour are left."
    )

    def handle(self, *args, **options):
        removed = document_files_remove_orphans()
        self.stdout.write(f"Removed {removed} stray supporting file(s).")
