"""Asking for a CPD activity report: a document job of the reports engine makes it."""

from datetime import date

from careermanager.core.formatting import format_span
from careermanager.cpd.documents import REPORT_DOCUMENTS, ReportKind
from careermanager.reports.models import DocumentJob
from careermanager.reports.registry import document_kind
from careermanager.reports.services import document_job_request


def report_request(
    *, owner, kind: str, file_format: str, start_date: date, end_date: date
) -> DocumentJob:
    """Queue the report (the same job again if it was asked for a moment ago)."""
    document = REPORT_DOCUMENTS[ReportKind(kind)]
    return document_job_request(
        owner=owner,
        kind=document,
        file_format=file_format,
        parameters={"start": start_date, "end": end_date},
        title=f"{document_kind(document).label}, {format_span(start_date, end_date)}",
    )
