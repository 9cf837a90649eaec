"""Read a CSV file exported from the older Career Manager into rows ready to import.

Nothing here writes to the database: `read_legacy_csv` returns the rows it could read and,
for every other row, its line number and why. The format is documented in docs/cpd.md.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from careermanager.core.dates import implausible
from careermanager.core.uploads import UploadError, decode_text
from careermanager.cpd.durations import DurationError, parse_duration
from careermanager.cpd.models import DESCRIPTION_LIMIT, MAX_ACTIVITY_HOURS, Activity

MAX_ROWS = 20_000
SAVE_AS_UTF8 = "Open it in your spreadsheet and save it again as “CSV UTF-8”, then upload that."


class ImportFileError(ValueError):
    """The whole file cannot be read (as opposed to one bad row)."""


class Kind:
    ACTIVITY = "activity"
    TRAINING = "training"
    ACHIEVEMENT = "achievement"
    EDUCATION = "education"


# What the "type" column may say, and what each becomes.
RECORD_TYPES = {
    "work experience": (Kind.ACTIVITY, Activity.Type.WORK_EXPERIENCE),
    "volunteering": (Kind.ACTIVITY, Activity.Type.VOLUNTEERING),
    "event": (Kind.ACTIVITY, Activity.Type.EVENT),
    "seminar": (Kind.ACTIVITY, Activity.Type.EVENT),
    "event/seminar": (Kind.ACTIVITY, Activity.Type.EVENT),
    "event or seminar": (Kind.ACTIVITY, Activity.Type.EVENT),
    "self study": (Kind.ACTIVITY, Activity.Type.SELF_STUDY),
    "self-study": (Kind.ACTIVITY, Activity.Type.SELF_STUDY),
    "training": (Kind.TRAINING, ""),
    "training course": (Kind.TRAINING, ""),
    "other professional experience": (Kind.ACHIEVEMENT, ""),
    "academic study": (Kind.EDUCATION, ""),
    "education": (Kind.EDUCATION, ""),
    "qualification": (Kind.EDUCATION, ""),
}
REQUIRED_COLUMNS = ("type", "title", "start_date")
OPTIONAL_COLUMNS = ("end_date", "duration", "description", "provider", "grade", "folder")
COLUMN_LIMITS = {"title": 200, "provider": 200, "grade": 100, "folder": 100}
NEEDS_DURATION = (Kind.ACTIVITY, Kind.TRAINING)


@dataclass
class LegacyFile:
    rows: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    total_rows: int = 0


def decode(data: bytes, *, advice: str = SAVE_AS_UTF8) -> str:
    """The file's text, if it is UTF-8; otherwise ImportFileError about its encoding."""
    try:
        return decode_text(data, advice=advice)
    except UploadError as error:
        raise ImportFileError(str(error)) from None


def _column(name: str) -> str:
    return re.sub(r"[\s_-]+", "_", name.strip().lower())


def parse_date(value: str) -> date:
    """YYYY-MM-DD, or DD/MM/YYYY as UK spreadsheets write it."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"“{value}” is not a date; use YYYY-MM-DD or DD/MM/YYYY")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _read_row(values: dict[str, str], today: date) -> tuple[dict | None, list[str]]:
    errors: list[str] = []
    record_type = values.get("type", "").strip()
    kind, activity_type = RECORD_TYPES.get(record_type.lower(), (None, ""))
    if kind is None:
        errors.append(
            f"the type “{record_type}” is not one this import knows"
            if record_type
            else "the type is empty"
        )
    title = values.get("title", "").strip()
    if not title:
        errors.append("the title is empty")
    for name, limit in COLUMN_LIMITS.items():
        if len(values.get(name, "").strip()) > limit:
            errors.append(f"the {name} is longer than {limit} characters")
    if len(values.get("description", "")) > DESCRIPTION_LIMIT:
        errors.append(f"the description is longer than {DESCRIPTION_LIMIT:,} characters")
    start = end = None
    try:
        start = parse_date(values.get("start_date", ""))
    except ValueError as error:
        errors.append(f"the start date {error}" if values.get("start_date") else "no start date")
    if values.get("end_date", "").strip():
        try:
            end = parse_date(values["end_date"])
        except ValueError as error:
            errors.append(f"the end date {error}")
    if start and end and end < start:
        errors.append("the end date is before the start date")
    if start and (problem := implausible(start, label="start date")):
        errors.append(_lower_first(problem.rstrip(".")))
    elif start and start > today:
        errors.append("the start date is in the future")
    if end and (problem := implausible(end, label="end date")):
        errors.append(_lower_first(problem.rstrip(".")))
    hours = None
    if kind in NEEDS_DURATION:
        try:
            hours = parse_duration(values.get("duration", ""))
        except DurationError as error:
            duration = values.get("duration", "").strip()
            errors.append(
                f"the duration “{duration}” cannot be read: {_lower_first(str(error))}"
                if duration
                else "the duration is empty"
            )
        else:
            if hours > MAX_ACTIVITY_HOURS:
                errors.append(f"the duration is more than {MAX_ACTIVITY_HOURS:,.0f} hours")
    if kind == Kind.EDUCATION and not values.get("provider", "").strip():
        errors.append("academic study needs the institution in the provider column")
    if errors:
        return None, errors
    return {
        "kind": kind,
        "activity_type": activity_type,
        "title": title,
        "start_date": start.isoformat(),
        "end_date": end.isoformat() if end else None,
        "hours": str(hours) if hours is not None else None,
        "description": values.get("description", "").strip(),
        "provider": values.get("provider", "").strip(),
        "grade": values.get("grade", "").strip(),
        "folder": values.get("folder", "").strip(),
    }, []


def read_legacy_csv(data: bytes) -> LegacyFile:
    """Every row read or refused, with the line it starts on; ImportFileError for the file."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    result = LegacyFile()
    try:
        header = next(reader, None)
        if header is None:
            raise ImportFileError("The file is empty.")
        columns = [_column(name) for name in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            wanted = ", ".join(name.replace("_", " ") for name in missing)
            raise ImportFileError(
                f"The first line must name the columns; these are missing: {wanted}. "
                "See the help page for the format."
            )
        today = timezone.localdate()
        previous_end = reader.line_num
        for record in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            result.total_rows += 1
            if result.total_rows > MAX_ROWS:
                raise ImportFileError(f"The file has more than {MAX_ROWS:,} rows; split it up.")
            if len(record) > len(columns):
                result.problems.append(
                    {"line": line, "message": "this row has more cells than the first line names"}
                )
                continue
            values = dict(zip(columns, record, strict=False))
            row, errors = _read_row(values, today)
            if errors:
                result.problems.append({"line": line, "message": "; ".join(errors)})
            else:
                row["line"] = line
                result.rows.append(row)
    except csv.Error as error:
        raise ImportFileError(
            f"Line {reader.line_num}: the file is not valid CSV ({error})."
        ) from error
    if not result.total_rows:
        raise ImportFileError("The file has a header line but no rows to import.")
    return result


def row_hours(row: dict) -> Decimal | None:
    return Decimal(row["hours"]) if row.get("hours") else None
