import pytest
from django.core.management import call_command
from django.urls import reverse

from careermanager.accounts.models import User
from careermanager.registration.models import Intention, Status, Supporter
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_storage(settings):
    settings.STORAGES = {**settings.STORAGES}


def test_ada_has_supporters_and_a_submitted_intention_towards_ceng():
    call_command("demo", "--force", stdout=None)
    call_command("demo", "--force", stdout=None)  # idempotent
    ada = User.objects.get(email="ada.example@example.org")
    assert Supporter.objects.owned_by(ada).count() == 3
    intention = Intention.objects.owned_by(ada).get()
    assert (intention.status, intention.category) == (Status.SUBMITTED, "CEng")
    page = signed_in_client(ada).get(reverse("registration:intention-detail", args=[intention.pk]))
    assert "Dr Helen Achterberg" in page.content.decode()
