"""Importing CPD: a legacy CSV file (previewed, then confirmed) and calendar (.ics) events."""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from careermanager.core.audit import audit
from careermanager.cpd.durations import hours_per_day
from careermanager.cpd.ics import CalendarError, CalendarEvent, read_calendar
from careermanager.cpd.legacy import ImportFileError, Kind, decode, read_legacy_csv, row_hours
from careermanager.cpd.models import MAX_ACTIVITY_HOURS, Activity, Folder, ImportBatch
from careermanager.profiles import queries as profile_queries
from careermanager.profiles import services as profile_services

# Rows written in one transaction of a legacy import: short enough that other requests wait
# at most a moment for the database (SQLite has one writer at a time).
CHUNK_ROWS = 500
EXPORT_AGAIN = "Export the calendar again from your calendar program, which saves it as UTF-8."


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _existing_keys(owner) -> set[tuple]:
    """What the member already has, so a file imported twice does not double up."""
    keys: set[tuple] = set()
    for kind, title, day, hours in Activity.objects.owned_by(owner).values_list(
        "type", Lower("title"), "end_date", "hours"
    ):
        keys.add((Kind.ACTIVITY, kind, title, day, hours))
    profile = profile_queries.record_keys(owner)
    keys |= {
        (Kind.TRAINING, "", title, start, hours) for title, start, hours in profile["training"]
    }
    keys |= {(Kind.ACHIEVEMENT, "", title, day, None) for title, day in profile["achievement"]}
    keys |= {(Kind.EDUCATION, "", course, start, None) for course, start in profile["education"]}
    return keys


def _row_key(row: dict) -> tuple:
    title = row["title"].lower()
    hours = row_hours(row)
    match row["kind"]:
        case Kind.ACTIVITY:
            day = _day(row["end_date"]) or _day(row["start_date"])
            return (Kind.ACTIVITY, row["activity_type"], title, day, hours)
        case Kind.TRAINING:
            return (Kind.TRAINING, "", title, _day(row["start_date"]), hours)
        case _:
            return (row["kind"], "", title, _day(row["start_date"]), None)


@transaction.atomic
def legacy_import_preview(*, owner, filename: str, data: bytes) -> ImportBatch:
    """Read the file and keep what was read for the member to check; nothing is imported."""
    parsed = read_legacy_csv(data)  # ImportFileError when the file as a whole is unreadable
    existing = _existing_keys(owner)
    for row in parsed.rows:
        row["duplicate"] = _row_key(row) in existing
    batch = ImportBatch.objects.create(
        owner=owner,
        filename=filename[:255],
        rows=parsed.rows,
        problems=parsed.problems,
        total_rows=len(parsed.rows),
    )
    audit(
        "cpd.import.previewed",
        actor=owner,
        target=batch,
        data={"rows": len(parsed.rows), "problems": len(parsed.problems)},
    )
    return batch


@dataclass
class ImportCounts:
    activities: int = 0
    training: int = 0
    achievements: int = 0
    education: int = 0
    duplicates: int = 0
    folders: int = 0

    FIELDS = ("activities", "training", "achievements", "education", "folders")

    @property
    def total(self) -> int:
        return self.activities + self.training + self.achievements + self.education

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.FIELDS}


def _folders_for(owner, names: set[str], counts: ImportCounts) -> dict[str, Folder]:
    folders = {folder.name.lower(): folder for folder in Folder.objects.owned_by(owner)}
    for name in sorted(names):
        if name.lower() not in folders:
            folder = Folder(owner=owner, name=name)
            folder.full_clean()
            folder.save()
            folders[name.lower()] = folder
            counts.folders += 1
    return folders


def _profile_record_add(owner, actor, row: dict) -> None:
    start, end = _day(row["start_date"]), _day(row["end_date"])
    match row["kind"]:
        case Kind.TRAINING:
            profile_services.training_add(
                owner=owner,
                actor=actor,
                title=row["title"],
                provider=row["provider"],
                start_date=start,
                end_date=end,
                hours=row_hours(row),
                description=row["description"],
            )
        case Kind.ACHIEVEMENT:
            # "Other professional experience" from the older system: an achievement of kind other.
            profile_services.achievement_add(
                owner=owner,
                actor=actor,
                title=row["title"],
                date=start,
                details=row["description"],
            )
        case Kind.EDUCATION:
            # The older system's "grade" is the classification of the qualification.
            profile_services.education_add(
                owner=owner,
                actor=actor,
                institution=row["provider"],
                course=row["title"],
                classification=row["grade"],
                start_date=start,
                end_date=end,
            )
        case _:
            raise ValueError(f"Not a profile record: {row['kind']}")


def legacy_import_confirm(*, batch: ImportBatch, actor, skip_problems: bool) -> bool:
    """Queue the import of a previewed file, or of the rest of one that stopped part way.

    Returns whether this call queued it. The batch is claimed with one conditional UPDATE, so
    however many confirms arrive at once (a double click, a second tab), one import runs and
    every other confirm changes nothing. When the file had rows that could not be read, the
    member must say they want to go ahead without them.
    """
    from careermanager.cpd.tasks import import_legacy_batch

    if batch.is_preview and batch.problems and not skip_problems:
        raise ValidationError(
            "Some rows could not be read. Fix them and upload the file again, or confirm that "
            "you want to import the other rows without them."
        )
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(
            pk=batch.pk, status__in=(ImportBatch.Status.PREVIEW, ImportBatch.Status.FAILED)
        ).update(status=ImportBatch.Status.QUEUED, total_rows=len(batch.rows), error="")
        if claimed:
            audit(
                "cpd.import.confirmed",
                actor=actor,
                target=batch,
                data={"rows": len(batch.rows), "skipped_problem_rows": len(batch.problems)},
            )
            transaction.on_commit(lambda: import_legacy_batch.enqueue(batch.pk))
    return bool(claimed)


class BatchGone(Exception):
    """The batch was deleted (with its member's account) while it was being imported."""


def legacy_import_run(*, batch: ImportBatch) -> ImportCounts:
    """Import the batch's rows from where it got to, CHUNK_ROWS in each transaction.

    Between transactions other requests can write, so a large file never holds the database
    for long. Each transaction also records how many rows are done, so after a failure the
    next run starts at the first row not imported. Rows matching a record the member already
    has are left out.
    """
    owner = batch.owner
    existing = _existing_keys(owner)
    counts = ImportCounts(**{name: batch.counts.get(name, 0) for name in ImportCounts.FIELDS})
    counts.duplicates = batch.duplicate_count
    for start in range(batch.processed_rows, len(batch.rows), CHUNK_ROWS):
        chunk = batch.rows[start : start + CHUNK_ROWS]
        with transaction.atomic():
            _import_rows(owner, chunk, existing, counts)
            saved = ImportBatch.objects.filter(
                pk=batch.pk, status=ImportBatch.Status.RUNNING
            ).update(
                processed_rows=start + len(chunk),
                created_count=counts.total,
                duplicate_count=counts.duplicates,
                counts=counts.as_dict(),
            )
            if not saved:
                raise BatchGone
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.RUNNING).update(
            status=ImportBatch.Status.IMPORTED,
            processed_rows=len(batch.rows),
            imported_at=timezone.now(),
            rows=[],  # now in the member's records; no need to keep a second copy
        )
        audit(
            "cpd.import.imported",
            actor=owner,
            target=batch,
            data=counts.as_dict() | {"duplicates": counts.duplicates},
        )
    return counts


def _import_rows(owner, rows: list[dict], existing: set[tuple], counts: ImportCounts) -> None:
    new = []
    for row in rows:
        if _row_key(row) in existing:
            counts.duplicates += 1
        else:
            new.append(row)
    folders = _folders_for(
        owner,
        {row["folder"] for row in new if row["kind"] == Kind.ACTIVITY and row["folder"]},
        counts,
    )
    activities = []
    for row in new:
        if row["kind"] == Kind.ACTIVITY:
            start = _day(row["start_date"])
            activity = Activity(
                owner=owner,
                type=row["activity_type"],
                title=row["title"],
                start_date=start,
                end_date=_day(row["end_date"]) or start,
                hours=row_hours(row),
                description=row["description"],
                folder=folders.get(row["folder"].lower()) if row["folder"] else None,
                source=Activity.Source.LEGACY_CSV,
            )
            activity.full_clean(validate_unique=False, validate_constraints=False)
            activities.append(activity)
        else:
            _profile_record_add(owner, owner, row)
            setattr(counts, _COUNTERS[row["kind"]], getattr(counts, _COUNTERS[row["kind"]]) + 1)
    Activity.objects.bulk_create(activities)
    counts.activities += len(activities)


_COUNTERS = {
    Kind.TRAINING: "training",
    Kind.ACHIEVEMENT: "achievements",
    Kind.EDUCATION: "education",
}


@transaction.atomic
def legacy_import_cancel(*, batch: ImportBatch, actor) -> None:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.is_preview:
        batch.status = ImportBatch.Status.CANCELLED
        batch.rows = []
        batch.save(update_fields=["status", "rows"])
        audit("cpd.import.cancelled", actor=actor, target=batch)


@dataclass
class CalendarImport:
    created: list[Activity] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # line, title, reason
    truncated: bool = False  # the file held more events than one import reads
    max_events: int = 0


def _stamp(value: date | datetime) -> str:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        return value.strftime("%Y%m%dT%H%M%S")
    return value.isoformat()


def calendar_key(event: CalendarEvent) -> str:
    """What tells one imported event from another, kept as the draft's source_uid.

    An event with a UID is that UID and which session it is (its RECURRENCE-ID, or its start);
    one without is its start and title, so that importing the file again finds it.
    """
    if event.uid:
        return f"{event.uid}/{_stamp(event.recurrence_id or event.start)}"[:255]
    digest = hashlib.sha256(f"{_stamp(event.start)}\n{event.summary}".encode()).hexdigest()
    return f"no-uid/{digest[:40]}"


@transaction.atomic
def calendar_import(*, owner, data: bytes) -> CalendarImport:
    """Turn each event into a draft event/seminar for the member to confirm.

    A file that is not a calendar raises CalendarError and creates nothing; each event that
    cannot be imported is listed in ``skipped`` with its line and the reason.
    """
    try:
        text = decode(data, advice=EXPORT_AGAIN)
    except ImportFileError as error:
        raise CalendarError(str(error)) from error
    max_events = settings.CALENDAR_MAX_EVENTS
    calendar = read_calendar(text, max_events=max_events)
    per_day = hours_per_day()
    imported = set(
        Activity.objects.owned_by(owner).exclude(source_uid="").values_list("source_uid", flat=True)
    )
    in_file: set[str] = set()
    result = CalendarImport(truncated=calendar.truncated, max_events=max_events)
    skipped: dict[tuple[int, str], list] = {}  # the sessions of a repeating event, together
    drafts = []
    for event in calendar.events:
        key = calendar_key(event)
        # Imported before keys named the session's time: the UID and the day.
        earlier_key = f"{event.uid}/{event.start_date.isoformat()}"[:255]
        hours = event.hours(per_day)
        reason = ""
        if event.cancelled:
            reason = "it was cancelled"
        elif hours <= 0:
            reason = "it has no duration"
        elif hours > MAX_ACTIVITY_HOURS:
            reason = f"it lasts more than {MAX_ACTIVITY_HOURS:,.0f} hours"
        elif key in in_file:
            reason = "it is in the file twice"
        elif key in imported or (event.uid and not event.repeating and earlier_key in imported):
            reason = "it has already been imported"
        if reason:
            skipped.setdefault((event.line, reason), [event.title, 0])[1] += 1
            continue
        in_file.add(key)
        draft = Activity(
            owner=owner,
            type=Activity.Type.EVENT,
            status=Activity.Status.DRAFT,
            title=event.title,
            start_date=event.start_date,
            end_date=event.end_date,
            hours=Decimal(hours),
            description=event.description,
            source=Activity.Source.CALENDAR,
            source_uid=key,
        )
        draft.full_clean(validate_unique=False, validate_constraints=False)
        drafts.append(draft)
    result.created = Activity.objects.bulk_create(drafts, batch_size=500)
    result.skipped = sorted(
        [
            *calendar.skipped,
            *(
                (line, title, reason if times == 1 else f"{reason} ({times:,} times)")
                for (line, reason), (title, times) in skipped.items()
            ),
        ],
        key=lambda entry: entry[0],
    )
    audit(
        "cpd.import.calendar",
        actor=owner,
        target=owner,
        data={
            "drafts": len(result.created),
            "skipped": len(result.skipped),
            "truncated": result.truncated,
        },
    )
    return result


@transaction.atomic
def drafts_discard_all(*, owner) -> int:
    """Delete every calendar event still waiting to be confirmed; return how many."""
    _, deleted = Activity.objects.owned_by(owner).drafts().delete()
    count = deleted.get(Activity._meta.label, 0)
    if count:
        audit("cpd.activity.drafts_discarded", actor=owner, data={"all": True, "count": count})
    return count
