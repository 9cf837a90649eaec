"""Quick capture: the phone form, drafts sent from the device once only, the installable app."""

import json
import re
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from careermanager.cpd.models import Activity
from tests.concurrency import at_once, concurrent_postgres, signed_in_clients
from tests.cpd.factories import FolderFactory
from tests.cpd.test_queries import add_activities
from tests.factories import UserFactory
from tests.queries import assert_flat_queries, count_queries

CAPTURE = reverse("cpd:capture")
SEND = reverse("cpd:capture-send")


def _draft(owner, **changes) -> dict:
    """What cpd/capture.js sends for a draft made on the device."""
    return {
        "once_token": str(uuid.uuid4()),
        "member": str(owner.pk),
        "title": "Podcast: arc flash studies",
        "type": Activity.Type.SELF_STUDY,
        "start_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "hours": "0.75",
        "description": "Heard on the train home.",
    } | changes


def _token(page: str) -> str:
    return re.search(r'name="once_token" value="([^"]+)"', page).group(1)


# The page, without JavaScript ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_asks_only_for_what_matters(owner_client):
    response = owner_client.get(CAPTURE)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Log CPD quickly</h1>" in page
    for label in ("Title", "Type of activity", "Date", "Hours", "Short note"):
        assert f">{label}" in page
    assert 'name="end_date"' not in page
    assert 'name="folder"' not in page
    assert f'value="{timezone.localdate().isoformat()}"' in page  # today, ready to change
    assert 'name="once_token"' in page
    assert f'data-send-url="{SEND}"' in page
    assert "cpd/capture.js" in page
    # The worker may keep this page for use offline; the header says so.
    assert response["X-Offline-Shell"] == "1"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_saving_without_javascript_keeps_the_activity_and_offers_another(owner, owner_client):
    data = _draft(owner, once_token=_token(owner_client.get(CAPTURE).content.decode()))

    response = owner_client.post(CAPTURE, data, follow=True)

    activity = Activity.objects.get(owner=owner)
    assert (activity.title, activity.type, activity.hours) == (
        "Podcast: arc flash studies",
        Activity.Type.SELF_STUDY,
        Decimal("0.75"),
    )
    assert activity.description == "Heard on the train home."
    assert activity.end_date == activity.start_date
    assert response.redirect_chain[-1][0] == CAPTURE
    assert "“Podcast: arc flash studies” is saved." in response.content.decode()
    # A page showing a message is not the one to keep for offline use.
    assert "X-Offline-Shell" not in response


@pytest.mark.django_db
def test_the_form_sent_twice_without_javascript_saves_once(owner, owner_client):
    data = _draft(owner, once_token=_token(owner_client.get(CAPTURE).content.decode()))

    first, second = owner_client.post(CAPTURE, data), owner_client.post(CAPTURE, data)

    activity = Activity.objects.get(owner=owner)
    assert first.url == CAPTURE
    assert second.url == reverse("cpd:activity-detail", args=[activity.pk])


@pytest.mark.django_db
def test_mistakes_are_shown_by_the_field_and_in_a_summary(owner, owner_client):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = _draft(owner, title="", hours="0", start_date=tomorrow)

    response = owner_client.post(CAPTURE, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert page.count("Enter a title") == 2  # in the summary and by the field
    assert page.count("The hours must be more than 0") == 2
    assert "The start date must be today or in the past" in page
    assert 'value="Heard on the train home."' in page or "Heard on the train home." in page
    assert not Activity.objects.exists()


# Drafts sent from the device ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_sent_from_the_device_is_saved(owner, owner_client):
    response = owner_client.post(SEND, _draft(owner))

    activity = Activity.objects.get(owner=owner)
    answer = response.json()
    assert response.status_code == 201
    assert answer["state"] == "sent"
    assert answer["url"] == reverse("cpd:activity-detail", args=[activity.pk])
    assert answer["message"] == "“Podcast: arc flash studies” is sent and saved."
    assert activity.hours == Decimal("0.75")


@pytest.mark.django_db
def test_a_draft_sent_again_with_its_key_saves_one_activity(owner, owner_client):
    draft = _draft(owner)

    first = owner_client.post(SEND, draft)
    again = owner_client.post(SEND, draft)

    activity = Activity.objects.get(owner=owner)
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["already"] is True
    assert again.json()["url"] == reverse("cpd:activity-detail", args=[activity.pk])
    # The repeat leaves no note behind for the member's next page.
    assert "already sent" not in owner_client.get(CAPTURE).content.decode()


@pytest.mark.django_db
def test_two_drafts_with_their_own_keys_are_two_activities(owner, owner_client):
    owner_client.post(SEND, _draft(owner))
    owner_client.post(SEND, _draft(owner))

    assert Activity.objects.filter(owner=owner).count() == 2


@pytest.mark.django_db
def test_a_draft_sent_after_signing_out_is_refused_with_a_message(owner):
    response = Client().post(SEND, _draft(owner))

    answer = response.json()
    assert response.status_code == 401
    assert answer["state"] == "signed-out"
    assert answer["message"] == "Sign in again to send this draft."
    assert answer["login_url"].startswith(reverse("accounts:login"))
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_a_draft_made_while_someone_else_was_signed_in_is_refused(owner, other_client):
    response = other_client.post(SEND, _draft(owner))

    assert response.status_code == 403
    assert response.json()["state"] == "someone-else"
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_a_draft_with_mistakes_comes_back_with_field_errors(owner, owner_client):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = owner_client.post(SEND, _draft(owner, title="", hours="abc", start_date=tomorrow))

    answer = response.json()
    assert response.status_code == 400
    assert answer["state"] == "invalid"
    assert answer["errors"] == {
        "title": ["Enter a title"],
        "hours": ["Enter the hours as a number, for example 1.5"],
        "start_date": ["The start date must be today or in the past"],
    }
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_a_note_longer_than_the_limit_is_refused(owner, owner_client):
    page = owner_client.get(CAPTURE).content.decode()
    response = owner_client.post(SEND, _draft(owner, description="x" * 501))

    assert 'maxlength="500"' in page
    assert "data-count" in page  # "You have 500 characters remaining" as the member types
    errors = response.json()["errors"]
    assert errors == {"description": ["The note must be 500 characters or fewer"]}


@pytest.mark.django_db
def test_a_corrected_draft_can_be_sent_again_with_the_same_key(owner, owner_client):
    draft = _draft(owner, hours="")
    assert owner_client.post(SEND, draft).status_code == 400

    response = owner_client.post(SEND, draft | {"hours": "1"})

    assert response.status_code == 201
    assert Activity.objects.get(owner=owner).hours == Decimal("1")


@pytest.mark.django_db
def test_a_draft_without_a_key_is_refused(owner, owner_client):
    response = owner_client.post(SEND, _draft(owner, once_token=""))

    assert response.status_code == 400
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_sending_needs_the_csrf_token_the_cookie_holds(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    client.get(CAPTURE)  # sets the cookie, as the page does on the device

    refused = client.post(SEND, _draft(owner))
    token = client.cookies["csrftoken"].value
    sent = client.post(SEND, _draft(owner), headers={"X-CSRFToken": token})

    assert refused.status_code == 403
    assert sent.status_code == 201


@pytest.mark.django_db
def test_sending_is_a_post(owner_client):
    assert owner_client.get(SEND).status_code == 405


# Query budgets ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_reads_as_many_queries_however_much_cpd_there_is(owner, owner_client):
    folders = [FolderFactory(owner=owner)]

    assert_flat_queries(
        owner_client, CAPTURE, grow=lambda: add_activities(owner, 500, [*folders, None])
    )


@pytest.mark.django_db
def test_a_send_costs_as_many_queries_however_much_cpd_there_is(owner, owner_client):
    folders = [FolderFactory(owner=owner)]
    owner_client.post(SEND, _draft(owner))  # warm caches (content types, sessions)

    before = count_queries(lambda: owner_client.post(SEND, _draft(owner)))
    add_activities(owner, 500, [*folders, None])
    after = count_queries(lambda: owner_client.post(SEND, _draft(owner)))
    repeat = _draft(owner)
    owner_client.post(SEND, repeat)
    resend = count_queries(lambda: owner_client.post(SEND, repeat))

    assert before == after
    assert resend < after  # a repeat is found by its key, and nothing is saved


RACE = concurrent_postgres("drafts sent at the same moment need PostgreSQL")


@RACE[0]
@RACE[1]
def test_the_same_draft_sent_six_times_at_once_is_one_activity():
    owner = UserFactory()
    clients = signed_in_clients(owner, 6)
    draft = _draft(owner)

    outcomes = at_once(6, lambda i: clients[i].post(SEND, draft))

    statuses = sorted(getattr(outcome, "status_code", repr(outcome)) for outcome in outcomes)
    assert statuses == [200, 200, 200, 200, 200, 201], statuses
    activity = Activity.objects.get(owner=owner)
    detail = reverse("cpd:activity-detail", args=[activity.pk])
    assert {outcome.json()["url"] for outcome in outcomes} == {detail}


# The installable web app --------------------------------------------------------------------


def test_the_manifest_installs_the_capture_page(client):
    response = client.get(reverse("core:manifest"))

    data = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert data["start_url"] == CAPTURE
    assert data["display"] == "standalone"
    assert data["name"] == "Career Manager"
    assert data["short_name"] == "Log CPD"
    with open(finders.find("core/app.css")) as css:
        brand = re.search(r"--brand: (#[0-9a-f]{6});", css.read())
    assert data["theme_color"] == brand.group(1)
    sizes = {icon["sizes"]: icon["src"] for icon in data["icons"]}
    assert sizes["any"].endswith("core/logo.svg")
    for size in ("192x192", "512x512"):
        path = finders.find(sizes[size].removeprefix("/static/"))
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == size


def test_the_service_worker_is_served_from_the_root_and_never_kept_stale(client):
    response = client.get("/service-worker.js")

    script = response.content.decode()
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert "served by core.webapp" not in script
    config = json.loads(re.search(r"const CONFIG = (\{.*\});", script).group(1))
    assert config["shell"] == CAPTURE
    assert len(config["version"]) == 16
    assert "/static/cpd/capture.js" in config["assets"]


@pytest.mark.django_db
def test_the_worker_keeps_every_file_the_capture_page_loads(owner_client):
    page = owner_client.get(CAPTURE).content.decode()
    script = Client().get("/service-worker.js").content.decode()
    config = json.loads(re.search(r"const CONFIG = (\{.*\});", script).group(1))

    loaded = set(re.findall(r'(?:src|href)="(/static/[^"]+)"', page))
    loaded |= set(re.findall(r'rel="manifest" href="([^"]+)"', page))

    assert loaded, "the page loads static files"
    assert loaded <= set(config["assets"]), loaded - set(config["assets"])


@pytest.mark.django_db
def test_every_page_links_the_manifest_and_registers_the_worker(client):
    page = client.get(reverse("core:help")).content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'data-worker="/service-worker.js"' in page
    assert 'data-signed-in=""' in page


@pytest.mark.django_db
def test_the_content_security_policy_allows_the_worker_and_the_manifest(client):
    policy = client.get(reverse("core:help"))["Content-Security-Policy"]

    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy
    assert "script-src 'self' 'nonce-" in policy
