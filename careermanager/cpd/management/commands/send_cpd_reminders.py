"""Email members behind their CPD policy's pace, and a monthly note of reflections to write.

Run it daily (cron, a systemd timer, a scheduled container). Running it again, even at the
same moment, sends nothing twice: each reminder is sent once (careermanager/cpd/reminders.py).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from careermanager.cpd.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Email members behind their CPD policy's pace "
        f"({', '.join(map(str, settings.CPD_REMINDER_DAYS))} days before the period closes), "
        "and on the first run of each month a note of activities without a reflection; each "
        "once, unless the member turned it off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the emails that would be sent, and send none.",
        )

    def handle(self, *args, dry_run=False, **options):
        outcome = reminders_send(dry_run=dry_run)
        for line in outcome.lines if dry_run else ():
            self.stdout.write(line)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {outcome.pace} CPD pace reminder(s) and {outcome.reflection} "
            "reflection note(s)."
        )
