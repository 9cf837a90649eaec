"""Personal access tokens for the API, and the answers kept for idempotency keys."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# Every token starts with this, so a token pasted somewhere it should not be is recognisable
# (secret scanners look for such prefixes) and never mistaken for a password.
TOKEN_PREFIX = "cmpat_"  # noqa: S105 (a prefix, not a secret)


def token_digest(token: str) -> str:
    """The SHA-256 of a token, as stored: the token itself is never kept."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class AccessTokenQuerySet(models.QuerySet):
    def owned_by(self, user) -> "AccessTokenQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)

    def usable(self, now=None) -> "AccessTokenQuerySet":
        """Neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class AccessToken(models.Model):
    """A personal access token: who it acts for, what it may do, until when."""

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, in your words.")
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token.")
    hint = models.CharField(max_length=16, help_text="The token's first characters, to tell it.")
    scope = models.CharField(max_length=10, choices=Scope, default=Scope.READ)
    staff = models.BooleanField(
        default=False, help_text="Reaches the staff endpoints; made only after two-factor sign-in."
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The member's list of tokens on the token page.
            models.Index(fields=["owner", "-created_at"], name="api_token_owner_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="api_accesstoken_expires_after_created",
            ),
            models.CheckConstraint(
                condition=Q(scope__in=["read", "write"]), name="api_accesstoken_scope_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired


class IdempotentRequest(models.Model):
    """A create request sent with an Idempotency-Key, and the answer it got.

    The same key with the same request gets the same answer again, without a second object;
    the same key with another request is refused. Kept for a day (api.idempotency.KEEP).
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status = models.PositiveSmallIntegerField(default=0)
    response = models.JSONField(default=dict, blank=True)
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="api_idempotency_owner_key"),
        ]
        indexes = [
            # Removing keys older than a day.
            models.Index(fields=["created_at"], name="api_idempotency_created"),
        ]

    def __str__(self) -> str:
        return self.key
