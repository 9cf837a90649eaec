"""Document jobs: a document made in the background, with its progress, and the file once made.

A job names a registered document (``careermanager.reports.registry``), the choices it was made
with (``parameters``, JSON) and a format. ``careermanager.reports.tasks.make_document`` makes it;
the file is kept until ``expires_at`` (``settings.DOCUMENT_DAYS`` after it was asked for), then
``careermanager remove_expired_documents`` deletes job and file.
"""

from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from careermanager.core.models import OwnedModel, OwnedQuerySet
from careermanager.reports.registry import DocumentKind, UnknownDocument, document_kind

# Where the files go in storage; nothing else is kept under it (the removal command relies on
# that to find files no job refers to).
FOLDER = "reports/documents"

# A running job whose progress has not moved for this long has lost its worker (killed, or its
# machine restarted): no step takes longer (typst_process.TIMEOUT_SECONDS is five minutes).
STALLED_AFTER = timedelta(minutes=15)
STALLED = "The document could not be finished; ask for it again."


class DocumentJobQuerySet(OwnedQuerySet):
    def recent(self) -> "DocumentJobQuerySet":
        return self.order_by("-created_at", "-pk")

    def of_kinds(self, kinds) -> "DocumentJobQuerySet":
        return self.filter(kind__in=list(kinds))

    def expired(self, now=None) -> "DocumentJobQuerySet":
        return self.filter(expires_at__lte=now or timezone.now())

    def stalled(self, now=None) -> "DocumentJobQuerySet":
        """Running jobs whose worker has gone: their progress has not moved for too long."""
        since = (now or timezone.now()) - STALLED_AFTER
        return self.filter(
            Q(progressed_at__lt=since) | Q(progressed_at__isnull=True, created_at__lt=since),
            status=DocumentJob.Status.RUNNING,
        )


class DocumentJob(OwnedModel):
    """One document a member asked for, being made or made."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"
        PNG = "png", "Image (PNG)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_jobs"
    )
    kind = models.CharField(
        "document", max_length=100, help_text="A document name an app registers."
    )
    title = models.CharField(max_length=200, blank=True, help_text="As the member's pages say.")
    parameters = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    file_format = models.CharField("format", max_length=10, choices=Format)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    file = models.FileField(upload_to=f"{FOLDER}/%Y/%m/", blank=True, max_length=255)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    item_count = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = None
    progressed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker last moved its progress."
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(help_text="When the job and its file are deleted.")

    objects = DocumentJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The member's list of recent documents, and the double-click check.
            models.Index(fields=["owner", "-created_at"], name="reports_job_owner_created"),
            # remove_expired_documents: the jobs whose time is up.
            models.Index(fields=["expires_at"], name="reports_job_expires"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="reports_documentjob_progress_percent"
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | ~Q(file=""),
                name="reports_documentjob_ready_has_file",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=("ready", "failed")) | Q(finished_at__isnull=False),
                name="reports_documentjob_finished_has_time",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="reports_documentjob_expires_after_created",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.label

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind_info is None:
            raise ValidationError({"kind": f"No app registers a document called {self.kind!r}."})

    @property
    def kind_info(self) -> DocumentKind | None:
        try:
            return document_kind(self.kind)
        except UnknownDocument:
            return None

    @property
    def label(self) -> str:
        info = self.kind_info
        return info.label if info else "Document"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def is_stalled(self) -> bool:
        """Running, but its worker has gone (see STALLED_AFTER)."""
        if self.status != self.Status.RUNNING:
            return False
        moved = self.progressed_at or self.created_at
        return moved < timezone.now() - STALLED_AFTER

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_ready(self) -> bool:
        """Made, and still kept: the file can be downloaded."""
        return self.status == self.Status.READY and not self.is_expired
