"""Delete what has been kept long enough (core.retention); run it daily.

Running it again does nothing new. With --dry-run it counts and deletes nothing.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from careermanager.core.formatting import counted
from careermanager.core.retention import cleanup_commands, retention_apply, retention_preview


class Command(BaseCommand):
    help = (
        "Delete guest links ended more than CAREERMANAGER_GUEST_TICKET_RETENTION_DAYS ago and "
        "audit events older than CAREERMANAGER_AUDIT_RETENTION_DAYS, then run the daily "
        "clean-ups of expired documents, exports and stray files. --dry-run counts only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be deleted; delete nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        outcomes = retention_preview() if dry_run else retention_apply()
        verb = "Would delete" if dry_run else "Deleted"
        for outcome in outcomes:
            if not outcome.days:
                self.stdout.write(f"Kept for ever: every {outcome.label} (retention set to 0).")
                continue
            self.stdout.write(
                f"{verb} {counted(outcome.count, outcome.label)} "
                f"(kept for {counted(outcome.days, 'day')})."
            )
        for name in cleanup_commands():
            if dry_run:
                self.stdout.write(f"Would run {name} (it counts nothing ahead).")
            else:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
