"""Tokens and clients for the API tests."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from careermanager.api import services
from careermanager.api.models import AccessToken


def make_token(user, *, scope=AccessToken.Scope.WRITE, staff=False, days=30) -> str:
    _, text = services.token_create(
        owner=user,
        name=f"{scope} token",
        scope=scope,
        expires_on=timezone.localdate() + timedelta(days=days),
        staff=staff,
        verified=staff,
    )
    return text


def token_client(text: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {text}"})


@pytest.fixture
def write_token(owner) -> str:
    return make_token(owner)


@pytest.fixture
def read_token(owner) -> str:
    return make_token(owner, scope=AccessToken.Scope.READ)


@pytest.fixture
def api(write_token) -> Client:
    """The owner's client with a read-and-write token."""
    return token_client(write_token)


@pytest.fixture
def reader(read_token) -> Client:
    return token_client(read_token)


@pytest.fixture
def other_api(other_member) -> Client:
    return token_client(make_token(other_member))


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    from django.core.cache import cache

    cache.clear()
