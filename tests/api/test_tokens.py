"""Personal access tokens: made on the security page, shown once, scoped, expiring, revocable."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from careermanager.api.models import AccessToken, token_digest
from careermanager.core.models import AuditEvent
from tests.api.conftest import make_token, token_client
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

ACTIVITY = {"type": "event", "title": "Lecture", "start_date": "2026-03-02", "hours": "1"}


def _in(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_the_security_page_links_to_tokens(owner_client):
    response = owner_client.get(reverse("accounts:security"))
    assert reverse("api:token-list") in response.text


def test_make_a_token_shown_once_and_stored_hashed(owner_client, owner):
    response = owner_client.post(
        reverse("api:token-new"),
        {"name": "Laptop script", "scope": "write", "expires_on": _in(30)},
    )
    assert response.status_code == 200
    token = AccessToken.objects.get(owner=owner)
    text = response.context["text"]
    assert text.startswith("cmpat_")
    assert text in response.text
    assert token.digest == token_digest(text)
    assert text not in str(AccessToken.objects.filter(pk=token.pk).values().get())
    assert AuditEvent.objects.filter(action="api.token.created").exists()
    listing = owner_client.get(reverse("api:token-list"))
    assert "Laptop script" in listing.text
    assert text not in listing.text
    assert token_client(text).get("/api/v1/me").json()["email"] == owner.email


@pytest.mark.parametrize(
    ("days", "message"),
    [(0, "The expiry date must be in the future"), (400, "within 365 days")],
)
def test_expiry_is_required_and_limited(owner_client, owner, days, message):
    response = owner_client.post(
        reverse("api:token-new"), {"name": "Script", "scope": "read", "expires_on": _in(days)}
    )
    assert message in response.text
    assert not AccessToken.objects.filter(owner=owner).exists()


def test_a_read_token_cannot_write(reader):
    assert reader.get("/api/v1/cpd/activities").status_code == 200
    response = reader.post("/api/v1/cpd/activities", ACTIVITY, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "only read" in response.json()["detail"]


def test_an_expired_token_is_refused(owner):
    text = make_token(owner)
    AccessToken.objects.update(
        created_at=timezone.now() - timedelta(days=3), expires_at=timezone.now() - timedelta(1)
    )
    response = token_client(text).get("/api/v1/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused_at_once(owner, owner_client):
    text = make_token(owner)
    client = token_client(text)
    assert client.get("/api/v1/me").status_code == 200
    token = AccessToken.objects.get()
    confirm = owner_client.get(reverse("api:token-revoke", args=[token.pk]))
    assert "stop working" in confirm.text
    owner_client.post(reverse("api:token-revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/me").status_code == 401


def test_another_members_token_cannot_be_revoked(owner, other_client):
    make_token(owner)
    token = AccessToken.objects.get()
    assert other_client.post(reverse("api:token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_last_used_is_noted(owner):
    text = make_token(owner)
    assert AccessToken.objects.get().last_used_at is None
    token_client(text).get("/api/v1/me")
    assert AccessToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "header", ["Bearer cmpat_wrong", "Bearer ", "Basic dXNlcjpwYXNz", "cmpat_nothing"]
)
def test_anything_but_a_token_is_a_401(header):
    from django.test import Client

    response = Client(headers={"Authorization": header}).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_a_deactivated_member_s_token_stops_working(owner):
    text = make_token(owner)
    owner.is_active = False
    owner.save()
    assert token_client(text).get("/api/v1/me").status_code == 401


# ------------------------------------------------------------------------------ staff


def test_staff_signed_in_with_two_factor_can_make_a_staff_token(staff, staff_client):
    form = staff_client.get(reverse("api:token-new"))
    assert "Staff token" in form.text
    staff_client.post(
        reverse("api:token-new"),
        {"name": "Monitoring", "scope": "read", "expires_on": _in(30), "staff": "on"},
    )
    assert AccessToken.objects.get(owner=staff).staff


def test_members_are_not_offered_a_staff_token(owner, owner_client):
    assert "Staff token" not in owner_client.get(reverse("api:token-new")).text
    owner_client.post(
        reverse("api:token-new"),
        {"name": "Sneaky", "scope": "read", "expires_on": _in(30), "staff": "on"},
    )
    assert not AccessToken.objects.get(owner=owner).staff


def test_a_staff_token_needs_a_two_factor_session(staff):
    from django.core.exceptions import PermissionDenied

    from careermanager.api import services

    with pytest.raises(PermissionDenied):
        services.token_create(
            owner=staff,
            name="x",
            scope="read",
            expires_on=timezone.localdate() + timedelta(days=1),
            staff=True,
            verified=False,
        )
    unverified = signed_in_client(staff, verified=False)
    response = unverified.get(reverse("api:token-new"))
    assert response.status_code == 302  # staff are sent to set up or give their second factor


def test_staff_endpoints_need_a_staff_token(staff, owner):
    member_token = token_client(make_token(staff))
    assert member_token.get("/api/v1/staff/monitoring").status_code == 403
    staff_token = token_client(make_token(staff, staff=True, scope="read"))
    for url in (
        "/api/v1/staff/monitoring",
        "/api/v1/staff/declarations",
        "/api/v1/staff/applications",
    ):
        response = staff_token.get(url)
        assert response.status_code == 200, url
    members = token_client(make_token(owner))
    assert members.get("/api/v1/staff/declarations").status_code == 403


def test_a_staff_token_stops_when_they_leave_staff(staff):
    from careermanager.accounts.models import User
    from careermanager.accounts.services import user_set_role

    text = make_token(staff, staff=True)
    user_set_role(user=staff, role=User.Role.MEMBER, actor=None)
    assert token_client(text).get("/api/v1/staff/monitoring").status_code == 401
