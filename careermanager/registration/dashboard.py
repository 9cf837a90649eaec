"""The home-page panel: the application's state, the intention's progress, or an invitation.

One query whatever the member has: their own row, annotated with their draft intention and
what its checklist needs, and with their latest application (the open one first). The
application's own checklist reads the whole application (its page shows it), so the panel
says where the application stands without it: its category and state, and once locked, how
many attesters have signed.
"""

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce

from careermanager.profiles.queries import personal_details_given
from careermanager.registration.applications import ATTESTERS_NEEDED
from careermanager.registration.checklist import checklist, required_done
from careermanager.registration.models import (
    OPEN_STATUSES,
    Application,
    Attestation,
    Intention,
    Status,
)

INTENTION_FIELDS = ("pk", "category", "timescale", "note")
APPLICATION_FIELDS = ("pk", "status", "category", "submitted_at", "received_at", "outcome")


def _count(queryset, by: str):
    return Coalesce(Subquery(queryset.order_by().values(by).annotate(n=Count("pk")).values("n")), 0)


def _row(user) -> dict:
    intentions = Intention.objects.filter(owner=OuterRef("pk"))
    draft = intentions.filter(status=Status.DRAFT).order_by()
    latest = Application.objects.filter(owner=OuterRef("pk")).order_by(
        Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=1, output_field=IntegerField()),
        "-created_at",
    )
    chosen = Intention.supporters.through.objects.filter(
        intention__owner=OuterRef("pk"), intention__status=Status.DRAFT
    )
    signed = Attestation.objects.filter(
        application__owner=OuterRef("pk"),
        application__status__in=OPEN_STATUSES,
        signed_at__isnull=False,
    )
    annotations = {
        "intention_count": _count(intentions, "owner"),
        "chosen_count": _count(chosen, "intention__owner"),
        "signed_count": _count(signed, "application__owner"),
        "personal_given": personal_details_given("pk"),
        **{f"intention_{f}": Subquery(draft.values(f)[:1]) for f in INTENTION_FIELDS},
        **{f"application_{f}": Subquery(latest.values(f)[:1]) for f in APPLICATION_FIELDS},
    }
    return get_user_model().objects.filter(pk=user.pk).values(**annotations).get()


def _draft_intention(user, row: dict) -> Intention | None:
    """The draft intention as ``with_progress()`` would give it, from the panel's row."""
    if row["intention_pk"] is None:
        return None
    draft = Intention(owner=user, **{name: row[f"intention_{name}"] for name in INTENTION_FIELDS})
    draft.chosen_count = row["chosen_count"]
    draft.personal_given = row["personal_given"]
    return draft


def panel(request) -> dict | None:
    """One query: the member with their draft intention and their latest application."""
    row = _row(request.user)
    context: dict = {"template": "registration/panel.html", "order": 60, "draft": None}
    draft = _draft_intention(request.user, row)
    if draft is not None:
        context["draft"] = draft
        context["done"], context["required"] = required_done(checklist(draft))
        context["order"] = 40
    if row["application_pk"] is not None:
        context["application"] = Application(
            owner=request.user, **{name: row[f"application_{name}"] for name in APPLICATION_FIELDS}
        )
        context["signed"] = row["signed_count"]
        context["attesters_needed"] = ATTESTERS_NEEDED
        context["order"] = 40
    elif draft is None and row["intention_count"]:
        # Intentions sent, no application yet: the next step is the application.
        context["invite_application"] = True
    return context
