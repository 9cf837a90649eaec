import re

import pytest
from django.core import mail
from django.urls import reverse

from careermanager.accounts.models import User
from careermanager.core.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
STRONG = "lantern-orbit-meadow-42"


def _sign_up(client, **overrides):
    data = {
        "full_name": "Grace Hopper",
        "email": "Grace@Example.org",
        "password1": STRONG,
        "password2": STRONG,
    } | overrides
    return client.post(SIGNUP, data)


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_sign_up_creates_an_unconfirmed_member_and_emails_a_link(client):
    response = _sign_up(client)

    assert response.status_code == 200
    assert "Check your email" in response.text
    user = User.objects.get()
    assert user.email == "grace@example.org"
    assert user.full_name == "Grace Hopper"
    assert user.email_verified_at is None
    assert user.check_password(STRONG)
    assert user.password.startswith("md5$") or user.password.startswith("argon2")
    assert [m.to for m in mail.outbox] == [["grace@example.org"]]
    assert mail.outbox[0].subject == "Confirm your email address"
    assert "/accounts/verify/" in _link(mail.outbox[0])
    assert AuditEvent.objects.filter(action="accounts.user.signed_up", actor=user).exists()


def test_a_taken_email_shows_the_same_page_and_warns_the_owner(client):
    existing = UserFactory(email="grace@example.org")

    response = _sign_up(client, email="GRACE@example.org")

    assert "Check your email" in response.text
    assert "already" not in response.text.lower()
    assert User.objects.count() == 1
    existing.refresh_from_db()
    assert existing.full_name != "Grace Hopper"
    assert [m.subject for m in mail.outbox] == ["You already have an account"]


@pytest.mark.parametrize(
    ("password1", "password2", "field", "message"),
    [
        ("lantern-orbit-meadow-42", "lantern-orbit-meadow-43", "password2", "do not match"),
        ("password123", "password123", "password1", "too common"),
        ("short1", "short1", "password1", "too short"),
        ("48201937465", "48201937465", "password1", "entirely numeric"),
    ],
)
def test_bad_passwords_are_explained_and_input_kept(client, password1, password2, field, message):
    response = _sign_up(client, password1=password1, password2=password2)

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert response.context["form"].errors[field]
    assert 'value="Grace Hopper"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert f'href="#id_{field}"' in response.text
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_missing_fields_are_listed(client):
    response = client.post(SIGNUP, {})

    expected = {"full_name", "email", "password1", "password2"}
    assert response.context["form"].errors.keys() == expected
    assert "<title>Error: Create an account" in response.text


def test_confirmation_link_shows_a_button_and_only_post_confirms(client):
    _sign_up(client)
    link = _link(mail.outbox[0])
    path = link.split("://", 1)[1].split("/", 1)[1]

    page = client.get("/" + path)
    assert page.status_code == 200
    assert "Confirm email address" in page.text
    assert User.objects.get().email_verified_at is None

    response = client.post("/" + path, follow=True)
    assert "your email address is confirmed" in response.text
    assert User.objects.get().email_verified_at is not None

    again = client.get("/" + path, follow=True)
    assert "already confirmed" in again.text


def test_a_tampered_confirmation_link_is_refused(client):
    _sign_up(client)
    path = _link(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]

    response = client.post("/" + path[:-3] + "xyz/")

    assert response.status_code == 400
    assert "expired or is not valid" in response.text
    assert User.objects.get().email_verified_at is None


def test_signed_in_people_are_sent_home_from_sign_up(owner_client):
    assert owner_client.get(SIGNUP).url == reverse("core:home")
