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
from django.utils import timezone

from careermanager.competence.queries import RegistrationCategory
from careermanager.core.models import OwnedModel, OwnedQuerySet
from careermanager.profiles.queries import personal_details_given

NOTE_LIMIT = 1000

__all__ = [
    "Application",
    "ApplicationEvent",
    "ApplicationRole",
    "Attestation",
    "Intention",
    "ListEntry",
    "RegistrationCategory",
    "Relationship",
    "Route",
    "Statement",
    "Supporter",
    "Timescale",
]


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


# The registration application ------------------------------------------------------------
#
# A member prepares one application at a time. Its life, each step one service function in
# registration/applications.py with an audit event and a timeline event:
#
#   draft --lock--> locked --submit (three attesters signed)--> submitted --receive--> received
#     ^               |                                                        |
#     +----unlock-----+ (discards every attester's comments and signature)     +--decide-->
#
# A draft reads the member's records live; locking keeps them as the application's snapshot
# (JSON from the apps' record schemas, with its SHA-256), which attesters, the PDF and staff
# read from then on.


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    LOCKED = "locked", "Locked for attestation"
    SUBMITTED = "submitted", "Submitted"
    RECEIVED = "received", "Received by the institution"
    DECIDED = "decided", "Decided"


OPEN_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.LOCKED)
SENT_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.RECEIVED, ApplicationStatus.DECIDED)


class ApplicationRoute(models.TextChoices):
    STANDARD = "standard", "Standard route"
    STREAMLINED = "streamlined", "Streamlined route (an approved apprenticeship or scheme)"


class InterviewLocation(models.TextChoices):
    """Where a CEng or IEng candidate would prefer their interview; our own list of modes."""

    ONLINE = "online", "Online (video call)"
    INSTITUTION = "institution", "At the institution's offices"
    EMPLOYER = "employer", "At my employer's premises"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Outcome(models.TextChoices):
    APPROVED = "approved", "Registration approved"
    MORE_EVIDENCE = "more_evidence", "More evidence requested"
    NOT_APPROVED = "not_approved", "Not approved this time"


class ListKind(models.TextChoices):
    SCHEME = "scheme", "Approved scheme (streamlined route)"
    SECTOR = "sector", "Sector"
    SPECIALISM = "specialism", "Specialism"


class ListEntry(models.Model):
    """One entry of a list the institution keeps: approved schemes, sectors, specialisms.

    Entries are retired rather than deleted, so applications that chose one still name it.
    """

    kind = models.CharField(max_length=20, choices=ListKind)
    name = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                "kind",
                Lower("name"),
                name="registration_list_entry_once",
                violation_error_message="This list already has an entry with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ApplicationQuerySet(OwnedQuerySet):
    def open(self) -> "ApplicationQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def sent(self) -> "ApplicationQuerySet":
        return self.filter(status__in=SENT_STATUSES)


class Application(OwnedModel):
    """An application for professional registration in one category."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registration_applications"
    )
    status = models.CharField(
        max_length=10, choices=ApplicationStatus, default=ApplicationStatus.DRAFT
    )
    category = models.CharField(
        "registration category", max_length=10, choices=RegistrationCategory, blank=True
    )
    route = models.CharField("route", max_length=20, choices=ApplicationRoute, blank=True)
    # The approved scheme of a streamlined route, by name as the institution's list gave it.
    scheme = models.CharField("approved scheme", max_length=200, blank=True)
    # "Have you spoken to a Professional Registration Advisor?": None until answered.
    advisor_spoken = models.BooleanField(null=True, blank=True)
    advisor_name = models.CharField("the advisor's name", max_length=200, blank=True)
    # The accountability diagram: the one the profile draws, or an uploaded file.
    use_profile_diagram = models.BooleanField(default=False)
    sector = models.CharField(max_length=200, blank=True)
    specialisms = models.JSONField(default=list, blank=True)  # names, in the member's order
    interview_location = models.CharField(max_length=20, choices=InterviewLocation, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    # What the application showed when it was locked (schemas.ApplicationRecords as JSON).
    snapshot = models.JSONField(null=True, blank=True)
    snapshot_sha256 = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome, blank=True)
    outcome_note = models.TextField(blank=True, max_length=4000)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The submitted application's PDF, made from the snapshot once and kept.
    pdf = models.FileField(upload_to="registration/applications/", blank=True, max_length=200)
    # When staff were reminded that it has not been received (once per application).
    staff_reminded_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"],
                condition=Q(status__in=OPEN_STATUSES),
                name="registration_one_open_application_per_member",
                violation_error_message="You already have an application in progress.",
            ),
            models.CheckConstraint(
                condition=Q(status=ApplicationStatus.DRAFT)
                | (Q(locked_at__isnull=False) & ~Q(snapshot_sha256="") & ~Q(category="")),
                name="registration_locked_application_has_snapshot",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=SENT_STATUSES) | Q(submitted_at__isnull=False),
                name="registration_sent_application_has_date",
            ),
        ]
        indexes = [
            # The staff inbox: sent applications by status, oldest first.
            models.Index(fields=["status", "submitted_at"], name="registration_app_inbox"),
        ]

    def __str__(self) -> str:
        category = self.category or "a category not yet chosen"
        return f"Application for registration ({category})"

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    @property
    def is_locked(self) -> bool:
        return self.status == ApplicationStatus.LOCKED

    @property
    def is_sent(self) -> bool:
        return self.status in SENT_STATUSES

    @property
    def needs_interview(self) -> bool:
        return self.category in (RegistrationCategory.CENG, RegistrationCategory.IENG)


class ApplicationRole(models.Model):
    """The application's text for one role of the member's employment history.

    It starts from the CV's responsibilities and achievements and is then edited for the
    application; the CV is not changed. A role not included is left out of the application.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="roles")
    employment = models.ForeignKey(
        "profiles.Employment", on_delete=models.CASCADE, related_name="+"
    )
    included = models.BooleanField(default=True)
    text = models.TextField(blank=True, max_length=20000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "employment"], name="registration_role_once"
            )
        ]

    def __str__(self) -> str:
        return f"Role text for {self.application}"


class Statement(models.Model):
    """The application's statement against one competence of its category's framework.

    Kept by the competence's code ("A1"), so it survives a new framework edition with the same
    code; it starts from the member's assessment evidence and is then edited.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="statements"
    )
    code = models.CharField(max_length=20)
    text = models.TextField(blank=True, max_length=20000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "code"], name="registration_statement_once"
            )
        ]

    def __str__(self) -> str:
        return f"Statement against {self.code}"


class AttesterRole(models.TextChoices):
    SPONSOR = "sponsor", "Sponsor"
    PROPOSER = "proposer", "Proposer"
    SUPPORTER = "supporter", "Supporter"


class Attestation(models.Model):
    """One of the application's three attesters, what they said and their signature.

    Their guest ticket opens this row (and through it the application's snapshot); unlocking
    the application deletes every attestation and revokes their tickets.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attestations"
    )
    role = models.CharField(max_length=20, choices=AttesterRole)
    supporter = models.ForeignKey(
        Supporter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField("full name", max_length=200)
    email = models.EmailField("email address", max_length=254)
    registration_number = models.CharField(
        "professional registration or membership number", max_length=50, blank=True
    )
    message = models.TextField("your message", blank=True, max_length=2000)
    invited_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    overall_comment = models.TextField(blank=True, max_length=10000)
    area_comments = models.JSONField(default=dict, blank=True)  # area code -> comment
    commented_at = models.DateTimeField(null=True, blank=True)
    # The signature: typed name, their own registration details, the confirmation, the time
    # and the snapshot hash they saw.
    signed_name = models.CharField(max_length=200, blank=True)
    signed_registration = models.CharField(max_length=200, blank=True)
    signed_statement = models.TextField(blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["application", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "role"],
                name="registration_one_attester_per_role",
                violation_error_message="This application already has an attester in this role.",
            ),
            models.UniqueConstraint(
                "application",
                Lower("email"),
                name="registration_attester_email_once",
                violation_error_message="Each attester needs their own email address.",
            ),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True) | (~Q(signed_name="") & ~Q(signed_sha256="")),
                name="registration_signature_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"

    @property
    def owner(self):
        """The member whose application this is (guest tickets name them)."""
        return self.application.owner

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class EventKind(models.TextChoices):
    INTENTION_SUBMITTED = "intention_submitted", "Intention to register submitted"
    STARTED = "started", "Application started"
    LOCKED = "locked", "Application locked"
    UNLOCKED = "unlocked", "Application unlocked"
    ATTESTER_INVITED = "attester_invited", "Attester invited"
    ATTESTER_REINVITED = "attester_reinvited", "Attester sent a new link"
    ATTESTER_REMOVED = "attester_removed", "Attester removed"
    ATTESTER_REMINDED = "attester_reminded", "Attester reminded"
    ATTESTED = "attested", "Attestation signed"
    SHARED = "shared", "Draft shared to read"
    SUBMITTED = "submitted", "Application submitted"
    RECEIVED = "received", "Receipt confirmed by the institution"
    STAFF_COMMENT = "staff_comment", "Comment from the institution"
    DECIDED = "decided", "Outcome recorded"


class ApplicationEvent(models.Model):
    """One dated line of the application's timeline, as the member sees it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who it was about or what was said, in words for the member: "Sponsor: Grace Hopper".
    detail = models.TextField(blank=True, max_length=4000)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()
