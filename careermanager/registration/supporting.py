"""The supporting documents an application takes, kept by the documents app.

One file of each type per application (the holder). Each is a PDF or an image, because the
application PDF an assessor reads draws them inline, page by page; several PDFs or images
chosen at once are joined into one PDF.
"""

from careermanager.core.uploads import MB
from careermanager.documents.types import DocumentType

PREFIX = "registration."
EXTENSIONS = (".pdf", ".png", ".jpeg", ".jpg", ".gif")

ACCOUNTABILITY = "registration.accountability"
DEGREE = "registration.degree"
TRANSCRIPT = "registration.transcript"
APPRENTICE_CERTIFICATE = "registration.apprentice-certificate"

DOCUMENT_TYPES = [
    DocumentType(
        key=ACCOUNTABILITY,
        label="Accountability diagram",
        help="A diagram of who you report to and who reports to you, in your current post "
        "and, if you changed job in the last three years, your previous one. You can use the "
        "one your profile draws instead.",
        max_bytes=2 * MB,
        extensions=EXTENSIONS,
        allow_merge=True,
    ),
    DocumentType(
        key=DEGREE,
        label="Degree certificates",
        help="Your degree certificates. Staff will also ask for verified copies, sent separately.",
        max_bytes=4 * MB,
        extensions=EXTENSIONS,
        allow_merge=True,
    ),
    DocumentType(
        key=TRANSCRIPT,
        label="Apprenticeship or scheme transcript",
        help="The transcript of your apprenticeship or development scheme.",
        max_bytes=4 * MB,
        extensions=EXTENSIONS,
        allow_merge=True,
    ),
    DocumentType(
        key=APPRENTICE_CERTIFICATE,
        label="Apprenticeship or scheme certificate",
        help="The certificate you were given on completing it.",
        max_bytes=2 * MB,
        extensions=EXTENSIONS,
        allow_merge=True,
    ),
]
SLUGS = {kind.key.removeprefix(PREFIX): kind.key for kind in DOCUMENT_TYPES}
DOCUMENT_LABELS = {kind.key: kind.label for kind in DOCUMENT_TYPES}
