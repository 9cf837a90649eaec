"""An application's records (live or snapshot) as the words people read: labels, dates, text.

``shown_records`` gives raw JSON values ("full_time", "2024-05-03"). The application view,
the application document and the guest pages all read them through ``present`` so that every
one of them says "Full-time employment" and "3 May 2024" in the same way.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.apps import apps

from careermanager.competence.queries import RegistrationCategory
from careermanager.core.formatting import format_date, format_datetime, hours
from careermanager.core.uploads import size_text
from careermanager.registration.models import ApplicationRoute, InterviewLocation
from careermanager.registration.supporting import DOCUMENT_LABELS

NOT_GIVEN = "Not given"


@cache
def _profile_choices(model: str, field: str) -> dict[str, str]:
    # The profile's choices, read from the app registry: registration reads the profile through
    # its schemas and queries, never by importing its models.
    return {
        str(value): str(label)
        for value, label in apps.get_model("profiles", model)._meta.get_field(field).flatchoices
    }


def profile_label(model: str, field: str, value: str | None) -> str:
    """The label of a profile choice, or the stored value if the profile no longer lists it."""
    if not value:
        return ""
    return _profile_choices(model, field).get(value, value)


def _choice(choices, value: str | None) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def as_date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def as_datetime(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def paragraphs(text: str) -> list[str]:
    """Text split at blank lines; single line breaks stay inside a paragraph."""
    text = (text or "").replace("\r\n", "\n").strip()
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


def span(start: str | None, end: str | None, *, current: bool = False) -> str:
    """ "May 2019 to March 2023", "May 2019 to present"."""
    first, last = as_date(start), as_date(end)
    if first is None:
        return ""
    text = f"{first:%B %Y}"
    if last is not None and (last.year, last.month) != (first.year, first.month):
        return f"{text} to {last:%B %Y}"
    if last is None and current:
        return f"{text} to present"
    return text


def _hours(value: Any) -> str:
    try:
        return hours(Decimal(str(value)))
    except (InvalidOperation, TypeError, ValueError):
        return ""


def _name(personal: dict | None, member: dict) -> str:
    if personal:
        parts = [
            personal.get("title", ""),
            personal.get("first_name", ""),
            personal.get("last_name", ""),
        ]
        name = " ".join(part.strip() for part in parts if part and part.strip())
        if name:
            return name
    return member.get("name", "")


def _address(personal: dict | None) -> list[str]:
    if not personal:
        return []
    keys = ("address_line_1", "address_line_2", "address_line_3", "town", "postcode", "country")
    return [personal[key].strip() for key in keys if personal.get(key, "").strip()]


def _person(person: dict) -> dict[str, Any]:
    if person["relation"] == "report":
        relation = "Reports to them"
    elif person.get("level") == 1:
        relation = "Line manager"
    elif person.get("level"):
        relation = f"{person['level']} levels above"
    else:
        relation = "Above"
    return {**person, "relation_label": relation}


def _role(role: dict) -> dict[str, Any]:
    people = sorted(
        role.get("accountability_people", []),
        key=lambda p: (p["relation"] == "report", -(p.get("level") or 0), p.get("order", 0)),
    )
    return {
        **role,
        "type_label": profile_label("Employment", "employment_type", role.get("employment_type")),
        "period": span(role["start_date"], role.get("end_date"), current=role.get("is_current")),
        "paragraphs": paragraphs(role.get("application_text", "")),
        "people": [_person(person) for person in people],
    }


def _education(record: dict) -> dict[str, Any]:
    awarded = as_date(record.get("awarded_date"))
    return {
        **record,
        "qualification_label": profile_label(
            "Education", "qualification_type", record.get("qualification_type")
        ),
        "period": span(record["start_date"], record.get("end_date")),
        "awarded": format_date(awarded) if awarded else "",
    }


def _scheme(record: dict) -> dict[str, Any]:
    return {
        **record,
        "kind_label": profile_label("DevelopmentScheme", "kind", record.get("kind")),
        "status_label": profile_label("DevelopmentScheme", "status", record.get("status")),
        "period": span(record["start_date"], record.get("end_date")),
        "paragraphs": paragraphs(record.get("description", "")),
    }


def _training(record: dict) -> dict[str, Any]:
    start, end = as_date(record["start_date"]), as_date(record.get("end_date"))
    when = format_date(start)
    if end and end != start:
        when = f"{format_date(start)} to {format_date(end)}"
    return {
        **record,
        "kind_label": profile_label("Training", "kind", record.get("kind")),
        "when": when,
        "hours_text": _hours(record.get("hours")),
        "paragraphs": paragraphs(record.get("description", "")),
    }


def _document(document: dict) -> dict[str, Any]:
    uploaded = as_datetime(document.get("uploaded_at"))
    return {
        **document,
        "type_label": DOCUMENT_LABELS.get(document["type"], document["type"]),
        "size_text": size_text(document.get("size") or 0),
        "uploaded": format_date(uploaded) if uploaded else "",
    }


# What the profile's drawing never holds (it is presentation attributes only): a drawing
# with any of these is not shown inline, only described.
UNSAFE_SVG = re.compile(
    r"<\s*(script|foreignobject|iframe|object|embed)|\son\w+\s*=|href\s*=", re.I
)


# About the width of a page's column in pixels on a wide screen.
COLUMN_PX = 760


def _diagram(diagram: dict, number: int) -> dict[str, Any]:
    svg = diagram.get("svg", "")
    # Inline in a page the XML prolog of a standalone file means nothing; keep the <svg> only.
    start = svg.find("<svg")
    inline = svg[start:] if start >= 0 and not UNSAFE_SVG.search(svg) else ""
    # Sized as a share of its column rather than in pixels, so it fits a narrow screen and
    # keeps about its own size on a wide one (its viewBox keeps the shape); pages here may
    # not style it (no inline styles under the CSP).
    natural = re.match(r'<svg\b[^>]*?\swidth="(\d+)', inline)
    share = min(100, round(int(natural.group(1)) * 100 / COLUMN_PX)) if natural else 100
    inline = re.sub(r'^(<svg\b[^>]*?)\sheight="[^"]*"', r"\1", inline, count=1)
    inline = re.sub(r'^(<svg\b[^>]*?)\swidth="[^"]*"', rf'\1 width="{share}%"', inline, count=1)
    # Each drawing names its title, description and clips "orgchart-…": give each its own ids,
    # so two diagrams on one page do not share them. Typed text cannot hold `="` or `(#`.
    prefix = f"application-diagram-{number}-"
    inline = inline.replace('="orgchart-', f'="{prefix}').replace("(#orgchart-", f"(#{prefix}")
    return {**diagram, "inline_svg": inline}


def inline_diagrams(diagrams: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The diagrams with their drawing ready to put into a page (``inline_svg``)."""
    return [_diagram(diagram, number) for number, diagram in enumerate(diagrams, start=1)]


def present(records: dict[str, Any]) -> dict[str, Any]:
    """Every part of the application, with labels and dates ready to print."""
    application = records["application"]
    personal = records.get("personal") or None
    membership = records.get("membership") or None
    member = records.get("member") or {}
    spoken = application.get("advisor_spoken")
    if spoken is None:
        advisor = NOT_GIVEN
    elif spoken:
        name = application.get("advisor_name", "").strip()
        advisor = f"Yes, with {name}" if name else "Yes"
    else:
        advisor = "No"
    interview = application.get("interview_location", "")
    member_since = as_date(membership.get("member_since")) if membership else None
    return {
        "name": _name(personal, member),
        "preferred_name": (personal or {}).get("preferred_name", ""),
        "address": _address(personal),
        "email": (personal or {}).get("contact_email") or member.get("email", ""),
        "phone": (personal or {}).get("phone", ""),
        "membership_number": (membership or {}).get("membership_number", ""),
        "grade": profile_label("MembershipDetails", "grade", (membership or {}).get("grade")),
        "registration_titles": (membership or {}).get("registration_titles", ""),
        "member_since": format_date(member_since) if member_since else "",
        "category": _choice(RegistrationCategory, application.get("category")),
        "category_code": application.get("category", ""),
        "route": _choice(ApplicationRoute, application.get("route")),
        "scheme": application.get("scheme", ""),
        "advisor": advisor,
        "sector": application.get("sector", ""),
        "specialisms": list(application.get("specialisms") or []),
        "interview_location": _choice(InterviewLocation, interview),
        "use_profile_diagram": bool(application.get("use_profile_diagram")),
        "roles": [_role(role) for role in records.get("employment", []) if role.get("included")],
        "education": [_education(record) for record in records.get("education", [])],
        "schemes": [_scheme(record) for record in records.get("development_schemes", [])],
        "training": [_training(record) for record in records.get("training", [])],
        "areas": [
            {
                **area,
                "competences": [
                    {**competence, "paragraphs": paragraphs(competence.get("statement", ""))}
                    for competence in area["competences"]
                ],
            }
            for area in records.get("areas", [])
        ],
        "diagrams": inline_diagrams(records.get("diagrams", [])),
        "documents": [_document(document) for document in records.get("supporting_documents", [])],
    }


def signed_time(value: datetime | None) -> str:
    """'3 May 2024 at 14:05 (BST)'."""
    return format_datetime(value)
