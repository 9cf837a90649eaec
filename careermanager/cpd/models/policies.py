"""CPD policies as data: what each institution asks of its members, editable by administrators.

A policy sets a period, an optional total minimum and any number of rules. A rule is a
minimum or a maximum (cap) on the hours of the activities it selects: by TWAVES category,
by topic, or both. A policy with a total minimum may let hours above it carry over into the
next period, up to a limit. The evaluation itself is plain Python in `careermanager.cpd.engine`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from careermanager.core.models import OwnedModel
from careermanager.cpd.categories import Category
from careermanager.cpd.models.activities import Topic
from careermanager.cpd.policy_data import MAX_CARRY_OVER_PERIODS

MAX_PERIOD_YEARS = 10


class Institution(models.Model):
    """A professional body whose CPD policies members may follow."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField("short name", max_length=30, help_text="For example IET.")
    website = models.URLField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class PolicyQuerySet(models.QuerySet):
    def active(self) -> "PolicyQuerySet":
        return self.filter(is_active=True)

    def followed_by(self, user) -> "PolicyQuerySet":
        return self.filter(followers__owner=user)

    def with_rules(self) -> "PolicyQuerySet":
        return self.select_related("institution").prefetch_related("rules__topics")


class Policy(models.Model):
    """One institution's CPD requirement (or one variant of it, such as for retired members)."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="policies")
    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(
        max_length=200, help_text="Which members it applies to, e.g. Professionally active."
    )
    description = models.TextField(
        blank=True, help_text="A plain-English summary shown to members."
    )
    period_years = models.PositiveSmallIntegerField(
        "period in years",
        default=1,
        help_text="How many calendar years the requirement covers, ending with the year checked.",
    )
    total_minimum_hours = models.DecimalField(
        "minimum hours in the period",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Leave empty when the policy sets no minimum number of hours.",
    )
    requires_reflection = models.BooleanField(
        "every activity needs a reflection",
        default=False,
        help_text="Compliance then also needs a reflection on each activity in the period.",
    )
    carry_over_max_hours = models.DecimalField(
        "hours that may be carried over",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=(
            "At most this many hours above the minimum in one period count towards the "
            "minimum of the next. Leave empty when nothing carries over."
        ),
    )
    carry_over_periods = models.PositiveSmallIntegerField(
        "carried over from how many periods back",
        default=1,
        help_text="1: only from the period just before. Hours carried in never carry on again.",
    )
    is_active = models.BooleanField(
        "members can choose it", default=True, help_text="Clear this to retire a policy."
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "policies"
        ordering = ["institution__order", "institution__name", "order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_years__gte=1, period_years__lte=MAX_PERIOD_YEARS),
                name="cpd_policy_period_range",
            ),
            models.CheckConstraint(
                condition=Q(total_minimum_hours__isnull=True) | Q(total_minimum_hours__gt=0),
                name="cpd_policy_minimum_positive",
            ),
            models.CheckConstraint(
                condition=Q(carry_over_max_hours__isnull=True)
                | Q(carry_over_max_hours__gt=0, total_minimum_hours__isnull=False),
                name="cpd_policy_carry_over_needs_minimum",
            ),
            models.CheckConstraint(
                condition=Q(
                    carry_over_periods__gte=1, carry_over_periods__lte=MAX_CARRY_OVER_PERIODS
                ),
                name="cpd_policy_carry_over_periods_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution.short_name}: {self.name}"

    def clean(self):
        super().clean()
        if self.carry_over_max_hours is not None:
            if self.carry_over_max_hours <= 0:
                raise ValidationError(
                    {"carry_over_max_hours": "Enter a number of hours above 0, or leave it empty."}
                )
            if self.total_minimum_hours is None:
                raise ValidationError(
                    {
                        "carry_over_max_hours": (
                            "Only hours above a minimum can carry over: set the minimum hours "
                            "in the period, or leave this empty."
                        )
                    }
                )
        if not 1 <= (self.carry_over_periods or 0) <= MAX_CARRY_OVER_PERIODS:
            raise ValidationError(
                {"carry_over_periods": f"Enter a number from 1 to {MAX_CARRY_OVER_PERIODS}."}
            )

    @property
    def carries_over(self) -> bool:
        return self.carry_over_max_hours is not None

    @property
    def target_per_year(self) -> Decimal | None:
        """The total minimum spread evenly over the years of the period."""
        if self.total_minimum_hours is None:
            return None
        return self.total_minimum_hours / self.period_years


class PolicyRule(models.Model):
    """A minimum or a cap on the hours of the activities selected by category and/or topic."""

    class Kind(models.TextChoices):
        MINIMUM = "minimum", "At least"
        MAXIMUM = "maximum", "No more than (cap)"

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=10, choices=Kind)
    label = models.CharField(
        max_length=200, help_text="What members see, e.g. Workplace learning plus private study."
    )
    hours = models.DecimalField(max_digits=7, decimal_places=2)
    categories = models.JSONField(
        default=list,
        blank=True,
        help_text="The TWAVES categories it covers; none means every category.",
    )
    topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="policy_rules",
        help_text="Only activities tagged with one of these topics; none means any topic.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="cpd_rule_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.hours:g} hours: {self.label}"

    def clean(self):
        super().clean()
        known = set(Category.values)
        if not isinstance(self.categories, list) or not set(self.categories) <= known:
            raise ValidationError(
                {"categories": f"Use a list of these codes: {', '.join(Category.values)}."}
            )


class MemberPolicy(OwnedModel):
    """A policy a member has chosen to follow."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_policies"
    )
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = None

    class Meta:
        verbose_name = "followed policy"
        verbose_name_plural = "followed policies"
        constraints = [
            models.UniqueConstraint(fields=["owner", "policy"], name="cpd_member_policy_once"),
        ]

    def __str__(self) -> str:
        return f"{self.owner} follows {self.policy}"
