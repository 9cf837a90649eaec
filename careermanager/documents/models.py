"""A supporting document: one file a member uploaded for one thing they are preparing."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from careermanager.core.formatting import format_date
from careermanager.core.models import OwnedModel, OwnedQuerySet
from careermanager.core.uploads import size_text


def holder_key(holder: models.Model | str) -> str:
    """The key naming what documents belong to: "declarations.declaration:42", or a string."""
    if isinstance(holder, models.Model):
        return f"{holder._meta.label_lower}:{holder.pk}"
    return holder


class SupportingDocumentQuerySet(OwnedQuerySet):
    def held_by(self, holder: models.Model | str) -> "SupportingDocumentQuerySet":
        return self.filter(holder=holder_key(holder))

    def visible_to(self, user) -> "SupportingDocumentQuerySet":
        """The member's own documents; every member's for the institution's staff."""
        if getattr(user, "is_reviewer", False):
            return self.all()
        return self.owned_by(user)


class SupportingDocument(OwnedModel):
    """A file a member uploaded for a declaration, an application or the like.

    ``holder`` names what the document belongs to as a string key, "<app>.<model>:<pk>" (see
    ``holder_key``), rather than a generic foreign key: the holders live in apps above this one,
    a key needs no content type to read or compare, and a holder that is not a row (a draft
    kept elsewhere) can have documents too. The holder's app removes the documents when it
    removes the holder (``services.documents_remove_for_holder``).

    The file is stored in the default storage under a name we make
    (``supporting/<owner id>/<uuid>.<ext>``), never the member's own; ``original_name`` is
    their name, cleaned, for showing and for the download.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supporting_documents"
    )
    holder = models.CharField(max_length=100)
    type_key = models.CharField("type", max_length=100)
    file = models.FileField(max_length=200)
    original_name = models.CharField("file name", max_length=100)
    size = models.PositiveIntegerField(help_text="In bytes.")
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)
    locked_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When what it supports was sent (a declaration submitted, an application "
        "locked); from then on it can be neither replaced nor removed.",
    )
    created_at = None
    updated_at = None

    objects = SupportingDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["holder", "type_key"]
        constraints = [
            # One document per type for each thing it supports; a new upload replaces it.
            # Its index also serves documents_for(owner, holder).
            models.UniqueConstraint(
                fields=["owner", "holder", "type_key"], name="documents_one_per_holder_and_type"
            ),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="documents_not_empty"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def size_text(self) -> str:
        return size_text(self.size)

    @property
    def uploaded_on(self) -> str:
        return format_date(timezone.localtime(self.uploaded_at))

    @property
    def version(self) -> str:
        """Which upload this is: a replacement changes it, so a stale page cannot replace it."""
        return f"{self.pk}-{self.sha256[:16]}"
