"""The member's supporters and their intention to work towards professional registration.

Supporters are kept with the member, not with one form: the intention names the ones who
will help, and the registration application will later choose its attesters from them.
An intention is a draft until the member submits it; submitting keeps what was sent
(``sent``), so later changes to a supporter do not change it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower

from careermanager.competence.queries import RegistrationCategory
from careermanager.core.models import OwnedModel, OwnedQuerySet
from careermanager.profiles.queries import personal_details_given

NOTE_LIMIT = 1000

__all__ = ["Intention", "RegistrationCategory", "Relationship", "Route", "Supporter", "Timescale"]


class Relationship(models.TextChoices):
    SPONSOR = "sponsor", "Sponsor"
    MENTOR = "mentor", "Mentor"
    LINE_MANAGER = "line_manager", "Line manager"
    COMPANY_CONTACT = "company_contact", "Company contact"
    OTHER = "other", "Other"


class Timescale(models.TextChoices):
    WITHIN_6_MONTHS = "within_6_months", "Within 6 months"
    SIX_TO_12_MONTHS = "6_to_12_months", "In 6 to 12 months"
    ONE_TO_2_YEARS = "1_to_2_years", "In 1 to 2 years"
    MORE_THAN_2_YEARS = "more_than_2_years", "In more than 2 years"


class Route(models.TextChoices):
    STANDARD = "standard", "The standard route"
    APPROVED_SCHEME = "approved_scheme", "Through an approved apprenticeship or development scheme"
    NOT_KNOWN = "not_known", "I do not know yet"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class SupporterQuerySet(OwnedQuerySet):
    def with_email(self, email: str) -> "SupporterQuerySet":
        return self.filter(email__iexact=email.strip())


class Supporter(OwnedModel):
    """Someone who will vouch for the member: a sponsor, mentor, manager or company contact."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supporters"
    )
    name = models.CharField("full name", max_length=200)
    email = models.EmailField("email address", max_length=254)
    relationship = models.CharField("relationship to you", max_length=20, choices=Relationship)
    registration_number = models.CharField(
        "professional registration or membership number", max_length=50, blank=True
    )
    note = models.TextField(blank=True, max_length=NOTE_LIMIT)

    objects = SupporterQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "owner",
                name="registration_supporter_email_once_per_member",
                violation_error_message="You already have a supporter with this email address.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IntentionQuerySet(OwnedQuerySet):
    def drafts(self) -> "IntentionQuerySet":
        return self.filter(status=Status.DRAFT)

    def submitted(self) -> "IntentionQuerySet":
        return self.filter(status=Status.SUBMITTED)

    def with_progress(self) -> "IntentionQuerySet":
        """Annotate what the checklist needs beyond the row: supporters chosen, details given."""
        chosen = (
            Intention.supporters.through.objects.filter(intention=models.OuterRef("pk"))
            .values("intention")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(
            chosen_count=Coalesce(models.Subquery(chosen), 0),
            personal_given=personal_details_given("owner"),
        )


class Intention(OwnedModel):
    """The RPD form: the member says which category they are working towards, and when."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registration_intentions"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    category = models.CharField(
        "registration category", max_length=10, choices=RegistrationCategory, blank=True
    )
    timescale = models.CharField(
        "when you expect to apply", max_length=20, choices=Timescale, blank=True
    )
    route = models.CharField("route", max_length=20, choices=Route, blank=True)
    scheme_name = models.CharField("name of the scheme", max_length=200, blank=True)
    supporters = models.ManyToManyField(Supporter, blank=True, related_name="intentions")
    note = models.TextField(blank=True, max_length=NOTE_LIMIT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # What was sent, as schemas.IntentionSent: the answers and the chosen supporters as they were.
    sent = models.JSONField(null=True, blank=True)

    objects = IntentionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"],
                condition=Q(status=Status.DRAFT),
                name="registration_one_draft_intention_per_member",
                violation_error_message="You already have an intention in progress.",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT)
                | (
                    Q(status=Status.SUBMITTED, submitted_at__isnull=False, sent__isnull=False)
                    & ~Q(category="")
                    & ~Q(timescale="")
                ),
                name="registration_submitted_intention_is_complete",
            ),
            models.CheckConstraint(
                condition=~Q(route=Route.APPROVED_SCHEME) | ~Q(scheme_name=""),
                name="registration_scheme_route_names_the_scheme",
                violation_error_message="Give the name of the scheme.",
            ),
        ]
        indexes = [
            # The staff list: submitted intentions, newest first, perhaps of one category.
            models.Index(
                fields=["status", "category", "-submitted_at"], name="registration_submitted"
            ),
        ]

    def __str__(self) -> str:
        category = self.category or "a category not yet chosen"
        return f"Intention to register ({category})"

    @property
    def is_submitted(self) -> bool:
        return self.status == Status.SUBMITTED
