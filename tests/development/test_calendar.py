"""The private calendar feed: turned on, shown once, read by calendar apps, reset and off."""

import re
from datetime import date

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from careermanager.core.models import AuditEvent
from careermanager.development.feed import hash_token
from careermanager.development.models import Objective, Plan, Status
from tests.development._plan_records import action, objective
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

FEED_URL = re.compile(r'value="(http[^"]+/development/calendar/([^"/]+)\.ics)"')


def turn_on(client) -> tuple[str, str]:
    """Turn the feed on as the member would; return the address shown and its secret."""
    response = client.post(reverse("development:calendar"), {"feed": "on"})
    assert response["Location"] == reverse("development:calendar")
    page = client.get(reverse("development:calendar")).content.decode()
    url, token = FEED_URL.search(page).groups()
    return url, token


def fetch(token: str, client: Client | None = None):
    return (client or Client()).get(reverse("development:calendar-feed", args=[token]))


def events(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def plan(owner, other_member):
    chartered = objective(owner, "Become a chartered engineer", target_date=date(2026, 3, 31))
    action(chartered, "Find two supporters", due_date=date(2026, 1, 15))
    action(
        chartered,
        "Write the competence report",
        due_date=date(2025, 12, 1),
        status=Status.IN_PROGRESS,
    )
    action(chartered, "Already done", status=Status.COMPLETE)
    action(chartered, "No longer planned", status=Status.CANCELLED)
    finished = objective(owner, "Finished objective", status=Status.COMPLETE)
    action(finished, "Open action of a finished objective", due_date=date(2026, 2, 2))
    secret = objective(other_member, "Other member's secret goal", target_date=date(2026, 5, 5))
    action(secret, "Other member's secret action")
    return chartered


def test_feed_has_an_all_day_event_per_open_date(owner, owner_client, plan):
    url, token = turn_on(owner_client)
    assert url.startswith("http")
    assert url.endswith(".ics")
    response = fetch(token)  # a calendar app: no session
    assert response["Cache-Control"] == "private, no-store"
    found = events(response)
    summaries = sorted(str(event["SUMMARY"]) for event in found.values())
    assert summaries == [
        "Due: Find two supporters",
        "Due: Write the competence report",
        "Target date: Become a chartered engineer",
    ]
    target = next(e for e in found.values() if str(e["SUMMARY"]).startswith("Target"))
    assert target.decoded("DTSTART") == date(2026, 3, 31)
    assert target.decoded("DTEND") == date(2026, 4, 1)
    assert "A signed-off study report." in str(target["DESCRIPTION"])
    detail = reverse("development:objective-detail", args=[plan.pk])
    assert str(target["URL"]).startswith("http")
    assert str(target["URL"]).endswith(detail)
    due = next(e for e in found.values() if "supporters" in str(e["SUMMARY"]))
    assert due.decoded("DTSTART") == date(2026, 1, 15)
    assert "Become a chartered engineer" in str(due["DESCRIPTION"])
    assert str(due["URL"]).endswith(detail)
    text = response.content.decode()
    assert "Other member" not in text
    assert "Already done" not in text
    assert "No longer planned" not in text
    assert "Finished objective" not in text
    assert "Open action of a finished objective" not in text


def test_uids_are_stable_when_dates_change(owner, owner_client, plan):
    _, token = turn_on(owner_client)
    before = events(fetch(token))
    plan.actions.filter(description="Find two supporters").update(due_date=date(2026, 1, 20))
    after = events(fetch(token))
    assert set(before) == set(after)
    assert len(after) == 3
    moved = next(e for e in after.values() if "supporters" in str(e["SUMMARY"]))
    assert moved.decoded("DTSTART") == date(2026, 1, 20)


def test_secret_is_kept_only_as_a_digest_and_shown_once(owner, owner_client, plan):
    _, token = turn_on(owner_client)
    stored = Plan.objects.get(owner=owner)
    assert stored.calendar_token_hash == hash_token(token)
    assert token not in stored.calendar_token_hash
    assert len(token) >= 43  # 32 random bytes
    again = owner_client.get(reverse("development:calendar")).content.decode()
    assert token not in again
    assert "Your calendar feed is on" in again
    # Turning it on again keeps the address the member's calendars already use.
    owner_client.post(reverse("development:calendar"), {"feed": "on"})
    assert Plan.objects.get(owner=owner).calendar_token_hash == hash_token(token)
    assert AuditEvent.objects.filter(action="development.calendar.enabled").count() == 1


def test_reset_gives_a_new_address_and_the_old_one_stops_working(owner, owner_client, plan):
    _, old = turn_on(owner_client)
    confirm = owner_client.get(reverse("development:calendar-reset"))
    assert confirm.status_code == 200
    assert "will stop working" in confirm.content.decode()
    assert fetch(old).status_code == 200  # nothing changes on GET
    response = owner_client.post(reverse("development:calendar-reset"))
    assert response["Location"] == reverse("development:calendar")
    page = owner_client.get(reverse("development:calendar")).content.decode()
    assert "The old one no longer works" in page
    _, new = FEED_URL.search(page).groups()
    assert new != old
    assert fetch(old).status_code == 404
    assert len(events(fetch(new))) == 3
    assert AuditEvent.objects.filter(action="development.calendar.reset").exists()


def test_reset_without_a_feed_goes_back_to_the_calendar_page(owner_client):
    response = owner_client.post(reverse("development:calendar-reset"))
    assert response["Location"] == reverse("development:calendar")
    assert not Plan.objects.exclude(calendar_token_hash="").exists()


def test_turning_off_asks_first_then_the_address_stops_working(owner, owner_client, plan):
    _, token = turn_on(owner_client)
    off = reverse("development:calendar") + "?turn=off"
    assert "Turn off your calendar feed?" in owner_client.get(off).content.decode()
    assert fetch(token).status_code == 200
    response = owner_client.post(off)
    assert response["Location"] == reverse("development:calendar")
    assert Plan.objects.get(owner=owner).calendar_token_hash == ""
    assert fetch(token).status_code == 404
    page = owner_client.get(reverse("development:calendar")).content.decode()
    assert "Its address no longer works" in page
    assert "Turn on the calendar feed" in page


def test_guessed_or_malformed_tokens_are_not_found(owner_client, plan):
    _, token = turn_on(owner_client)
    for guess in ["a" * 43, token[:-1], token + "x", "x" * 300, hash_token(token)]:
        response = fetch(guess)
        assert response.status_code == 404
        assert b"BEGIN:VCALENDAR" not in response.content
        assert b"chartered" not in response.content


def test_each_member_sees_only_their_own_feed(owner_client, other_client, plan):
    _, mine = turn_on(owner_client)
    _, theirs = turn_on(other_client)
    own = fetch(theirs).content.decode()
    assert "Other member's secret goal" in own
    assert "Other member's secret action" in own
    assert "chartered" not in own
    # Signed in as someone else changes nothing: the address decides.
    assert "Other member" not in fetch(mine, other_client).content.decode()


def test_feed_of_a_deactivated_account_is_gone(owner, owner_client, plan):
    _, token = turn_on(owner_client)
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert fetch(token).status_code == 404


def test_feed_changes_are_post_only(owner_client):
    assert owner_client.put(reverse("development:calendar")).status_code == 405
    _, token = turn_on(owner_client)
    assert Client().post(reverse("development:calendar-feed", args=[token])).status_code == 405


def test_feed_queries_do_not_grow_with_the_plan(owner, owner_client):
    _, token = turn_on(owner_client)

    def grow(count):
        for index in range(count):
            goal = objective(owner, f"Goal {index}", kind=Objective.Kind.PERSONAL)
            action(goal, f"Step {index}")

    grow(10)
    client = Client()
    fetch(token, client)
    few = count_queries(lambda: fetch(token, client))
    grow(490)
    many = count_queries(lambda: fetch(token, client))
    assert few == many <= 4
    assert len(events(fetch(token, client))) == 1000
