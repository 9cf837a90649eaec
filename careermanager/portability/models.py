"""A data export a member asked for: made in the background, kept for a few days, then deleted."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from careermanager.core.models import OwnedModel, OwnedQuerySet

# Where export zips go in storage; nothing else is kept under it (the removal command relies on
# that to find files no export refers to).
FOLDER = "portability/exports"


class DataExportQuerySet(OwnedQuerySet):
    def recent(self) -> "DataExportQuerySet":
        return self.order_by("-created_at", "-pk")

    def expired(self, now=None) -> "DataExportQuerySet":
        return self.filter(expires_at__lte=now or timezone.now())


class DataExport(OwnedModel):
    """One zip of everything a member owns, being made or made."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    file = models.FileField(blank=True, max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    file_count = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = None
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(help_text="When the export and its file are deleted.")

    objects = DataExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The member's exports on the data page, newest first.
            models.Index(fields=["owner", "-created_at"], name="portability_export_owner"),
            # remove_expired_exports: the exports whose time is up.
            models.Index(fields=["expires_at"], name="portability_export_expires"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ready") | ~Q(file=""),
                name="portability_export_ready_has_file",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="portability_export_expires_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"Data export of {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and not self.is_expired

    @property
    def filename(self) -> str:
        return f"careermanager-data-{timezone.localtime(self.created_at):%Y-%m-%d}.zip"


IMPORT_FOLDER = "portability/imports"


class DataImport(OwnedModel):
    """An uploaded export being imported into the member's account in the background.

    The zip is kept in storage only until the import has finished, whatever its outcome.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being imported"
        DONE = "done", "Imported"
        REFUSED = "refused", "Not imported"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_imports"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    file = models.FileField(blank=True, max_length=255)
    filename = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    record_count = models.PositiveIntegerField(default=0)
    file_count = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = None
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The member's imports, newest first.
            models.Index(fields=["owner", "-created_at"], name="portability_import_owner"),
        ]

    def __str__(self) -> str:
        return f"Import of {self.filename}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REFUSED)
