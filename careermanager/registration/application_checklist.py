"""The application's checklist: each item, whether it is mandatory, whether it is complete.

Read from what the application shows (``application_records``), so the checklist, the lock
check and the page agree on what "complete" means. Panelling details come last and open only
once every other mandatory item is complete.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from careermanager.core.formatting import counted
from careermanager.registration.application_records import shown_records
from careermanager.registration.models import Application, ApplicationRoute, InterviewLocation
from careermanager.registration.supporting import (
    ACCOUNTABILITY,
    APPRENTICE_CERTIFICATE,
    TRANSCRIPT,
)

COMPLETED = "completed"
NOT_STARTED = "not_started"
CANNOT_START = "cannot_start"
STATUS_LABELS = {
    COMPLETED: "Completed",
    NOT_STARTED: "Not started",
    CANNOT_START: "Cannot start yet",
}


@dataclass(frozen=True)
class Item:
    number: int
    key: str
    title: str
    url: str
    required: bool
    complete: bool
    summary: str = ""
    # Why an optional item matters, or what a mandatory one needs: shown under its title.
    guidance: str = ""
    available: bool = True

    @property
    def status(self) -> str:
        if self.complete:
            return COMPLETED
        return NOT_STARTED if self.available else CANNOT_START

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _personal_complete(records: dict[str, Any]) -> bool:
    personal = records["personal"] or {}
    needed = ("first_name", "last_name", "address_line_1", "town", "country")
    return all((personal.get(name) or "").strip() for name in needed)


def documents_needed(records: dict[str, Any]) -> list[str]:
    """The supporting document types this application must have, by key."""
    needed = [] if records["application"]["use_profile_diagram"] else [ACCOUNTABILITY]
    if records["application"]["route"] == ApplicationRoute.STREAMLINED:
        needed += [TRANSCRIPT, APPRENTICE_CERTIFICATE]
    return needed


def documents_missing(records: dict[str, Any]) -> list[str]:
    have = {document["type"] for document in records["supporting_documents"]}
    missing = [key for key in documents_needed(records) if key not in have]
    if records["application"]["use_profile_diagram"] and not records["diagrams"]:
        missing.insert(0, ACCOUNTABILITY)
    return missing


def statements_missing(records: dict[str, Any]) -> list[str]:
    """Codes of the category's competences that have no statement yet."""
    return [
        competence["code"]
        for area in records["areas"]
        for competence in area["competences"]
        if not competence["statement"].strip()
    ]


def panelling_complete(application: Application) -> bool:
    a = application
    location_ok = (
        a.interview_location not in ("", InterviewLocation.NOT_APPLICABLE)
        if a.needs_interview
        else a.interview_location == InterviewLocation.NOT_APPLICABLE
    )
    return bool(a.sector and a.specialisms and location_ok)


def checklist(application: Application, records: dict[str, Any] | None = None) -> list[Item]:
    """The items in order, from the application and what it shows."""
    records = records or shown_records(application)
    a = application
    pk = a.pk
    roles = [role for role in records["employment"] if role["included"]]
    written = [role for role in roles if role["application_text"].strip()]
    streamlined = a.route == ApplicationRoute.STREAMLINED
    unwritten = statements_missing(records)
    total_statements = sum(len(area["competences"]) for area in records["areas"])
    docs_missing = documents_missing(records)
    category_done = bool(a.category and a.route and (a.scheme or not streamlined))
    items = [
        Item(
            1,
            "personal-details",
            "Personal details",
            reverse("profiles:personal-details"),
            True,
            _personal_complete(records),
            "Your name and address are in your profile" if _personal_complete(records) else "",
            "Your name and a postal address, from your profile.",
        ),
        Item(
            2,
            "category",
            "Category and route",
            reverse("registration:application-category", args=[pk]),
            True,
            category_done,
            f"{a.category}, {a.get_route_display().lower()}" if category_done else "",
            "The category you are applying for, and whether you followed an approved "
            "apprenticeship or development scheme.",
        ),
        Item(
            3,
            "employment",
            "Employment history",
            reverse("registration:application-roles", args=[pk]),
            True,
            bool(roles) and len(written) == len(roles),
            f"{counted(len(written), 'role')} written" if roles else "",
            "The substance of your application: what you were responsible for and what you "
            "achieved in each role, starting from your CV.",
        ),
        Item(
            4,
            "education",
            "Education",
            reverse("profiles:education-list"),
            False,
            bool(records["education"]),
            counted(len(records["education"]), "qualification") if records["education"] else "",
            "Optional: your degrees and other qualifications. You can register without formal "
            "qualifications when your experience shows the competences.",
        ),
        Item(
            5,
            "schemes",
            "Development schemes",
            reverse("profiles:scheme-list"),
            streamlined,
            bool(records["development_schemes"]),
            counted(len(records["development_schemes"]), "scheme")
            if records["development_schemes"]
            else "",
            "Needed for the streamlined route: the apprenticeship or scheme you followed."
            if streamlined
            else "Optional: any graduate or professional development scheme you followed.",
        ),
        Item(
            6,
            "training",
            "Training",
            reverse("profiles:training-list"),
            False,
            bool(records["training"]),
            counted(len(records["training"]), "course") if records["training"] else "",
            "Optional: courses and training that helped you reach the competences.",
        ),
        Item(
            7,
            "advisor",
            "Professional Registration Advisor",
            reverse("registration:application-advisor", args=[pk]),
            True,
            a.advisor_spoken is not None,
            ("Yes, " + a.advisor_name if a.advisor_spoken else "No")
            if a.advisor_spoken is not None
            else "",
            "Whether you have spoken to a Professional Registration Advisor, and their name.",
        ),
        Item(
            8,
            "statements",
            "Competence statements",
            reverse("registration:application-statements", args=[pk]),
            True,
            bool(total_statements) and not unwritten,
            f"{total_statements - len(unwritten)} of {total_statements} written"
            if total_statements
            else "",
            "A statement against each competence of the category, starting from your "
            "assessment evidence.",
            available=bool(a.category),
        ),
        Item(
            9,
            "documents",
            "Supporting documents",
            reverse("registration:application-documents", args=[pk]),
            True,
            bool(a.route) and not docs_missing,
            counted(len(records["supporting_documents"]), "document")
            if records["supporting_documents"]
            else ("The diagram your profile draws" if a.use_profile_diagram else ""),
            "The accountability diagram is mandatory; apprenticeship and scheme routes also "
            "need the transcript and the certificate.",
        ),
    ]
    others_done = not missing(items)
    items.append(
        Item(
            10,
            "panelling",
            "Panelling information",
            reverse("registration:application-panelling", args=[pk]),
            True,
            panelling_complete(a),
            f"{a.sector}; {', '.join(a.specialisms)}" if panelling_complete(a) else "",
            "Your sector and specialisms, so the right assessors read your application, and "
            "where you would prefer an interview (CEng and IEng).",
            available=others_done or panelling_complete(a),
        )
    )
    return items


def missing(items: list[Item]) -> list[Item]:
    """The mandatory items not yet complete."""
    return [item for item in items if item.required and not item.complete]


def required_done(items: list[Item]) -> tuple[int, int]:
    """How many mandatory items are complete, of how many."""
    required = [item for item in items if item.required]
    return sum(item.complete for item in required), len(required)
