"""What the profile's documents share: the member's name, and when a document was made."""

from datetime import datetime

from django.utils import timezone


def member_name(user, details=None) -> str:
    """The member's name as their CV shows it: personal details first, then the account."""
    name = details.full_name if details is not None else ""
    return name or getattr(user, "full_name", "") or user.email


def now_or(value: datetime | None) -> datetime:
    return value or timezone.now()
