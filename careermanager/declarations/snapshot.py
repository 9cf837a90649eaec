"""What a declaration sends: the member's answers and records for the year, as plain data.

``declaration_records`` reads it live (the draft summary); submitting keeps the same data as
the declaration's snapshot, so the submitted summary and PDF show exactly what was sent.
Records come from the apps' schemas (``member_records``), as the API and the export will
serve them: roles and academic study as the member chose them, activities and training
completed within the year, plus the year's totals and each policy's verdict as they were.
"""

import json
from datetime import date
from typing import Any

from careermanager.core.snapshots import canonical_json
from careermanager.cpd import schemas as cpd_schemas
from careermanager.cpd.categories import Category
from careermanager.declarations.models import Declaration, Selection
from careermanager.declarations.queries import YearReview, year_review
from careermanager.declarations.supporting import DOCUMENT_TYPES
from careermanager.declarations.years import period
from careermanager.documents.queries import documents_for
from careermanager.profiles import schemas as profile_schemas

# Bump when the shape below changes, so older snapshots can be read for what they are.
SNAPSHOT_VERSION = 1
KEYS = [kind.key for kind in DOCUMENT_TYPES]


def _chosen(records: list, selection: str, ids: list[int]) -> list:
    if selection == Selection.ALL:
        return records
    if selection == Selection.CHOSEN:
        wanted = set(ids)
        return [record for record in records if record.id in wanted]
    return []


def _completed_in(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def _review_data(review: YearReview) -> dict[str, Any]:
    return {
        "totals": [
            {
                "category": total.category,
                "hours": total.hours,
                "count": total.count,
            }
            for total in review.categories
        ],
        "total_hours": review.total_hours,
        "verdicts": [
            {
                "policy": verdict.code,
                "name": verdict.name,
                "period": verdict.period,
                "total_minimum": verdict.total_minimum,
                "counted_hours": verdict.counted_hours,
                "requires_reflection": verdict.requires_reflection,
                "reflection_met": verdict.reflection_met,
                "minimums": [
                    {
                        "label": minimum.label,
                        "required": minimum.required,
                        "counted": minimum.counted,
                        "met": minimum.met,
                    }
                    for minimum in verdict.minimums
                ],
                "compliant": verdict.compliant,
            }
            for verdict in review.verdicts
        ],
    }


def declaration_records(declaration: Declaration, *, review: YearReview | None = None) -> dict:
    """The declaration and the member's records for its year, as JSON-ready plain data."""
    owner = declaration.owner
    start, end = period(declaration.year)
    profile = profile_schemas.member_records(owner)
    cpd = cpd_schemas.member_records(owner)
    review = review or year_review(owner, declaration.year)
    documents = documents_for(owner, declaration)
    d = declaration
    data = {
        "version": SNAPSHOT_VERSION,
        "member": {"name": owner.display_name, "email": owner.email},
        "membership": profile.membership,
        "declaration": {
            "year": d.year,
            "period_start": start,
            "period_end": end,
            "monitoring_agreed_at": d.monitoring_agreed_at,
            "reports_acknowledged_at": d.reports_acknowledged_at,
            "employment_status": d.employment_status,
            "employment_comments": d.employment_comments,
            "employment_selection": d.employment_selection,
            "study_selection": d.study_selection,
            "hours_confirmed_at": d.hours_confirmed_at,
            "compliance": d.compliance,
            "compliance_reason": d.compliance_reason,
            "out_of_work_from": d.out_of_work_from,
            "out_of_work_to": d.out_of_work_to,
        },
        "employment": _chosen(profile.employment, d.employment_selection, d.employment_ids),
        "education": _chosen(profile.education, d.study_selection, d.study_ids),
        "training": sorted(
            (
                record
                for record in profile.training
                if _completed_in(record.end_date or record.start_date, start, end)
            ),
            key=lambda record: (record.end_date or record.start_date, record.id),
        ),
        "activities": sorted(
            (
                record
                for record in cpd.activities
                if record.status == "recorded" and _completed_in(record.end_date, start, end)
            ),
            key=lambda record: (record.end_date, record.start_date, record.id),
        ),
        "supporting_documents": [
            {
                "type": document.type_key,
                "name": document.original_name,
                "size": document.size,
                "sha256": document.sha256,
                "uploaded_at": document.uploaded_at,
            }
            for key in KEYS
            if (document := documents.get(key)) is not None
        ],
        **_review_data(review),
    }
    # As JSON, so a live summary reads exactly like a stored snapshot.
    return json.loads(canonical_json(data))


def category_label(value: str) -> str:
    return Category(value).label
