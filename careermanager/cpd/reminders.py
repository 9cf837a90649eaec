"""CPD emails sent by the daily `send_cpd_reminders` command.

Pace reminders. `settings.CPD_REMINDER_DAYS` (60 and 14 unless the institution sets others)
are days before a policy's period closes (31 December: every period ends with a calendar
year). From each of those days until the next one, a member who follows the policy and is
behind its pace gets one email, once for each threshold and period; a missed day is caught up
the next. Behind the pace means, with the share of the period gone by (days, today included):

- the hours towards the total minimum (counted hours, with any carried in) are fewer than that
  share of it; or
- the hours towards a minimum on a category or topic are fewer than that share of it; or
- under a policy that asks for reflection, an activity in the period has none, or nothing is
  recorded in it yet.

The email says what is still missing to meet the policy: the hours and the pace, each minimum
short, the reflections. One email a member, listing every policy they are behind on.

Reflection notes. From the first run of each month, members who have recorded activities that
ended before the month began and still have no reflection get one note listing them, once a
month.

Each is sent once: a row of `Reminder` is inserted before the email is queued, in the same
transaction, and the table's unique constraints allow one row for each reminder. A run inserts
its rows with ON CONFLICT DO NOTHING, then sends only the rows it inserted itself (marked with
its own run id), so a rerun sends nothing twice and two runs at once send each email once.
Members turn either email off on their CPD email settings page (`EmailSettings`).

Members are read in chunks (cohort.CHUNK): a fixed number of queries for each chunk, however
many members, policies or records.
"""

import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from careermanager.core.formatting import counted, format_date, hours, hours_phrase
from careermanager.core.mail import absolute_url, send_email
from careermanager.cpd import compliance, engine
from careermanager.cpd.cohort import chunks, items_of_members
from careermanager.cpd.models import Activity, MemberPolicy, Policy, Reminder

logger = logging.getLogger(__name__)

# A note lists at most this many activities; the link shows them all.
NOTE_LISTS = 20


@dataclass(frozen=True)
class Recipient:
    pk: int
    email: str
    name: str


@dataclass(frozen=True)
class PolicyBehind:
    """One policy a member is behind on, and what is still missing to meet it."""

    policy: Policy
    evaluation: engine.Evaluation
    days: int  # the threshold reached

    @property
    def missing(self) -> list[str]:
        evaluation = self.evaluation
        forecast = evaluation.forecast
        lines = []
        if forecast and forecast.hours_needed:
            lines.append(forecast.pace)
        for result in evaluation.minimums:
            if not result.met:
                lines.append(
                    f"{result.rule.label}: {hours_phrase(result.remaining)} more "
                    f"({hours(result.counted)} of {hours(result.rule.hours)} so far)."
                )
        if evaluation.missing_reflections:
            missing = counted(len(evaluation.missing_reflections), "activity", "activities")
            lines.append(f"A reflection on {missing}.")
        elif evaluation.policy.requires_reflection and evaluation.nothing_recorded:
            lines.append("Some CPD: nothing is recorded for this period yet.")
        return lines


@dataclass
class Outcome:
    """What a run sent, or with a dry run would send: one line for each email."""

    pace: int = 0
    reflection: int = 0
    lines: list[str] = field(default_factory=list)


def threshold_reached(days_left: int, thresholds: list[int]) -> int | None:
    """The smallest threshold not yet passed: today lies within its days before the end."""
    reached = [days for days in thresholds if days_left <= days]
    return min(reached) if reached else None


def behind(evaluation: engine.Evaluation, today: date) -> bool:
    """Whether the member is behind the pace that meets the policy by the period's end."""
    period = evaluation.period
    share = Decimal((today - period.start).days + 1) / Decimal((period.end - period.start).days + 1)
    minimum = evaluation.policy.total_minimum
    if minimum is not None and minimum - evaluation.total_remaining < minimum * share:
        return True
    if any(result.counted < result.rule.hours * share for result in evaluation.minimums):
        return True
    if evaluation.policy.requires_reflection:
        return bool(evaluation.missing_reflections) or evaluation.nothing_recorded
    return False


def _recipients(owner_ids) -> dict[int, Recipient]:
    return {
        pk: Recipient(pk, email, full_name or email)
        for pk, email, full_name in get_user_model()
        .objects.filter(pk__in=owner_ids)
        .values_list("pk", "email", "full_name")
    }


def _claim(rows: list[Reminder], run: str) -> set[tuple]:
    """Insert the reminders' rows; return (owner id, policy id) of those this run inserted."""
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return set(Reminder.objects.filter(run=run).values_list("owner_id", "policy_id"))


def pace_reminders(*, today: date, run: str, dry_run: bool, outcome: Outcome) -> None:
    period_end = date(today.year, 12, 31)
    days_left = (period_end - today).days + 1
    threshold = threshold_reached(days_left, settings.CPD_REMINDER_DAYS)
    if threshold is None:
        return
    policies = compliance.all_policies()
    following: dict[int, list[int]] = defaultdict(list)
    already = Reminder.objects.filter(
        kind=Reminder.Kind.PACE,
        owner_id=OuterRef("owner_id"),
        policy_id=OuterRef("policy_id"),
        period_end=period_end,
        days=threshold,
    )
    for owner_id, policy_id in (
        MemberPolicy.objects.filter(owner__is_active=True)
        .exclude(owner__cpd_email_settings__pace_reminders=False)
        .exclude(Exists(already))
        .order_by("owner_id", "policy_id")
        .values_list("owner_id", "policy_id")
    ):
        following[owner_id].append(policy_id)
    specs = {
        pk: (
            compliance.policy_spec(policy),
            engine.Period.ending_in(today.year, policy.period_years),
        )
        for pk, policy in policies.items()
    }
    # The engine's items: every period read, with the earlier ones hours carry over from.
    longest = max(
        (compliance.years_to_read(policies[pk]) for pk in set().union(*following.values())),
        default=1,
    )
    read_from = date(today.year - longest + 1, 1, 1)
    for owner_ids in chunks(following):
        items = items_of_members(owner_ids, read_from, period_end)
        due: dict[int, list[PolicyBehind]] = {}
        for owner_id in owner_ids:
            found = []
            for policy_id in following[owner_id]:
                spec, period = specs[policy_id]
                evaluation = engine.evaluate(spec, items[owner_id], period=period, today=today)
                if behind(evaluation, today):
                    found.append(PolicyBehind(policies[policy_id], evaluation, threshold))
            if found:
                due[owner_id] = found
        if not due:
            continue
        recipients = _recipients(list(due))
        if dry_run:
            for owner_id, found in due.items():
                names = "; ".join(str(entry.policy) for entry in found)
                outcome.lines.append(
                    f"Pace reminder ({threshold} days) to {recipients[owner_id].email}: {names}"
                )
                outcome.pace += 1
            continue
        with transaction.atomic():
            claimed = _claim(
                [
                    Reminder(
                        owner_id=owner_id,
                        kind=Reminder.Kind.PACE,
                        policy_id=entry.policy.pk,
                        period_end=period_end,
                        days=threshold,
                        sent_on=today,
                        run=run,
                    )
                    for owner_id, found in due.items()
                    for entry in found
                ],
                run,
            )
            for owner_id, found in due.items():
                mine = [entry for entry in found if (owner_id, entry.policy.pk) in claimed]
                if mine:
                    _send_pace(recipients[owner_id], mine, days_left, period_end)
                    outcome.pace += 1
                    outcome.lines.append(
                        f"Pace reminder ({threshold} days) to {recipients[owner_id].email}"
                    )


def _send_pace(
    recipient: Recipient, found: list[PolicyBehind], days_left: int, period_end: date
) -> None:
    send_email(
        to=[recipient.email],
        subject=(
            f"Your CPD for {found[0].policy} is behind"
            if len(found) == 1
            else f"Your CPD is behind for {counted(len(found), 'policy', 'policies')}"
        ),
        template="cpd/email/pace_reminder.txt",
        context={
            "name": recipient.name,
            "policies": [
                {
                    "name": str(entry.policy),
                    "period": entry.evaluation.period.label,
                    "missing": entry.missing,
                }
                for entry in found
            ],
            "days_left": counted(days_left, "day"),
            "closes": format_date(period_end),
            "overview_url": absolute_url(reverse("cpd:index")),
            "policies_url": absolute_url(reverse("cpd:policies")),
            "settings_url": absolute_url(reverse("cpd:email-settings")),
        },
    )


def reflection_notes(*, today: date, run: str, dry_run: bool, outcome: Outcome) -> None:
    month = today.replace(day=1)
    already = Reminder.objects.filter(
        kind=Reminder.Kind.REFLECTION, month=month, owner_id=OuterRef("owner_id")
    )
    waiting: dict[int, list[tuple]] = defaultdict(list)
    for owner_id, pk, title, end_date in (
        Activity.objects.recorded()
        .lacking_reflection()
        .filter(end_date__lt=month, owner__is_active=True)
        .exclude(owner__cpd_email_settings__reflection_note=False)
        .exclude(Exists(already))
        .order_by("owner_id", "-end_date", "-pk")
        .values_list("owner_id", "pk", "title", "end_date")
    ):
        waiting[owner_id].append((pk, title, end_date))
    for owner_ids in chunks(waiting):
        recipients = _recipients(owner_ids)
        if dry_run:
            for owner_id in owner_ids:
                outcome.lines.append(
                    f"Reflection note to {recipients[owner_id].email}: "
                    f"{counted(len(waiting[owner_id]), 'activity', 'activities')}"
                )
                outcome.reflection += 1
            continue
        with transaction.atomic():
            claimed = _claim(
                [
                    Reminder(
                        owner_id=owner_id,
                        kind=Reminder.Kind.REFLECTION,
                        month=month,
                        sent_on=today,
                        run=run,
                    )
                    for owner_id in owner_ids
                ],
                run,
            )
            for owner_id in owner_ids:
                if (owner_id, None) in claimed:
                    _send_note(recipients[owner_id], waiting[owner_id])
                    outcome.reflection += 1
                    outcome.lines.append(f"Reflection note to {recipients[owner_id].email}")


def _send_note(recipient: Recipient, activities: list[tuple]) -> None:
    listed = [
        {
            "title": title,
            "date": format_date(end_date),
            "url": absolute_url(reverse("cpd:activity-reflection", kwargs={"pk": pk})),
        }
        for pk, title, end_date in activities[:NOTE_LISTS]
    ]
    send_email(
        to=[recipient.email],
        subject=(
            f"{counted(len(activities), 'CPD activity', 'CPD activities')} "
            f"{'has' if len(activities) == 1 else 'have'} no reflection yet"
        ),
        template="cpd/email/reflection_note.txt",
        context={
            "name": recipient.name,
            "activities": listed,
            "more": len(activities) - len(listed),
            "list_url": absolute_url(reverse("cpd:activity-list") + "?reflection=needed"),
            "settings_url": absolute_url(reverse("cpd:email-settings")),
        },
    )


def reminders_send(*, today: date | None = None, dry_run: bool = False) -> Outcome:
    """Send today's pace reminders and this month's reflection notes; each once."""
    today = today or timezone.localdate()
    run = uuid.uuid4().hex
    outcome = Outcome()
    pace_reminders(today=today, run=run, dry_run=dry_run, outcome=outcome)
    reflection_notes(today=today, run=run, dry_run=dry_run, outcome=outcome)
    return outcome
