"""Where the member has worked, and who was above and below them in each role."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from careermanager.core.models import OwnedModel, OwnedQuerySet
from careermanager.profiles.models.base import (
    MAX_LEVELS_ABOVE,
    check_dates,
    long_text,
    text_limit,
)


class EmploymentQuerySet(OwnedQuerySet):
    def current(self):
        return self.filter(is_current=True)

    def ended_since(self, day: date):
        """Past roles that ended on or after day (for 'changed job in the last three years')."""
        return self.filter(is_current=False, end_date__gte=day)


class Employment(OwnedModel):
    """A job (or placement, volunteering, apprenticeship) and what the member did in it."""

    class Type(models.TextChoices):
        FULL_TIME = "full_time", "Full-time employment"
        PART_TIME = "part_time", "Part-time employment"
        SELF_EMPLOYED = "self_employed", "Self-employed"
        CONTRACT = "contract", "Contract"
        VOLUNTEER = "volunteer", "Volunteering"
        INDUSTRIAL_PLACEMENT = "industrial_placement", "Industrial placement"
        GAP_YEAR = "gap_year", "Gap year"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employments"
    )
    employer = models.CharField(max_length=200)
    job_title = models.CharField("job title", max_length=200)
    location = models.CharField(max_length=200, blank=True)
    employment_type = models.CharField(
        "type of employment", max_length=30, choices=Type, default=Type.FULL_TIME
    )
    start_date = models.DateField("start date")
    end_date = models.DateField("end date", null=True, blank=True)
    is_current = models.BooleanField("this is my current role", default=False)
    responsibilities = long_text("responsibilities")
    achievements = long_text("achievements")

    objects = EmploymentQuerySet.as_manager()

    class Meta:
        ordering = ["-is_current", "-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="profiles_employment_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(is_current=True, end_date__isnull=True)
                | Q(is_current=False, end_date__isnull=False),
                name="profiles_employment_current_has_no_end",
            ),
            text_limit("responsibilities", "profiles_employment_responsibilities_limit"),
            text_limit("achievements", "profiles_employment_achievements_limit"),
        ]

    def __str__(self) -> str:
        return f"{self.job_title}, {self.employer}"

    def clean(self):
        super().clean()
        check_dates(self, not_future=("start_date",))
        if self.is_current and self.end_date:
            raise ValidationError({"end_date": "Leave the end date empty for your current role."})
        if not self.is_current and not self.end_date:
            raise ValidationError(
                {"end_date": "Enter the date you left, or tick that this is your current role."}
            )


class AccountabilityPersonQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(employment__owner=user)

    def above(self):
        return self.filter(relation=AccountabilityPerson.Relation.ABOVE).order_by("level")

    def reports(self):
        return self.filter(relation=AccountabilityPerson.Relation.REPORT).order_by("order", "pk")


class AccountabilityPerson(models.Model):
    """Someone above the member's post in one role, or someone who reports to them."""

    class Relation(models.TextChoices):
        ABOVE = "above", "Above me"
        REPORT = "report", "Reports to me"

    employment = models.ForeignKey(
        Employment, on_delete=models.CASCADE, related_name="accountability_people"
    )
    relation = models.CharField(max_length=10, choices=Relation)
    level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="For people above: 1 is the line manager, 2 their manager, and so on.",
    )
    name = models.CharField(max_length=150)
    job_title = models.CharField("job title", max_length=200, blank=True)
    registration = models.CharField(
        "registration and membership",
        max_length=100,
        blank=True,
        help_text="Professional registration and membership, for example CEng FIET.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = AccountabilityPersonQuerySet.as_manager()

    class Meta:
        ordering = ["relation", "level", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(relation="above", level__gte=1, level__lte=MAX_LEVELS_ABOVE)
                | Q(relation="report", level__isnull=True),
                name="profiles_accountability_level_only_above",
            ),
            models.UniqueConstraint(
                fields=["employment", "level"],
                condition=Q(relation="above"),
                name="profiles_accountability_one_person_per_level",
            ),
        ]

    def __str__(self) -> str:
        return self.name
