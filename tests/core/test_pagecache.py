"""Members' main pages kept in memory: served again only while nothing changed, only to their
member, with fresh tokens in every response."""

import re
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careermanager.accounts.models import User
from careermanager.accounts.services import user_set_role
from careermanager.core.pagecache import CACHE_ALIAS, changes_data, data_version, written_table
from careermanager.cpd.models import Activity
from careermanager.cpd.services import activity_create
from careermanager.profiles.models import Training
from tests.conftest import signed_in_client
from tests.cpd.factories import ActivityFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HOME = reverse("core:home")
CPD = reverse("cpd:index")
ACTIVITIES = reverse("cpd:activity-list")
PAGES = [HOME, CPD, ACTIVITIES, reverse("competence:index"), reverse("profiles:index")]
NONCE = re.compile(r'nonce="([^"]+)"')
CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')
TOKENS = re.compile(r'nonce="[^"]+"|\b[A-Za-z0-9]{64}\b')


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENTRIES = 1000
    caches[CACHE_ALIAS].clear()
    yield
    caches[CACHE_ALIAS].clear()


def served_from_memory(response) -> bool:
    """No template was rendered for it: the kept page was served."""
    return response.context is None


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response
    return response


@pytest.mark.parametrize("url", PAGES)
def test_a_page_is_made_once_then_served_from_memory_with_two_queries(owner_client, url):
    first = get(owner_client, url)
    assert not served_from_memory(first)
    with CaptureQueriesContext(connection) as queries:
        second = get(owner_client, url)
    assert served_from_memory(second)
    # The session (with the data version) and the member.
    assert len(queries) == 2, [q["sql"] for q in queries.captured_queries]
    assert TOKENS.sub("", second.text) == TOKENS.sub("", first.text)


def test_a_new_activity_shows_on_the_next_page_at_once(owner, owner_client):
    for url in (HOME, CPD, ACTIVITIES):
        get(owner_client, url)
        get(owner_client, url)
    activity_create(
        owner=owner,
        type=Activity.Type.EVENT,
        title="Arc-flash study course",
        start_date=timezone.localdate(),
        hours=Decimal("100"),
    )
    assert "Arc-flash study course" in get(owner_client, ACTIVITIES).text
    assert "100" in get(owner_client, CPD).text
    assert not served_from_memory(get(owner_client, HOME))


def test_changes_outside_the_services_count_too(owner, owner_client):
    """Bulk creates, queryset updates and deletes, as imports and tasks make them."""
    get(owner_client, ACTIVITIES)
    Activity.objects.bulk_create(
        [
            Activity(
                owner=owner,
                type=Activity.Type.EVENT,
                title="Imported switchgear seminar",
                start_date=timezone.localdate(),
                end_date=timezone.localdate(),
                hours=Decimal(3),
            )
        ]
    )
    assert "Imported switchgear seminar" in get(owner_client, ACTIVITIES).text
    Activity.objects.filter(owner=owner).update(title="Renamed by a task")
    assert "Renamed by a task" in get(owner_client, ACTIVITIES).text
    Activity.objects.filter(owner=owner).delete()
    assert "Renamed by a task" not in get(owner_client, ACTIVITIES).text


def test_the_profile_panel_follows_the_cv(owner, owner_client):
    assert "Training" in get(owner_client, HOME).text
    get(owner_client, HOME)
    Training.objects.create(
        owner=owner, title="HV authorisation", start_date=timezone.localdate(), hours=7
    )
    response = get(owner_client, HOME)
    assert not served_from_memory(response)


def test_a_change_that_rolls_back_keeps_the_page(owner, owner_client):
    get(owner_client, ACTIVITIES)
    version = data_version()

    def change_then_fail():
        with transaction.atomic():
            ActivityFactory(owner=owner, title="Never saved")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert data_version() == version
    response = get(owner_client, ACTIVITIES)
    assert served_from_memory(response)
    assert "Never saved" not in response.text


@pytest.mark.parametrize("url", PAGES)
def test_one_members_page_is_never_served_to_another(url):
    ada = UserFactory(full_name="Ada Lovelace-Whitby")
    bob = UserFactory(full_name="Bob Brunel-Okafor")
    ActivityFactory(owner=ada, title="Ada's private seminar")
    ada_client, bob_client = signed_in_client(ada), signed_in_client(bob)
    get(ada_client, url)
    assert served_from_memory(get(ada_client, url))
    response = get(bob_client, url)
    assert not served_from_memory(response)
    assert "Lovelace" not in response.text
    assert "Ada&#x27;s private seminar" not in response.text
    again = get(bob_client, url)
    assert served_from_memory(again)
    assert "Lovelace" not in again.text
    assert "Bob Brunel-Okafor" in again.text


def test_every_response_has_its_own_nonce_and_csrf_token(owner_client):
    responses = [get(owner_client, HOME) for _ in range(3)]
    assert all(served_from_memory(r) for r in responses[1:])
    nonces = [NONCE.search(r.text).group(1) for r in responses]
    assert len(set(nonces)) == 3
    for response, nonce in zip(responses, nonces, strict=True):
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    tokens = [CSRF.search(r.text).group(1) for r in responses]
    assert len(set(tokens)) == 3


def test_the_csrf_token_of_a_kept_page_is_accepted(owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    get(client, HOME)
    response = get(client, HOME)
    assert served_from_memory(response)
    token = CSRF.search(response.text).group(1)
    logged_out = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert logged_out.status_code == 302
    assert get_user_model().objects.filter(pk=owner.pk).exists()
    assert client.get(HOME).context is not None  # the welcome page, not the member's


def test_a_kept_page_stays_private_and_unstored(owner_client):
    get(owner_client, HOME)
    response = get(owner_client, HOME)
    assert served_from_memory(response)
    assert response["Cache-Control"] == "private, no-store"


def test_signing_out_or_timing_out_is_not_bypassed(owner):
    client = signed_in_client(owner)
    get(client, HOME)
    later = timezone.now() + timedelta(minutes=61)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get(CPD)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    client = signed_in_client(owner)
    get(client, CPD)
    client.post(reverse("accounts:logout"))
    assert client.get(CPD).status_code == 302


def test_a_page_with_a_message_is_made_afresh(owner, owner_client):
    get(owner_client, ACTIVITIES)
    activity = ActivityFactory(owner=owner)
    response = owner_client.post(reverse("cpd:activity-delete", args=[activity.pk]), follow=True)
    assert response.redirect_chain
    assert not served_from_memory(response)


def test_taking_staff_away_changes_the_navigation(owner):
    staff = user_set_role(user=owner, role=User.Role.STAFF, actor=None)
    client = signed_in_client(staff)
    first = get(client, HOME).text
    user_set_role(user=staff, role=User.Role.MEMBER, actor=None)
    response = client.get(HOME)
    assert response.status_code == 200
    assert not served_from_memory(response)
    assert response.text != first


def test_htmx_requests_are_made_afresh(owner_client):
    get(owner_client, ACTIVITIES)
    response = owner_client.get(ACTIVITIES, headers={"HX-Request": "true"})
    assert not served_from_memory(response)


def test_turned_off_nothing_is_kept(owner_client, settings):
    settings.PAGE_CACHE_ENTRIES = 0
    get(owner_client, HOME)
    assert not served_from_memory(get(owner_client, HOME))


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "cpd_activity" ("title") VALUES (%s)', "cpd_activity"),
        ('UPDATE "django_session" SET "expire_date" = %s', "django_session"),
        ('DELETE FROM "profiles_training" WHERE "id" = %s', "profiles_training"),
        ("INSERT OR IGNORE INTO cpd_activity_topics VALUES (1, 2)", "cpd_activity_topics"),
        ('SELECT "id" FROM "cpd_activity"', None),
    ],
)
def test_writes_are_told_from_reads(sql, table):
    assert written_table(sql) == table


@pytest.mark.parametrize(
    ("sql", "changes"),
    [
        ('INSERT INTO "cpd_activity" ("title") VALUES (%s)', True),
        ('UPDATE "django_session" SET "expire_date" = %s WHERE "session_key" = %s', False),
        ('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)', False),
        # A guest link noting its use is not a change; revoking it is.
        ('UPDATE "core_guestticket" SET "last_used_at" = %s WHERE "id" = %s', False),
        ('UPDATE "core_guestticket" SET "revoked_at" = %s WHERE "id" = %s', True),
        ('UPDATE "core_guestticket" SET "last_used_at" = %s, "note" = %s WHERE "id" = %s', True),
        ('SELECT "id" FROM "core_guestticket"', False),
    ],
)
def test_bookkeeping_writes_keep_the_pages(sql, changes):
    assert changes_data(sql) is changes


# Guests' pages: kept for one guest link, checked against its expiry on every request

GUEST_PAGE = reverse("competence:guest-assessment")


@pytest.fixture
def assessment(owner):
    from careermanager.competence.services import assessment_start
    from tests.competence.factories import assess

    assessment = assessment_start(owner=owner, category="CEng")
    assess(owner, "A1", evidence="I derived the array cable settings from first principles.")
    return assessment


def _guest(assessment, name: str, email: str):
    from django.test import Client

    from tests.competence.factories import issue_ticket

    ticket, raw = issue_ticket(assessment, name=name, email=email)
    guest = Client()
    assert guest.post(reverse("core:guest-start", args=[raw])).status_code == 302
    return ticket, guest


def test_a_guest_page_is_kept_for_its_link_with_two_queries(assessment):
    _, guest = _guest(assessment, "Priya Natarajan", "priya@example.org")
    first = get(guest, GUEST_PAGE)
    assert not served_from_memory(first)
    with CaptureQueriesContext(connection) as queries:
        response = get(guest, GUEST_PAGE)
    assert served_from_memory(response)
    # The session, with the global data version; the number of the member who issued the link.
    assert len(queries) == 2
    assert "I derived the array cable settings" in response.text
    for header in ("Cache-Control", "X-Robots-Tag", "Referrer-Policy"):
        assert response.get(header) == first.get(header)
    assert "no-store" in response["Cache-Control"]


def test_a_guest_page_stops_at_the_links_expiry(assessment):
    ticket, guest = _guest(assessment, "Priya Natarajan", "priya@example.org")
    get(guest, GUEST_PAGE)
    assert served_from_memory(get(guest, GUEST_PAGE))
    with mock.patch("django.utils.timezone.now", return_value=ticket.expires_at):
        assert guest.get(GUEST_PAGE).status_code == 404


def test_revoking_a_link_ends_its_kept_page(owner, assessment):
    from careermanager.core import tickets

    ticket, guest = _guest(assessment, "Priya Natarajan", "priya@example.org")
    get(guest, GUEST_PAGE)
    tickets.ticket_revoke(ticket=ticket, actor=owner)
    assert guest.get(GUEST_PAGE).status_code == 404


def test_one_guests_page_is_never_served_to_another(assessment):
    from careermanager.competence.models import VerificationComment
    from careermanager.competence.services import verification_comment

    priya_ticket, priya = _guest(assessment, "Priya Natarajan", "priya@example.org")
    _, omar = _guest(assessment, "Omar Haddad", "omar@example.org")
    verification_comment(
        ticket=priya_ticket, assessment=assessment, competence=None, body="Priya's own note"
    )
    assert VerificationComment.objects.count() == 1
    get(priya, GUEST_PAGE)
    assert "Priya&#x27;s own note" in get(priya, GUEST_PAGE).text
    for _ in range(2):
        assert "Priya&#x27;s own note" not in get(omar, GUEST_PAGE).text


def test_a_new_evidence_shows_to_the_guest_at_once(owner, assessment):
    from tests.competence.factories import assess

    _, guest = _guest(assessment, "Priya Natarajan", "priya@example.org")
    get(guest, GUEST_PAGE)
    assess(owner, "A1", evidence="Now with the harmonic study as well.")
    assert "Now with the harmonic study as well." in get(guest, GUEST_PAGE).text


def test_guests_opening_their_pages_keep_members_pages(owner_client, assessment):
    _, guest = _guest(assessment, "Priya Natarajan", "priya@example.org")
    get(owner_client, HOME)
    get(guest, GUEST_PAGE)
    get(guest, GUEST_PAGE)
    assert served_from_memory(get(owner_client, HOME))


def test_a_page_with_a_once_only_form_token_is_never_kept(owner_client, settings):
    """Each form shown must carry its own token, or a second form would count as a repeat."""
    add = reverse("cpd:activity-add")
    settings.PAGE_CACHE_VIEWS = {*settings.PAGE_CACHE_VIEWS, "cpd:activity-add"}
    token = re.compile(r'name="once_token" value="([^"]+)"')
    pages = [get(owner_client, add) for _ in range(2)]
    assert not any(served_from_memory(page) for page in pages)
    assert token.search(pages[0].text).group(1) != token.search(pages[1].text).group(1)
