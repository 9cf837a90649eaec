"""The supporting documents a declaration may take: equivalent records kept elsewhere.

Optional: a member who records their CPD here needs none. The types are declared on
``DeclarationsConfig.supporting_document_types`` and kept by the documents app, one file of
each type per declaration (the holder).
"""

from careermanager.documents.types import DocumentType

PREFIX = "declaration."

DOCUMENT_TYPES = [
    DocumentType(
        key="declaration.planning-report",
        label="Equivalent CPD planning report",
        help="Your development plan for the year, if you keep it outside Career Manager.",
        allow_merge=True,
    ),
    DocumentType(
        key="declaration.activity-report",
        label="Equivalent CPD activity report",
        help="Your record of the year's CPD, if you keep it outside Career Manager.",
        allow_merge=True,
    ),
    DocumentType(
        key="declaration.cv",
        label="CV or career history",
        help="Your current CV, as one file.",
        allow_merge=True,
    ),
]
SLUGS = {kind.key.removeprefix(PREFIX): kind.key for kind in DOCUMENT_TYPES}
DOCUMENT_LABELS = {kind.key: kind.label for kind in DOCUMENT_TYPES}
