"""The member's supporters, intentions to register and applications as plain typed records.

Values are raw: relationships, categories, timescales, routes, statuses and event kinds are
their stored values ("line_manager", "CEng", "locked"), times are `datetime`.
`member_records(owner)` reads everything with a fixed number of queries; `IntentionSent` is
what a submitted intention keeps of itself. An application's attesters are recorded with what
they said and signed, never with their links (guest tickets belong to core and are not records
of the member).
"""

from collections import defaultdict
from datetime import datetime
from typing import Any

from ninja import Schema

from careermanager.registration.models import (
    Application,
    ApplicationEvent,
    ApplicationRole,
    Attestation,
    Intention,
    Statement,
    Supporter,
)


class SupporterRecord(Schema):
    id: int
    name: str
    email: str
    relationship: str
    registration_number: str
    note: str
    created_at: datetime
    updated_at: datetime


class IntentionRecord(Schema):
    id: int
    status: str
    category: str
    timescale: str
    route: str
    scheme_name: str
    supporter_ids: list[int]  # supporters in this member's records
    note: str
    submitted_at: datetime | None
    created_at: datetime
    updated_at: datetime


class SentSupporter(Schema):
    name: str
    email: str
    relationship: str
    registration_number: str


class IntentionSent(Schema):
    """What a submitted intention sent: its answers and its supporters as they were then."""

    category: str
    timescale: str
    route: str
    scheme_name: str
    note: str
    supporters: list[SentSupporter]


class ApplicationRoleRecord(Schema):
    """The application's own text for one role of the CV (a profiles employment record)."""

    employment_id: int
    included: bool
    text: str
    updated_at: datetime


class StatementRecord(Schema):
    code: str  # the competence's code in the category's framework ("A1")
    text: str
    updated_at: datetime


class AttestationRecord(Schema):
    id: int
    role: str  # sponsor, proposer, supporter
    supporter_id: int | None  # one of this member's supporters, when chosen from them
    name: str
    email: str
    registration_number: str
    message: str
    invited_at: datetime
    reminded_at: datetime | None
    overall_comment: str
    area_comments: dict[str, str]  # competence area code -> comment
    commented_at: datetime | None
    signed_name: str
    signed_registration: str
    signed_statement: str
    signed_at: datetime | None
    signed_sha256: str  # the snapshot's hash the attester read and signed


class ApplicationEventRecord(Schema):
    kind: str
    at: datetime
    detail: str


class ApplicationRecord(Schema):
    id: int
    status: str
    category: str
    route: str
    scheme: str
    advisor_spoken: bool | None
    advisor_name: str
    use_profile_diagram: bool
    sector: str
    specialisms: list[str]
    interview_location: str
    locked_at: datetime | None
    # What the application showed when it was locked, and its SHA-256
    # (registration.application_records); None while it is a draft.
    snapshot: dict[str, Any] | None
    snapshot_sha256: str
    submitted_at: datetime | None
    received_at: datetime | None
    outcome: str
    outcome_note: str
    decided_at: datetime | None
    created_at: datetime
    updated_at: datetime
    roles: list[ApplicationRoleRecord]  # by employment record
    statements: list[StatementRecord]  # by code
    attestations: list[AttestationRecord]  # sponsor, proposer, supporter
    events: list[ApplicationEventRecord]  # the timeline, oldest first


class RegistrationRecords(Schema):
    supporters: list[SupporterRecord]  # by name
    intentions: list[IntentionRecord]  # newest first
    applications: list[ApplicationRecord]  # newest first


SUPPORTER_FIELDS = list(SupporterRecord.model_fields)
INTENTION_FIELDS = [name for name in IntentionRecord.model_fields if name != "supporter_ids"]
APPLICATION_PARTS = ("roles", "statements", "attestations", "events")
APPLICATION_FIELDS = [
    name for name in ApplicationRecord.model_fields if name not in APPLICATION_PARTS
]
# Each part of an application: its model, its fields as the record names them, its order.
PARTS = {
    "roles": (ApplicationRole, ApplicationRoleRecord, ["employment_id"]),
    "statements": (Statement, StatementRecord, ["code"]),
    "attestations": (Attestation, AttestationRecord, ["role"]),
    "events": (ApplicationEvent, ApplicationEventRecord, ["at", "pk"]),
}


def _application_records(owner) -> list[ApplicationRecord]:
    """Every application of this member with its parts (5 queries, however many)."""
    parts: dict[str, dict[int, list]] = {name: defaultdict(list) for name in PARTS}
    for name, (model, record, order) in PARTS.items():
        rows = (
            model.objects.filter(application__owner=owner)
            .order_by("application_id", *order)
            .values("application_id", *record.model_fields)
        )
        for row in rows:
            parts[name][row.pop("application_id")].append(record.model_validate(row))
    return [
        ApplicationRecord.model_validate(
            row | {name: parts[name][row["id"]] for name in APPLICATION_PARTS}
        )
        for row in Application.objects.owned_by(owner).values(*APPLICATION_FIELDS)
    ]


def member_records(owner) -> RegistrationRecords:
    """Every supporter, intention and application of this member (8 queries, however many
    records)."""
    supporters = [
        SupporterRecord.model_validate(row)
        for row in Supporter.objects.owned_by(owner).values(*SUPPORTER_FIELDS)
    ]
    chosen = defaultdict(list)
    for intention_id, supporter_id in (
        Intention.supporters.through.objects.filter(intention__owner=owner)
        .order_by("supporter_id")
        .values_list("intention_id", "supporter_id")
    ):
        chosen[intention_id].append(supporter_id)
    intentions = [
        IntentionRecord.model_validate(row | {"supporter_ids": chosen[row["id"]]})
        for row in Intention.objects.owned_by(owner).values(*INTENTION_FIELDS)
    ]
    return RegistrationRecords(
        supporters=supporters, intentions=intentions, applications=_application_records(owner)
    )


def intention_sent(intention: Intention, supporters: list[Supporter]) -> IntentionSent:
    """What submitting `intention` with these chosen supporters sends."""
    return IntentionSent(
        category=intention.category,
        timescale=intention.timescale,
        route=intention.route,
        scheme_name=intention.scheme_name,
        note=intention.note,
        supporters=[
            SentSupporter(
                name=supporter.name,
                email=supporter.email,
                relationship=supporter.relationship,
                registration_number=supporter.registration_number,
            )
            for supporter in supporters
        ],
    )
