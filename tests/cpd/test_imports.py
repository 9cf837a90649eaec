"""Calendar (.ics) import. (The legacy CSV import is tested in tests/portability.)"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from careermanager.cpd.models import Activity
from tests.cpd.factories import ActivityFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def ics(*events: str) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
        + "".join(events)
        + "END:VCALENDAR\r\n"
    ).encode()


def vevent(uid, start, end, summary, extra=""):
    lines = [f"UID:{uid}", f"DTSTART:{start}", f"DTEND:{end}", f"SUMMARY:{summary}"]
    return "BEGIN:VEVENT\r\n" + "\r\n".join(lines) + "\r\n" + extra + "END:VEVENT\r\n"


def upload_ics(client, content: bytes, name="calendar.ics"):
    return client.post(
        reverse("cpd:import-calendar"), {"file": SimpleUploadedFile(name, content, "text/calendar")}
    )


def stamp(day: date, hour: int) -> str:
    return f"{day:%Y%m%d}T{hour:02d}0000Z"


class TestCalendar:
    def past(self, days):
        return TODAY - timedelta(days=days)

    def test_events_become_drafts_to_confirm(self, owner, owner_client):
        day = self.past(10)
        content = ics(
            vevent("a@x", stamp(day, 9), stamp(day, 12), "IET lecture"),
            vevent("b@x", f"{day:%Y%m%d}", f"{day + timedelta(days=2):%Y%m%d}", "Conference"),
        )
        response = upload_ics(owner_client, content)
        assert response["Location"] == reverse("cpd:drafts")
        drafts = Activity.objects.owned_by(owner).drafts()
        assert {(d.title, d.hours, d.type) for d in drafts} == {
            ("IET lecture", Decimal(3), Activity.Type.EVENT),
            ("Conference", Decimal(15), Activity.Type.EVENT),
        }
        # Drafts do not count until confirmed.
        assert not Activity.objects.owned_by(owner).recorded().exists()
        page = owner_client.get(reverse("cpd:drafts")).content.decode()
        assert "IET lecture" in page
        lecture = drafts.get(title="IET lecture")
        response = owner_client.post(
            reverse("cpd:drafts"), {"selected": [lecture.pk], "action": "confirm"}
        )
        assert response.status_code == 302
        lecture.refresh_from_db()
        assert lecture.status == Activity.Status.RECORDED
        conference = drafts.get(title="Conference")
        owner_client.post(reverse("cpd:drafts"), {"selected": [conference.pk], "action": "discard"})
        assert not Activity.objects.filter(pk=conference.pk).exists()

    @pytest.mark.parametrize(
        ("count", "message"),
        [
            (1, "1 calendar event is ready for you to check."),
            (2, "2 calendar events are ready for you to check."),
        ],
    )
    def test_the_message_counts_the_events(self, owner_client, count, message):
        day = self.past(4)
        events = [
            vevent(f"n{i}@x", stamp(day, 9 + i), stamp(day, 10 + i), f"Talk {i}")
            for i in range(count)
        ]
        response = owner_client.post(
            reverse("cpd:import-calendar"),
            {"file": SimpleUploadedFile("c.ics", ics(*events), "text/calendar")},
            follow=True,
        )
        assert message in response.text

    def test_future_events_wait(self, owner, owner_client):
        later = TODAY + timedelta(days=20)
        upload_ics(
            owner_client, ics(vevent("f@x", stamp(later, 9), stamp(later, 10), "Next month"))
        )
        draft = Activity.objects.get(owner=owner)
        response = owner_client.post(
            reverse("cpd:drafts"), {"selected": [draft.pk], "action": "confirm"}, follow=True
        )
        assert "1 event has not started yet, so it is still waiting." in response.text
        draft.refresh_from_db()
        assert draft.is_draft

    def test_the_same_calendar_twice_adds_each_event_once(self, owner, owner_client):
        day = self.past(3)
        content = ics(vevent("same@x", stamp(day, 9), stamp(day, 10), "Webinar"))
        upload_ics(owner_client, content)
        response = upload_ics(owner_client, content)
        assert "it has already been imported" in response.content.decode()
        assert Activity.objects.filter(owner=owner).count() == 1

    def test_skipped_events_are_listed_with_reasons(self, owner, owner_client):
        day = self.past(3)
        content = ics(
            vevent("ok@x", stamp(day, 9), stamp(day, 10), "Kept"),
            vevent("zero@x", stamp(day, 9), stamp(day, 9), "Reminder"),
            vevent("c@x", stamp(day, 9), stamp(day, 10), "Called off", "STATUS:CANCELLED\r\n"),
        )
        page = upload_ics(owner_client, content).content.decode()
        assert "it has no duration" in page
        assert "it was cancelled" in page
        assert Activity.objects.get(owner=owner).title == "Kept"

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"not a calendar", "does not start with BEGIN:VCALENDAR"),
            (ics(), "The calendar has no events in it"),
            (
                ics(vevent("a", "20260101T090000Z", "2026", "x")).replace(b"END:VCALENDAR", b""),
                "cannot be read",
            ),
            ("BEGIN:VCALENDAR\r\n".encode("utf-16"), "UTF-16"),
            ("BEGIN:VCALENDAR\r\nSUMMARY:Caf\xe9\r\n".encode("latin-1"), "not UTF-8"),
        ],
    )
    def test_malformed_calendar_creates_nothing(self, owner_client, content, message):
        page = upload_ics(owner_client, content).content.decode()
        assert "The calendar file cannot be read" in page
        assert message in page
        assert not Activity.objects.exists()

    def test_half_good_calendar_imports_the_good_and_lists_the_bad(self, owner, owner_client):
        day = self.past(3)
        content = ics(
            vevent("ok@x", stamp(day, 9), stamp(day, 10), "Good"),
            "BEGIN:VEVENT\r\nUID:bad@x\r\nSUMMARY:Bad\r\nDTSTART:bad\r\nEND:VEVENT\r\n",
        )
        page = upload_ics(owner_client, content).content.decode()
        assert "its start (DTSTART “bad”) cannot be read" in page
        assert '<td class="numeric">10</td><td>Bad</td>' in page
        assert Activity.objects.get(owner=owner).title == "Good"

    def test_a_weekly_lecture_becomes_each_of_its_sessions_once(self, owner, owner_client):
        first = self.past(40)
        content = ics(
            vevent(
                "lecture@x",
                stamp(first, 18),
                stamp(first, 19),
                "Evening lecture",
                "RRULE:FREQ=WEEKLY;COUNT=5\r\n",
            )
        )
        assert upload_ics(owner_client, content)["Location"] == reverse("cpd:drafts")
        drafts = Activity.objects.owned_by(owner).drafts().order_by("start_date")
        assert [d.start_date for d in drafts] == [first + timedelta(weeks=n) for n in range(5)]
        assert {d.hours for d in drafts} == {Decimal(1)}
        page = upload_ics(owner_client, content).content.decode()
        assert "it has already been imported (5 times)" in page
        assert drafts.count() == 5

    def test_events_without_a_uid_are_told_apart_by_start_and_title(self, owner, owner_client):
        day = self.past(5)

        def no_uid(summary, hour=9):
            return (
                f"BEGIN:VEVENT\r\nDTSTART:{stamp(day, hour)}\r\nDTEND:{stamp(day, hour + 1)}"
                f"\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\n"
            )

        content = ics(no_uid("Webinar"), no_uid("Webinar"), no_uid("Other"), no_uid("Webinar", 14))
        page = upload_ics(owner_client, content).content.decode()
        assert "it is in the file twice" in page
        assert Activity.objects.filter(owner=owner).count() == 3
        page = upload_ics(owner_client, content).content.decode()
        assert page.count("it has already been imported") == 4
        assert Activity.objects.filter(owner=owner).count() == 3

    @pytest.mark.parametrize(
        ("lines", "reason"),
        [
            ("DTSTART:00010101T090000Z\r\n", "the start date must be in 1950 or later"),
            ("DTSTART;VALUE=DATE:99991231\r\n", "the start date must be in"),
            ("DTSTART:99991231T230000Z\r\nDURATION:PT2H\r\n", "the start date must be in"),
            (
                "DTSTART:20250101T090000Z\r\nDURATION:P99999999999W\r\n",
                "its length (DURATION “P99999999999W”) cannot be read",
            ),
            ("DTSTART:20250101T090000Z\r\nDURATION:P9999W\r\n", "the end date must be in"),
        ],
    )
    def test_impossible_dates_and_lengths_are_skipped_with_a_reason(
        self, owner, owner_client, lines, reason
    ):
        day = self.past(3)
        content = ics(
            vevent("ok@x", stamp(day, 9), stamp(day, 10), "Kept"),
            f"BEGIN:VEVENT\r\nUID:odd@x\r\nSUMMARY:Odd\r\n{lines}END:VEVENT\r\n",
        )
        response = upload_ics(owner_client, content)
        assert response.status_code == 200
        assert f"Because {reason}" in response.content.decode()
        assert Activity.objects.get(owner=owner).title == "Kept"

    def test_repeats_are_read_up_to_the_configured_cap(self, owner, owner_client, settings):
        settings.CALENDAR_MAX_EVENTS = 3
        first = self.past(30)
        daily = vevent(
            "daily@x", stamp(first, 9), stamp(first, 10), "Stand-up", "RRULE:FREQ=DAILY\r\n"
        )
        page = upload_ics(owner_client, ics(daily)).content.decode()
        assert "Only the first 3 events in the file were read" in page
        assert Activity.objects.filter(owner=owner).count() == 3
        many = ics(*(vevent(f"{n}@x", stamp(first, 9), stamp(first, 10), "x") for n in range(4)))
        page = upload_ics(owner_client, many).content.decode()
        assert "The calendar has 4 events; one file can hold at most 3." in page
        assert Activity.objects.filter(owner=owner).count() == 3

    def test_a_nul_byte_past_the_first_kilobytes_is_refused_with_its_line(
        self, owner, owner_client
    ):
        day = self.past(3)
        events = [vevent(f"{n}@x", stamp(day, 9), stamp(day, 10), f"Talk {n}") for n in range(40)]
        content = ics(*events, vevent("nul@x", stamp(day, 9), stamp(day, 10), "Bad\x00talk"))
        assert content.index(b"\x00") > 4096
        line = content[: content.index(b"\x00")].count(b"\n") + 1
        page = upload_ics(owner_client, content).content.decode()
        assert f"Line {line} contains a NUL character" in page
        assert not Activity.objects.exists()

    def test_only_ics_files(self, owner_client):
        page = upload_ics(owner_client, ics(), name="calendar.txt").content.decode()
        assert "ending in .ics" in page

    def test_drafts_of_another_member_are_untouched(self, owner, other_client):
        draft = ActivityFactory(owner=owner, draft=True)
        response = other_client.post(
            reverse("cpd:drafts"), {"selected": [draft.pk], "action": "confirm"}
        )
        assert "Select a valid choice" in response.content.decode()
        draft.refresh_from_db()
        assert draft.is_draft

    def test_drafts_reject_nothing_selected(self, owner, owner_client):
        ActivityFactory(owner=owner, draft=True)
        response = owner_client.post(reverse("cpd:drafts"), {"action": "confirm"})
        assert "Select at least one calendar event" in response.content.decode()


class TestDraftsPage:
    def test_drafts_are_paginated(self, owner, owner_client):
        for number in range(60):
            ActivityFactory(owner=owner, draft=True, title=f"Draft {number:02d}")
        page = owner_client.get(reverse("cpd:drafts")).content.decode()
        assert "60 calendar events are waiting" in page
        assert page.count('name="selected"') == 50
        assert "Page 1 of 2" in page
        second = owner_client.get(reverse("cpd:drafts") + "?page=2").content.decode()
        assert second.count('name="selected"') == 10

    def test_a_draft_on_the_second_page_can_be_confirmed(self, owner, owner_client):
        drafts = [ActivityFactory(owner=owner, draft=True) for _ in range(55)]
        last = max(drafts, key=lambda draft: (draft.start_date, draft.pk))
        owner_client.post(reverse("cpd:drafts"), {"selected": [last.pk], "action": "discard"})
        assert not Activity.objects.filter(pk=last.pk).exists()

    def test_discard_all_asks_first_then_discards_only_drafts(
        self, owner, owner_client, other_member
    ):
        for _ in range(3):
            ActivityFactory(owner=owner, draft=True)
        kept = ActivityFactory(owner=owner)
        theirs = ActivityFactory(owner=other_member, draft=True)
        url = reverse("cpd:drafts-discard-all")
        page = owner_client.get(url).content.decode()
        assert "All 3 calendar events waiting for you to confirm will be deleted" in page
        assert Activity.objects.owned_by(owner).drafts().count() == 3
        response = owner_client.post(url, follow=True)
        assert "3 calendar events were discarded." in response.content.decode()
        assert not Activity.objects.owned_by(owner).drafts().exists()
        assert Activity.objects.filter(pk__in=[kept.pk, theirs.pk]).count() == 2
