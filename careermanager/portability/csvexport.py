"""CPD activities and training as CSV files a spreadsheet opens safely.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read
by a spreadsheet as a formula (CSV injection), so it is written with a ``'`` before it, which
spreadsheets show as text. Values are the stored ones (dates ISO, hours as stored, "7.50"),
with the types' and statuses' labels beside their codes for people reading the file.
"""

import csv
import io

from careermanager.cpd.models import Activity
from careermanager.cpd.schemas import ReflectionRecord
from careermanager.cpd.schemas import member_records as cpd_records
from careermanager.profiles.models import Training
from careermanager.profiles.schemas import member_records as profile_records

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REFLECTION_HEADINGS = {
    "learned": "What I learned",
    "went_well": "What went well",
    "differently": "What I would do differently",
    "met_needs": "How it met my needs",
    "impact": "Impact",
    "follow_up": "Follow-up",
}


def safe_cell(value) -> str:
    """The value as CSV text that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    # With a byte-order mark, so Excel reads the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _label(choices, value: str) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value


def activities_csv(owner) -> bytes:
    records = cpd_records(owner)
    folders = {folder.id: folder.name for folder in records.folders}
    header = [
        "Title",
        "Type",
        "Status",
        "Start date",
        "End date",
        "Hours",
        "Description",
        *(REFLECTION_HEADINGS[name] for name in ReflectionRecord.model_fields),
        "Topics",
        "Competences",
        "Folder",
        "Source",
    ]
    rows = (
        [
            activity.title,
            _label(Activity.Type, activity.type),
            _label(Activity.Status, activity.status),
            activity.start_date.isoformat(),
            activity.end_date.isoformat(),
            activity.hours,
            activity.description,
            *(getattr(activity.reflection, name) for name in ReflectionRecord.model_fields),
            "; ".join(activity.topics),
            "; ".join(f"{ref.framework.code} {ref.code}" for ref in activity.competences),
            folders.get(activity.folder_id, ""),
            _label(Activity.Source, activity.source),
        ]
        for activity in records.activities
    )
    return _csv(header, rows)


def training_csv(owner) -> bytes:
    header = ["Title", "Type", "Provider", "Start date", "End date", "Hours", "Description"]
    rows = (
        [
            course.title,
            _label(Training.Kind, course.kind),
            course.provider,
            course.start_date.isoformat(),
            course.end_date.isoformat() if course.end_date else "",
            course.hours,
            course.description,
        ]
        for course in profile_records(owner).training
    )
    return _csv(header, rows)
