"""What the member has learnt and achieved: education, schemes, training, achievements."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Sum

from careermanager.core.models import OwnedModel, OwnedQuerySet
from careermanager.profiles.models.base import (
    MAX_TRAINING_HOURS,
    check_dates,
    long_text,
    text_limit,
)


class Education(OwnedModel):
    """An academic qualification or formally assessed work-based learning."""

    class QualificationType(models.TextChoices):
        DOCTORATE = "doctorate", "Doctorate (PhD, EngD)"
        MASTERS = "masters", "Master's degree (MEng, MSc, MA)"
        BACHELORS_HONOURS = "bachelors_honours", "Bachelor's degree with honours"
        BACHELORS = "bachelors", "Bachelor's degree"
        FOUNDATION_DEGREE = "foundation_degree", "Foundation degree"
        HND = "hnd", "Higher National Diploma (HND)"
        HNC = "hnc", "Higher National Certificate (HNC)"
        A_LEVEL = "a_level", "A level"
        BTEC = "btec", "BTEC"
        T_LEVEL = "t_level", "T level"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship"
        OTHER = "other", "Other"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="education"
    )
    institution = models.CharField(max_length=200)
    course = models.CharField("course or subject", max_length=200)
    qualification_type = models.CharField(
        "qualification", max_length=30, choices=QualificationType, blank=True
    )
    classification = models.CharField(
        max_length=100, blank=True, help_text="For example First class honours, Distinction, A*."
    )
    start_date = models.DateField("start date")
    end_date = models.DateField("end date", null=True, blank=True)
    awarded_date = models.DateField("date awarded", null=True, blank=True)
    accredited = models.BooleanField(
        "accredited by a professional engineering institution", default=False
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "education"
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="profiles_education_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(awarded_date__isnull=True) | Q(awarded_date__gte=F("start_date")),
                name="profiles_education_awarded_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course}, {self.institution}"

    def clean(self):
        super().clean()
        check_dates(self, not_future=("awarded_date",))


class DevelopmentScheme(OwnedModel):
    """A structured programme: a graduate development scheme or an apprenticeship."""

    class Kind(models.TextChoices):
        GRADUATE = "graduate", "Graduate development scheme"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship"
        OTHER = "other", "Other structured development programme"

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        LEFT = "left", "Left before completing"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="development_schemes"
    )
    name = models.CharField("scheme name", max_length=200)
    provider = models.CharField(
        max_length=200, help_text="The employer or organisation that runs the scheme."
    )
    kind = models.CharField("type of scheme", max_length=20, choices=Kind, default=Kind.GRADUATE)
    accredited = models.BooleanField("accredited by a professional body", default=False)
    start_date = models.DateField("start date")
    end_date = models.DateField("end date", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.IN_PROGRESS)
    description = long_text("description")

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="profiles_scheme_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(end_date__isnull=False),
                name="profiles_scheme_completed_has_end",
            ),
            text_limit("description", "profiles_scheme_description_limit"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        check_dates(self)
        if self.status == self.Status.COMPLETED and not self.end_date:
            raise ValidationError({"end_date": "Enter the date you completed the scheme."})


class TrainingQuerySet(OwnedQuerySet):
    def completed_between(self, start: date, end: date):
        """Training finished within [start, end]: by end date, or start date when it has none."""
        return self.filter(
            Q(end_date__isnull=False, end_date__range=(start, end))
            | Q(end_date__isnull=True, start_date__range=(start, end))
        )

    def total_hours(self) -> Decimal:
        return self.aggregate(total=Sum("hours"))["total"] or Decimal(0)


class Training(OwnedModel):
    """A course, seminar, conference or on-the-job learning, with the hours it took."""

    class Kind(models.TextChoices):
        COURSE = "course", "Training course"
        SEMINAR = "seminar", "Seminar or workshop"
        ON_THE_JOB = "on_the_job", "On-the-job training"
        SHADOWING = "shadowing", "Shadowing"
        SECONDMENT = "secondment", "Secondment"
        CONFERENCE = "conference", "Conference"
        MANDATORY = "mandatory", "Employer's mandatory training"
        OTHER = "other", "Other"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField("type of training", max_length=20, choices=Kind, default=Kind.COURSE)
    provider = models.CharField(max_length=200, blank=True)
    start_date = models.DateField("start date")
    end_date = models.DateField("end date", null=True, blank=True)
    hours = models.DecimalField(max_digits=7, decimal_places=2)
    description = long_text("description")

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "training"
        ordering = ["-start_date", "-pk"]
        indexes = [
            # The training list and the CPD totals read one member's records by date.
            models.Index(fields=["owner", "-start_date"], name="profiles_training_owner_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="profiles_training_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=MAX_TRAINING_HOURS),
                name="profiles_training_hours_range",
            ),
            text_limit("description", "profiles_training_description_limit"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        check_dates(self, not_future=("start_date",))
        if self.hours is not None and not 0 < self.hours <= MAX_TRAINING_HOURS:
            raise ValidationError(
                {"hours": f"Hours must be more than 0 and no more than {MAX_TRAINING_HOURS:,}."}
            )

    @property
    def completed_on(self) -> date:
        return self.end_date or self.start_date


class Achievement(OwnedModel):
    """A patent, published paper, award, committee role or other professional achievement."""

    class Kind(models.TextChoices):
        PATENT = "patent", "Patent"
        PAPER = "paper", "Published paper"
        AWARD = "award", "Award"
        MEMBERSHIP_ACTIVITY = "membership_activity", "Membership activity (committees, boards)"
        OTHER = "other", "Other"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="achievements"
    )
    kind = models.CharField("type of achievement", max_length=30, choices=Kind)
    title = models.CharField(max_length=300)
    date = models.DateField()
    reference = models.CharField(
        max_length=200, blank=True, help_text="A patent number, DOI or other reference."
    )
    details = long_text("details")

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            text_limit("details", "profiles_achievement_details_limit"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        check_dates(self, not_future=("date",))
