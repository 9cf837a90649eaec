"""Remind attesters who have not signed after a week, and staff of applications not received.

Run it daily (cron, a systemd timer, a scheduled container). Running it again, even at the
same moment, sends nothing twice: each invitation and each application is reminded once.
"""

from django.core.management.base import BaseCommand

from careermanager.registration.reminders import (
    ATTESTER_REMINDER_DAYS,
    RECEIPT_WORKING_DAYS,
    reminders_send,
)


class Command(BaseCommand):
    help = (
        f"Remind attesters who have not signed {ATTESTER_REMINDER_DAYS} days after their "
        f"invitation, and staff of applications not received {RECEIPT_WORKING_DAYS} working "
        "days after submission; each once."
    )

    def handle(self, *args, **options):
        attesters, staff = reminders_send()
        self.stdout.write(
            f"Reminded {attesters} attester(s); sent {staff} staff reminder email(s)."
        )
