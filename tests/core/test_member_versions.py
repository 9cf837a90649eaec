"""Whose data version a change raises: a member's own requests raise their own number, which
leaves every other member's kept pages kept; everything else raises the global number."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from careermanager.accounts.models import User
from careermanager.core import pagecache
from careermanager.core.models import DataVersion
from careermanager.core.pagecache import CACHE_ALIAS, data_version, writing_member
from careermanager.cpd.models import MemberPolicy, Policy
from tests.conftest import signed_in_client
from tests.cpd.factories import ActivityFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HOME = reverse("core:home")
CPD = reverse("cpd:index")
PROFILE = reverse("profiles:index")
SEARCH = reverse("profiles:staff-members")
GUEST_PAGE = reverse("competence:guest-assessment")


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENTRIES = 1000
    caches[CACHE_ALIAS].clear()
    yield
    caches[CACHE_ALIAS].clear()


def served_from_memory(response) -> bool:
    return response.context is None


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response
    return response


def member_version(member) -> int:
    row = DataVersion.objects.filter(member=member).first()
    return 0 if row is None else row.value


def kept(client, url) -> bool:
    """Served from memory, with the two queries of every kept member page."""
    with CaptureQueriesContext(connection) as queries:
        response = get(client, url)
    return served_from_memory(response) and len(queries) == 2


def cpd_hours(response):
    panel = next(p for p in response.context["panels"] if p["template"] == "cpd/panel.html")
    return panel["this_year"].hours


@pytest.fixture
def ada(db):
    return UserFactory(full_name="Ada Lovelace-Whitby")


@pytest.fixture
def bob(db):
    return UserFactory(full_name="Bob Brunel-Okafor")


def test_one_members_change_keeps_the_others_pages_and_renews_their_own(ada, bob):
    seminar = ActivityFactory(owner=ada, hours=Decimal(5))
    ada_client, bob_client = signed_in_client(ada), signed_in_client(bob)
    hours_before = cpd_hours(get(ada_client, HOME))
    for client in (ada_client, bob_client):
        get(client, HOME)
        assert kept(client, HOME)
    version = data_version()

    response = ada_client.post(reverse("cpd:activity-delete", args=[seminar.pk]))
    assert response.status_code == 302

    assert data_version() == version  # the global number is untouched
    assert member_version(ada) >= 1  # tests run after-commit work at once: once per statement
    assert member_version(bob) == 0
    assert kept(bob_client, HOME)  # Bob's page is still served from memory
    get(ada_client, CPD)  # shows (and so drops) the message about the deletion
    renewed = get(ada_client, HOME)
    assert not served_from_memory(renewed)
    assert cpd_hours(renewed) == hours_before - 5
    assert kept(ada_client, HOME)


def test_staff_changing_a_members_record_renews_every_members_pages(ada, bob, staff):
    ada_client, bob_client = signed_in_client(ada), signed_in_client(bob)
    for client in (ada_client, bob_client):
        get(client, PROFILE)
    version = data_version()

    response = signed_in_client(staff).post(
        reverse("profiles:staff-membership", args=[ada.pk]),
        {"membership_number": "IET-4471", "grade": "", "registration_titles": "CEng MIET"},
    )
    assert response.status_code == 302

    assert data_version() > version
    assert member_version(staff) == 0
    page = get(ada_client, PROFILE)
    assert not served_from_memory(page)
    assert "IET-4471" in page.text
    assert not served_from_memory(get(bob_client, PROFILE))


def test_a_policy_changed_by_staff_shows_on_every_members_next_page(ada, bob):
    policy = Policy.objects.get(code="iet-active")
    clients = []
    for member in (ada, bob):
        MemberPolicy.objects.create(owner=member, policy=policy)
        client = signed_in_client(member)
        assert get(client, HOME).context["panels"]
        assert kept(client, HOME)
        clients.append(client)

    Policy.objects.filter(pk=policy.pk).update(
        total_minimum_hours=Decimal(400) * policy.period_years
    )

    for client in clients:
        response = get(client, HOME)
        assert not served_from_memory(response)
        panel = next(p for p in response.context["panels"] if p["template"] == "cpd/panel.html")
        assert panel["target"] == Decimal(400)


def test_shared_policies_are_not_read_again_after_a_members_change(ada, bob, settings):
    settings.PAGE_CACHE_ENTRIES = 0  # every page made afresh
    for member in (ada, bob):
        MemberPolicy.objects.create(owner=member, policy=Policy.objects.get(code="iet-active"))
    seminar = ActivityFactory(owner=ada)
    ada_client, bob_client = signed_in_client(ada), signed_in_client(bob)
    get(bob_client, HOME)
    with CaptureQueriesContext(connection) as before:
        get(bob_client, HOME)
    ada_client.post(reverse("cpd:activity-delete", args=[seminar.pk]))
    with CaptureQueriesContext(connection) as after:
        get(bob_client, HOME)
    assert len(after) == len(before)
    assert not any('"cpd_policyrule"' in query["sql"] for query in after.captured_queries)


# Whose number a write raises


def _request_of(user):
    return SimpleNamespace(user=user)


def test_only_members_requests_raise_their_own_number(ada, staff, admin_user):
    assert writing_member(_request_of(ada)) == ada.pk
    assert writing_member(_request_of(staff)) is None
    assert writing_member(_request_of(admin_user)) is None
    assert writing_member(_request_of(AnonymousUser())) is None
    superuser = UserFactory(is_superuser=True)
    assert writing_member(_request_of(superuser)) is None
    assert writing_member() is None  # outside any request: tasks, commands, imports


def test_staff_pages_are_kept_only_when_they_show_shared_tables_alone(staff_client):
    """The member search is kept on the global number; the staff member's home is not."""
    get(staff_client, SEARCH)
    assert served_from_memory(get(staff_client, SEARCH))
    for _ in range(2):
        assert not served_from_memory(get(staff_client, HOME))


def test_the_staff_search_shows_a_change_a_member_made_in_their_own_request(ada, staff_client):
    assert "Ada Lovelace-Whitby" in get(staff_client, SEARCH).text
    assert served_from_memory(get(staff_client, SEARCH))
    version = data_version()
    token = pagecache._request.set(_request_of(ada))
    try:
        User.objects.filter(pk=ada.pk).update(full_name="Ada King-Noel")
    finally:
        pagecache._request.reset(token)
    # A name is shown to staff, so it raises the global number, not only Ada's.
    assert data_version() == version + 1
    assert "Ada King-Noel" in get(staff_client, SEARCH).text


def test_signing_in_raises_no_number(ada, bob):
    kept_before = (data_version(), member_version(ada))
    token = pagecache._request.set(_request_of(ada))
    try:
        User.objects.filter(pk=ada.pk).update(last_login=timezone.now())
    finally:
        pagecache._request.reset(token)
    assert (data_version(), member_version(ada)) == kept_before


def test_removing_a_member_raises_the_global_number(ada):
    assert pagecache._removes_a_person(
        'DELETE FROM "accounts_user" WHERE "id" IN (%s)', "accounts_user"
    )
    assert not pagecache._removes_a_person(
        'UPDATE "accounts_user" SET "last_login" = %s WHERE "id" = %s', "accounts_user"
    )
    # A change of a member removed before it was counted counts for everyone.
    gone = ada.pk
    User.objects.filter(pk=gone).delete()
    version = data_version()
    pagecache.bump(member=gone)
    assert data_version() == version + 1
    assert not DataVersion.objects.filter(member_id=gone).exists()


# A verifier's pages show one member's assessment


@pytest.fixture
def assessment(owner):
    from careermanager.competence.services import assessment_start
    from tests.competence.factories import assess

    assessment = assessment_start(owner=owner, category="CEng")
    assess(owner, "A1", evidence="I derived the array cable settings from first principles.")
    return assessment


@pytest.fixture
def verifier(assessment):
    from django.test import Client

    from tests.competence.factories import issue_ticket

    _, raw = issue_ticket(assessment)
    guest = Client()
    assert guest.post(reverse("core:guest-start", args=[raw])).status_code == 302
    get(guest, GUEST_PAGE)
    assert served_from_memory(get(guest, GUEST_PAGE))
    return guest


def test_the_members_edit_in_their_own_request_shows_to_the_verifier(
    owner, owner_client, assessment, verifier
):
    version = data_version()
    response = owner_client.post(
        reverse("competence:assessment-competence", args=[assessment.pk, "A1"]),
        {
            "level": "practitioner",
            "evidence": "Now with the harmonic study as well.",
            "reference": "Report TR-101",
        },
    )
    assert response.status_code == 302
    assert data_version() == version
    assert member_version(owner) >= 1
    page = get(verifier, GUEST_PAGE)
    assert not served_from_memory(page)
    assert "Now with the harmonic study as well." in page.text


@pytest.fixture
def ada_with_a_seminar(ada):
    """Made before the verifier opens the link: signing in and the factory change the data."""
    return signed_in_client(ada), ActivityFactory(owner=ada)


def test_another_members_change_keeps_the_verifiers_page(ada, ada_with_a_seminar, verifier):
    client, seminar = ada_with_a_seminar
    client.post(reverse("cpd:activity-delete", args=[seminar.pk]))
    assert member_version(ada) >= 1
    assert served_from_memory(get(verifier, GUEST_PAGE))


def test_a_kept_staff_page_costs_what_a_members_does_and_still_checks_the_authenticator(
    staff, staff_client
):
    """The authenticator the session was verified with is checked by the query that loads
    the user: a kept staff page makes 2 queries, and a removed authenticator counts at once."""
    get(staff_client, SEARCH)
    assert kept(staff_client, SEARCH)

    TOTPDevice.objects.filter(user=staff).delete()
    response = staff_client.get(SEARCH)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))
