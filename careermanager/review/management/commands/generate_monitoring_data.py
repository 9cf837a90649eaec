"""Members with submitted declarations and a year of activities, in bulk, for measuring.

    python manage.py generate_monitoring_data --members 100000 --activities 50

Writes the rows straight into the tables (PostgreSQL's COPY; batched INSERTs elsewhere), so
100,000 members with 50 activities each take minutes, not hours. Each member gets one
submitted declaration for the year with a small snapshot, and the activities completed in
it. It reaches the tables through the app registry, not by importing the apps' models: this
is measuring data, not a way to change records (no audit events, no emails). Members are
named bench-monitoring-<n>@example.org; running it again adds nothing if they exist.
"""

import hashlib
import json
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

EMAIL = "bench-monitoring-{}@example.org"
BATCH = 20_000
ACTIVITY_TYPES = ("work_experience", "volunteering", "event", "self_study")


def snapshot(name: str, email: str, year: int, submitted: datetime, hours: Decimal) -> dict:
    """A small snapshot in the shape a submitted declaration keeps (no records listed)."""
    return {
        "version": 1,
        "member": {"name": name, "email": email},
        "membership": None,
        "declaration": {
            "year": year,
            "period_start": f"{year}-01-01",
            "period_end": f"{year}-12-31",
            "monitoring_agreed_at": submitted.isoformat(),
            "reports_acknowledged_at": submitted.isoformat(),
            "employment_status": "employed",
            "employment_comments": "",
            "employment_selection": "",
            "study_selection": "",
            "hours_confirmed_at": submitted.isoformat(),
            "compliance": "met",
            "compliance_reason": "",
            "out_of_work_from": None,
            "out_of_work_to": None,
            "submitted_at": submitted.isoformat(),
        },
        "employment": [],
        "education": [],
        "training": [],
        "activities": [],
        "supporting_documents": [],
        "totals": [{"category": "event", "hours": str(hours), "count": 20}],
        "total_hours": str(hours),
        "verdicts": [],
    }


class Writer:
    """Rows into a table: COPY on PostgreSQL, batched INSERTs on other databases."""

    def __init__(self, model_label: str, columns: list[str]):
        self.table = apps.get_model(model_label)._meta.db_table
        self.columns = columns

    def write(self, rows) -> None:
        table = connection.ops.quote_name(self.table)
        names = ", ".join(connection.ops.quote_name(column) for column in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            marks = ", ".join(["%s"] * len(self.columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names from models
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == BATCH:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)


class Command(BaseCommand):
    help = "Generate members with a submitted declaration and a year of activities each."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--activities", type=int, default=50)
        parser.add_argument("--year", type=int, default=date.today().year - 1)

    def handle(self, *, members: int, activities: int, year: int, **options):
        if members < 1 or activities < 0:
            raise CommandError("Give at least one member and no negative number of activities.")
        User = apps.get_model("accounts", "User")
        if User.objects.filter(email=EMAIL.format(0)).exists():
            self.stdout.write("The monitoring data exists already; nothing was added.")
            return
        started = time.perf_counter()
        with transaction.atomic():
            ids = self._members(members)
            self._declarations(ids, year)
            self._activities(ids, activities, year)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Generated {members:,} members, {members:,} declarations and "
            f"{members * activities:,} activities in {seconds:.1f} s."
        )

    def _members(self, count: int) -> list[int]:
        now = datetime.now(UTC)
        Writer(
            "accounts.User",
            [
                "password",
                "is_superuser",
                "email",
                "full_name",
                "is_active",
                "is_staff",
                "date_joined",
                "email_verified_at",
            ],
        ).write(
            ("!", False, EMAIL.format(n), f"Member {n:06d}", True, False, now, now)
            for n in range(count)
        )
        User = apps.get_model("accounts", "User")
        return list(
            User.objects.filter(email__startswith="bench-monitoring-")
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def _declarations(self, ids: list[int], year: int) -> None:
        start = datetime(year + 1, 1, 2, 9, tzinfo=UTC)

        def rows():
            for n, owner in enumerate(ids):
                submitted = start + timedelta(minutes=n % 80_000)
                data = snapshot(f"Member {n:06d}", EMAIL.format(n), year, submitted, Decimal(30))
                text = json.dumps(data, sort_keys=True, separators=(",", ":"))
                yield (
                    submitted,
                    submitted,
                    owner,
                    year,
                    "submitted",
                    submitted,
                    submitted,
                    "employed",
                    "",
                    "",
                    "[]",
                    "",
                    "[]",
                    submitted,
                    "met",
                    "",
                    submitted,
                    text,
                    hashlib.sha256(text.encode()).hexdigest(),
                    "",
                )

        Writer(
            "declarations.Declaration",
            [
                "created_at",
                "updated_at",
                "owner_id",
                "year",
                "status",
                "monitoring_agreed_at",
                "reports_acknowledged_at",
                "employment_status",
                "employment_comments",
                "employment_selection",
                "employment_ids",
                "study_selection",
                "study_ids",
                "hours_confirmed_at",
                "compliance",
                "compliance_reason",
                "submitted_at",
                "snapshot",
                "snapshot_sha256",
                "pdf",
            ],
        ).write(rows())

    def _activities(self, ids: list[int], per_member: int, year: int) -> None:
        now = datetime.now(UTC)
        first = date(year, 1, 1)

        def rows():
            for owner in ids:
                for n in range(per_member):
                    day = first + timedelta(days=(n * 7) % 365)
                    yield (
                        owner,
                        ACTIVITY_TYPES[n % len(ACTIVITY_TYPES)],
                        "recorded",
                        f"Activity {n}",
                        day,
                        day,
                        Decimal("1.5"),
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "manual",
                        "",
                        now,
                        now,
                    )

        Writer(
            "cpd.Activity",
            [
                "owner_id",
                "type",
                "status",
                "title",
                "start_date",
                "end_date",
                "hours",
                "description",
                "reflection_learned",
                "reflection_went_well",
                "reflection_differently",
                "reflection_met_needs",
                "reflection_impact",
                "reflection_follow_up",
                "source",
                "source_uid",
                "created_at",
                "updated_at",
            ],
        ).write(rows())
