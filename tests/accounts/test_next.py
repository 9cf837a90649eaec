"""Where `next` may send someone: only to a path on this site, whatever it holds."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
UNSAFE = ["foo", "core:home", "https://evil.example.org/", "//evil.example.org/", "/\\evil", ""]


@pytest.mark.parametrize("target", UNSAFE)
def test_two_factor_verify_sends_only_to_local_paths(owner_client, target):
    response = owner_client.get(reverse("accounts:two-factor-verify"), {"next": target})

    assert response.status_code == 302
    assert response.url == HOME


def test_two_factor_verify_follows_a_local_path(owner_client):
    response = owner_client.get(reverse("accounts:two-factor-verify"), {"next": "/cpd/"})

    assert response.url == "/cpd/"


@pytest.mark.parametrize("target", UNSAFE)
def test_log_in_sends_only_to_local_paths(owner, target):
    response = Client().post(
        reverse("accounts:login") + f"?next={target}",
        {"username": owner.email, "password": TEST_PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == HOME


def test_log_in_follows_a_local_path(owner):
    response = Client().post(
        reverse("accounts:login"),
        {"username": owner.email, "password": TEST_PASSWORD, "next": "/cpd/"},
    )

    assert response.url == "/cpd/"


@pytest.mark.parametrize("target", ["foo", "https://evil.example.org/"])
def test_log_out_sends_only_to_local_paths(owner_client, target):
    response = owner_client.post(reverse("accounts:logout"), {"next": target})

    assert response.url == reverse("accounts:login")
