import pytest
from django.core.management import call_command
from django.urls import reverse

from careermanager.accounts.models import User
from careermanager.competence.queries import category_competences
from careermanager.core.models import GuestTicket
from careermanager.core.snapshots import snapshot_hash
from careermanager.registration.application_checklist import checklist, missing
from careermanager.registration.models import (
    Application,
    ApplicationStatus,
    EventKind,
    Intention,
    ListEntry,
    ListKind,
    Status,
    Supporter,
)
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_storage(settings):
    settings.STORAGES = {**settings.STORAGES}


@pytest.fixture
def ada():
    call_command("demo", "--force", stdout=None)
    return User.objects.get(email="ada.example@example.org")


def test_ada_has_supporters_and_a_submitted_intention_towards_ceng(ada):
    call_command("demo", "--force", stdout=None)  # a second run changes nothing
    assert Application.objects.owned_by(ada).count() == 1
    assert ListEntry.objects.count() == 14
    assert Supporter.objects.owned_by(ada).count() == 3
    intention = Intention.objects.owned_by(ada).get()
    assert (intention.status, intention.category) == (Status.SUBMITTED, "CEng")
    page = signed_in_client(ada).get(reverse("registration:intention-detail", args=[intention.pk]))
    assert "Dr Helen Achterberg" in page.content.decode()


def test_the_institution_keeps_lists_of_schemes_sectors_and_specialisms(ada):
    for kind in ListKind:
        assert ListEntry.objects.filter(kind=kind, retired_at__isnull=True).count() >= 3


def test_ada_has_a_locked_ceng_application_two_attesters_signed_and_one_invited(ada):
    application = Application.objects.owned_by(ada).get()
    assert (application.status, application.category) == (ApplicationStatus.LOCKED, "CEng")
    assert snapshot_hash(application.snapshot) == application.snapshot_sha256
    assert not missing(checklist(application))

    snapshot = application.snapshot
    statements = {
        c["code"]: c["statement"] for area in snapshot["areas"] for c in area["competences"]
    }
    assert set(statements) == {c.code for c in category_competences("CEng")}
    assert all(text.strip() for text in statements.values())
    roles = {role["job_title"]: role for role in snapshot["employment"]}
    current = roles["Principal Protection and Control Engineer"]
    assert current["edited"]
    assert "Array cable protection." in current["application_text"]
    assert not roles["Industrial Placement Student, Signalling Design"]["included"]
    assert snapshot["diagrams"]  # the accountability diagram her profile draws
    assert snapshot["application"]["sector"] == "Electricity transmission and distribution"
    lists = set(ListEntry.objects.values_list("name", flat=True))
    assert {snapshot["application"]["sector"], *snapshot["application"]["specialisms"]} <= lists

    attestations = {a.role: a for a in application.attestations.all()}
    assert attestations["sponsor"].signed_sha256 == application.snapshot_sha256
    assert attestations["proposer"].signed_sha256 == application.snapshot_sha256
    assert attestations["sponsor"].area_comments
    supporter = attestations["supporter"]
    assert not supporter.is_signed
    assert not supporter.overall_comment
    assert GuestTicket.objects.for_target(supporter).valid().count() == 1
    assert all(a.supporter is not None and a.message for a in attestations.values())

    # Dated as it happened: started, locked two weeks ago, then signatures on later days.
    events = list(application.events.order_by("at", "pk"))
    assert [e.kind for e in events] == [
        EventKind.STARTED,
        EventKind.LOCKED,
        EventKind.ATTESTER_INVITED,
        EventKind.ATTESTER_INVITED,
        EventKind.ATTESTED,
        EventKind.ATTESTER_INVITED,
        EventKind.ATTESTED,
    ]
    assert len({e.at.date() for e in events}) == 5
    assert application.locked_at < attestations["proposer"].signed_at
    assert attestations["proposer"].signed_at < attestations["sponsor"].signed_at
