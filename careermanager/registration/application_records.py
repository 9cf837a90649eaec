"""What an application shows, as plain data: read live for a draft, kept as its snapshot.

``application_records`` reads the member's records through the apps' schemas (the same
records the API and the export serve) and joins the application's own text to them: each
role's text for the application (or, until the member edits it, the CV's responsibilities
and achievements), the statement against each competence of the category, the supporting
documents' fingerprints and the accountability diagrams the profile draws. Locking keeps
the result (``Application.snapshot``) with its SHA-256; attesters, the PDF and staff read
that, so later edits to the CV do not change a locked application.
"""

import json
from typing import Any

from careermanager.competence.queries import category_competences
from careermanager.core.snapshots import canonical_json
from careermanager.documents.queries import documents_for
from careermanager.profiles import schemas as profile_schemas
from careermanager.profiles.orgchart import chart_for, roles_for_diagram, standalone_svg
from careermanager.registration.models import Application
from careermanager.registration.supporting import DOCUMENT_TYPES

# Bump when the shape below changes, so older snapshots can be read for what they are.
SNAPSHOT_VERSION = 1


def cv_text(responsibilities: str, achievements: str) -> str:
    """A role's text as the CV gives it: what a new application starts from."""
    parts = []
    if responsibilities.strip():
        parts.append(f"Responsibilities\n{responsibilities.strip()}")
    if achievements.strip():
        parts.append(f"Achievements\n{achievements.strip()}")
    return "\n\n".join(parts)


def _employment(application: Application, records: list) -> list[dict[str, Any]]:
    roles = {role.employment_id: role for role in application.roles.all()}
    result = []
    for record in records:
        role = roles.get(record.id)
        included = role.included if role is not None else True
        text = (
            role.text if role is not None else cv_text(record.responsibilities, record.achievements)
        )
        result.append(
            {
                **record.model_dump(mode="json"),
                "included": included,
                "edited": role is not None,
                "application_text": text,
            }
        )
    # The current post first, then the others, the most recent first.
    result.sort(key=lambda r: r["start_date"], reverse=True)
    result.sort(key=lambda r: not r["is_current"])
    return result


def _areas(application: Application) -> list[dict[str, Any]]:
    statements = {statement.code: statement.text for statement in application.statements.all()}
    areas: list[dict[str, Any]] = []
    for competence in category_competences(application.category) if application.category else []:
        if not areas or areas[-1]["code"] != competence.area_code:
            areas.append(
                {"code": competence.area_code, "title": competence.area_title, "competences": []}
            )
        areas[-1]["competences"].append(
            {
                "code": competence.code,
                "title": competence.title,
                "statement": statements.get(competence.code, ""),
            }
        )
    return areas


def _diagrams(application: Application) -> list[dict[str, str]]:
    if not application.use_profile_diagram:
        return []
    return [
        {
            "employment_id": role.pk,
            "caption": f"{role.job_title}, {role.employer}",
            "svg": standalone_svg(chart_for(role)),
        }
        for role in roles_for_diagram(application.owner)
    ]


def application_records(application: Application) -> dict[str, Any]:
    """The application and what it shows of the member's records, as JSON-ready data."""
    owner = application.owner
    profile = profile_schemas.member_records(owner)
    documents = documents_for(owner, application)
    a = application
    data = {
        "version": SNAPSHOT_VERSION,
        "member": {"name": owner.display_name, "email": owner.email},
        "personal": profile.personal,
        "membership": profile.membership,
        "application": {
            "id": a.pk,
            "category": a.category,
            "route": a.route,
            "scheme": a.scheme,
            "advisor_spoken": a.advisor_spoken,
            "advisor_name": a.advisor_name,
            "use_profile_diagram": a.use_profile_diagram,
            "sector": a.sector,
            "specialisms": list(a.specialisms),
            "interview_location": a.interview_location,
            "locked_at": None,
        },
        "employment": _employment(a, profile.employment),
        "education": profile.education,
        "development_schemes": profile.development_schemes,
        "training": sorted(profile.training, key=lambda r: (r.start_date, r.id), reverse=True),
        "areas": _areas(a),
        "diagrams": _diagrams(a),
        "supporting_documents": [
            {
                "type": document.type_key,
                "name": document.original_name,
                "size": document.size,
                "sha256": document.sha256,
                "uploaded_at": document.uploaded_at,
            }
            for kind in DOCUMENT_TYPES
            if (document := documents.get(kind.key)) is not None
        ],
    }
    # As JSON, so a live draft reads exactly like a kept snapshot.
    return json.loads(canonical_json(data))


def shown_records(application: Application) -> dict[str, Any]:
    """What the application shows now: its snapshot once locked, else its records live."""
    if application.snapshot is not None:
        return application.snapshot
    return application_records(application)
