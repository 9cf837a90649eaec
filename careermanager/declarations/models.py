"""A member's annual CPD declaration: one per member per year under review.

A draft is filled in section by section (the checklist, ``careermanager.declarations.checklist``);
submitting it freezes a snapshot of the member's records for the year, sealed with its SHA-256
(``careermanager.core.snapshots``), and the PDF made from that snapshot.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from careermanager.core.models import OwnedModel, OwnedQuerySet

REASON_LIMIT = 2000
COMMENTS_LIMIT = 2000


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class EmploymentStatus(models.TextChoices):
    EMPLOYED = "employed", "Employed"
    SELF_EMPLOYED = "self_employed", "Self-employed"
    BOTH = "employed_and_self_employed", "Employed and self-employed"
    NOT_ACTIVE = "not_active", "Not professionally active"


class Compliance(models.TextChoices):
    MET = "met", "I have met the CPD policy"
    NOT_MET = "not_met", "I have not met the CPD policy"


class Selection(models.TextChoices):
    ALL = "all", "All of them"
    CHOSEN = "chosen", "Only the ones I choose"


class DeclarationQuerySet(OwnedQuerySet):
    def submitted(self) -> "DeclarationQuerySet":
        return self.filter(status=Status.SUBMITTED)

    def drafts(self) -> "DeclarationQuerySet":
        return self.filter(status=Status.DRAFT)

    def for_year(self, year: int) -> "DeclarationQuerySet":
        return self.filter(year=year)


class Declaration(OwnedModel):
    """What a member declares about one year's CPD, and, once submitted, what they sent."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declarations"
    )
    year = models.PositiveSmallIntegerField("year under review")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    # 1. Agreed when the declaration was started: nobody can start without agreeing.
    monitoring_agreed_at = models.DateTimeField()
    # 2. The member acknowledged that their CPD reports for the year are up to date.
    reports_acknowledged_at = models.DateTimeField(null=True, blank=True)
    # 3.
    employment_status = models.CharField(max_length=30, choices=EmploymentStatus, blank=True)
    employment_comments = models.TextField(blank=True, max_length=COMMENTS_LIMIT)
    # 4. Which roles of the CV to include: all, or the ids chosen (kept as a JSON list).
    employment_selection = models.CharField(max_length=10, choices=Selection, blank=True)
    employment_ids = models.JSONField(default=list, blank=True)
    # 5. The same for academic study.
    study_selection = models.CharField(max_length=10, choices=Selection, blank=True)
    study_ids = models.JSONField(default=list, blank=True)
    # 6. The member checked the year's total hours.
    hours_confirmed_at = models.DateTimeField(null=True, blank=True)
    # 7.
    compliance = models.CharField(max_length=10, choices=Compliance, blank=True)
    compliance_reason = models.TextField(blank=True, max_length=REASON_LIMIT)
    out_of_work_from = models.DateField(null=True, blank=True)
    out_of_work_to = models.DateField(null=True, blank=True)
    # Once submitted: the records as they were, their hash, and the PDF made from them.
    submitted_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.JSONField(null=True, blank=True)
    snapshot_sha256 = models.CharField(max_length=64, blank=True)
    pdf = models.FileField(upload_to="declarations/%Y/", blank=True, max_length=255)

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "year"],
                name="declarations_one_per_member_per_year",
                violation_error_message="You already have a declaration for this year.",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT)
                | (
                    Q(status=Status.SUBMITTED, submitted_at__isnull=False, snapshot__isnull=False)
                    & ~Q(snapshot_sha256="")
                ),
                name="declarations_submitted_has_snapshot",
            ),
            models.CheckConstraint(
                condition=~Q(compliance=Compliance.NOT_MET) | ~Q(compliance_reason=""),
                name="declarations_not_met_has_reason",
                violation_error_message="Say why you have not met the CPD policy.",
            ),
            models.CheckConstraint(
                condition=Q(out_of_work_from__isnull=True)
                | Q(out_of_work_to__isnull=True)
                | Q(out_of_work_to__gte=models.F("out_of_work_from")),
                name="declarations_out_of_work_in_order",
                violation_error_message="The date you started work again must not be before "
                "the date you stopped.",
            ),
        ]
        indexes = [
            # queries.submitted_in_year: one year's submitted declarations in the order they
            # were sent, so CPD monitoring's lists read a page of 100,000 without sorting them.
            models.Index(
                fields=["year", "status", "submitted_at", "id"],
                name="declarations_year_status_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"CPD declaration {self.year}"

    @property
    def is_submitted(self) -> bool:
        return self.status == Status.SUBMITTED
