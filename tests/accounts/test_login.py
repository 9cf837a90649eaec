import pytest
from django.core import mail
from django.urls import reverse

from careermanager.core.models import AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def _log_in(client, email, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def test_log_in_with_any_case_of_email(client, owner):
    response = _log_in(client, "OWNER@example.org")

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    home = client.get(reverse("core:home"))
    assert "Hello, Olive Owner" in home.text
    assert AuditEvent.objects.filter(action="accounts.user.logged_in", actor=owner).exists()


def test_wrong_password_and_unknown_email_read_the_same(client, owner):
    wrong = _log_in(client, "owner@example.org", "not-the-password")
    unknown = _log_in(client, "nobody@example.org", "not-the-password")

    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "Enter the email address and password of your account" in response.text
    assert wrong.context["form"].errors == unknown.context["form"].errors


def test_an_unconfirmed_address_is_asked_to_confirm_and_gets_a_new_link(client):
    UserFactory(email="new@example.org", email_verified_at=None)

    response = _log_in(client, "new@example.org")

    assert response.status_code == 200
    assert "You need to confirm your email address" in response.text
    assert "_auth_user_id" not in client.session
    assert [m.subject for m in mail.outbox] == ["Confirm your email address"]


def test_a_closed_account_cannot_log_in(client):
    UserFactory(email="gone@example.org", is_active=False)

    response = _log_in(client, "gone@example.org")

    assert "_auth_user_id" not in client.session
    assert "Enter the email address and password" in response.text


def test_six_wrong_passwords_lock_the_account_for_this_address(client, owner):
    for _ in range(5):  # the first five get the usual message
        response = _log_in(client, "owner@example.org", "guess")
        assert "Enter the email address and password" in response.text

    locked = _log_in(client, "owner@example.org", "guess")  # the sixth is refused
    assert locked.status_code == 429
    assert "Too many attempts" in locked.text

    # Even the right password waits out the cool-off.
    still = _log_in(client, "owner@example.org")
    assert still.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_and_address(client, owner, other_member):
    for _ in range(6):
        _log_in(client, "owner@example.org", "guess")

    assert _log_in(client, "other@example.org").status_code == 302


def test_log_out_is_post_only(owner_client):
    assert owner_client.get(reverse("accounts:logout")).status_code == 405

    response = owner_client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in owner_client.session


def test_login_page_redirects_only_to_this_site(client, owner):
    response = _log_in(client, "owner@example.org", next="https://evil.example.com/")

    assert response.url == reverse("core:home")


def test_the_lock_lifts_after_fifteen_minutes(client, owner):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    for _ in range(6):
        _log_in(client, "owner@example.org", "guess")
    assert _log_in(client, "owner@example.org").status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert _log_in(client, "owner@example.org").status_code == 302
