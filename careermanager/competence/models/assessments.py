"""A member's self-assessment: their level and evidence per competence, with its history.

- `Assessment`: a member's professional registration assessment against one framework
  edition (their CEng assessment against UK-SPEC, fourth edition). It keeps that edition
  even after the edition is retired.
- `CompetenceAssessment`: the member's current level, evidence and reference for one
  competence. There is one per member and competence, shared by the registration assessment
  and any job profile that lists the same competence.
- `CompetenceRevision`: every save, kept unchanged, so the member and their mentor can see
  how the assessment developed.
- `VerificationComment`: what a mentor or line manager wrote, through a guest ticket, about
  one competence or about the assessment as a whole.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from careermanager.competence.models.frameworks import Competence, Framework, SkillLevel
from careermanager.competence.validators import reject_links
from careermanager.core.models import OwnedModel, OwnedQuerySet

EVIDENCE_LIMIT = 4000
REFERENCE_LIMIT = 200
COMMENT_LIMIT = 3000


class AssessmentQuerySet(OwnedQuerySet):
    def with_framework(self) -> "AssessmentQuerySet":
        return self.select_related("framework")


class Assessment(OwnedModel):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competence_assessments"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "framework"], name="competence_assessment_one_per_edition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.get_category_display()} assessment"


class CompetenceAssessmentQuerySet(OwnedQuerySet):
    def of_framework(self, framework: Framework) -> "CompetenceAssessmentQuerySet":
        return self.filter(competence__area__framework=framework)

    def assessed(self) -> "CompetenceAssessmentQuerySet":
        return self.exclude(level="")


class CompetenceAssessment(OwnedModel):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competence_levels"
    )
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="member_assessments"
    )
    level = models.CharField(max_length=20, choices=SkillLevel.choices)
    evidence = models.TextField(max_length=EVIDENCE_LIMIT, blank=True)
    reference = models.CharField(
        "reference to fuller evidence",
        max_length=REFERENCE_LIMIT,
        blank=True,
        validators=[reject_links],
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CompetenceAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["competence__area__order", "competence__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "competence"], name="competence_assessment_one_per_competence"
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=SkillLevel.values),
                name="competence_assessment_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence.code}: {self.get_level_display()}"

    @property
    def rank(self) -> int:
        return SkillLevel.rank_of(self.level)


class CompetenceRevision(models.Model):
    """One save of a competence assessment, never changed afterwards."""

    competence_assessment = models.ForeignKey(
        CompetenceAssessment, on_delete=models.CASCADE, related_name="revisions"
    )
    level = models.CharField(max_length=20, choices=SkillLevel.choices)
    evidence = models.TextField(blank=True)
    reference = models.CharField(max_length=REFERENCE_LIMIT, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The history of one competence, newest first, on the competence page.
            models.Index(
                fields=["competence_assessment", "-created_at"], name="competence_revision_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=SkillLevel.values),
                name="competence_revision_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} on {self.created_at:%d %B %Y}"

    @property
    def rank(self) -> int:
        return SkillLevel.rank_of(self.level)


class VerificationCommentQuerySet(models.QuerySet):
    def for_assessment(self, assessment: Assessment) -> "VerificationCommentQuerySet":
        return self.filter(assessment=assessment).select_related("ticket", "competence")

    def overall(self) -> "VerificationCommentQuerySet":
        return self.filter(competence__isnull=True)


class VerificationComment(models.Model):
    """A verifier's comment on one competence, or on the whole assessment when no competence."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="verification_comments"
    )
    ticket = models.ForeignKey(
        "core.GuestTicket", on_delete=models.CASCADE, related_name="competence_comments"
    )
    competence = models.ForeignKey(
        Competence, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField("comment", max_length=COMMENT_LIMIT)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = VerificationCommentQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "competence"],
                condition=models.Q(competence__isnull=False),
                name="competence_comment_one_per_competence",
            ),
            models.UniqueConstraint(
                fields=["ticket"],
                condition=models.Q(competence__isnull=True),
                name="competence_comment_one_overall",
            ),
        ]

    def __str__(self) -> str:
        about = self.competence.code if self.competence_id else "the assessment"
        return f"Comment on {about}"
