"""The supporting document CPD asks for: evidence of an activity, several files each.

Declared on ``CpdConfig.supporting_document_types`` and kept by the documents app. The
documents app keeps one document of a type per holder, so each file of evidence has a holder of
its own under the activity's: ``"cpd.activity:42/3f9a0c1d2e4b"``. Removing the activity's
documents (``documents_remove_for_holder``) removes every one of them.
"""

from careermanager.core.uploads import MB
from careermanager.documents.types import DocumentType

EVIDENCE = "cpd.evidence"
MAX_EVIDENCE_FILES = 10  # files of evidence for one activity
EVIDENCE_LONGEST_SIDE = 2000  # pixels: a certificate stays readable, a photo shrinks a lot

EVIDENCE_TYPE = DocumentType(
    key=EVIDENCE,
    label="Evidence",
    help="A certificate, a letter, or a photo of a slide or an attendance list, as a PDF or "
    "a photo. Photos are made smaller and lose their location and camera details before "
    "they are kept.",
    max_bytes=20 * MB,  # a 50-megapixel photo straight from a phone
    extensions=(".pdf", ".jpg", ".jpeg", ".png", ".gif"),
    downscale_images_to=EVIDENCE_LONGEST_SIDE,
    max_image_pixels=100_000_000,
)
SUPPORTING_DOCUMENT_TYPES = [EVIDENCE_TYPE]


def activity_holder(activity_id: int) -> str:
    """The key the documents app knows an activity by."""
    return f"cpd.activity:{activity_id}"


def activity_of(holder: str) -> int | None:
    """The activity a piece of evidence belongs to, from its holder key."""
    head = holder.partition("/")[0]
    label, _colon, pk = head.rpartition(":")
    return int(pk) if label == "cpd.activity" and pk.isdigit() else None
