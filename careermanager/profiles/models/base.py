"""Limits and helpers every profile model shares."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

# Long first-person texts (responsibilities, achievements, descriptions): members are advised
# to write about GUIDANCE characters; the hard limit leaves room without inviting essays.
LONG_TEXT_LIMIT = 5000
LONG_TEXT_GUIDANCE = 3000
MAX_TRAINING_HOURS = Decimal("10000")
# The accountability diagram shows two or three levels of authority above the member's post.
MAX_LEVELS_ABOVE = 3


def text_limit(field: str, name: str) -> models.CheckConstraint:
    """The database's own guard on a long text, matching the forms' limit."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), LONG_TEXT_LIMIT), name=name
    )


def long_text(verbose_name: str, help_text: str = "") -> models.TextField:
    return models.TextField(
        verbose_name, max_length=LONG_TEXT_LIMIT, blank=True, help_text=help_text
    )


def check_dates(record, *, not_future: tuple[str, ...] = ()) -> None:
    """End (and award) dates on or after the start; some dates not in the future."""
    errors = {}
    start = getattr(record, "start_date", None)
    for field in ("end_date", "awarded_date"):
        value = getattr(record, field, None)
        if start and value and value < start:
            label = record._meta.get_field(field).verbose_name
            errors[field] = f"The {label} must be the same as or after the start date."
    today = timezone.localdate()
    for field in not_future:
        value = getattr(record, field, None)
        if value and value > today and field not in errors:
            label = record._meta.get_field(field).verbose_name
            errors[field] = f"The {label} must be today or in the past."
    if errors:
        raise ValidationError(errors)
