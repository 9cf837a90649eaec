"""A member's supporting documents in the shapes pages need, each in one query."""

import uuid
from dataclasses import dataclass

from django.db import models

from careermanager.documents.models import SupportingDocument, holder_key
from careermanager.documents.types import DocumentType, document_type


def documents_for(owner, holder: models.Model | str) -> dict[str, SupportingDocument]:
    """The holder's documents by type key: one query."""
    return {
        document.type_key: document
        for document in SupportingDocument.objects.owned_by(owner).held_by(holder)
    }


@dataclass(frozen=True)
class DocumentRow:
    """One type on a page: the document uploaded for it, if any, and where to act on it."""

    kind: DocumentType
    document: SupportingDocument | None
    upload_url: str  # the holder's app's page to upload, or replace, this type


def document_rows(
    owner, holder: models.Model | str, upload_urls: dict[str, str]
) -> list[DocumentRow]:
    """Rows for ``documents/includes/document_list.html``: one per type, in the order given.

    ``upload_urls`` maps each type key to the upload page the holder's app routes for it.
    """
    documents = documents_for(owner, holder)
    return [
        DocumentRow(document_type(key), documents.get(key), url) for key, url in upload_urls.items()
    ]


def documents_in_parts(owner, holder: models.Model | str, type_key: str) -> list:
    """A type's documents kept under the holder, each with a holder of its own below it.

    For a type the member may give several files of for one thing: each file is held by
    ``"<holder>/<part>"`` (see ``holder_part``). Oldest first; one query.
    """
    return list(
        SupportingDocument.objects.owned_by(owner)
        .filter(type_key=type_key, holder__startswith=f"{holder_key(holder)}/")
        .order_by("uploaded_at", "pk")
    )


def documents_of_type(owner, type_key: str) -> list:
    """Every document of one type the member has, oldest first; one query."""
    return list(
        SupportingDocument.objects.owned_by(owner)
        .filter(type_key=type_key)
        .order_by("uploaded_at", "pk")
    )


def holder_part(holder: models.Model | str) -> str:
    """A new holder below ``holder``, for one more file of a type the member gives several of."""
    return f"{holder_key(holder)}/{uuid.uuid4().hex[:12]}"
