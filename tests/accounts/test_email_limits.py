"""Emails anyone can cause are limited per address and per member, and reveal nothing."""

from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.test import Client
from django.urls import reverse

from careermanager.core.mail import email_allowed
from tests.competence.factories import AssessmentFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
RESET = reverse("accounts:password-reset")
STRONG = "lantern-orbit-meadow-42"


def _sign_up(client, email):
    return client.post(
        SIGNUP,
        {"full_name": "Grace", "email": email, "password1": STRONG, "password2": STRONG},
    )


def test_twenty_password_reset_requests_send_three_emails(client, owner, settings):
    settings.EMAIL_LIMIT_PER_ADDRESS = 3
    pages = [client.post(RESET, {"email": owner.email}, follow=True) for _ in range(20)]

    assert len(mail.outbox) == 3
    # The page is the same whether or not an email went.
    assert len({page.redirect_chain[-1][0] for page in pages}) == 1
    assert all(page.status_code == 200 for page in pages)


def test_twenty_sign_ups_with_a_taken_address_send_three_emails(client, owner, settings):
    settings.EMAIL_LIMIT_PER_ADDRESS = 3
    pages = [_sign_up(client, owner.email) for _ in range(20)]

    assert [m.subject for m in mail.outbox] == ["You already have an account"] * 3
    assert all("Check your email" in page.content.decode() for page in pages)


def test_the_limit_is_per_address(client, settings):
    settings.EMAIL_LIMIT_PER_ADDRESS = 3
    ann, bob = UserFactory(email="ann@example.org"), UserFactory(email="bob@example.org")
    for _ in range(5):
        client.post(RESET, {"email": ann.email})
    client.post(RESET, {"email": bob.email})

    assert [m.to for m in mail.outbox] == [[ann.email]] * 3 + [[bob.email]]


def test_the_limit_lasts_an_hour(owner, settings):
    from datetime import timedelta

    from django.utils import timezone

    from careermanager.core.models import LimitedEmail

    settings.EMAIL_LIMIT_PER_ADDRESS = 1
    assert email_allowed(purpose="test", address="a@example.org")
    assert not email_allowed(purpose="test", address="a@example.org")
    assert email_allowed(purpose="other", address="a@example.org")
    LimitedEmail.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert email_allowed(purpose="test", address="a@example.org")


def test_the_limit_is_per_member_too(settings):
    settings.EMAIL_LIMIT_PER_ADDRESS = 100
    settings.EMAIL_LIMIT_PER_MEMBER = 2
    member = UserFactory()
    allowed = [
        email_allowed(purpose="test", address=f"{n}@example.org", member=member) for n in range(4)
    ]

    assert allowed == [True, True, False, False]


def test_addresses_are_kept_only_as_digests(owner):
    from careermanager.core.models import LimitedEmail

    email_allowed(purpose="test", address="secret@example.org", member=owner)

    assert "secret" not in str(list(LimitedEmail.objects.values_list("key", flat=True)))


def test_confirmation_emails_on_log_in_are_limited(settings):
    settings.EMAIL_LIMIT_PER_ADDRESS = 3
    user = UserFactory(email_verified_at=None)
    from tests.factories import TEST_PASSWORD

    for _ in range(6):
        Client().post(
            reverse("accounts:login"), {"username": user.email, "password": TEST_PASSWORD}
        )

    assert len(mail.outbox) == 3


def test_sign_up_hashes_the_password_whether_or_not_the_address_is_taken(client, owner):
    hasher = type(get_hasher())
    with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode:
        _sign_up(client, "new@example.org")
        new_address = encode.call_count
        _sign_up(client, owner.email)
        taken_address = encode.call_count - new_address

    assert new_address == 1
    assert taken_address == 1


# Verification requests --------------------------------------------------------------------------


def _ask(client, assessment, **overrides):
    data = {"name": "Vera Verifier", "email": "vera@example.org", "role": "Mentor", "message": ""}
    return client.post(
        reverse("competence:verification-new", args=[assessment.pk]), data | overrides
    )


def test_verification_requests_are_limited(owner, owner_client, settings):
    settings.EMAIL_LIMIT_PER_ADDRESS = 3
    settings.EMAIL_LIMIT_PER_MEMBER = 3
    assessment = AssessmentFactory(owner=owner)

    responses = [_ask(owner_client, assessment) for _ in range(5)]

    assert len(mail.outbox) == 3
    assert [r.status_code for r in responses] == [302, 302, 302, 200, 200]
    assert "Try again in an hour" in responses[-1].content.decode()


def test_a_verifier_message_may_not_carry_links(owner, owner_client):
    assessment = AssessmentFactory(owner=owner)

    response = _ask(owner_client, assessment, message="Please see https://evil.example.org/x")

    assert response.status_code == 200
    assert "Take the web link out of the message" in response.content.decode()
    assert len(mail.outbox) == 0
