"""Reminders by email a week before an action falls due: once per action and due date."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from careermanager.core.models import AuditEvent
from careermanager.development.models import Action, Plan, Status
from careermanager.development.tasks import reminders_send, send_reminders
from tests.development._plan_records import action, objective

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture
def due(owner):
    goal = objective(owner, "Become a chartered engineer", target_date=date(2026, 12, 31))
    return action(goal, "Find two supporters", due_date=TODAY + timedelta(days=7))


def test_reminder_is_sent_once(owner, due):
    assert reminders_send(today=TODAY) == 1
    assert reminders_send(today=TODAY) == 0
    assert reminders_send(today=TODAY + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert message.subject == "Due soon: Find two supporters"
    assert "Dear Olive Owner" in message.body
    assert "Find two supporters" in message.body
    assert "9 March 2026" in message.body
    assert "Become a chartered engineer" in message.body
    assert reverse("development:objective-detail", args=[due.objective_id]) in message.body
    assert reverse("development:settings") in message.body
    assert "turn off reminders" in message.body
    due.refresh_from_db()
    assert due.reminded_for == due.due_date
    assert due.reminded_at is not None
    assert AuditEvent.objects.filter(action="development.reminder.sent").count() == 1


def test_not_yet_more_than_a_week_ahead(due):
    assert reminders_send(today=TODAY - timedelta(days=1)) == 0
    assert mail.outbox == []


def test_a_missed_day_is_caught_up(due):
    assert reminders_send(today=TODAY + timedelta(days=3)) == 1


def test_overdue_actions_are_not_reminded(due):
    assert reminders_send(today=TODAY + timedelta(days=8)) == 0


def test_moving_the_due_date_allows_a_new_reminder(due):
    reminders_send(today=TODAY)
    Action.objects.filter(pk=due.pk).update(due_date=TODAY + timedelta(days=20))
    assert reminders_send(today=TODAY) == 0  # the new date is not within a week yet
    assert reminders_send(today=TODAY + timedelta(days=13)) == 1
    assert len(mail.outbox) == 2
    assert "22 March 2026" in mail.outbox[1].body


def test_not_sent_when_the_member_turned_reminders_off(owner, due):
    Plan.objects.create(owner=owner, reminders=False)
    assert reminders_send(today=TODAY) == 0
    assert mail.outbox == []
    due.refresh_from_db()
    assert due.reminded_for is None  # turning them back on still gets this one


def test_sent_with_a_plan_that_wants_them(owner, due):
    Plan.objects.create(owner=owner, reminders=True, calendar_token_hash="")
    assert reminders_send(today=TODAY) == 1


@pytest.mark.parametrize("status", [Status.COMPLETE, Status.CANCELLED])
def test_not_sent_for_closed_actions(due, status):
    due.status = status
    due.completed_on = TODAY if status == Status.COMPLETE else None
    due.save()
    assert reminders_send(today=TODAY) == 0


@pytest.mark.parametrize("status", [Status.COMPLETE, Status.CANCELLED])
def test_not_sent_for_actions_of_closed_objectives(due, status):
    goal = due.objective
    goal.status = status
    goal.completed_on = TODAY if status == Status.COMPLETE else None
    goal.save()
    assert reminders_send(today=TODAY) == 0


def test_not_sent_to_deactivated_accounts(owner, due):
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert reminders_send(today=TODAY) == 0


def test_one_email_per_member_listing_each_action(owner, other_member, due):
    action(due.objective, "Write the competence report", due_date=TODAY + timedelta(days=2))
    action(due.objective, "Later step", due_date=TODAY + timedelta(days=30))
    theirs = objective(other_member, "Other member's goal")
    action(theirs, "Other member's step", due_date=TODAY)
    assert reminders_send(today=TODAY) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    mine = by_recipient[owner.email]
    assert mine.subject == "2 actions in your development plan due soon"
    assert "Find two supporters" in mine.body
    assert "Write the competence report" in mine.body
    assert "Later step" not in mine.body
    assert "Other member" not in mine.body
    assert "Other member's step" in by_recipient[other_member.email].body
    assert "Find two supporters" not in by_recipient[other_member.email].body


def test_the_command_and_the_task_send_the_reminders(due, monkeypatch):
    monkeypatch.setattr("careermanager.development.tasks.timezone.localdate", lambda: TODAY)
    call_command("send_development_reminders")
    assert len(mail.outbox) == 1
    call_command("send_development_reminders")
    send_reminders.enqueue()
    assert len(mail.outbox) == 1
