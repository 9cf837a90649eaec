"""Reminders by email a week before an action falls due.

``reminders_send()`` emails each member whose open actions fall due within the next
``REMIND_DAYS`` days (today included) one message listing them. It is run once a day, by the
``send_development_reminders`` command from cron or a timer (docs/deployment.md), or as the
task ``send_reminders`` by anything that enqueues tasks. Running it again sends nothing twice:

- each action is reminded once for each due date: ``Action.reminded_for`` keeps the due date
  the reminder was about and ``reminded_at`` when it went; moving the due date allows a new
  reminder for the new date;
- only members who want reminders get them (``Plan.reminders``; a member with no plan row
  has the default, on), only for open actions of open objectives, and only to active accounts.

A day missed by the schedule is caught up the next day, as the window covers the whole week.
"""

import logging
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from careermanager.core.audit import audit
from careermanager.core.formatting import counted, format_date
from careermanager.core.mail import absolute_url, send_email
from careermanager.development.models import OPEN_STATUSES, Action

logger = logging.getLogger(__name__)

REMIND_DAYS = 7


def _due(today: date):
    """The open actions due within the reminder window that have not been reminded for it."""
    return (
        Action.objects.filter(
            status__in=OPEN_STATUSES,
            objective__status__in=OPEN_STATUSES,
            due_date__range=(today, today + timedelta(days=REMIND_DAYS)),
            objective__owner__is_active=True,
        )
        .filter(
            Q(objective__owner__development_plan__isnull=True)
            | Q(objective__owner__development_plan__reminders=True)
        )
        .exclude(reminded_for=F("due_date"))
    )


def reminders_send(*, today: date | None = None) -> int:
    """Email every member with actions falling due within the week; return how many emails."""
    today = today or timezone.localdate()
    by_owner: dict[int, list[int]] = defaultdict(list)
    for action_id, owner_id in _due(today).values_list("pk", "objective__owner_id"):
        by_owner[owner_id].append(action_id)
    sent = 0
    for action_ids in by_owner.values():
        try:
            sent += _remind(action_ids, today)
        except Exception:
            # One member's failure must not stop the others' reminders; the next run retries.
            logger.exception("Could not send a development reminder")
    return sent


@transaction.atomic
def _remind(action_ids: list[int], today: date) -> int:
    """Send one member their reminder, marking the actions in the same transaction."""
    # Locked and read again, so two runs at once cannot both send; the row lock has no joins.
    locked = set(
        Action.objects.select_for_update()
        .filter(pk__in=action_ids)
        .exclude(reminded_for=F("due_date"))
        .values_list("pk", flat=True)
    )
    actions = list(
        _due(today)
        .filter(pk__in=locked)
        .select_related("objective__owner")
        .order_by("due_date", "pk")
    )
    if not actions:
        return 0
    owner = actions[0].objective.owner
    now = timezone.now()
    for action in actions:
        action.reminded_at = now
        action.reminded_for = action.due_date
    Action.objects.bulk_update(actions, ["reminded_at", "reminded_for"])
    items = [
        {
            "description": action.description,
            "due": format_date(action.due_date),
            "objective": action.objective.title,
            "url": absolute_url(
                reverse("development:objective-detail", kwargs={"pk": action.objective_id})
            ),
        }
        for action in actions
    ]
    send_email(
        to=[owner.email],
        subject=(
            f"Due soon: {actions[0].description}"
            if len(actions) == 1
            else f"{counted(len(actions), 'action')} in your development plan due soon"
        ),
        template="development/email/actions_due.txt",
        context={
            "name": owner.display_name,
            "actions": items,
            "plan_url": absolute_url(reverse("development:index")),
            "settings_url": absolute_url(reverse("development:settings")),
        },
    )
    audit(
        "development.reminder.sent",
        target=owner,
        data={"actions": [action.pk for action in actions]},
    )
    return 1


@task
def send_reminders() -> int:
    """The daily reminders as a background task."""
    return reminders_send()
