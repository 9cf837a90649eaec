"""A member's profile as plain typed records, for the API, exports and snapshots.

Values are raw, never formatted: dates are `date` (ISO "2024-05-03" in JSON), choices are
their stored values ("full_time", not "Full-time employment"), hours are `Decimal` written in
JSON as strings exactly as stored ("7.50"), so no hour is rounded through a float. No display
text is added. Lists come in the order the profile pages show them (newest first).

`member_records(owner)` reads everything with a fixed number of queries.
"""

from datetime import date
from decimal import Decimal

from ninja import Schema

from careermanager.profiles.models import (
    Achievement,
    DevelopmentScheme,
    Education,
    Employment,
    MembershipDetails,
    PersonalDetails,
    Training,
)


class PersonalDetailsRecord(Schema):
    title: str
    first_name: str
    last_name: str
    preferred_name: str
    address_line_1: str
    address_line_2: str
    address_line_3: str
    town: str
    postcode: str
    country: str
    phone: str
    contact_email: str


class MembershipRecord(Schema):
    membership_number: str
    grade: str
    registration_titles: str
    member_since: date | None


class AccountabilityPersonRecord(Schema):
    relation: str
    level: int | None  # 1 is the line manager; None for people who report to the member
    name: str
    job_title: str
    registration: str
    order: int


class EmploymentRecord(Schema):
    id: int
    employer: str
    job_title: str
    location: str
    employment_type: str
    start_date: date
    end_date: date | None
    is_current: bool
    responsibilities: str
    achievements: str
    accountability_people: list[AccountabilityPersonRecord]


class EducationRecord(Schema):
    id: int
    institution: str
    course: str
    qualification_type: str
    classification: str
    start_date: date
    end_date: date | None
    awarded_date: date | None
    accredited: bool


class DevelopmentSchemeRecord(Schema):
    id: int
    name: str
    provider: str
    kind: str
    accredited: bool
    start_date: date
    end_date: date | None
    status: str
    description: str


class TrainingRecord(Schema):
    id: int
    title: str
    kind: str
    provider: str
    start_date: date
    end_date: date | None
    hours: Decimal
    description: str


class AchievementRecord(Schema):
    id: int
    kind: str
    title: str
    date: date
    reference: str
    details: str


class ProfileRecords(Schema):
    personal: PersonalDetailsRecord | None
    membership: MembershipRecord | None
    employment: list[EmploymentRecord]
    education: list[EducationRecord]
    development_schemes: list[DevelopmentSchemeRecord]
    training: list[TrainingRecord]
    achievements: list[AchievementRecord]


def _fields(schema: type[Schema]) -> list[str]:
    return list(schema.model_fields)


def _one(model, schema: type[Schema], owner):
    row = model.objects.owned_by(owner).values(*_fields(schema)).first()
    return None if row is None else schema.model_validate(row)


def _many(model, schema: type[Schema], owner) -> list:
    rows = model.objects.owned_by(owner).values(*_fields(schema))
    return [schema.model_validate(row) for row in rows]


def member_records(owner) -> ProfileRecords:
    """Every profile record of this member (8 queries, however many records)."""
    employment = Employment.objects.owned_by(owner).prefetch_related("accountability_people")
    return ProfileRecords(
        personal=_one(PersonalDetails, PersonalDetailsRecord, owner),
        membership=_one(MembershipDetails, MembershipRecord, owner),
        employment=[EmploymentRecord.model_validate(role) for role in employment],
        education=_many(Education, EducationRecord, owner),
        development_schemes=_many(DevelopmentScheme, DevelopmentSchemeRecord, owner),
        training=_many(Training, TrainingRecord, owner),
        achievements=_many(Achievement, AchievementRecord, owner),
    )
