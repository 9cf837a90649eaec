"""Passwords are kept with Argon2id at the institution's cost, OWASP's minimum by default."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2
from django.contrib.auth.hashers import check_password, make_password
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OURS = "careermanager.accounts.hashers.Argon2PasswordHasher"


@pytest.fixture
def argon2(settings):
    settings.PASSWORD_HASHERS = [OURS]
    return settings


def _parameters(encoded: str) -> str:
    return encoded.split("$")[3]  # argon2$argon2id$v=19$m=…,t=…,p=…$salt$hash


def test_a_new_password_is_kept_at_owasps_minimum(argon2):
    encoded = make_password("correct horse battery")

    assert encoded.startswith("argon2$argon2id$")
    assert _parameters(encoded) == "m=19456,t=2,p=1"
    assert check_password("correct horse battery", encoded)
    assert not check_password("correct horse batterY", encoded)


def test_the_institution_can_ask_for_more(argon2):
    argon2.PASSWORD_ARGON2_MEMORY_KIB = 65_536
    argon2.PASSWORD_ARGON2_TIME_COST = 3

    assert _parameters(make_password("correct horse battery")) == "m=65536,t=3,p=1"


def test_a_password_kept_at_djangos_cost_still_signs_in_and_is_kept_again_at_ours(argon2, client):
    member = UserFactory()
    member.password = DjangoArgon2().encode(TEST_PASSWORD, DjangoArgon2().salt())
    member.save(update_fields=["password"])
    assert _parameters(member.password) == "m=102400,t=2,p=8"

    response = client.post(
        reverse("accounts:login"), {"username": member.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert _parameters(member.password) == "m=19456,t=2,p=1"
    assert check_password(TEST_PASSWORD, member.password)
