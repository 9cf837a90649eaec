import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from careermanager.accounts.models import User
from careermanager.core.snapshots import snapshot_hash
from careermanager.declarations.models import Declaration, Status
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_storage(settings):
    settings.STORAGES = {**settings.STORAGES}


def test_ada_has_last_years_declaration_submitted_and_this_years_started():
    call_command("demo", "--force", stdout=None)
    call_command("demo", "--force", stdout=None)  # idempotent
    ada = User.objects.get(email="ada.example@example.org")
    this_year = timezone.localdate().year
    declarations = {d.year: d for d in Declaration.objects.owned_by(ada)}
    assert set(declarations) == {this_year - 1, this_year}
    submitted, draft = declarations[this_year - 1], declarations[this_year]
    assert submitted.status == Status.SUBMITTED
    assert submitted.snapshot["activities"]
    assert submitted.snapshot["employment"]
    assert snapshot_hash(submitted.snapshot) == submitted.snapshot_sha256
    assert submitted.pdf
    assert draft.status == Status.DRAFT

    client = signed_in_client(ada)
    home = client.get(reverse("core:home")).text
    assert f"Your declaration for {this_year}</a>: 2 of 5 required items complete" in home
    page = client.get(reverse("declarations:detail", args=[submitted.pk])).text
    assert f"Your CPD declaration for {this_year - 1} has been submitted" in page
    help_page = client.get(reverse("core:help-page", args=["declarations"]))
    assert help_page.status_code == 200
    assert "Your annual CPD declaration" in help_page.text
