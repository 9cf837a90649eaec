"""The signed-in user is loaded with their staff role and authenticator in one query, and a
change to either counts from the very next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from careermanager.accounts.models import User
from careermanager.accounts.services import two_factor_disable, user_set_role
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db
STAFF_PAGE = reverse("profiles:staff-members")


def test_a_signed_in_page_costs_the_session_and_the_user_only(owner):
    client = signed_in_client(owner)
    client.get(reverse("core:bare"))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("core:bare")).status_code == 200
    assert len(captured.captured_queries) == 2, [q["sql"] for q in captured.captured_queries]


def test_a_staff_role_given_counts_from_the_next_request(owner):
    client = signed_in_client(owner)
    assert client.get(STAFF_PAGE).status_code == 403
    assert reverse("core:outbox") not in client.get(reverse("core:home")).text

    user_set_role(user=owner, role=User.Role.STAFF, actor=None)

    # Staff must turn two-factor sign-in on before anything else, at once.
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:two-factor-setup")
    staff_client = signed_in_client(owner)  # now with a second factor
    assert staff_client.get(STAFF_PAGE).status_code == 200
    assert reverse("core:outbox") in staff_client.get(reverse("core:home")).text


def test_a_staff_role_taken_away_counts_from_the_next_request(staff):
    client = signed_in_client(staff)
    assert client.get(STAFF_PAGE).status_code == 200

    user_set_role(user=staff, role=User.Role.MEMBER, actor=None)

    assert client.get(STAFF_PAGE).status_code == 403
    assert reverse("core:outbox") not in client.get(reverse("core:home")).text


def test_an_authenticator_added_elsewhere_is_asked_for_on_the_next_request(owner):
    client = signed_in_client(owner)
    assert client.get(reverse("core:home")).status_code == 200
    TOTPDevice.objects.create(user=owner, name="Phone", confirmed=True)

    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two-factor-verify"))


def test_an_authenticator_removed_stops_the_question(owner):
    TOTPDevice.objects.create(user=owner, name="Phone", confirmed=True)
    client = signed_in_client(owner, verified=False)
    assert client.get(reverse("core:home")).status_code == 302
    two_factor_disable(user=owner)
    assert client.get(reverse("core:home")).status_code == 200


def test_other_permissions_are_still_read_from_the_database(owner):
    from django.contrib.auth.models import Permission

    client = signed_in_client(owner)
    client.get(reverse("core:bare"))
    owner.user_permissions.add(Permission.objects.get(codename="view_user"))
    fresh = User.objects.get(pk=owner.pk)
    assert fresh.has_perm("accounts.view_user")
    assert not fresh.is_reviewer
