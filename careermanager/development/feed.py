"""The member's private calendar feed: its secret address, and the iCalendar it serves.

The address ends in a random secret (``secrets.token_urlsafe(32)``, 256 bits). Only its
SHA-256 is kept, in ``Plan.calendar_token_hash``: the secret exists in the response that shows
it to the member once and in their calendar app, never in the database. A new secret (reset)
replaces the digest, so the old address stops working at once; turning the feed off clears it.

The feed has one all-day event for each open action's due date and each open objective's
target date (an action or objective that is complete or cancelled, or an action of an
objective that is, drops out). Each event's UID is made from the record's kind and id, so a
calendar app updates the event when its date or words change rather than adding another.
Reading the feed takes the same three queries whatever the plan holds.
"""

import hashlib
import secrets
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from icalendar import Calendar, Event

from careermanager.core.audit import audit
from careermanager.core.mail import absolute_url
from careermanager.development.models import OPEN_STATUSES, Action, Objective, Plan

CALENDAR_NAME = "Development plan"
# How often calendar apps are asked to fetch the feed again (they may choose to wait longer);
# X-PUBLISHED-TTL says the same for Outlook.
REFRESH = timedelta(hours=6)
MAX_TOKEN = 100  # longer than any secret we issue: refused before hashing


def hash_token(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode("utf-8")).hexdigest()


def feed_path(raw_token: str) -> str:
    return reverse("development:calendar-feed", kwargs={"token": raw_token})


def feed_url(raw_token: str) -> str:
    """The full address a calendar app subscribes to."""
    return absolute_url(feed_path(raw_token))


def _new_secret(plan: Plan) -> str:
    raw_token = secrets.token_urlsafe(32)
    plan.calendar_token_hash = hash_token(raw_token)
    plan.full_clean()
    plan.save(update_fields=["calendar_token_hash", "updated_at"])
    return raw_token


@transaction.atomic
def calendar_feed_enable(*, owner) -> str:
    """Give the member a feed address and return its secret, to be shown once.

    When the feed is already on, the existing address keeps working and no secret is
    returned (""): only a reset makes a new one.
    """
    plan, _ = Plan.objects.select_for_update().get_or_create(owner=owner)
    if plan.calendar_token_hash:
        return ""
    raw_token = _new_secret(plan)
    audit("development.calendar.enabled", actor=owner, target=plan)
    return raw_token


@transaction.atomic
def calendar_feed_reset(*, owner) -> str:
    """Replace the feed's secret: the old address stops working; return the new secret."""
    plan, _ = Plan.objects.select_for_update().get_or_create(owner=owner)
    raw_token = _new_secret(plan)
    audit("development.calendar.reset", actor=owner, target=plan)
    return raw_token


@transaction.atomic
def calendar_feed_disable(*, owner) -> bool:
    """Turn the feed off: its address stops working. False when it was already off."""
    plan = Plan.objects.select_for_update().filter(owner=owner).first()
    if plan is None or not plan.calendar_token_hash:
        return False
    plan.calendar_token_hash = ""
    plan.save(update_fields=["calendar_token_hash", "updated_at"])
    audit("development.calendar.disabled", actor=owner, target=plan)
    return True


def calendar_feed_on(owner) -> bool:
    return Plan.objects.filter(owner=owner).exclude(calendar_token_hash="").exists()


def plan_for_token(raw_token: str) -> Plan | None:
    """The plan whose feed this secret opens, with its owner; None for any other string.

    Looked up by digest, so how long a guess takes says nothing about how close it was.
    """
    if not raw_token or len(raw_token) > MAX_TOKEN:
        return None
    return (
        Plan.objects.select_related("owner")
        .filter(calendar_token_hash=hash_token(raw_token), owner__is_active=True)
        .first()
    )


def _uid(kind: str, pk: int) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "careermanager.invalid"
    return f"development-{kind}-{pk}@{host}"


def _all_day(
    *,
    uid: str,
    day: date,
    summary: str,
    description: str,
    url: str,
    modified,
    categories: tuple[str, ...],
) -> Event:
    return Event.new(
        uid=uid,
        start=day,
        end=day + timedelta(days=1),
        summary=summary,
        description=description,
        url=url,
        stamp=modified,
        last_modified=modified,
        categories=categories,
        transparency="TRANSPARENT",  # a due date does not make the member busy all day
    )


def _objective_url(objective_id: int) -> str:
    return absolute_url(reverse("development:objective-detail", kwargs={"pk": objective_id}))


def calendar_feed(owner) -> bytes:
    """The member's open due dates as an iCalendar file."""
    objectives = list(
        Objective.objects.owned_by(owner)
        .filter(status__in=OPEN_STATUSES)
        .only("pk", "title", "measure", "target_date", "updated_at")
        .order_by("target_date", "pk")
    )
    actions = list(
        Action.objects.owned_by(owner)
        .filter(status__in=OPEN_STATUSES, objective__status__in=OPEN_STATUSES)
        .select_related("objective")
        .only(
            "pk",
            "kind",
            "description",
            "due_date",
            "updated_at",
            "objective__id",
            "objective__title",
        )
        .order_by("due_date", "pk")
    )
    events = []
    for objective in objectives:
        events.append(
            _all_day(
                uid=_uid("objective", objective.pk),
                day=objective.target_date,
                summary=f"Target date: {objective.title}",
                description=(
                    f"The target date of your objective “{objective.title}”.\n\n"
                    f"How you will know you have achieved it: {objective.measure}"
                ),
                url=_objective_url(objective.pk),
                modified=objective.updated_at,
                categories=("Objective",),
            )
        )
    for action in actions:
        events.append(
            _all_day(
                uid=_uid("action", action.pk),
                day=action.due_date,
                summary=f"Due: {action.description}",
                description=(
                    f"{action.get_kind_display()}, towards your objective "
                    f"“{action.objective.title}”."
                ),
                url=_objective_url(action.objective_id),
                modified=action.updated_at,
                categories=("Action",),
            )
        )
    calendar = Calendar.new(
        prodid=f"-//{settings.SERVICE_NAME}//Development plan//EN",
        name=CALENDAR_NAME,
        description=f"Due dates from your development plan in {settings.SERVICE_NAME}.",
        refresh_interval=REFRESH,
        uid=_uid("plan", owner.pk),
        subcomponents=events,
    )
    calendar.add("x-published-ttl", "PT6H")  # Outlook's name for the refresh interval
    return calendar.to_ical()
