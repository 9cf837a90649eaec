"""What registration lends the staff's inbox, which sits beside it and may not import it.

The review app reads submitted applications and intentions to register (RPD forms) through
``RegistrationInbox``, named on ``RegistrationConfig.registration_submissions`` and loaded by
``careermanager.review.registration_source``. It gives lists with their counts (each a fixed
number of queries), one application as staff read it, its kept PDF, and the staff's actions,
which go through the services in ``registration.applications`` like every other change.

A change from the wrong state (receipt confirmed twice, an outcome before receipt) raises a
``ValidationError`` with ``code="state"`` and a message for staff; the review app shows it as
a message rather than beside a field.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse

from careermanager.core.formatting import format_date
from careermanager.registration import applications
from careermanager.registration.application_records import shown_records
from careermanager.registration.models import (
    SENT_STATUSES,
    Application,
    ApplicationStatus,
    Attestation,
    AttesterRole,
    Intention,
    Outcome,
    RegistrationCategory,
)
from careermanager.registration.receipt import SEND_SEPARATELY
from careermanager.registration.reminders import (
    RECEIPT_WORKING_DAYS,
    is_overdue,
    overdue_before,
    receipt_due,
)

OVERDUE = "overdue"


@dataclass(frozen=True)
class ApplicationPage:
    """One sent application, as staff read it."""

    application: Application  # with its owner
    records: dict  # shown_records: the snapshot, for registration/includes/application_view.html
    attestations: list[Attestation]
    events: list  # the timeline (ApplicationEvent with actor), oldest first
    overdue: bool  # not received within RECEIPT_WORKING_DAYS working days
    receipt_due: date
    sha256_matches: bool  # every signature is over the snapshot's hash

    @property
    def can_receive(self) -> bool:
        return self.application.status == ApplicationStatus.SUBMITTED

    @property
    def can_decide(self) -> bool:
        return self.application.status == ApplicationStatus.RECEIVED


class RegistrationInbox:
    """Submitted applications and intentions for the review app."""

    categories = RegistrationCategory.choices
    # The application filter: each sent status, and those waiting too long for receipt.
    statuses = [
        (ApplicationStatus.SUBMITTED.value, "Submitted, not yet received"),
        (OVERDUE, f"Not received after {RECEIPT_WORKING_DAYS} working days"),
        (ApplicationStatus.RECEIVED.value, "Received"),
        (ApplicationStatus.DECIDED.value, "Decided"),
    ]
    outcomes = Outcome.choices
    send_separately = SEND_SEPARATELY
    receipt_working_days = RECEIPT_WORKING_DAYS

    # Lists ---------------------------------------------------------------------------------

    def applications(
        self, *, category: str = "", status: str = "", now: datetime | None = None
    ) -> QuerySet:
        """Sent applications, oldest first, with their members and an ``overdue`` flag.

        One query when evaluated (the inbox index ``registration_app_inbox`` serves it).
        """
        late = overdue_before(now)
        shown = Application.objects.filter(status__in=SENT_STATUSES)
        if category:
            shown = shown.filter(category=category)
        if status == OVERDUE:
            shown = shown.filter(status=ApplicationStatus.SUBMITTED, submitted_at__lt=late)
        elif status:
            shown = shown.filter(status=status)
        return (
            shown.select_related("owner")
            .annotate(
                overdue=Case(
                    When(
                        Q(status=ApplicationStatus.SUBMITTED, submitted_at__lt=late),
                        then=Value(True),
                    ),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
            .order_by("submitted_at", "pk")
        )

    def application_counts(self, *, category: str = "", now: datetime | None = None) -> dict:
        """How many sent applications there are in each filter ("" for all). One query."""
        late = overdue_before(now)
        shown = Application.objects.filter(status__in=SENT_STATUSES)
        if category:
            shown = shown.filter(category=category)
        counts = shown.aggregate(
            all=Count("pk"),
            overdue=Count(
                "pk", filter=Q(status=ApplicationStatus.SUBMITTED, submitted_at__lt=late)
            ),
            **{
                status.value: Count("pk", filter=Q(status=status.value)) for status in SENT_STATUSES
            },
        )
        counts[""] = counts.pop("all")
        return counts

    def intentions(self, *, category: str = "") -> QuerySet:
        """Submitted intentions to register (RPD forms), oldest first. One query."""
        shown = Intention.objects.submitted().select_related("owner")
        if category:
            shown = shown.filter(category=category)
        return shown.order_by("submitted_at", "pk")

    def intention_count(self, *, category: str = "") -> int:
        shown = Intention.objects.submitted()
        if category:
            shown = shown.filter(category=category)
        return shown.count()

    def intention_url(self, pk: int) -> str:
        """The staff's page of one submitted intention."""
        return reverse("registration:staff-intention", args=[pk])

    # One application ----------------------------------------------------------------------

    def application(self, pk: int, *, now: datetime | None = None) -> ApplicationPage | None:
        """A sent application with its snapshot, attestations and timeline, or None."""
        row = (
            Application.objects.filter(pk=pk, status__in=SENT_STATUSES)
            .select_related("owner")
            .first()
        )
        if row is None:
            return None
        roles = list(AttesterRole.values)  # sponsor, proposer, supporter: the form's order
        attestations = sorted(row.attestations.all(), key=lambda a: roles.index(a.role))
        return ApplicationPage(
            application=row,
            records=shown_records(row),
            attestations=attestations,
            events=list(row.events.select_related("actor")),
            overdue=row.status == ApplicationStatus.SUBMITTED and is_overdue(row.submitted_at, now),
            receipt_due=receipt_due(row.submitted_at),
            sha256_matches=all(a.signed_sha256 == row.snapshot_sha256 for a in attestations),
        )

    def pdf(self, pk: int):
        """The kept PDF (a FieldFile) of a sent application, or None while it is being made."""
        row = Application.objects.filter(pk=pk, status__in=SENT_STATUSES).only("pdf").first()
        return row.pdf if row is not None and row.pdf else None

    # Actions ------------------------------------------------------------------------------

    def receive(self, pk: int, *, actor, comment: str = "") -> Application:
        """Confirm receipt: the member is emailed (with SEND_SEPARATELY) and sees the comment."""
        row = self._sent(pk)
        try:
            return applications.application_receive(application=row, actor=actor, comment=comment)
        except applications.WrongState:
            raise self._state_error(pk, "receive") from None

    def comment(self, pk: int, *, actor, text: str):
        """A comment from staff that the member reads on the application's timeline."""
        row = self._sent(pk)
        try:
            return applications.application_staff_comment(application=row, actor=actor, text=text)
        except applications.WrongState:
            raise self._state_error(pk, "comment") from None

    def decide(self, pk: int, *, actor, outcome: str, note: str = "") -> Application:
        """Record the outcome of a received application."""
        row = self._sent(pk)
        try:
            return applications.application_decide(
                application=row, actor=actor, outcome=outcome, note=note
            )
        except applications.WrongState:
            raise self._state_error(pk, "decide") from None

    def _sent(self, pk: int) -> Application:
        row = (
            Application.objects.filter(pk=pk, status__in=SENT_STATUSES)
            .select_related("owner")
            .first()
        )
        if row is None:
            raise Http404("No sent application with this number")
        return row

    def _state_error(self, pk: int, action: str) -> ValidationError:
        """What staff are told when the application is no longer where the action starts."""
        row = Application.objects.get(pk=pk)
        received, decided = format_date(row.received_at), format_date(row.decided_at)
        messages = {
            ("receive", ApplicationStatus.RECEIVED): (
                f"This application was already received on {received}: nothing changed."
            ),
            ("receive", ApplicationStatus.DECIDED): (
                f"This application was already received on {received} and its outcome "
                "recorded: nothing changed."
            ),
            ("decide", ApplicationStatus.SUBMITTED): (
                "Confirm receipt of this application before you record its outcome."
            ),
            ("decide", ApplicationStatus.DECIDED): (
                f"The outcome of this application was already recorded on {decided}: "
                "nothing changed."
            ),
        }
        message = messages.get(
            (action, row.status), applications.STATE_MESSAGES.get(row.status, "")
        )
        return ValidationError(message or "This application cannot change now.", code="state")
