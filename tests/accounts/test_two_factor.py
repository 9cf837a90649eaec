import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from careermanager.accounts.models import User
from careermanager.accounts.services import user_set_role
from careermanager.core.models import AuditEvent
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two-factor-setup")
VERIFY = reverse("accounts:two-factor-verify")


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=offset):06d}"


def _turn_on(client, user) -> list[str]:
    assert "Continue" in client.get(SETUP).text
    client.post(SETUP, {"start": "1"})
    page = client.get(SETUP)
    assert "<svg" in page.text
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SETUP, {"token": _code(device)})
    assert "Your backup codes" in response.text
    return re.findall(r"<li>([a-z0-9]{8})</li>", response.text)


def _log_in(user) -> Client:
    client = Client()
    client.post(reverse("accounts:login"), {"username": user.email, "password": TEST_PASSWORD})
    return client


def test_member_turns_on_two_factor_and_is_asked_next_time(owner_client, owner):
    codes = _turn_on(owner_client, owner)

    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=owner).confirmed
    assert AuditEvent.objects.filter(action="accounts.two_factor.enabled").exists()
    assert "Two-factor sign-in is now on" in mail.outbox[-1].subject

    client = _log_in(owner)
    home = client.get(reverse("core:home"))
    assert home.status_code == 302
    assert home.url.startswith(VERIFY)

    wrong = client.post(VERIFY, {"token": "000000"})
    assert "That code is not right" in wrong.text
    device = TOTPDevice.objects.get(user=owner)
    device.throttle_reset()
    # The code used during set-up cannot be replayed; the next one is accepted.
    ok = client.post(VERIFY, {"token": _code(device, offset=1), "next": "/"})
    assert ok.url == "/"
    assert client.get(reverse("core:home")).status_code == 200


def test_a_backup_code_works_once(owner_client, owner):
    codes = _turn_on(owner_client, owner)

    first = _log_in(owner)
    assert first.post(VERIFY, {"token": codes[0]}).status_code == 302
    assert first.get(reverse("core:home")).status_code == 200
    assert StaticToken.objects.filter(device__user=owner).count() == 9

    second = _log_in(owner)
    response = second.post(VERIFY, {"token": codes[0]})
    assert "That code is not right" in response.text


def test_a_wrong_setup_code_keeps_two_factor_off(owner_client, owner):
    owner_client.post(SETUP, {"start": "1"})

    response = owner_client.post(SETUP, {"token": "123456"})

    assert "That code is not right" in response.text
    assert not TOTPDevice.objects.filter(user=owner, confirmed=True).exists()


def test_setup_start_is_post_only(owner_client, owner):
    owner_client.get(SETUP)

    assert not TOTPDevice.objects.filter(user=owner).exists()


def test_staff_must_turn_on_two_factor_before_anything_else(staff):
    client = _log_in(staff)

    response = client.get(reverse("core:home"))

    assert response.url == SETUP
    assert client.get(reverse("accounts:security")).url == SETUP
    assert client.get(SETUP).status_code == 200


def test_staff_cannot_turn_two_factor_off(staff_client, staff):
    response = staff_client.post(
        reverse("accounts:two-factor-disable"), {"password": TEST_PASSWORD}, follow=True
    )

    assert "Staff accounts must keep two-factor sign-in on" in response.text
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_member_turns_two_factor_off_with_their_password(owner_client, owner):
    _turn_on(owner_client, owner)
    url = reverse("accounts:two-factor-disable")

    page = owner_client.get(url)
    assert "backup codes will stop working" in page.text
    wrong = owner_client.post(url, {"password": "nope"})
    assert "That is not your current password" in wrong.text
    assert TOTPDevice.objects.filter(user=owner).exists()

    owner_client.post(url, {"password": TEST_PASSWORD})
    assert not TOTPDevice.objects.filter(user=owner).exists()
    assert not StaticToken.objects.filter(device__user=owner).exists()


def test_new_backup_codes_replace_the_old(owner_client, owner):
    old = _turn_on(owner_client, owner)

    assert owner_client.get(reverse("accounts:backup-codes")).status_code == 405
    response = owner_client.post(reverse("accounts:backup-codes"))
    new = re.findall(r"<li>([a-z0-9]{8})</li>", response.text)

    assert len(new) == 10
    assert not set(old) & set(new)
    assert set(StaticToken.objects.filter(device__user=owner).values_list("token", flat=True)) == (
        set(new)
    )


def test_role_changes_are_audited(owner, admin_user):
    user_set_role(user=owner, role=User.Role.STAFF, actor=admin_user)
    owner.refresh_from_db()

    assert owner.role == User.Role.STAFF
    assert owner.is_reviewer
    event = AuditEvent.objects.get(action="accounts.user.role_changed", actor=admin_user)
    assert event.data == {"from": "member", "to": "staff"}

    user_set_role(user=owner, role=User.Role.MEMBER, actor=admin_user)
    owner = User.objects.get(pk=owner.pk)
    assert owner.role == User.Role.MEMBER
