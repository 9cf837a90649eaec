"""The declaration checklist: each item, whether it is required, and whether it is complete.

Items 1, 2, 3, 6 and 7 are required before a declaration can be submitted; employment
history, academic study and supporting documents are optional. Completion is read from the
declaration alone (and the supporting documents already listed), so the checklist page costs
the same number of queries however many records the member has.
"""

from dataclasses import dataclass, replace

from django.urls import reverse

from careermanager.declarations.models import Compliance, Declaration, EmploymentStatus

COMPLETED = "completed"
NOT_STARTED = "not_started"
STATUS_LABELS = {COMPLETED: "Completed", NOT_STARTED: "Not started"}


@dataclass(frozen=True)
class Item:
    number: int
    key: str
    title: str
    url_name: str
    required: bool
    complete: bool
    summary: str = ""  # what has been given so far, in a few words
    url: str = ""

    @property
    def status(self) -> str:
        return COMPLETED if self.complete else NOT_STARTED

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _selection_summary(selection: str, ids: list, noun: str) -> str:
    if not selection:
        return ""
    if selection == "all":
        return f"All your {noun}"
    return f"{len(ids)} chosen" if ids else "None chosen"


def checklist(declaration: Declaration, *, documents_given: int = 0) -> list[Item]:
    """The items in order, each with the address of its page.

    `documents_given`: how many supporting documents the declaration has (item 8).
    """
    items = _items(declaration, documents_given)
    if declaration.pk is None:
        return items
    return [replace(item, url=reverse(item.url_name, args=[declaration.pk])) for item in items]


def _items(declaration: Declaration, documents_given: int) -> list[Item]:
    d = declaration
    status_complete = bool(d.employment_status) and (
        d.employment_status != EmploymentStatus.NOT_ACTIVE or bool(d.employment_comments.strip())
    )
    compliance_complete = d.compliance == Compliance.MET or (
        d.compliance == Compliance.NOT_MET and bool(d.compliance_reason.strip())
    )
    return [
        Item(
            1,
            "monitoring",
            "CPD monitoring",
            "declarations:monitoring",
            True,
            d.monitoring_agreed_at is not None,
            "You agreed to CPD monitoring" if d.monitoring_agreed_at else "",
        ),
        Item(
            2,
            "reports",
            "CPD reports",
            "declarations:reports",
            True,
            d.reports_acknowledged_at is not None,
            "You confirmed your reports are up to date" if d.reports_acknowledged_at else "",
        ),
        Item(
            3,
            "employment-status",
            "Employment status",
            "declarations:employment-status",
            True,
            status_complete,
            d.get_employment_status_display(),
        ),
        Item(
            4,
            "employment-history",
            "Employment history",
            "declarations:employment-history",
            False,
            bool(d.employment_selection),
            _selection_summary(d.employment_selection, d.employment_ids, "roles"),
        ),
        Item(
            5,
            "academic-study",
            "Academic study",
            "declarations:academic-study",
            False,
            bool(d.study_selection),
            _selection_summary(d.study_selection, d.study_ids, "academic study"),
        ),
        Item(
            6,
            "hours",
            "Total CPD hours",
            "declarations:hours",
            True,
            d.hours_confirmed_at is not None,
            "You checked your totals" if d.hours_confirmed_at else "",
        ),
        Item(
            7,
            "compliance",
            "Compliance statement",
            "declarations:compliance",
            True,
            compliance_complete,
            d.get_compliance_display() if compliance_complete else "",
        ),
        Item(
            8,
            "supporting-documents",
            "Supporting documents",
            "declarations:supporting-documents",
            False,
            documents_given > 0,
            f"{documents_given} of 3 uploaded" if documents_given else "",
        ),
    ]


def missing(items: list[Item]) -> list[Item]:
    """The required items not yet complete."""
    return [item for item in items if item.required and not item.complete]


def required_done(items: list[Item]) -> tuple[int, int]:
    """How many required items are complete, of how many."""
    required = [item for item in items if item.required]
    return sum(item.complete for item in required), len(required)
