"""Records every app shares: the audit trail and the development outbox."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEventQuerySet(models.QuerySet):
    def for_target(self, obj: models.Model) -> "AuditEventQuerySet":
        """Events about one object, newest first."""
        return self.filter(
            target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk)
        ).order_by("-created_at")

    def by_actor(self, user) -> "AuditEventQuerySet":
        return self.filter(actor=user).order_by("-created_at")


class AuditEvent(models.Model):
    """Something that happened: who did what to which object, when and from where."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who acted; empty for the system or a guest.",
    )
    action = models.CharField(max_length=100, help_text="Namespaced code, e.g. app.thing.done")
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The history of one object: AuditEvent.objects.for_target(obj).
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["action"], name="audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class OutboxMessage(models.Model):
    """A copy of an email, kept so it can be read in the app without a mail server."""

    sender = models.CharField(max_length=254)
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=998)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject
