"""Competence frameworks: the standards members assess themselves against.

A framework is one edition of a standard (UK-SPEC for CEng, fourth edition) or a job-role
framework written by the institution. It holds areas (A to E), each area competences (A1,
A2, ...), and each competence guidance for every skill level. Frameworks are reference data:
shipped by a data migration, imported by staff, and retired, never edited in place, so an
assessment always shows the words it was made against. The one exception is correcting our
own transcription of an unchanged standard: a data migration rewrites the words in place, and a
competence found not to be in the standard is retired (kept for the answers members gave it),
never deleted.
"""

from django.db import models
from django.utils import timezone


class SkillLevel(models.TextChoices):
    """How far someone has got with a competence, lowest first."""

    TRAINEE = "trainee", "Trainee"
    SUPERVISED = "supervised", "Supervised Practitioner"
    PRACTITIONER = "practitioner", "Practitioner"
    EXPERT = "expert", "Expert"

    @property
    def rank(self) -> int:
        """1 for Trainee up to 4 for Expert."""
        return list(SkillLevel).index(self) + 1

    @classmethod
    def rank_of(cls, value: str | None) -> int:
        """The rank of a stored value; 0 when nothing has been chosen."""
        return cls(value).rank if value else 0


class RegistrationCategory(models.TextChoices):
    CENG = "CEng", "Chartered Engineer (CEng)"
    IENG = "IEng", "Incorporated Engineer (IEng)"
    ENGTECH = "EngTech", "Engineering Technician (EngTech)"
    ICTTECH = "ICTTech", "Information and Communications Technology Technician (ICTTech)"


class FrameworkQuerySet(models.QuerySet):
    def current(self) -> "FrameworkQuerySet":
        """Editions members may still assess against."""
        return self.filter(retired_at__isnull=True)

    def registration(self) -> "FrameworkQuerySet":
        return self.filter(kind=Framework.Kind.REGISTRATION)

    def for_category(self, category: str) -> "FrameworkQuerySet":
        return self.registration().filter(category=category)


class Framework(models.Model):
    class Kind(models.TextChoices):
        REGISTRATION = "registration", "Professional registration"
        JOB_ROLE = "job_role", "Job role"

    code = models.CharField(
        max_length=40, help_text="Short identifier shared by every edition, e.g. UK-SPEC-CEng."
    )
    name = models.CharField(max_length=200)
    edition = models.CharField(max_length=40, help_text="Which edition, e.g. 4th edition.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    category = models.CharField(
        "registration category",
        max_length=10,
        choices=RegistrationCategory.choices,
        blank=True,
        help_text="Only for professional registration frameworks.",
    )
    publisher = models.CharField(max_length=200)
    published_year = models.PositiveSmallIntegerField(null=True, blank=True)
    source_note = models.TextField(
        blank=True, help_text="Where the competences come from and who wrote the guidance."
    )
    checked_on = models.DateField(
        "checked against the source on",
        null=True,
        blank=True,
        help_text="When the codes and statements were last checked against the published text.",
    )
    verification_note = models.TextField(
        blank=True,
        help_text="What the check confirmed, against what, and anything it could not confirm.",
    )
    # UK-SPEC and the ICTTech Standard describe what to show, not a skill level: the level a
    # member is expected to reach in each competence is the institution's own setting.
    expected_level = models.CharField(
        "level expected in each competence",
        max_length=20,
        choices=SkillLevel.choices,
        default=SkillLevel.PRACTITIONER,
        help_text="The institution's setting, not a figure from the standard.",
    )
    imported_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "category", "code", "edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "edition"], name="competence_framework_edition"
            ),
            # One current edition per framework, so "the current CEng framework" is one row.
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(retired_at__isnull=True),
                name="competence_framework_one_current_edition",
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=models.Q(retired_at__isnull=True, kind="registration"),
                name="competence_framework_one_current_per_category",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="registration") & ~models.Q(category=""))
                | (models.Q(kind="job_role") & models.Q(category="")),
                name="competence_framework_category_matches_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(expected_level__in=SkillLevel.values),
                name="competence_framework_expected_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.edition})"

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def source(self) -> str:
        """Publisher, edition and year in one line, as cited on pages and downloads."""
        year = f", {self.published_year}" if self.published_year else ""
        return f"{self.publisher}, {self.edition}{year}"


class Area(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(max_length=10)
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="competence_area_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class CompetenceQuerySet(models.QuerySet):
    def of_framework(self, framework: Framework) -> "CompetenceQuerySet":
        return self.filter(area__framework=framework).order_by("area__order", "order", "code")

    def current(self) -> "CompetenceQuerySet":
        """Competences that are part of the standard (not retired from our data)."""
        return self.filter(retired_at__isnull=True)


class Competence(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="competences")
    code = models.CharField(max_length=10)
    title = models.CharField(max_length=300)
    description = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(
        blank=True,
        help_text="Shown with the competence, e.g. that its wording is not yet confirmed.",
    )
    retired_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it was found not to be part of the standard. Kept so that members' "
        "answers stay readable; nobody can assess it any more.",
    )

    objects = CompetenceQuerySet.as_manager()

    class Meta:
        ordering = ["area__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="competence_competence_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class LevelGuidance(models.Model):
    """What a competence looks like at one skill level, in the framework's words."""

    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="guidance")
    level = models.CharField(max_length=20, choices=SkillLevel.choices)
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["competence", "level"], name="competence_guidance_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence.code} {self.get_level_display()}"
