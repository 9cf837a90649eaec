"""Quick capture on a phone: logged offline with the keyboard, kept on the device, sent once."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from careermanager.cpd.models import Activity
from tests.browser.conftest import UI
from tests.browser.helpers import tab_to, tab_to_field
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
CAPTURE = "/cpd/capture/"


@pytest.fixture
def phone(chromium, axe, live_server, django_db_serialized_rollback):
    """The `ui` helper on a 360 px touch screen, with service workers allowed."""
    context = chromium.new_context(
        viewport=PHONE,
        has_touch=True,
        locale="en-GB",
        timezone_id="Europe/London",
        service_workers="allow",
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    helper = UI(page, live_server.url, axe)
    yield helper
    unchecked = helper.loads - helper.checked_loads
    url = page.url
    context.close()
    if unchecked:
        pytest.fail(f"{unchecked} page load(s) were never checked (last page: {url})")


@pytest.fixture
def member(db):
    return UserFactory(email="nia.okafor@example.org", full_name="Nia Okafor")


def _open_capture_ready_for_offline(phone) -> None:
    phone.visit(CAPTURE)
    assert phone.heading() == "Log CPD quickly"
    # The worker has installed and kept this page for use without a connection.
    expect(phone.page.locator("html[data-offline-ready]")).to_have_count(1)
    assert "You can still log CPD here without a connection" in phone.text()


def _type_activity(phone, title: str, hours: str, *, choose_type: bool = True) -> None:
    """Fill the form with the keyboard alone and save it (as self-study)."""
    tab_to_field(phone, "Title")
    phone.page.keyboard.type(title)
    if choose_type:  # else the type of the activity saved before is kept
        tab_to_field(phone, "Work experience")
        for _ in range(3):  # Work experience, Volunteering, Event or seminar, Self-study
            phone.page.keyboard.press("ArrowDown")
    tab_to_field(phone, "Hours")
    phone.page.keyboard.type(hours)
    tab_to(phone, "Save activity")
    phone.page.keyboard.press("Enter")


def _draft(phone, title: str):
    return phone.page.locator("#capture-drafts li").filter(has_text=title)


def test_logged_offline_kept_through_a_reload_and_sent_when_back_online(phone, member):
    phone.log_in(member.email, TEST_PASSWORD)
    _open_capture_ready_for_offline(phone)

    phone.page.context.set_offline(True)
    _type_activity(phone, "Podcast: arc flash studies", "0.75")

    draft = _draft(phone, "Podcast: arc flash studies")
    expect(draft).to_contain_text("Waiting for a connection")
    expect(phone.page.get_by_role("status")).to_contain_text("You are offline.")
    assert phone.page.get_by_label("Title", exact=True).input_value() == ""
    phone.check_page()

    # Reloaded without a connection: the kept page opens and the draft is still waiting.
    phone.page.reload()
    phone.check_page()
    assert phone.heading() == "Log CPD quickly"
    expect(_draft(phone, "Podcast: arc flash studies")).to_contain_text("Waiting for a connection")
    assert not Activity.objects.filter(owner=member).exists()

    phone.page.context.set_offline(False)
    expect(phone.page.get_by_role("status")).to_contain_text(
        "“Podcast: arc flash studies” is sent and saved."
    )
    expect(phone.page.locator("#capture-waiting")).to_be_hidden()
    expect(phone.page.locator("#capture-sent")).to_contain_text("Podcast: arc flash studies")
    phone.check_page()
    activity = Activity.objects.get(owner=member)
    assert (activity.title, activity.type, str(activity.hours)) == (
        "Podcast: arc flash studies",
        Activity.Type.SELF_STUDY,
        "0.75",
    )


def test_a_send_whose_answer_was_lost_is_sent_again_and_saved_once(phone, member):
    phone.log_in(member.email, TEST_PASSWORD)
    _open_capture_ready_for_offline(phone)
    handled = []

    def lose_the_answer(route):
        route.fetch()  # the server saves the activity ...
        handled.append(route.request.url)
        route.abort()  # ... and its answer never reaches the phone

    phone.page.route("**/cpd/capture/send/", lose_the_answer, times=1)
    _type_activity(phone, "Read BS 7671 chapter 41", "1.5")

    expect(_draft(phone, "Read BS 7671 chapter 41")).to_contain_text("Waiting for a connection")
    expect(phone.page.get_by_role("status")).to_contain_text("Not sent yet")
    assert handled, "the send went through the route"
    assert Activity.objects.filter(owner=member).count() == 1
    # The lost answer is a failed request in the browser's console: what this test arranged.
    phone.console_errors.clear()
    phone.check_page()

    phone.page.get_by_role("button", name="Send now").click()
    expect(phone.page.get_by_role("status")).to_contain_text(
        "“Read BS 7671 chapter 41” had already been sent, so nothing new was saved."
    )
    expect(phone.page.locator("#capture-waiting")).to_be_hidden()
    phone.check_page()
    assert Activity.objects.filter(owner=member).count() == 1


def test_a_draft_sent_after_the_session_ended_is_kept_until_the_member_signs_in(phone, member):
    phone.log_in(member.email, TEST_PASSWORD)
    _open_capture_ready_for_offline(phone)
    phone.page.context.set_offline(True)
    _type_activity(phone, "Site visit: substation commissioning", "3")
    expect(_draft(phone, "Site visit: substation commissioning")).to_be_visible()

    Session.objects.all().delete()  # signed out elsewhere, or the session ran out
    phone.page.context.set_offline(False)

    draft = _draft(phone, "Site visit: substation commissioning")
    expect(draft).to_contain_text("Sign in again to send this draft")
    assert not Activity.objects.filter(owner=member).exists()
    # The refusal (401) is a failed request in the browser's console: what this test arranged.
    phone.console_errors.clear()
    phone.check_page()

    phone.click(draft.get_by_role("link", name="Sign in again to send this draft"))
    assert phone.path.startswith("/accounts/login/")
    phone.log_in(member.email, TEST_PASSWORD)
    assert phone.path == CAPTURE
    expect(phone.page.get_by_role("status")).to_contain_text(
        re.compile("“Site visit: substation commissioning” is sent and saved.")
    )
    phone.check_page()
    assert Activity.objects.filter(owner=member).count() == 1


def test_mistakes_are_shown_by_the_field_before_anything_is_kept(phone, member):
    phone.log_in(member.email, TEST_PASSWORD)
    phone.visit(CAPTURE)

    phone.page.get_by_role("button", name="Save activity").click()

    summary = phone.page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a title")
    expect(phone.page.locator("#id_title_jserror")).to_contain_text("Enter a title")
    expect(phone.page.locator("#capture-waiting")).to_be_hidden()
    phone.check_page()


def test_a_draft_the_server_refuses_is_corrected_in_the_form_and_sent(phone, member):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    phone.log_in(member.email, TEST_PASSWORD)
    phone.visit(CAPTURE)

    phone.fill("Title", "IET lecture: grid-scale batteries")
    phone.page.get_by_label("Event or seminar", exact=True).check()
    phone.fill("Date", tomorrow)
    phone.fill("Hours", "2")
    phone.page.get_by_role("button", name="Save activity").click()

    draft = _draft(phone, "IET lecture: grid-scale batteries")
    expect(draft).to_contain_text("Needs correcting before it can be sent")
    expect(draft).to_contain_text("The start date must be today or in the past")
    # The refusal (400) is a failed request in the browser's console: what this test arranged.
    phone.console_errors.clear()
    phone.check_page()

    correct = re.compile(r"^Correct this draft\s?: “IET lecture: grid-scale batteries”$")
    draft.get_by_role("button", name=correct).click()
    assert phone.value("Title") == "IET lecture: grid-scale batteries"
    expect(phone.page.locator("#id_start_date_jserror")).to_contain_text(
        "The start date must be today or in the past"
    )
    phone.check_page()
    phone.fill("Date", timezone.localdate().isoformat())
    phone.page.get_by_role("button", name="Save activity").click()

    expect(phone.page.get_by_role("status")).to_contain_text(
        "“IET lecture: grid-scale batteries” is sent and saved."
    )
    expect(phone.page.locator("#capture-waiting")).to_be_hidden()
    phone.check_page()
    activity = Activity.objects.get(owner=member)
    assert activity.start_date == timezone.localdate()


def test_the_overview_leads_to_quick_capture_on_a_wide_screen_too(ui, member):
    ui.log_in(member.email, TEST_PASSWORD)
    ui.visit("/cpd/")

    ui.click_link("Log CPD quickly", within="main")

    assert ui.heading() == "Log CPD quickly"
    ui.fill("Title", "Mentoring an apprentice")
    ui.page.get_by_label("Volunteering", exact=True).check()
    ui.fill("Hours", "1")
    ui.page.get_by_role("button", name="Save activity").click()
    expect(ui.page.get_by_role("status")).to_contain_text(
        "“Mentoring an apprentice” is sent and saved."
    )
    ui.check_page()
    assert Activity.objects.get(owner=member).type == Activity.Type.VOLUNTEERING


def test_logging_out_forgets_the_kept_page_but_not_the_drafts(phone, member):
    phone.log_in(member.email, TEST_PASSWORD)
    _open_capture_ready_for_offline(phone)
    phone.page.context.set_offline(True)
    _type_activity(phone, "Toolbox talk: working at height", "0.5")
    expect(_draft(phone, "Toolbox talk: working at height")).to_be_visible()
    phone.page.context.set_offline(False)
    expect(phone.page.get_by_role("status")).to_contain_text("is sent and saved.")
    phone.page.context.set_offline(True)
    _type_activity(phone, "Read the site safety plan", "0.5", choose_type=False)
    expect(_draft(phone, "Read the site safety plan")).to_be_visible()
    # Not sent before the member logs out on this device.
    phone.page.route("**/cpd/capture/send/", lambda route: route.abort())
    phone.page.context.set_offline(False)
    expect(phone.page.get_by_role("status")).to_contain_text("Not sent yet")
    phone.console_errors.clear()  # the send this test stopped
    phone.log_out()

    # The page made for the member is no longer kept on the device ...
    phone.page.wait_for_function(
        "async () => !(await caches.match('/cpd/capture/', {ignoreVary: true}))"
    )
    # ... while the draft waits for them to sign in again.
    phone.page.unroute("**/cpd/capture/send/")
    phone.log_in(member.email, TEST_PASSWORD)
    phone.visit(CAPTURE)
    expect(phone.page.get_by_role("status")).to_contain_text(
        "“Read the site safety plan” is sent and saved."
    )
    phone.check_page()
    titles = set(
        Activity.objects.filter(owner=member, type=Activity.Type.SELF_STUDY).values_list(
            "title", flat=True
        )
    )
    assert titles == {"Toolbox talk: working at height", "Read the site safety plan"}
