"""Guest tickets: issued hashed, found only while valid, scoped to one object and one session;
opened through core's one entry page, whatever app registered what they open."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

import careermanager.urls
from careermanager.accounts.models import User
from careermanager.core import tickets
from careermanager.core.guest import guest_page
from careermanager.core.models import AuditEvent, GuestTicket


def _issue(owner, target=None, **kwargs):
    return tickets.ticket_issue(
        target=target or owner,
        name=" Priya Natarajan ",
        email="priya@example.org",
        purpose="Mentor",
        created_by=owner,
        **kwargs,
    )


def _request():
    request = RequestFactory().post("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.user = AnonymousUser()
    return request


def _expire(ticket):
    now = timezone.now()
    GuestTicket.objects.filter(pk=ticket.pk).update(
        created_at=now - timedelta(days=31), expires_at=now - timedelta(seconds=1)
    )


def test_issue_stores_only_the_hash_of_a_256_bit_token(owner):
    ticket, raw = _issue(owner)
    assert len(raw) >= 43  # 32 random bytes, URL-safe base64
    assert raw not in ticket.token_hash
    assert ticket.token_hash == tickets.hash_token(raw)
    assert ticket.guest_name == "Priya Natarajan"
    assert ticket.status == GuestTicket.Status.ACTIVE
    assert timedelta(days=29) < ticket.expires_at - timezone.now() <= timedelta(days=30)
    event = AuditEvent.objects.for_target(ticket).get()
    assert event.action == "core.ticket.issued"
    assert event.actor == owner
    assert raw not in str(event.data)


def test_each_ticket_gets_a_different_token(owner):
    raws = {_issue(owner)[1] for _ in range(5)}
    assert len(raws) == 5


def test_issue_honours_the_number_of_days(owner):
    ticket, _ = _issue(owner, days=3)
    assert ticket.expires_at - timezone.now() <= timedelta(days=3)
    with pytest.raises(ValueError, match="between 1 and"):
        _issue(owner, days=0)


def test_find_returns_a_valid_ticket(owner):
    ticket, raw = _issue(owner)
    assert tickets.ticket_find(raw) == ticket


@pytest.mark.parametrize(
    "tamper",
    [
        lambda raw: raw[:-1] + ("A" if raw[-1] != "A" else "B"),
        lambda raw: raw[:-1],
        lambda raw: raw + "x",
        lambda raw: raw.upper(),
        lambda raw: "",
        lambda raw: "x" * 5000,
    ],
)
def test_a_tampered_token_finds_nothing(owner, tamper):
    _, raw = _issue(owner)
    assert tickets.ticket_find(tamper(raw)) is None
    assert tickets.ticket_lookup(tamper(raw)) is None


def test_an_expired_ticket_is_not_found_but_can_be_explained(owner):
    ticket, raw = _issue(owner)
    _expire(ticket)
    assert tickets.ticket_find(raw) is None
    assert tickets.ticket_lookup(raw).status == GuestTicket.Status.EXPIRED


def test_a_revoked_ticket_is_not_found(owner):
    ticket, raw = _issue(owner)
    tickets.ticket_revoke(ticket=ticket, actor=owner)
    assert tickets.ticket_find(raw) is None
    assert tickets.ticket_lookup(raw).status == GuestTicket.Status.REVOKED


def test_revoking_twice_records_one_event(owner):
    ticket, _ = _issue(owner)
    first = tickets.ticket_revoke(ticket=ticket, actor=owner)
    second = tickets.ticket_revoke(ticket=ticket, actor=owner)
    assert first.revoked_at == second.revoked_at
    actions = list(AuditEvent.objects.for_target(ticket).values_list("action", flat=True))
    assert actions.count("core.ticket.revoked") == 1


def test_for_target_and_valid_querysets(owner, other_member):
    mine, _ = _issue(owner)
    theirs, _ = _issue(owner, target=other_member)
    revoked, _ = _issue(owner)
    tickets.ticket_revoke(ticket=revoked, actor=owner)
    assert set(GuestTicket.objects.for_target(owner)) == {mine, revoked}
    assert set(GuestTicket.objects.for_target(owner).valid()) == {mine}
    assert list(GuestTicket.objects.for_target(other_member)) == [theirs]


def test_a_guest_session_opens_exactly_its_own_object(owner, other_member):
    ticket, _ = _issue(owner)
    request = _request()
    request.session.save()  # a session that existed before the link was followed
    old_key = request.session.session_key
    assert tickets.guest_ticket_for(request, owner) is None
    tickets.guest_session_open(request, ticket)
    assert request.session.session_key != old_key  # a planted session key is not upgraded
    assert tickets.guest_ticket_for(request, owner) == ticket
    # The same session reaches nothing else, not even another object of the same kind.
    assert tickets.guest_ticket_for(request, other_member) is None
    ticket.refresh_from_db()
    assert ticket.last_used_at is not None
    assert AuditEvent.objects.filter(action="core.ticket.opened").count() == 1


def test_a_guest_session_ends_when_the_ticket_is_revoked_or_expires(owner):
    ticket, _ = _issue(owner)
    request = _request()
    tickets.guest_session_open(request, ticket)
    tickets.ticket_revoke(ticket=ticket, actor=owner)
    assert tickets.guest_ticket_for(request, owner) is None

    second, _ = _issue(owner)
    tickets.guest_session_open(request, second)
    _expire(second)
    assert tickets.guest_ticket_for(request, owner) is None
    assert tickets.guest_session_ticket(request) is None


def test_opening_a_second_ticket_replaces_the_first(owner, other_member):
    first, _ = _issue(owner)
    second, _ = _issue(owner, target=other_member)
    request = _request()
    tickets.guest_session_open(request, first)
    tickets.guest_session_open(request, second)
    assert tickets.guest_ticket_for(request, owner) is None
    assert tickets.guest_ticket_for(request, other_member) == second


def test_an_invalid_ticket_cannot_open_a_session(owner):
    ticket, _ = _issue(owner)
    tickets.ticket_revoke(ticket=ticket, actor=owner)
    request = _request()
    with pytest.raises(ValueError, match="valid ticket"):
        tickets.guest_session_open(request, ticket)
    assert tickets.SESSION_KEY not in request.session


def test_closing_the_session_forgets_the_ticket(owner):
    ticket, _ = _issue(owner)
    request = _request()
    tickets.guest_session_open(request, ticket)
    tickets.guest_session_close(request)
    assert tickets.guest_ticket_for(request, owner) is None
    assert AuditEvent.objects.filter(action="core.ticket.closed").exists()


def test_session_target_checks_the_kind_of_object(owner):
    from careermanager.core.models import OutboxMessage

    ticket, _ = _issue(owner)
    request = _request()
    tickets.guest_session_open(request, ticket)
    assert tickets.guest_session_target(request, User.objects.all()) == (ticket, owner)
    assert tickets.guest_session_target(request, OutboxMessage.objects.all()) is None


def test_a_garbled_session_value_opens_nothing(owner):
    request = _request()
    request.session[tickets.SESSION_KEY] = "1 OR 1=1"
    assert tickets.guest_session_ticket(request) is None


def test_refusals_are_audited(owner):
    ticket, _ = _issue(owner)
    tickets.ticket_refused(ticket=ticket, reason="expired")
    event = AuditEvent.objects.filter(action="core.ticket.refused").get()
    assert event.data == {"reason": "expired"}


# Registering what a ticket opens


class ProfileGuestTarget(tickets.GuestTarget):
    """A handler only these tests register: a ticket that opens a member's account."""

    model = User
    noun = "profile"
    button = "Open the profile"

    def member(self, target):
        return target

    def describe(self, target) -> str:
        return f"The contact details of {target.display_name}"

    def landing_url(self, target) -> str:
        return reverse("test-guest-profile")


@require_safe
@guest_page(User)
def _guest_profile(request, ticket, user):
    return HttpResponse(f"Profile of {user.display_name}")


@require_safe
@guest_page(User)
def _guest_profile_by_pk(request, ticket, user, pk):
    """A careless page that takes a pk: the object still comes from the session."""
    return HttpResponse(f"Profile of {user.display_name}")


urlpatterns = [
    *careermanager.urls.urlpatterns,
    path("test-guest/profile/", _guest_profile, name="test-guest-profile"),
    path("test-guest/profile/<int:pk>/", _guest_profile_by_pk, name="test-guest-profile-pk"),
]


def _register(monkeypatch, *paths):
    config = apps.get_app_config("accounts")
    monkeypatch.setattr(config, "guest_ticket_targets", list(paths), raising=False)
    tickets.target_handlers.cache_clear()


@pytest.fixture
def profile_target(monkeypatch):
    """The test handler for accounts, registered as an app would register one."""
    _register(monkeypatch, f"{__name__}.ProfileGuestTarget")
    yield
    monkeypatch.undo()
    tickets.target_handlers.cache_clear()


@pytest.fixture
def assessment(owner):
    from careermanager.competence.services import assessment_start

    return assessment_start(owner=owner, category="CEng")


def _start(raw: str) -> str:
    return reverse("core:guest-start", args=[raw])


def _assert_private(response):
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex"
    # Only the origin goes on as a referrer, so the token in the link's path never does.
    assert response["Referrer-Policy"] == "strict-origin"


def test_apps_register_handlers_on_their_app_config():
    from careermanager.competence.guest import AssessmentGuestTarget
    from careermanager.competence.models import Assessment

    handler = tickets.handler_for_model(Assessment)
    assert isinstance(handler, AssessmentGuestTarget)
    assert tickets.handler_for_model(User) is None


def test_two_handlers_for_one_model_are_refused(monkeypatch):
    _register(monkeypatch, f"{__name__}.ProfileGuestTarget", f"{__name__}.ProfileGuestTarget")
    try:
        with pytest.raises(ImproperlyConfigured, match="Two guest ticket targets"):
            tickets.target_handlers()
    finally:
        monkeypatch.undo()
        tickets.target_handlers.cache_clear()


def test_the_link_shows_who_asks_in_what_role_and_for_what(owner, assessment):
    ticket, raw = _issue(owner, target=assessment)
    events_before = AuditEvent.objects.count()
    guest = Client()
    page = guest.get(_start(raw))
    assert page.status_code == 200
    _assert_private(page)
    text = " ".join(page.text.split())
    assert "<h1>Verify Olive Owner&#x27;s competence assessment</h1>" in text
    assert "<dt>Invited by</dt><dd>Olive Owner</dd>" in text
    assert "<dt>Your role</dt><dd>Mentor</dd>" in text
    assert "Their Chartered Engineer (CEng) competence assessment, against UK-SPEC" in text
    assert "Open the assessment</button>" in text
    assert raw not in page.text  # the form posts back to its own address
    # A GET (a mail scanner, a preview) opens nothing and records nothing.
    assert tickets.SESSION_KEY not in guest.session
    assert AuditEvent.objects.count() == events_before
    ticket.refresh_from_db()
    assert ticket.last_used_at is None


def test_posting_opens_a_session_for_the_one_object_and_lands_on_its_page(owner, assessment):
    ticket, raw = _issue(owner, target=assessment)
    guest = Client()
    response = guest.post(_start(raw))
    assert response.status_code == 302
    assert response.url == reverse("competence:guest-assessment")
    _assert_private(response)
    assert guest.session[tickets.SESSION_KEY] == ticket.pk
    assert AuditEvent.objects.filter(action="core.ticket.opened").count() == 1
    landing = guest.get(response.url)
    assert landing.status_code == 200
    _assert_private(landing)


@pytest.mark.urls(__name__)
def test_a_handler_registered_by_any_app_works_the_same(profile_target, owner, other_member):
    ticket, raw = _issue(owner, target=other_member)
    guest = Client()
    page = guest.get(_start(raw))
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert f"<dt>Invited by</dt><dd>{other_member.display_name}</dd>" in text
    assert f"The contact details of {other_member.display_name}" in text
    assert "Open the profile</button>" in text
    assert tickets.SESSION_KEY not in guest.session

    response = guest.post(_start(raw))
    assert response.status_code == 302
    assert response.url == reverse("test-guest-profile")
    page = guest.get(response.url)
    assert page.text == f"Profile of {other_member.display_name}"
    _assert_private(page)
    # Another object of the same kind cannot be reached, whatever the URL names.
    page = guest.get(reverse("test-guest-profile-pk", args=[owner.pk]))
    assert page.text == f"Profile of {other_member.display_name}"
    request = RequestFactory().get("/")
    request.session = guest.session
    assert tickets.guest_session_target(request, User.objects.exclude(pk=other_member.pk)) is None
    assert tickets.guest_session_target(request, User.objects.all()) == (ticket, other_member)


@pytest.mark.urls(__name__)
def test_a_guest_page_without_a_session_is_a_clear_404(profile_target, owner):
    page = Client().get(reverse("test-guest-profile"))
    assert page.status_code == 404
    _assert_private(page)
    assert "<h1>Open the link in your email</h1>" in page.text
    assert "the profile you have been invited to look at" in page.text


@pytest.mark.urls(__name__)
def test_a_session_for_another_kind_of_object_opens_no_page_of_this_kind(
    profile_target, owner, assessment
):
    _, raw = _issue(owner, target=assessment)
    guest = Client()
    guest.post(_start(raw))
    assert guest.get(reverse("test-guest-profile")).status_code == 404


@pytest.mark.parametrize(
    "tamper", [lambda raw: raw[:-1] + ("A" if raw[-1] != "A" else "B"), lambda raw: "nonsense"]
)
def test_an_unknown_or_tampered_link_is_a_404_that_changes_nothing(owner, assessment, tamper):
    ticket, raw = _issue(owner, target=assessment)
    guest = Client()
    for response in (guest.get(_start(tamper(raw))), guest.post(_start(tamper(raw)))):
        assert response.status_code == 404
        _assert_private(response)
        assert "<h1>This link does not work</h1>" in response.text
        assert "ask the person who sent it for a new link" in response.text
    assert tickets.SESSION_KEY not in guest.session
    assert not AuditEvent.objects.filter(action__in=["core.ticket.opened", "core.ticket.refused"])
    ticket.refresh_from_db()
    assert ticket.last_used_at is None


def test_an_expired_link_is_a_410_and_a_post_is_recorded_as_refused(owner, assessment):
    ticket, raw = _issue(owner, target=assessment)
    _expire(ticket)
    guest = Client()
    page = guest.get(_start(raw))
    assert page.status_code == 410
    _assert_private(page)
    assert "<h1>This link has expired</h1>" in page.text
    assert "ask the person who sent the link for a new one" in page.text
    assert not AuditEvent.objects.filter(action="core.ticket.refused").exists()
    response = guest.post(_start(raw))
    assert response.status_code == 410
    assert tickets.SESSION_KEY not in guest.session
    event = AuditEvent.objects.get(action="core.ticket.refused")
    assert event.data == {"reason": "expired"}
    assert not AuditEvent.objects.filter(action="core.ticket.opened").exists()


def test_a_revoked_link_is_a_410_and_a_post_is_recorded_as_refused(owner, assessment):
    ticket, raw = _issue(owner, target=assessment)
    tickets.ticket_revoke(ticket=ticket, actor=owner)
    guest = Client()
    page = guest.get(_start(raw))
    assert page.status_code == 410
    assert "<h1>This link has been withdrawn</h1>" in page.text
    assert "it no longer opens their assessment" in page.text
    assert guest.post(_start(raw)).status_code == 410
    assert AuditEvent.objects.get(action="core.ticket.refused").data == {"reason": "revoked"}
    assert tickets.SESSION_KEY not in guest.session


def test_a_link_revoked_while_the_guest_reads_the_page_opens_nothing(
    owner, assessment, monkeypatch
):
    _, raw = _issue(owner, target=assessment)
    found = tickets.ticket_target

    def revoked_meanwhile(ticket):
        tickets.ticket_revoke(ticket=ticket, actor=owner)
        return found(ticket)

    monkeypatch.setattr(tickets, "ticket_target", revoked_meanwhile)
    guest = Client()
    response = guest.post(_start(raw))
    assert response.status_code == 410
    assert "<h1>This link has been withdrawn</h1>" in response.text
    assert tickets.SESSION_KEY not in guest.session
    assert AuditEvent.objects.get(action="core.ticket.refused").data == {"reason": "revoked"}


def test_a_link_to_a_kind_of_object_no_app_serves_is_a_404(owner):
    ticket, raw = _issue(owner)  # opens a User: no app registers a handler for it
    guest = Client()
    for response in (guest.get(_start(raw)), guest.post(_start(raw))):
        assert response.status_code == 404
        assert "<h1>This link does not work</h1>" in response.text
    assert tickets.SESSION_KEY not in guest.session
    ticket.refresh_from_db()
    assert ticket.last_used_at is None


def test_a_link_to_a_deleted_object_is_a_404(owner, assessment):
    _, raw = _issue(owner, target=assessment)
    assessment.delete()
    guest = Client()
    for response in (guest.get(_start(raw)), guest.post(_start(raw))):
        assert response.status_code == 404
        assert "<h1>This link does not work</h1>" in response.text
    assert tickets.SESSION_KEY not in guest.session


def test_leaving_ends_the_guest_session(owner, assessment):
    _, raw = _issue(owner, target=assessment)
    guest = Client()
    guest.post(_start(raw))
    assert guest.get(reverse("core:guest-leave")).status_code == 405
    page = guest.post(reverse("core:guest-leave"))
    assert page.status_code == 200
    _assert_private(page)
    assert "<h1>You have left the assessment</h1>" in page.text
    assert tickets.SESSION_KEY not in guest.session
    assert AuditEvent.objects.filter(action="core.ticket.closed").count() == 1
    landing = guest.get(reverse("competence:guest-assessment"))
    assert landing.status_code == 404
    assert "<h1>Open the link in your email</h1>" in landing.text
