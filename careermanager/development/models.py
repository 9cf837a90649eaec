"""Development planning: objectives a member sets, the actions that reach them, and their plan.

- `Objective`: something the member means to achieve, written SMART: what, how success is
  measured, why it matters, by when. It points at a competence (of a framework they have
  assessed, or of one of their job profiles) with a target level, or is a personal goal.
  Completing it moves it to the member's development history.
- `Action`: one step towards an objective (a course, some reading, a secondment), with a due
  date and status, optionally fulfilled by a training record or a CPD activity.
- `Plan`: the member's planning settings: the secret of their calendar feed (kept only as a
  digest) and whether they want reminders by email.

Links to other apps' records are by model label only; this app reads them through those apps'
`queries` modules.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from careermanager.competence.queries import SkillLevel
from careermanager.core.models import OwnedModel, OwnedQuerySet

TEXT_LIMIT = 2000


class Status(models.TextChoices):
    """Where an objective or an action has got to."""

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)
STATUS_TAGS = {
    Status.NOT_STARTED: "tag--grey",
    Status.IN_PROGRESS: "tag--yellow",
    Status.COMPLETE: "tag--green",
    Status.CANCELLED: "tag--red",
}


class StatusMixin:
    """What pages show of a status: its tag, and whether it is late."""

    status_choices = Status.choices

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS[self.status]

    def _is_late(self, due: date) -> bool:
        return self.is_open and due < timezone.localdate()


class ObjectiveQuerySet(OwnedQuerySet):
    def open(self) -> "ObjectiveQuerySet":
        """Objectives still being worked on: the plan."""
        return self.filter(status__in=OPEN_STATUSES)

    def history(self) -> "ObjectiveQuerySet":
        """Completed objectives: the development history."""
        return self.filter(status=Status.COMPLETE)


class Objective(StatusMixin, OwnedModel):
    class Kind(models.TextChoices):
        FRAMEWORK = "framework", "A competence I have assessed myself against"
        JOB_PROFILE = "job_profile", "A competence of one of my job profiles"
        PERSONAL = "personal", "A personal goal"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="objectives"
    )
    kind = models.CharField("what is this objective about?", max_length=20, choices=Kind)
    competence = models.ForeignKey(
        "competence.Competence",
        null=True,
        blank=True,
        # A framework is retired, never deleted: the objective keeps pointing at its words.
        on_delete=models.PROTECT,
        related_name="+",
    )
    job_profile = models.ForeignKey(
        "competence.JobProfile",
        null=True,
        blank=True,
        # Deleting a job profile keeps the objective; it becomes one about the competence.
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starting_level = models.CharField(
        "level when the objective was set",
        max_length=20,
        choices=SkillLevel,
        blank=True,
        help_text="Empty when the competence had not been assessed.",
    )
    target_level = models.CharField(max_length=20, choices=SkillLevel, blank=True)
    title = models.CharField("what do you want to achieve?", max_length=200)
    measure = models.TextField("how will you know you have achieved it?", max_length=TEXT_LIMIT)
    reason = models.TextField("why does it matter?", max_length=TEXT_LIMIT, blank=True)
    target_date = models.DateField("target date")
    status = models.CharField(max_length=20, choices=Status, default=Status.NOT_STARTED)
    completed_on = models.DateField("completed on", null=True, blank=True)
    activities = models.ManyToManyField(
        "cpd.Activity",
        blank=True,
        related_name="+",
        help_text="CPD activities the member says served this objective.",
    )

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["target_date", "pk"]
        indexes = [
            # The plan and the history read one member's objectives by status and date.
            models.Index(fields=["owner", "status", "target_date"], name="development_obj_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="personal", competence__isnull=True, target_level="")
                | (~Q(kind="personal") & Q(competence__isnull=False) & ~Q(target_level="")),
                name="development_objective_competence_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(target_level="") | Q(target_level__in=SkillLevel.values),
                name="development_objective_target_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(starting_level="") | Q(starting_level__in=SkillLevel.values),
                name="development_objective_starting_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="complete", completed_on__isnull=False)
                | (~Q(status="complete") & Q(completed_on__isnull=True)),
                name="development_objective_completed_on_when_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self._is_late(self.target_date)

    @property
    def competence_retired(self) -> bool:
        """Whether the competence, or its framework, has been retired since (needs them loaded)."""
        competence = self.competence
        return competence is not None and (
            competence.is_retired or competence.area.framework.is_retired
        )


class ActionQuerySet(models.QuerySet):
    def owned_by(self, user) -> "ActionQuerySet":
        """Actions of this member's objectives only."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(objective__owner=user)

    def open(self) -> "ActionQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


class Action(StatusMixin, models.Model):
    class Kind(models.TextChoices):
        READING = "reading", "Reading"
        COURSE = "course", "Training course"
        SEMINAR = "seminar", "Seminar or workshop"
        SECONDMENT = "secondment", "Secondment"
        SHADOWING = "shadowing", "Shadowing"
        ON_THE_JOB = "on_the_job", "On-the-job training"
        RESEARCH = "research", "Research"
        MENTORING = "mentoring", "Mentoring"
        OTHER = "other", "Other"

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField("type of action", max_length=20, choices=Kind)
    description = models.CharField("what will you do?", max_length=300)
    due_date = models.DateField("due date")
    status = models.CharField(max_length=20, choices=Status, default=Status.NOT_STARTED)
    completed_on = models.DateField("completed on", null=True, blank=True)
    training = models.ForeignKey(
        "profiles.Training",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The training record that fulfilled this action.",
    )
    activity = models.ForeignKey(
        "cpd.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The CPD activity that fulfilled this action.",
    )
    reminded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the reminder before the due date was sent."
    )
    reminded_for = models.DateField(
        null=True,
        blank=True,
        help_text="The due date the reminder was about: moving the date allows a new one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            # Actions falling due: the review page, the home panel and the reminders.
            models.Index(fields=["status", "due_date"], name="development_action_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="complete", completed_on__isnull=False)
                | (~Q(status="complete") & Q(completed_on__isnull=True)),
                name="development_action_completed_on_when_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self._is_late(self.due_date)


class Plan(OwnedModel):
    """One member's planning settings."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="development_plan"
    )
    calendar_token_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="SHA-256 of the calendar feed's secret; empty when there is no feed.",
    )
    reminders = models.BooleanField(
        "email me a week before an action is due",
        default=True,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["calendar_token_hash"],
                condition=~Q(calendar_token_hash=""),
                name="development_plan_calendar_token_unique",
            ),
        ]

    def __str__(self) -> str:
        return "Development plan settings"
