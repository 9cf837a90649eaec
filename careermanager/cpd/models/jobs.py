"""Long-running work the member can leave and come back to: reports and legacy imports."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ReportJobQuerySet(models.QuerySet):
    def owned_by(self, user) -> "ReportJobQuerySet":
        return self.filter(owner=user)

    def recent(self) -> "ReportJobQuerySet":
        return self.order_by("-created_at", "-pk")


class ReportJob(models.Model):
    """A CPD activity report being made in the background, and the file once it is ready."""

    class Kind(models.TextChoices):
        SUMMARY = "summary", "Summary"
        DETAILED = "detailed", "Detailed (with descriptions and reflections)"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_report_jobs"
    )
    kind = models.CharField("type of report", max_length=10, choices=Kind)
    file_format = models.CharField("format", max_length=10, choices=Format)
    start_date = models.DateField("from")
    end_date = models.DateField("to")
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    file = models.FileField(upload_to="cpd/reports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    item_count = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The member's list of recent reports.
            models.Index(fields=["owner", "-created_at"], name="cpd_reportjob_owner_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="cpd_reportjob_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="cpd_reportjob_progress_percent"
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | ~Q(file=""), name="cpd_reportjob_ready_has_file"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} CPD report {self.start_date} to {self.end_date}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY


class ImportBatchQuerySet(models.QuerySet):
    def owned_by(self, user) -> "ImportBatchQuerySet":
        return self.filter(owner=user)


class ImportBatch(models.Model):
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

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "import batches"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_preview(self) -> bool:
        return self.status == self.Status.PREVIEW
