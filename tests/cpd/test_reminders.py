"""CPD emails: pace reminders before a period closes, the monthly reflection note; each once."""

import os
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from careermanager.cpd.models import Activity, EmailSettings, MemberPolicy, Policy, Reminder
from careermanager.cpd.reminders import reminders_send
from tests.concurrency import at_once, concurrent_postgres
from tests.cpd.factories import ActivityFactory
from tests.factories import UserFactory
from tests.queries import count_queries

YEAR = 2025
AT_60 = date(YEAR, 11, 2)  # 60 days left, today included
AT_14 = date(YEAR, 12, 18)  # 14 days left


def follow(member, code="iet-active"):
    MemberPolicy.objects.create(owner=member, policy=Policy.objects.get(code=code))


def log(member, hours, *, on=date(YEAR, 3, 1), reflected=True, **fields):
    return ActivityFactory(
        owner=member,
        start_date=on,
        end_date=on,
        hours=Decimal(hours),
        reflected=reflected,
        **fields,
    )


@pytest.fixture
def behind(owner):
    """Olive follows the IET's 30 hours a year and has recorded 10 by November."""
    follow(owner)
    log(owner, 10, title="Protection relay course")
    return owner


@pytest.mark.django_db
class TestPace:
    def test_behind_at_60_days_gets_one_email_saying_what_is_missing(self, behind):
        outcome = reminders_send(today=AT_60)
        assert outcome.pace == 1
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["owner@example.org"]
        assert message.subject == "Your CPD for IET: Professionally active is behind"
        body = message.body
        assert "Dear Olive Owner" in body
        assert "closes on 31 December 2025, in 60 days" in body
        assert "IET: Professionally active (2025). Still needed:" in body
        assert "- 20 hours more CPD: about 2.4 hours a week over the 8 weeks and 4 days left." in (
            body
        )
        assert "http://testserver/cpd/" in body or reverse("cpd:index") in body
        assert reverse("cpd:email-settings") in body
        assert Reminder.objects.get().days == 60

    def test_on_pace_gets_none(self, owner):
        follow(owner)
        log(owner, 26)  # more than 30 x 306/365 = 25.2 by 2 November
        assert reminders_send(today=AT_60).pace == 0
        assert mail.outbox == []

    def test_nothing_before_the_first_threshold(self, behind):
        assert reminders_send(today=AT_60 - timedelta(days=1)).pace == 0
        assert mail.outbox == []

    def test_a_rerun_sends_nothing_twice(self, behind):
        reminders_send(today=AT_60)
        assert reminders_send(today=AT_60).pace == 0
        assert reminders_send(today=AT_60 + timedelta(days=10)).pace == 0
        assert len(mail.outbox) == 1

    def test_at_14_days_a_second_one(self, behind):
        reminders_send(today=AT_60)
        assert reminders_send(today=AT_14 - timedelta(days=1)).pace == 0
        assert reminders_send(today=AT_14).pace == 1
        assert reminders_send(today=AT_14 + timedelta(days=1)).pace == 0
        assert len(mail.outbox) == 2
        assert "in 14 days" in mail.outbox[1].body
        assert sorted(Reminder.objects.values_list("days", flat=True)) == [14, 60]

    def test_a_missed_run_is_caught_up_once(self, behind):
        assert reminders_send(today=AT_60 + timedelta(days=3)).pace == 1
        assert reminders_send(today=AT_60 + timedelta(days=4)).pace == 0

    def test_starting_late_sends_only_the_latest_threshold(self, behind):
        assert reminders_send(today=AT_14 + timedelta(days=2)).pace == 1
        assert Reminder.objects.get().days == 14

    def test_turned_off_none(self, behind):
        EmailSettings.objects.create(owner=behind, pace_reminders=False)
        assert reminders_send(today=AT_60).pace == 0
        assert mail.outbox == []

    def test_not_to_deactivated_accounts(self, behind):
        behind.is_active = False
        behind.save()
        assert reminders_send(today=AT_60).pace == 0

    def test_the_institution_sets_the_days(self, behind, settings):
        settings.CPD_REMINDER_DAYS = [30]
        assert reminders_send(today=AT_60).pace == 0
        assert reminders_send(today=date(YEAR, 12, 2)).pace == 1
        assert "in 30 days" in mail.outbox[0].body

    def test_topic_minimums_and_reflections_missing_are_named(self, owner):
        follow(owner, "ea-chartered")
        follow(owner, "engc-registrant")
        log(owner, 100, on=date(YEAR - 1, 5, 1))
        log(owner, 5, reflected=False, title="Site visit")
        EmailSettings.objects.create(owner=owner, reflection_note=False)
        reminders_send(today=AT_60)
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.subject == "Your CPD is behind for 2 policies"
        body = message.body
        assert "Area of practice: 50 hours more (0 of 50 so far)." in body
        assert "Risk management: 10 hours more (0 of 10 so far)." in body
        assert "A reflection on 1 activity." in body
        assert Reminder.objects.count() == 2

    def test_reflection_only_policy_with_nothing_recorded(self, owner):
        follow(owner, "engc-registrant")
        reminders_send(today=AT_60)
        assert "Some CPD: nothing is recorded for this period yet." in mail.outbox[0].body

    def test_hours_carried_over_keep_a_member_on_pace(self, owner):
        policy = Policy.objects.get(code="iet-active")
        policy.carry_over_max_hours = Decimal(10)
        policy.save()
        follow(owner)
        log(owner, 45, on=date(YEAR - 1, 6, 1))  # 15 above the target: 10 carried over
        log(owner, 16)  # with the 10 carried in, 26 of 30 by 2 November
        assert reminders_send(today=AT_60).pace == 0
        policy.carry_over_max_hours = None
        policy.save()
        assert reminders_send(today=AT_60).pace == 1

    def test_training_in_the_profile_counts(self, owner):
        from careermanager.profiles.models import Training

        follow(owner)
        Training.objects.create(
            owner=owner, title="HV switching", start_date=date(YEAR, 6, 1), hours=Decimal(28)
        )
        assert reminders_send(today=AT_60).pace == 0


@pytest.mark.django_db
class TestReflectionNote:
    FIRST = date(YEAR, 12, 1)

    def test_once_a_month_listing_each_activity(self, owner):
        log(owner, 2, on=date(YEAR, 10, 3), reflected=False, title="Cable sizing webinar")
        log(owner, 2, on=date(YEAR, 11, 20), reflected=False, title="Arc flash talk")
        log(owner, 2, on=date(YEAR, 11, 21), title="Reflected on already")
        log(owner, 2, on=self.FIRST, reflected=False, title="Logged this month")
        assert reminders_send(today=self.FIRST).reflection == 1
        assert reminders_send(today=self.FIRST).reflection == 0
        assert reminders_send(today=self.FIRST + timedelta(days=5)).reflection == 0
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.subject == "2 CPD activities have no reflection yet"
        body = message.body
        assert body.index("Arc flash talk, 20 November 2025") < body.index("Cable sizing webinar")
        assert "Reflected on already" not in body
        assert "Logged this month" not in body
        arc = Activity.objects.get(title="Arc flash talk")
        assert reverse("cpd:activity-reflection", kwargs={"pk": arc.pk}) in body
        assert reverse("cpd:email-settings") in body
        assert reminders_send(today=date(YEAR + 1, 1, 1)).reflection == 1

    def test_none_when_every_activity_has_a_reflection(self, owner):
        log(owner, 2, on=date(YEAR, 10, 3))
        assert reminders_send(today=self.FIRST).reflection == 0
        assert mail.outbox == []

    def test_turned_off_none(self, owner):
        EmailSettings.objects.create(owner=owner, reflection_note=False)
        log(owner, 2, on=date(YEAR, 10, 3), reflected=False)
        assert reminders_send(today=self.FIRST).reflection == 0

    def test_drafts_are_not_listed(self, owner):
        log(owner, 2, on=date(YEAR, 10, 3), reflected=False, draft=True)
        assert reminders_send(today=self.FIRST).reflection == 0


@pytest.mark.django_db
def test_dry_run_lists_and_sends_nothing(behind, monkeypatch):
    log(behind, 1, on=date(YEAR, 10, 1), reflected=False, title="Unreflected")
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: date(YEAR, 12, 1))
    out = StringIO()
    call_command("send_cpd_reminders", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Pace reminder (60 days) to owner@example.org: IET: Professionally active" in text
    assert "Reflection note to owner@example.org: 1 activity" in text
    assert "Would send 1 CPD pace reminder(s) and 1 reflection note(s)." in text
    assert mail.outbox == []
    assert not Reminder.objects.exists()
    call_command("send_cpd_reminders", stdout=out)
    assert "Sent 1 CPD pace reminder(s) and 1 reflection note(s)." in out.getvalue()
    assert len(mail.outbox) == 2


def _members(count: int) -> None:
    iet = Policy.objects.get(code="iet-active")
    engc = Policy.objects.get(code="engc-registrant")
    for index in range(count):
        member = UserFactory()
        MemberPolicy.objects.create(owner=member, policy=iet)
        MemberPolicy.objects.create(owner=member, policy=engc)
        log(member, 5 + index % 10, on=date(YEAR, 2, 1))
        log(member, 2, on=date(YEAR, 10, 1), reflected=False)


@pytest.mark.django_db
def test_queries_do_not_grow_with_members():
    today = date(YEAR, 12, 1)  # a pace reminder and the monthly note for every member
    _members(5)
    few = count_queries(lambda: reminders_send(today=today))
    sent = len(mail.outbox)
    assert sent == 10
    Reminder.objects.all().delete()
    _members(45)
    many = count_queries(lambda: reminders_send(today=today))
    assert len(mail.outbox) - sent == 100
    assert few == many, f"{few} queries for 5 members, {many} for 50"
    print(f"{many} queries")


@pytest.mark.django_db
class TestSettingsPage:
    url = reverse("cpd:email-settings")

    def test_both_on_until_turned_off(self, owner_client):
        response = owner_client.get(self.url)
        assert response.status_code == 200
        form = response.context["form"]
        assert form["pace_reminders"].value() is True
        assert form["reflection_note"].value() is True
        assert "60 and 14 days before" in response.content.decode()

    def test_turning_one_off_is_saved_with_a_message(self, owner, owner_client):
        response = owner_client.post(self.url, {"reflection_note": "on"}, follow=True)
        assert "Your CPD email settings are saved." in response.content.decode()
        chosen = EmailSettings.objects.get(owner=owner)
        assert (chosen.pace_reminders, chosen.reflection_note) == (False, True)
        assert response.context["form"]["pace_reminders"].value() is False

    def test_linked_from_the_overview(self, owner_client):
        assert self.url in owner_client.get(reverse("cpd:index")).content.decode()

    def test_each_member_changes_only_their_own(self, owner, other_member, other_client):
        other_client.post(self.url, {})
        assert not EmailSettings.objects.filter(owner=owner).exists()
        assert EmailSettings.objects.get(owner=other_member).pace_reminders is False


class TestAtOnce:
    pytestmark = concurrent_postgres("two runs at once need PostgreSQL")

    def test_two_runs_at_once_send_once(self):
        member = UserFactory(email="racing@example.org")
        follow(member)
        log(member, 3)
        log(member, 1, on=date(YEAR, 10, 1), reflected=False)
        outcomes = at_once(4, lambda _: reminders_send(today=date(YEAR, 12, 1)))
        assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
        assert sum(o.pace for o in outcomes) == 1
        assert sum(o.reflection for o in outcomes) == 1
        assert sorted(m.subject for m in mail.outbox) == [
            "1 CPD activity has no reflection yet",
            "Your CPD for IET: Professionally active is behind",
        ]
        assert Reminder.objects.count() == 2


@pytest.mark.parametrize(
    ("value", "read"),
    [("30, 7,30", "[30, 7]"), ("", "[]"), ("60,soon", None), ("0", None), ("400", None)],
)
def test_the_days_setting_is_read_or_refused(value, read, tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CAREERMANAGER_")}
    environment |= {
        "CAREERMANAGER_VAR_DIR": str(tmp_path),
        "CAREERMANAGER_CPD_REMINDER_DAYS": value,
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from careermanager import settings; print(settings.CPD_REMINDER_DAYS)",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if read is None:
        assert result.returncode != 0
        assert "CAREERMANAGER_CPD_REMINDER_DAYS: use whole numbers of days" in result.stderr
    else:
        assert result.stdout.strip() == read, result.stderr
