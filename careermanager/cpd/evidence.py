"""Evidence of an activity: certificates and photos the member keeps with it.

The files are supporting documents of the type ``cpd.evidence`` (``cpd.supporting``), checked,
reduced and stripped of their metadata by the documents app, which also serves and removes them.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careermanager.core.formatting import format_date
from careermanager.core.uploads import size_text
from careermanager.cpd.models import Activity
from careermanager.cpd.supporting import (
    EVIDENCE,
    MAX_EVIDENCE_FILES,
    activity_holder,
    activity_of,
)
from careermanager.documents.queries import documents_in_parts, documents_of_type, holder_part
from careermanager.documents.services import document_upload, documents_remove_for_holder

# What each kept file is, said to the member (the content type is our own, from the checks).
KINDS = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG photo",
    "image/png": "PNG image",
    "image/gif": "GIF image",
}


@dataclass(frozen=True)
class Attachment:
    """One file of evidence as pages and reports show it."""

    id: int
    name: str
    kind: str
    size: int
    added_at: object  # an aware datetime

    @property
    def size_text(self) -> str:
        return size_text(self.size)

    @property
    def added_on(self) -> str:
        return format_date(timezone.localtime(self.added_at))


def _attachment(document) -> Attachment:
    return Attachment(
        id=document.pk,
        name=document.original_name,
        kind=KINDS.get(document.content_type, "File"),
        size=document.size,
        added_at=document.uploaded_at,
    )


def evidence_for(owner, activity_id: int) -> list[Attachment]:
    """The activity's evidence, oldest first: one query."""
    return [
        _attachment(document)
        for document in documents_in_parts(owner, activity_holder(activity_id), EVIDENCE)
    ]


def evidence_by_activity(owner) -> dict[int, list[Attachment]]:
    """Every activity's evidence by activity id, oldest first: one query."""
    found: dict[int, list[Attachment]] = defaultdict(list)
    for document in documents_of_type(owner, EVIDENCE):
        activity_id = activity_of(document.holder)
        if activity_id is not None:
            found[activity_id].append(_attachment(document))
    return dict(found)


def evidence_add(*, activity: Activity, files, actor):
    """Check and keep one more file of evidence for the activity (at most MAX_EVIDENCE_FILES)."""
    with transaction.atomic():
        # One upload at a time per activity, so two at once cannot pass the limit together.
        Activity.objects.select_for_update().filter(pk=activity.pk).first()
        if len(evidence_for(activity.owner, activity.pk)) >= MAX_EVIDENCE_FILES:
            raise ValidationError(
                {
                    "file": ValidationError(
                        f"An activity can have at most {MAX_EVIDENCE_FILES} files of evidence. "
                        "Remove one before adding another, or join several pages into one PDF.",
                        code="too_many",
                    )
                }
            )
        return document_upload(
            owner=activity.owner,
            holder=holder_part(activity_holder(activity.pk)),
            type_key=EVIDENCE,
            files=files,
            actor=actor,
        )


def evidence_remove_for(activity: Activity) -> int:
    """Remove the activity's evidence; its files go once the transaction commits."""
    return documents_remove_for_holder(owner=activity.owner, holder=activity_holder(activity.pk))
