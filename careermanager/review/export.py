"""The year's outcomes as CSV, safe to open in a spreadsheet."""

import csv
import io

from careermanager.core.formatting import format_date
from careermanager.review.models import MonitoringCase

# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HEADER = [
    "Member",
    "Email address",
    "Year",
    "Declaration",
    "Sampled on",
    "Status",
    "Outcome recorded on",
    "Latest feedback",
    "Member replied on",
]


def safe_cell(value) -> str:
    """The value as text, with a leading quote where a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def outcomes_csv(year: int) -> bytes:
    """Every sampled declaration of the year with its status and latest feedback. Two queries."""
    cases = (
        MonitoringCase.objects.filter(year=year)
        .select_related("owner", "sample")
        .prefetch_related("entries")
        .order_by("pk")
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for case in cases.iterator(chunk_size=2000):
        feedback = [entry.text for entry in case.entries.all() if entry.kind == "outcome"]
        writer.writerow(
            safe_cell(value)
            for value in (
                case.owner.display_name,
                case.owner.email,
                case.year,
                case.declaration_id,
                format_date(case.sample.drawn_at),
                case.get_status_display(),
                format_date(case.outcome_at),
                feedback[-1] if feedback else "",
                format_date(case.replied_at),
            )
        )
    # With a byte-order mark, so spreadsheet programs read the names as UTF-8.
    return ("\ufeff" + out.getvalue()).encode()
