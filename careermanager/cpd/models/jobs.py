"""Long-running work the member can leave and come back to: legacy imports.

CPD reports are document jobs of the reports engine (``careermanager.reports.models``).
"""

from django.conf import settings
from django.db import models

from careermanager.core.models import OwnedModel


class ImportBatch(OwnedModel):
    """A legacy CSV file read and checked, waiting for the member to confirm the import."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "Waiting for you to confirm"
        IMPORTED = "imported", "Imported"
        CANCELLED = "cancelled", "Cancelled"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_import_batches"
    )
    filename = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status, default=Status.PREVIEW)
    rows = models.JSONField(default=list, help_text="The rows that could be read, as data.")
    problems = models.JSONField(
        default=list, help_text="Rows that could not be read: line number and reason."
    )
    created_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    updated_at = None

    class Meta:
        verbose_name_plural = "import batches"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_preview(self) -> bool:
        return self.status == self.Status.PREVIEW
