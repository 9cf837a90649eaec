"""CPD emails a member may turn off, the log that sends each once, and peer comparison figures.

- `EmailSettings`: which CPD emails the member wants; a member without a row has both on.
- `Reminder`: one row for every reminder sent. Its constraints make each reminder once-only:
  a pace reminder once for each member, policy, period and threshold (days before the period
  closes); a reflection note once for each member and month. A run claims its rows by
  inserting them first, so two runs at once never send the same reminder twice.
- `Comparison`: the median and quartiles of the hours recorded by the members following a
  policy, for one period and one category (or all of them), written by the daily
  `compute_cpd_comparison` command and only for groups large enough (`COMPARISON_MINIMUM`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from careermanager.core.models import OwnedModel
from careermanager.cpd.models.policies import Policy

# Fewer members than this and nothing is stored or shown: no figure could then be tied to
# one member (docs/cpd.md, "How you compare").
COMPARISON_MINIMUM = 10
ALL_CATEGORIES = "all"


class EmailSettings(OwnedModel):
    """Which CPD emails a member wants. Both are on until the member turns them off."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_email_settings"
    )
    pace_reminders = models.BooleanField(
        "email me when I am behind my CPD policy's pace", default=True
    )
    reflection_note = models.BooleanField(
        "email me a monthly note of activities without a reflection", default=True
    )
    created_at = None

    class Meta:
        verbose_name = "CPD email settings"
        verbose_name_plural = "CPD email settings"

    def __str__(self) -> str:
        return "CPD email settings"


class Reminder(OwnedModel):
    """A CPD email sent to a member, kept so that it is never sent again."""

    class Kind(models.TextChoices):
        PACE = "pace", "Behind the policy's pace"
        REFLECTION = "reflection", "Activities without a reflection"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_reminders"
    )
    kind = models.CharField(max_length=10, choices=Kind)
    # Pace reminders: the policy, the last day of its period and the threshold reached.
    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    period_end = models.DateField(null=True, blank=True)
    days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The threshold: days before the period closes."
    )
    # Reflection notes: the first day of the month they were sent for.
    month = models.DateField(null=True, blank=True)
    sent_on = models.DateField()
    # The run that inserted the row: after inserting, a run sends only the rows it owns.
    run = models.CharField(max_length=32, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = None

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "policy", "period_end", "days"],
                condition=Q(kind="pace"),
                name="cpd_reminder_pace_once",
            ),
            models.UniqueConstraint(
                fields=["owner", "month"],
                condition=Q(kind="reflection"),
                name="cpd_reminder_reflection_once",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="pace",
                        policy__isnull=False,
                        period_end__isnull=False,
                        days__isnull=False,
                    )
                    | Q(kind="reflection", month__isnull=False)
                ),
                name="cpd_reminder_kind_fields",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.sent_on})"


class Comparison(models.Model):
    """How many hours members following a policy recorded in one period: median and quartiles.

    `year` is the last year of the policy's period; `category` a TWAVES category, or "all".
    """

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=20)
    members = models.PositiveIntegerField(help_text="Members following the policy.")
    members_with_hours = models.PositiveIntegerField()
    lower_quartile = models.DecimalField(max_digits=8, decimal_places=2)
    median = models.DecimalField(max_digits=8, decimal_places=2)
    upper_quartile = models.DecimalField(max_digits=8, decimal_places=2)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "year", "category"], name="cpd_comparison_once"
            ),
            models.CheckConstraint(
                condition=Q(members__gte=COMPARISON_MINIMUM)
                & Q(members_with_hours__gte=COMPARISON_MINIMUM),
                name="cpd_comparison_group_large_enough",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id} {self.year} {self.category}"
