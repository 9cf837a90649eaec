"""Reading everything a member owns into the export document.

Each app's ``member_records(owner)`` gives its records. Declarations, what a submitted
intention sent and supporting documents have no record schema in their apps yet, so they are
read here, from their models, in the shapes ``careermanager.portability.document`` defines.
"""

from django.utils import timezone

from careermanager.competence import schemas as competence
from careermanager.cpd import schemas as cpd
from careermanager.declarations.models import Declaration
from careermanager.development import schemas as development
from careermanager.documents.models import SupportingDocument
from careermanager.portability.document import (
    FILES_FOLDER,
    FORMAT,
    VERSION,
    AccountRecord,
    DeclarationRecord,
    ExportDocument,
    FileRecord,
    SentIntentionRecord,
)
from careermanager.profiles import schemas as profiles
from careermanager.registration import schemas as registration
from careermanager.registration.models import Intention

DECLARATION_FIELDS = list(DeclarationRecord.model_fields)


def member_files(owner) -> list[tuple[FileRecord, SupportingDocument]]:
    """The member's uploaded files, each with the name it has in the zip."""
    rows = []
    for number, document in enumerate(
        SupportingDocument.objects.owned_by(owner).order_by("uploaded_at", "pk"), start=1
    ):
        record = FileRecord(
            path=f"{FILES_FOLDER}{number}-{document.original_name}",
            holder=document.holder,
            type_key=document.type_key,
            original_name=document.original_name,
            size=document.size,
            content_type=document.content_type,
            sha256=document.sha256,
            uploaded_at=document.uploaded_at,
            locked_at=document.locked_at,
        )
        rows.append((record, document))
    return rows


def build_document(owner, files: list[FileRecord] | None = None) -> ExportDocument:
    """Every record of this member as one export document."""
    if files is None:
        files = [record for record, _document in member_files(owner)]
    return ExportDocument(
        format=FORMAT,
        version=VERSION,
        exported_at=timezone.now(),
        account=AccountRecord(
            email=owner.email,
            full_name=owner.full_name,
            date_joined=owner.date_joined,
            email_verified_at=owner.email_verified_at,
        ),
        profiles=profiles.member_records(owner),
        competence=competence.member_records(owner),
        cpd=cpd.member_records(owner),
        development=development.member_records(owner),
        registration=registration.member_records(owner),
        intentions_sent=[
            SentIntentionRecord(intention_id=pk, sent=sent)
            for pk, sent in Intention.objects.owned_by(owner)
            .filter(sent__isnull=False)
            .order_by("pk")
            .values_list("pk", "sent")
        ],
        declarations=[
            DeclarationRecord.model_validate(row)
            for row in Declaration.objects.owned_by(owner)
            .order_by("-year")
            .values(*DECLARATION_FIELDS)
        ],
        files=files,
    )
