"""People who use the service. The email address is the login."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

STAFF_GROUP = "Staff"
REVIEW_PERMISSION = "accounts.review_submissions"


def normalise_email(email: str) -> str:
    """One spelling per address, so Ann@Example.com and ann@example.com are one account."""
    return email.strip().lower()


def login_name(request, credentials: dict | None) -> str:
    """The address a log-in attempt was for, as the lock-out counts it."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalise_email(raw)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email=normalise_email(username or ""))

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        fields.setdefault("email_verified_at", timezone.now())
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        STAFF = "staff", "Staff"
        ADMIN = "admin", "Administrator"

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=150)
    is_active = models.BooleanField(
        default=True, help_text="Clear this instead of deleting the account."
    )
    is_staff = models.BooleanField(
        "administrator", default=False, help_text="May use the administration site."
    )
    email_verified_at = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "user"
        permissions = [("review_submissions", "Can review members' submissions")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=models.functions.Lower("email")),
                name="accounts_user_email_lowercase",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    @property
    def is_reviewer(self) -> bool:
        """Staff and administrators review what members submit."""
        return self.is_active and self.has_perm(REVIEW_PERMISSION)

    @property
    def role(self) -> "User.Role":
        if self.is_superuser or self.is_staff:
            return self.Role.ADMIN
        if self.is_reviewer:
            return self.Role.STAFF
        return self.Role.MEMBER

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None
