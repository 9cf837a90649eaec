import pytest
from django.core.management import call_command

from careermanager.accounts.models import User


@pytest.fixture
def demo_member(db) -> User:
    """The demo's member, with every app's demo records."""
    from careermanager.core.management.commands.demo import MEMBER_EMAIL

    call_command("demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return User.objects.get(email=MEMBER_EMAIL)
