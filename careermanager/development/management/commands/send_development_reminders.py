"""Email members about the actions in their development plan that fall due within a week.

Run it daily (cron, a systemd timer, a scheduled container). Running it again the same day
sends nothing new: each action is reminded once for each due date.
"""

from django.core.management.base import BaseCommand

from careermanager.development.tasks import REMIND_DAYS, reminders_send


class Command(BaseCommand):
    help = (
        f"Email each member whose open actions fall due within {REMIND_DAYS} days, once per "
        "action and due date, unless they turned reminders off."
    )

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"Sent {sent} development reminder email(s).")
