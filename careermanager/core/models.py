"""Records every app shares: the owned-record base, the audit trail and the outbox."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, user):
        """This member's records only: nobody else's, and none for someone not signed in."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OwnedModel(TimeStamped):
    """A record that belongs to one member: reads go through ``objects.owned_by(user)``.

    A model may redeclare ``owner`` (to name its reverse relation, or make it one-to-one) and
    the timestamps (or set one to ``None`` to leave it out); ``owned_by`` works the same.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_set",
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


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
    request_id = models.CharField(
        max_length=128, blank=True, help_text="The request it happened in: finds its log lines."
    )
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


class GuestTicketQuerySet(models.QuerySet):
    def for_target(self, obj: models.Model) -> "GuestTicketQuerySet":
        """Tickets that open one object, newest first."""
        return self.filter(
            target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk)
        ).order_by("-created_at", "-pk")

    def valid(self, now=None) -> "GuestTicketQuerySet":
        """Tickets that still open their object: neither revoked nor past their expiry."""
        from django.utils import timezone

        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class GuestTicket(models.Model):
    """A link that lets one named guest, who may have no account, reach exactly one object.

    The raw token goes only into the guest's email; the database keeps its SHA-256, so a
    copy of the database opens nothing.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=64)
    guest_name = models.CharField("guest's name", max_length=150)
    guest_email = models.EmailField("guest's email address")
    purpose = models.CharField(
        max_length=200, help_text="The guest's role and what they are asked to do."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = GuestTicketQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The tickets of one object: GuestTicket.objects.for_target(obj).
            models.Index(fields=["target_type", "target_id"], name="guestticket_target_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="core_guestticket_expires_after_created",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True)
                | models.Q(revoked_at__gte=models.F("created_at")),
                name="core_guestticket_revoked_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"Guest ticket for {self.guest_name} ({self.purpose})"

    @property
    def status(self) -> "GuestTicket.Status":
        from django.utils import timezone

        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.ACTIVE

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.ACTIVE

    def opens(self, obj: models.Model) -> bool:
        """Whether this ticket is scoped to obj (whatever its status)."""
        return self.target_type_id == ContentType.objects.get_for_model(
            obj
        ).pk and self.target_id == str(obj.pk)


class LimitedEmail(models.Model):
    """One email counted against the hourly limits (core.mail.email_allowed).

    Only a digest of the address or member is kept, and rows older than a day are removed.
    """

    purpose = models.CharField(max_length=40)
    key = models.CharField(max_length=64, help_text="SHA-256 of the address or member counted.")
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            # Emails of one purpose to one address or member in the last hour.
            models.Index(fields=["purpose", "key", "created_at"], name="limitedemail_key_idx"),
            # Removing rows older than a day.
            models.Index(fields=["created_at"], name="limitedemail_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} at {self.created_at:%Y-%m-%d %H:%M}"


class FormToken(models.Model):
    """A once-only form token that has been used, and where its form led (core.once)."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            # Removing tokens past their expiry.
            models.Index(fields=["created_at"], name="formtoken_created_idx"),
        ]

    def __str__(self) -> str:
        return f"Form token used {self.created_at:%Y-%m-%d %H:%M}"


class DataVersion(models.Model):
    """A number that goes up whenever a change to the data commits.

    Row 1, with no member, is the global number: changes made by staff, guests, tasks and
    anything outside a member's own requests. A row with a member counts the changes made
    while handling that member's requests (created at their first change). Pages kept in
    memory (core.pagecache) are valid only for the numbers they were made at, so a change
    shows on the next page in every process.
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        whose = "global" if self.member_id is None else f"member {self.member_id}"
        return f"data version {self.value} ({whose})"
