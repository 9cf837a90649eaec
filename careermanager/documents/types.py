"""Which supporting documents exist: each app above this one declares its own on its AppConfig.

The documents app knows no declaration and no application. An app that asks members for
supporting documents lists them, as it lists its navigation (``careermanager.core.navigation``):

    class DeclarationsConfig(AppConfig):
        supporting_document_types = [
            DocumentType(
                key="declaration.cv",
                label="CV",
                help="Your current CV, as one file.",
                allow_merge=True,
            ),
        ]

A type's size limit can be changed by the institution without touching code, in settings:
``SUPPORTING_DOCUMENT_MAX_BYTES = {"declaration.cv": 1024 * 1024}`` (a key left out keeps the
limit its app gives).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from careermanager.core.uploads import MB, UploadRule, size_text
from careermanager.documents.checks.images import HARD_MAX_PIXELS, MAX_PIXELS

DEFAULT_MAX_BYTES = MB // 2
DEFAULT_EXTENSIONS = (".doc", ".pdf", ".docx", ".png", ".jpeg", ".jpg", ".gif")
# Only these can be turned into pages of one PDF.
MERGEABLE_EXTENSIONS = frozenset({".pdf", ".png", ".jpeg", ".jpg", ".gif"})

# What each extension is called in messages and hints.
KINDS = {
    ".pdf": "PDF",
    ".doc": "Word",
    ".docx": "Word",
    ".png": "image",
    ".jpeg": "image",
    ".jpg": "image",
    ".gif": "image",
}


class UnknownDocumentType(LookupError):
    """No installed app declares a supporting document of this type."""


@dataclass(frozen=True)
class DocumentType:
    """One kind of supporting document a member is asked for: its words and its rules."""

    key: str  # "declaration.cv": the app's name, a dot, the document
    label: str  # "CV": the field's label and the row's heading
    help: str = ""  # what the document is, said above the file input
    max_bytes: int = DEFAULT_MAX_BYTES
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS  # lower case, with the dot
    allow_merge: bool = False  # several PDFs and images may be joined into one PDF
    # Images larger than this many pixels on their longest side are reduced before they are
    # kept (photos from phones). Every kept PNG and JPEG loses its metadata either way.
    downscale_images_to: int | None = None
    # Images with more pixels are refused before decoding; at most HARD_MAX_PIXELS.
    max_image_pixels: int = MAX_PIXELS

    def __post_init__(self):
        unknown = [extension for extension in self.extensions if extension not in KINDS]
        if unknown:
            raise ImproperlyConfigured(
                f"Supporting document {self.key!r}: no check for {', '.join(unknown)}"
            )
        if self.max_bytes <= 0:
            raise ImproperlyConfigured(f"Supporting document {self.key!r}: max_bytes must be > 0")
        if not 0 < self.max_image_pixels <= HARD_MAX_PIXELS:
            raise ImproperlyConfigured(
                f"Supporting document {self.key!r}: max_image_pixels must be at most "
                f"{HARD_MAX_PIXELS:,}"
            )

    @property
    def rule(self) -> UploadRule:
        return UploadRule(what=self.what, extensions=self.extensions, max_bytes=self.max_bytes)

    @property
    def what(self) -> str:
        """'a PDF, Word or image file', from the extensions allowed."""
        kinds = list(dict.fromkeys(KINDS[extension] for extension in self.extensions))
        listed = kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"
        return f"a {listed} file"

    @property
    def limit_text(self) -> str:
        return size_text(self.max_bytes)

    @property
    def extensions_text(self) -> str:
        return ", ".join(self.extensions)

    @property
    def mergeable(self) -> tuple[str, ...]:
        """The extensions of files that may be joined into one PDF for this type."""
        if not self.allow_merge:
            return ()
        return tuple(
            extension for extension in self.extensions if extension in MERGEABLE_EXTENSIONS
        )

    @property
    def hint(self) -> str:
        """The field's help: what it is, the size limit and the file types."""
        parts = [self.help] if self.help else []
        parts.append(f"At most {self.limit_text}; a file ending in {self.extensions_text}.")
        if self.mergeable:
            parts.append(
                "You can choose several PDFs or images at once: they are joined, in the order "
                "chosen, into one PDF, which must fit the same limit."
            )
        return " ".join(parts)


_extra: dict[str, DocumentType] = {}


@cache
def _declared() -> dict[str, DocumentType]:
    types: dict[str, DocumentType] = {}
    for config in apps.get_app_configs():
        for entry in getattr(config, "supporting_document_types", ()):
            if entry.key in types:
                raise ImproperlyConfigured(f"Supporting document {entry.key!r} is declared twice")
            types[entry.key] = entry
    return types


def document_types() -> dict[str, DocumentType]:
    """Every declared type by key, with the institution's size limits applied."""
    overrides = getattr(settings, "SUPPORTING_DOCUMENT_MAX_BYTES", {})
    types = _declared() | _extra
    return {
        key: replace(kind, max_bytes=overrides[key]) if key in overrides else kind
        for key, kind in types.items()
    }


def document_type(key: str) -> DocumentType:
    """The declared type called ``key`` (UnknownDocumentType if none)."""
    try:
        return document_types()[key]
    except KeyError:
        raise UnknownDocumentType(f"No app declares a supporting document {key!r}") from None


@contextmanager
def registered(*types: DocumentType) -> Iterator[None]:
    """Declare some types for a while, as an app would (tests, and checks from the shell)."""
    clashes = [kind.key for kind in types if kind.key in _declared() or kind.key in _extra]
    if clashes:
        raise ImproperlyConfigured(f"Supporting documents declared twice: {', '.join(clashes)}")
    _extra.update({kind.key: kind for kind in types})
    try:
        yield
    finally:
        for kind in types:
            _extra.pop(kind.key, None)
