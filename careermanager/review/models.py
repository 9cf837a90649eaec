"""CPD monitoring: the yearly samples of submitted declarations, and each sampled case.

A case points at its declaration by the foreign key "declarations.Declaration", without
importing that app (it sits beside this one); what staff read of the declaration comes
through ``careermanager.review.source``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from careermanager.core.models import OwnedModel

TEXT_LIMIT = 5000


class Method(models.TextChoices):
    PERCENT = "percent", "A percentage of the declarations"
    NUMBER = "number", "A number of declarations"


class Outcome(models.TextChoices):
    MEETS = "meets", "Meets the CPD requirements"
    NEEDS_MORE = "needs_more", "Needs more information"
    DOES_NOT_MEET = "does_not_meet", "Does not meet the CPD requirements"


class CaseStatus(models.TextChoices):
    AWAITING = "awaiting", "Sampled, awaiting review"
    NEEDS_MORE = "needs_more", "Needs more"
    MEETS = "meets", "Meets"
    DOES_NOT_MEET = "does_not_meet", "Does not meet"


CLOSED = (CaseStatus.MEETS, CaseStatus.DOES_NOT_MEET)


class Sample(models.Model):
    """One draw of a year's sample: what was asked, the seed, and who drew it when."""

    year = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=10, choices=Method)
    amount = models.PositiveIntegerField()  # the percentage or the number asked for
    seed = models.CharField(max_length=64)
    population = models.PositiveIntegerField()  # declarations not yet sampled when drawn
    drawn = models.PositiveIntegerField()
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    drawn_at = models.DateTimeField()

    class Meta:
        ordering = ["-drawn_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(method=Method.PERCENT) | Q(amount__gte=1, amount__lte=100),
                name="review_sample_percent_in_range",
            ),
            models.CheckConstraint(condition=Q(amount__gte=1), name="review_sample_amount"),
        ]
        indexes = [
            # The draws listed on a year's page.
            models.Index(fields=["year", "drawn_at"], name="review_sample_year"),
        ]

    def __str__(self) -> str:
        return f"CPD monitoring sample {self.year} #{self.pk}"


class MonitoringCase(OwnedModel):
    """A declaration in the sample: its status, and the outcomes and replies so far."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monitoring_cases"
    )
    declaration = models.OneToOneField(
        "declarations.Declaration", on_delete=models.CASCADE, related_name="monitoring_case"
    )
    year = models.PositiveSmallIntegerField()
    sample = models.ForeignKey(Sample, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=20, choices=CaseStatus, default=CaseStatus.AWAITING)
    outcome_at = models.DateTimeField(null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CaseStatus.AWAITING) | Q(outcome_at__isnull=False),
                name="review_case_outcome_has_date",
            ),
        ]
        indexes = [
            # The counts by status on a year's page, and its lists filtered by status.
            models.Index(fields=["year", "status"], name="review_case_year_status"),
        ]

    def __str__(self) -> str:
        return f"CPD monitoring of the {self.year} declaration"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    @property
    def awaits_reply(self) -> bool:
        """Staff asked for more and the member has not answered since."""
        return self.status == CaseStatus.NEEDS_MORE and (
            self.replied_at is None or self.replied_at < self.outcome_at
        )

    @property
    def reply_received(self) -> bool:
        return self.status == CaseStatus.NEEDS_MORE and not self.awaits_reply


class EntryKind(models.TextChoices):
    OUTCOME = "outcome", "Outcome"
    REPLY = "reply", "Reply"


class CaseEntry(models.Model):
    """An outcome with its feedback from staff, or the member's reply, in order."""

    case = models.ForeignKey(MonitoringCase, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=10, choices=EntryKind)
    outcome = models.CharField(max_length=20, choices=Outcome, blank=True)
    text = models.TextField(max_length=TEXT_LIMIT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=EntryKind.OUTCOME, outcome__in=Outcome.values)
                | Q(kind=EntryKind.REPLY, outcome=""),
                name="review_entry_outcome_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.created_at:%Y-%m-%d}"
