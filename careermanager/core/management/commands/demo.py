"""Create a fictional member and a member of staff with realistic records.

Running it again changes nothing that already exists. Each installed app may add its own
records through a `demo` module with `populate(*, member, staff)`.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

MEMBER_EMAIL = "ada.example@example.org"
STAFF_EMAIL = "staff@example.org"
DEMO_PASSWORD = "demo-career-2026"  # noqa: S105 - fictional accounts for trying the app


class Command(BaseCommand):
    help = "Create demo accounts with realistic records (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force: bool = False, **options):
        if not (settings.DEBUG or force):
            self.stderr.write("Refusing to create demo accounts with DEBUG off; add --force.")
            return
        with transaction.atomic():
            member, staff = self._accounts()
            for config in apps.get_app_configs():
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                module.populate(member=member, staff=staff)
        self.stdout.write(
            self.style.SUCCESS("Demo data is ready.")
            + f"\n  Member: {MEMBER_EMAIL} / {DEMO_PASSWORD}"
            + f"\n  Staff:  {STAFF_EMAIL} / {DEMO_PASSWORD} (asks you to set up two-factor sign-in)"
        )

    def _accounts(self):
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        User = get_user_model()
        member, created = User.objects.get_or_create(
            email=MEMBER_EMAIL,
            defaults={"full_name": "Ada Okonkwo-Reyes", "email_verified_at": timezone.now()},
        )
        if created:
            member.set_password(DEMO_PASSWORD)
            member.save()
        staff, created = User.objects.get_or_create(
            email=STAFF_EMAIL,
            defaults={"full_name": "Sam Whitfield", "email_verified_at": timezone.now()},
        )
        if created:
            staff.set_password(DEMO_PASSWORD)
            staff.save()
        return member, staff
