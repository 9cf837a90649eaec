"""Named people every test can use.

- owner: a member who owns the records under test
- other_member: another member, who must never see the owner's records (404)
- staff: a member of the institution's staff, signed in with two-factor
- admin: an administrator, signed in with two-factor
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client

from careermanager.accounts.models import User
from careermanager.accounts.services import user_set_role
from tests.factories import UserFactory


@pytest.fixture
def owner(db) -> User:
    return UserFactory(email="owner@example.org", full_name="Olive Owner")


@pytest.fixture
def other_member(db) -> User:
    return UserFactory(email="other@example.org", full_name="Otto Other")


@pytest.fixture
def staff(db) -> User:
    user = UserFactory(email="staff@example.org", full_name="Stella Staff")
    return user_set_role(user=user, role=User.Role.STAFF, actor=None)


@pytest.fixture
def admin_user(db) -> User:
    user = UserFactory(email="admin@example.org", full_name="Ada Admin")
    return user_set_role(user=user, role=User.Role.ADMIN, actor=None)


def signed_in_client(user: User, *, verified: bool = True) -> Client:
    """A client logged in as user; with verified, as if the second factor was given."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    if verified and (user.is_reviewer or user.is_staff):
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="Test authenticator", defaults={"confirmed": True}
        )
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def owner_client(owner) -> Client:
    return signed_in_client(owner)


@pytest.fixture
def other_client(other_member) -> Client:
    return signed_in_client(other_member)


@pytest.fixture
def staff_client(staff) -> Client:
    return signed_in_client(staff)


@pytest.fixture
def admin_client_2fa(admin_user) -> Client:
    return signed_in_client(admin_user)


@pytest.fixture(autouse=True)
def _content_types_follow_the_database(request):
    """Forget cached content types on either side of a transactional test.

    Such a test empties the database (or migrates it back and forth) and refills it, and the
    content types may come back with other ids than the ones this process has cached; an audit
    event written with a stale id would then point at nothing.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and bool(
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if transactional:
        ContentType.objects.clear_cache()
    yield
    if transactional:
        ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _on_commit_runs_at_once(request, monkeypatch):
    """Run after-commit work (emails, tasks) straight away.

    Each test runs inside a transaction that is rolled back, so nothing would ever commit.
    Tests marked `real_on_commit` keep Django's behaviour to check what waits for a commit.
    """
    if request.node.get_closest_marker("real_on_commit"):
        return

    def run_now(func, using=None, robust=False):
        func()

    monkeypatch.setattr(transaction, "on_commit", run_now)


def pytest_collection_modifyitems(items):
    """A test that really commits must put the migrations' data back after itself.

    Without serialized_rollback, such a test leaves its worker's database emptied of the
    frameworks, policies and groups the migrations load, and the content types recreated
    under other ids: the tests after it on that worker fail in ways that depend on the order.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None:
            continue
        transactional = marker.kwargs.get("transaction") or (marker.args and marker.args[0])
        if transactional and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: a test with transaction=True needs serialized_rollback=True"
            )
