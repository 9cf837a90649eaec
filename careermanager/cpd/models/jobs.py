"""Long-running work the member can leave and come back to: legacy imports.

CPD reports are document jobs of the reports engine (``careermanager.reports.models``).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from careermanager.core.models import OwnedModel


class ImportBatch(OwnedModel):
    """A legacy CSV file read and checked, then imported in the background once confirmed.

    Confirming claims the batch (preview or failed -> queued) with one conditional UPDATE, so
    however many confirms arrive, one import runs. The task writes the rows in transactions of
    a few hundred, recording after each how many rows are done, so a batch that fails part way
    can be confirmed again and goes on from there.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", "Waiting for you to confirm"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Stopped part way"
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
    total_rows = models.PositiveIntegerField(default=0, help_text="Rows to import.")
    processed_rows = models.PositiveIntegerField(
        default=0, help_text="Rows done so far: imported, or left out as already recorded."
    )
    created_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    counts = models.JSONField(
        default=dict, blank=True, help_text="Records created so far, by kind."
    )
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    updated_at = None

    class Meta:
        verbose_name_plural = "import batches"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed_rows__lte=F("total_rows")),
                name="cpd_importbatch_processed_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_preview(self) -> bool:
        return self.status == self.Status.PREVIEW

    @property
    def is_under_way(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def was_confirmed(self) -> bool:
        return self.status not in (self.Status.PREVIEW, self.Status.CANCELLED)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.IMPORTED else 0
        return min(100, self.processed_rows * 100 // self.total_rows)

    @property
    def remaining_rows(self) -> int:
        return max(0, self.total_rows - self.processed_rows)
