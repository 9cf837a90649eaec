"""A member's supporting documents in the shapes pages need, each in one query."""

from dataclasses import dataclass

from django.db import models

from careermanager.documents.models import SupportingDocument
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
