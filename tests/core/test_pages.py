import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_visitors_see_what_the_service_is_for(client):
    response = client.get(reverse("core:home"))

    assert "Plan, record and prove your professional development" in response.text
    assert reverse("accounts:signup") in response.text


def test_members_see_their_dashboard_and_navigation(owner_client):
    response = owner_client.get(reverse("core:home"))

    assert "<h1>Hello, Olive Owner</h1>" in response.text
    assert 'aria-label="Main"' in response.text
    assert "Protect your account" in response.text


def test_every_page_sends_the_security_headers(client):
    response = client.get(reverse("core:help"))

    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_scripts_carry_the_nonce(client):
    response = client.get(reverse("core:home"))
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]

    assert f'nonce="{nonce}"' in response.text


def test_unknown_pages_explain_themselves(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.text


def test_an_expired_form_is_explained(owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "a", "password": "b"})

    assert response.status_code == 403
    assert "Your form has expired" in response.text


def test_the_bare_page_is_for_signed_in_people(client, owner_client, owner):
    assert client.get(reverse("core:bare")).status_code == 404
    assert owner_client.get(reverse("core:bare")).text == f"signed in as {owner.pk}"


def test_error_summary_names_the_field_only_for_generic_messages(owner_client):
    response = owner_client.post(
        reverse("accounts:password-change"),
        {"old_password": "", "new_password1": "abc", "new_password2": "abd"},
    )

    assert "Old password: This field is required." in response.text
    assert "New password confirmation: The two password fields" not in response.text
    assert 'href="#id_old_password"' in response.text
