"""Job profiles: a role the member holds or wants, as competences with a target level."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from careermanager.competence.models.frameworks import Competence, SkillLevel
from careermanager.core.models import OwnedModel, OwnedQuerySet


class JobProfile(OwnedModel):
    class Kind(models.TextChoices):
        CURRENT = "current", "My current role"
        ASPIRED = "aspired", "A role I am working towards"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_profiles"
    )
    title = models.CharField(max_length=150)
    kind = models.CharField("which role is this?", max_length=10, choices=Kind.choices)
    description = models.TextField("notes", max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class JobProfileItem(models.Model):
    """One competence in a job profile and the level the role needs."""

    profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="items")
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="+")
    target_level = models.CharField(max_length=20, choices=SkillLevel.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = [
            "competence__area__framework__kind",
            "competence__area__framework__code",
            "competence__area__order",
            "competence__order",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "competence"], name="competence_profile_item_once"
            ),
            models.CheckConstraint(
                condition=models.Q(target_level__in=SkillLevel.values),
                name="competence_profile_item_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence.code} at {self.get_target_level_display()}"

    @property
    def target_rank(self) -> int:
        return SkillLevel.rank_of(self.target_level)
