"""The export document: everything a member owns, as one versioned JSON document.

The document is made of each app's record schemas (``member_records(owner)`` of profiles,
competence, cpd, development and registration), the account's basics, the member's CPD
declarations, what submitted intentions sent, and a list of the uploaded files that travel
beside it in the zip. Its JSON Schema is generated from these pydantic schemas
(``careermanager.portability.schema``) and published at ``/account/data/schema/v1.json``.

``VERSION`` goes up whenever a change to any of these schemas changes the document's shape;
an import refuses a document of another version.
"""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema

from careermanager.competence.schemas import CompetenceRecords
from careermanager.cpd.schemas import CpdRecords
from careermanager.development.schemas import DevelopmentRecords
from careermanager.profiles.schemas import ProfileRecords
from careermanager.registration.schemas import IntentionSent, RegistrationRecords

FORMAT = "careermanager-export"
VERSION = 1
DOCUMENT_NAME = "careermanager-export.json"
FILES_FOLDER = "files/"


class AccountRecord(Schema):
    email: str
    full_name: str
    date_joined: datetime
    email_verified_at: datetime | None


class DeclarationRecord(Schema):
    """One annual CPD declaration; a submitted one keeps the snapshot it sent."""

    id: int
    year: int
    status: str
    monitoring_agreed_at: datetime
    reports_acknowledged_at: datetime | None
    employment_status: str
    employment_comments: str
    employment_selection: str
    employment_ids: list[int]  # employment records in this document's profiles
    study_selection: str
    study_ids: list[int]  # education records in this document's profiles
    hours_confirmed_at: datetime | None
    compliance: str
    compliance_reason: str
    out_of_work_from: date | None
    out_of_work_to: date | None
    submitted_at: datetime | None
    snapshot: Any
    snapshot_sha256: str
    created_at: datetime
    updated_at: datetime


class SentIntentionRecord(Schema):
    """What a submitted intention to register sent, as it was then."""

    intention_id: int
    sent: IntentionSent


class FileRecord(Schema):
    """An uploaded supporting document; its bytes are the zip entry named by ``path``."""

    path: str  # "files/3-cv.pdf", inside the zip
    holder: str  # what it supports: "declarations.declaration:42" (ids of this document)
    type_key: str
    original_name: str
    size: int
    content_type: str
    sha256: str
    uploaded_at: datetime
    locked_at: datetime | None


class ExportDocument(Schema):
    """All of one member's data in Career Manager."""

    format: Literal["careermanager-export"]
    version: Literal[1]
    exported_at: datetime
    account: AccountRecord
    profiles: ProfileRecords
    competence: CompetenceRecords
    cpd: CpdRecords
    development: DevelopmentRecords
    registration: RegistrationRecords
    intentions_sent: list[SentIntentionRecord]
    declarations: list[DeclarationRecord]  # newest year first
    files: list[FileRecord]
