"""Folders, CPD activities with their reflection, and the topics members tag them with."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from careermanager.core.models import OwnedModel, OwnedQuerySet
from careermanager.cpd.categories import Category

DESCRIPTION_LIMIT = 5000
REFLECTION_LIMIT = 2000
# About a full working year; more than this in one activity is a typing mistake.
MAX_ACTIVITY_HOURS = Decimal("2000")


@dataclass(frozen=True)
class Prompt:
    field: str
    question: str
    hint: str


# The questions a reflection answers, in the order they are asked.
REFLECTION_PROMPTS = (
    Prompt(
        "reflection_learned",
        "What did you learn?",
        "The knowledge you gained and the skills you developed.",
    ),
    Prompt("reflection_went_well", "What went well?", ""),
    Prompt("reflection_differently", "What could have been done differently?", ""),
    Prompt(
        "reflection_met_needs",
        "Did it meet your needs?",
        "Compare it with what you hoped to get from it.",
    ),
    Prompt(
        "reflection_impact",
        "How has it changed the way you work?",
        "What you now do differently, or plan to.",
    ),
    Prompt("reflection_follow_up", "Are there any follow-up actions?", ""),
)
REFLECTION_FIELDS = tuple(prompt.field for prompt in REFLECTION_PROMPTS)


def _limit(field: str, limit: int, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=name)


class Topic(models.Model):
    """A subject an activity covers, such as risk management; some policies count hours by it."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Folder(OwnedModel):
    """A member's own grouping of activities, such as "CPD Activities 2026"."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_folders"
    )
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    updated_at = None

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "owner",
                name="cpd_folder_name_unique_per_owner",
                violation_error_message="You already have a folder with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ActivityQuerySet(OwnedQuerySet):
    def recorded(self) -> "ActivityQuerySet":
        """Confirmed activities: the ones that count."""
        return self.filter(status=Activity.Status.RECORDED)

    def drafts(self) -> "ActivityQuerySet":
        return self.filter(status=Activity.Status.DRAFT)

    def completed_between(self, start: date, end: date) -> "ActivityQuerySet":
        """Activities whose end date falls within [start, end]."""
        return self.filter(end_date__range=(start, end))

    def in_year(self, year: int) -> "ActivityQuerySet":
        return self.completed_between(date(year, 1, 1), date(year, 12, 31))

    def lacking_reflection(self) -> "ActivityQuerySet":
        return self.filter(**dict.fromkeys(REFLECTION_FIELDS, ""))

    def with_reflection(self) -> "ActivityQuerySet":
        return self.exclude(**dict.fromkeys(REFLECTION_FIELDS, ""))


class Activity(OwnedModel):
    """Something the member did to develop, the hours it took, and what they made of it."""

    class Type(models.TextChoices):
        WORK_EXPERIENCE = Category.WORK_EXPERIENCE.value, Category.WORK_EXPERIENCE.label
        VOLUNTEERING = Category.VOLUNTEERING.value, Category.VOLUNTEERING.label
        EVENT = Category.EVENT.value, Category.EVENT.label
        SELF_STUDY = Category.SELF_STUDY.value, Category.SELF_STUDY.label

    class Status(models.TextChoices):
        DRAFT = "draft", "Awaiting confirmation"
        RECORDED = "recorded", "Recorded"

    class Source(models.TextChoices):
        MANUAL = "manual", "Entered by hand"
        LEGACY_CSV = "legacy_csv", "Imported from a CSV file"
        CALENDAR = "calendar", "Imported from a calendar"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_activities"
    )
    folder = models.ForeignKey(
        Folder,
        null=True,
        blank=True,
        # Deleting a folder keeps its activities; they just leave the folder.
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    type = models.CharField("type of activity", max_length=20, choices=Type)
    status = models.CharField(max_length=10, choices=Status, default=Status.RECORDED)
    title = models.CharField(max_length=200)
    start_date = models.DateField("start date")
    end_date = models.DateField(
        "end date", help_text="The same as the start date for a one-day activity."
    )
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    description = models.TextField(max_length=DESCRIPTION_LIMIT, blank=True)
    reflection_learned = models.TextField(max_length=REFLECTION_LIMIT, blank=True)
    reflection_went_well = models.TextField(max_length=REFLECTION_LIMIT, blank=True)
    reflection_differently = models.TextField(max_length=REFLECTION_LIMIT, blank=True)
    reflection_met_needs = models.TextField(max_length=REFLECTION_LIMIT, blank=True)
    reflection_impact = models.TextField(max_length=REFLECTION_LIMIT, blank=True)
    reflection_follow_up = models.TextField(max_length=REFLECTION_LIMIT, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="activities")
    competences = models.ManyToManyField(
        "competence.Competence",
        blank=True,
        related_name="cpd_activities",
        help_text="Competences this activity gives evidence of.",
    )
    source = models.CharField(max_length=20, choices=Source, default=Source.MANUAL)
    source_uid = models.CharField(
        max_length=255, blank=True, help_text="The calendar event's UID, so it is imported once."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["-end_date", "-start_date", "-pk"]
        indexes = [
            # The activity list, the yearly totals and reports read one member's records by date.
            models.Index(fields=["owner", "status", "-end_date"], name="cpd_activity_owner_date"),
            models.Index(fields=["owner", "folder"], name="cpd_activity_owner_folder"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="cpd_activity_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=MAX_ACTIVITY_HOURS),
                name="cpd_activity_hours_range",
            ),
            models.UniqueConstraint(
                fields=["owner", "source_uid"],
                condition=~Q(source_uid=""),
                name="cpd_activity_source_uid_once",
            ),
            _limit("description", DESCRIPTION_LIMIT, "cpd_activity_description_limit"),
            *(
                _limit(field, REFLECTION_LIMIT, f"cpd_activity_{field}_limit")
                for field in REFLECTION_FIELDS
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must be the same as or after the start date."
        if (
            self.status == self.Status.RECORDED
            and self.start_date
            and self.start_date > timezone.localdate()
        ):
            errors["start_date"] = "The start date must be today or in the past."
        if self.hours is not None and not (0 < self.hours <= MAX_ACTIVITY_HOURS):
            errors["hours"] = f"Enter between 0.01 and {MAX_ACTIVITY_HOURS:,.0f} hours."
        if self.folder_id and self.folder.owner_id != self.owner_id:
            errors["folder"] = "Choose one of your own folders."
        if errors:
            raise ValidationError(errors)

    @property
    def category(self) -> Category:
        return Category(self.type)

    @property
    def completed_on(self) -> date:
        return self.end_date

    @property
    def has_reflection(self) -> bool:
        return any(getattr(self, field) for field in REFLECTION_FIELDS)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def reflection_answers(self) -> list[tuple[Prompt, str]]:
        """Each question with the member's answer (empty when not answered)."""
        return [(prompt, getattr(self, prompt.field)) for prompt in REFLECTION_PROMPTS]
