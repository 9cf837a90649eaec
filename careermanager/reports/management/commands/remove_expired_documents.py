"""Delete document jobs whose time is up, and document files no job refers to.

It first marks as failed the jobs whose worker went away in the middle (killed, restarted).

Run it daily (cron, a systemd timer, a scheduled container). Running it again does nothing new.
"""

from django.core.management.base import BaseCommand

from careermanager.reports.services import (
    document_files_remove_orphans,
    document_jobs_fail_stalled,
    document_jobs_remove_expired,
)


class Command(BaseCommand):
    help = (
        "Delete document jobs kept longer than CAREERMANAGER_DOCUMENT_DAYS, with their files, "
        "and document files no job refers to (such as those of deleted accounts)."
    )

    def handle(self, *args, **options):
        stalled = document_jobs_fail_stalled()
        if stalled:
            self.stdout.write(f"Marked {stalled} document job(s) whose worker had gone as failed.")
        jobs = document_jobs_remove_expired()
        files = document_files_remove_orphans()
        self.stdout.write(f"Removed {jobs} expired document job(s) and {files} stray file(s).")
