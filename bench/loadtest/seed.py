"""Members and staff for the load run, written into the load run's own database.

    python -m bench.loadtest.seed --members 200 --staff 3 --monitoring 2000

Run with the production profile's environment (the load run's `Stack.environment`). Every
member starts as a copy of the demo member (Ada's CV, organisation chart, assessments with
evidence, objectives, CPD with reflections and files), brought in through the data import a
member would use, under a name of their own. Staff each get an authenticator with a known key,
so the load client can sign in with two-factor like a person. `generate_monitoring_data` adds
members with submitted declarations for the staff's monitoring pages and searches.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import sys
import time
from dataclasses import replace

MEMBER_EMAIL = "load-member-{}@example.org"
STAFF_EMAIL = "load-staff-{}@example.org"
PASSWORD = "load-run-password-2026"  # noqa: S105 - throwaway accounts in a throwaway database
FIRST = ["Amara", "Ben", "Chloe", "Dev", "Elif", "Femi", "Grace", "Hamid", "Isla", "Jonas"]
LAST = ["Adeyemi", "Brook", "Castell", "Dunmore", "Ellery", "Fairbank", "Gill", "Hale"]


def staff_key(number: int) -> str:
    """The hex key of staff member `number`'s authenticator (the client derives codes from it)."""
    return hashlib.sha1(f"load-staff-{number}".encode(), usedforsecurity=False).hexdigest()


def _renumbered(archive, number: int):
    """The archive with a membership number of the member's own (numbers are unique)."""
    profiles = archive.document.profiles
    if profiles.membership is None:
        return archive
    membership = profiles.membership.model_copy(update={"membership_number": f"9{number:06d}"})
    document = archive.document.model_copy(
        update={"profiles": profiles.model_copy(update={"membership": membership})}
    )
    return replace(archive, document=document)


def _members(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from careermanager.core.management.commands.demo import MEMBER_EMAIL as DEMO_EMAIL
    from careermanager.portability.archive import read_archive, write_archive
    from careermanager.portability.records import build_document, member_files
    from careermanager.portability.services import import_archive

    User = get_user_model()
    ada = User.objects.get(email=DEMO_EMAIL)
    files = member_files(ada)
    document = build_document(ada, files=[record for record, _document in files])
    buffer = io.BytesIO()
    write_archive(buffer, document, files)
    export = buffer.getvalue()
    archive = read_archive(io.BytesIO(export), size=len(export), max_bytes=64 * 1024 * 1024)
    password = make_password(PASSWORD)  # one hash for all: the server still checks it each time
    now = timezone.now()
    for number in range(count):
        name = f"{FIRST[number % len(FIRST)]} {LAST[(number // len(FIRST)) % len(LAST)]}"
        user, created = User.objects.get_or_create(
            email=MEMBER_EMAIL.format(number),
            defaults={"full_name": f"{name} {number}", "email_verified_at": now},
        )
        if not created:
            continue
        user.password = password
        user.save(update_fields=["password"])
        import_archive(owner=user, archive=_renumbered(archive, number))


def _staff(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from careermanager.accounts.services import user_set_role

    User = get_user_model()
    password = make_password(PASSWORD)
    for number in range(count):
        user, created = User.objects.get_or_create(
            email=STAFF_EMAIL.format(number),
            defaults={"full_name": f"Load Staff {number}", "email_verified_at": timezone.now()},
        )
        if created:
            user.password = password
            user.save(update_fields=["password"])
            user_set_role(user=user, role=User.Role.STAFF, actor=None)
            TOTPDevice.objects.create(
                user=user, name="Load run", key=staff_key(number), confirmed=True
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest.seed", description=__doc__)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--staff", type=int, default=3)
    parser.add_argument("--monitoring", type=int, default=2000)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careermanager.settings")
    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()
    call_command("demo", force=True, stdout=io.StringIO())
    _members(args.members)
    _staff(args.staff)
    if args.monitoring:
        call_command(
            "generate_monitoring_data",
            members=args.monitoring,
            activities=20,
            stdout=io.StringIO(),
        )
    print(
        f"{args.members} members, {args.staff} staff, {args.monitoring} monitored members "
        f"in {time.monotonic() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
