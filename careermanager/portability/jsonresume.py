"""The member's CV as a JSON Resume (https://jsonresume.org/schema, version 1.2.1).

Built from the profile and competence record schemas:

- basics: name, email, phone and address from personal details; the label is the
  registration titles (CEng MIET)
- work: employment, with responsibilities as the summary and achievements as highlights
- volunteer: achievements of the kind "membership activity" (committees, boards)
- education: academic study
- awards: achievements of the kind "award"
- certificates: completed training
- publications: published papers and patents
- skills: the current level of each competence the member has assessed

The schema is vendored in ``data/jsonresume-schema.json`` (MIT licence, see
``data/jsonresume-LICENSE.md``) and the tests validate this output against it.
"""

import json
from datetime import date

from careermanager.competence.models import SkillLevel
from careermanager.competence.schemas import member_records as competence_records
from careermanager.profiles.schemas import ProfileRecords
from careermanager.profiles.schemas import member_records as profile_records

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
FILENAME = "resume.json"


def _date(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _clean(item: dict) -> dict:
    """JSON Resume leaves a missing value out rather than writing null or ""."""
    return {key: value for key, value in item.items() if value not in (None, "", [])}


def _lines(text: str) -> list[str]:
    return [line.strip(" -•*\t") for line in text.splitlines() if line.strip(" -•*\t")]


def _basics(user, profile: ProfileRecords) -> dict:
    personal = profile.personal
    membership = profile.membership
    basics = {"name": user.full_name, "email": user.email}
    if membership is not None:
        basics["label"] = membership.registration_titles
    if personal is not None:
        name = " ".join(part for part in (personal.first_name, personal.last_name) if part)
        address = "\n".join(
            line
            for line in (personal.address_line_1, personal.address_line_2, personal.address_line_3)
            if line
        )
        basics |= {
            "name": name or user.full_name,
            "email": personal.contact_email or user.email,
            "phone": personal.phone,
            "location": _clean(
                {"address": address, "postalCode": personal.postcode, "city": personal.town}
                | {"region": personal.country}
            ),
        }
    return _clean(basics)


def _skills(owner) -> list[dict]:
    records = competence_records(owner)
    levels = [level for a in records.assessments for level in a.competences]
    levels += records.other_levels
    titles = _competence_titles(owner)
    skills = []
    for level in levels:
        if not level.level:
            continue
        ref = level.competence
        skills.append(
            _clean(
                {
                    "name": titles.get((ref.framework.code, ref.code), ref.code),
                    "level": SkillLevel(level.level).label,
                    "keywords": [ref.framework.code, ref.code],
                }
            )
        )
    return skills


def _competence_titles(owner) -> dict[tuple[str, str], str]:
    from careermanager.competence.queries import competences_assessed_by

    return {
        (competence.area.framework.code, competence.code): f"{competence.code} {competence.title}"
        for competence in competences_assessed_by(owner)
    }


def build_resume(owner) -> dict:
    """The member's CV as a JSON Resume document (plain JSON values)."""
    profile = profile_records(owner)
    achievements = profile.achievements
    return {
        "$schema": SCHEMA_URL,
        "basics": _basics(owner, profile),
        "work": [
            _clean(
                {
                    "name": role.employer,
                    "position": role.job_title,
                    "location": role.location,
                    "startDate": _date(role.start_date),
                    "endDate": _date(role.end_date),
                    "summary": role.responsibilities,
                    "highlights": _lines(role.achievements),
                }
            )
            for role in profile.employment
        ],
        "volunteer": [
            _clean(
                {
                    "organization": item.reference,
                    "position": item.title,
                    "startDate": _date(item.date),
                    "summary": item.details,
                }
            )
            for item in achievements
            if item.kind == "membership_activity"
        ],
        "education": [
            _clean(
                {
                    "institution": study.institution,
                    "area": study.course,
                    "studyType": study.qualification_type,
                    "startDate": _date(study.start_date),
                    "endDate": _date(study.awarded_date or study.end_date),
                    "score": study.classification,
                }
            )
            for study in profile.education
        ],
        "awards": [
            _clean(
                {
                    "title": item.title,
                    "date": _date(item.date),
                    "awarder": item.reference,
                    "summary": item.details,
                }
            )
            for item in achievements
            if item.kind == "award"
        ],
        "certificates": [
            _clean(
                {
                    "name": course.title,
                    "date": _date(course.end_date or course.start_date),
                    "issuer": course.provider,
                }
            )
            for course in profile.training
        ],
        "publications": [
            _clean(
                {
                    "name": item.title,
                    "publisher": item.reference,
                    "releaseDate": _date(item.date),
                    "summary": item.details,
                }
            )
            for item in achievements
            if item.kind in ("paper", "patent")
        ],
        "skills": _skills(owner),
        "meta": {"version": "v1.0.0", "canonical": SCHEMA_URL},
    }


def resume_json(owner) -> bytes:
    return json.dumps(build_resume(owner), indent=2, ensure_ascii=False).encode("utf-8")
