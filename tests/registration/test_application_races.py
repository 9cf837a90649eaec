"""The application's transitions called at the same moment from several requests.

Each service locks the application's row first, so transitions on one application take turns:
the second finds the state the first left. Needs PostgreSQL (SQLite takes one writer at a
time, so requests never overlap there): run with DATABASE_URL pointing at a PostgreSQL server.
"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from careermanager.core.models import AuditEvent, GuestTicket
from careermanager.core.snapshots import snapshot_hash
from careermanager.registration.application_records import application_records
from careermanager.registration.applications import (
    ROLE_TAKEN_MESSAGE,
    AlreadySubmitted,
    WrongState,
    application_lock,
    application_start,
    application_submit,
    application_unlock,
    application_update,
    attestation_comment,
    attester_invite,
    role_save,
    statement_save,
)
from careermanager.registration.models import (
    Application,
    ApplicationStatus,
    Attestation,
    EventKind,
    Statement,
)
from tests.concurrency import at_once, concurrent_postgres
from tests.factories import UserFactory
from tests.registration.factories import (
    complete_application,
    invite_attesters,
    locked_application,
    signed_application,
)

pytestmark = concurrent_postgres("concurrent requests need PostgreSQL")

ROUNDS = 4


@pytest.fixture(autouse=True)
def _fresh_storage(settings):
    settings.STORAGES = {**settings.STORAGES}


def refused(outcome) -> bool:
    return isinstance(outcome, WrongState)


@pytest.mark.real_on_commit
def test_six_submits_at_once_submit_once():
    application = signed_application()
    owner = application.owner
    mail.outbox.clear()

    outcomes = at_once(6, lambda i: application_submit(application=application, actor=owner))

    submitted = [o for o in outcomes if isinstance(o, Application)]
    assert len(submitted) == 1, outcomes
    assert all(isinstance(o, AlreadySubmitted) for o in outcomes if o not in submitted), outcomes
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.events.filter(kind=EventKind.SUBMITTED).count() == 1
    assert (
        AuditEvent.objects.filter(
            action="registration.application.submitted", target_id=str(application.pk)
        ).count()
        == 1
    )
    assert [email.to for email in mail.outbox] == [[owner.email]]


def _edit(application, index: int, code: str, employment_id: int):
    """Request 0 locks; the others change what the application shows."""
    owner = application.owner
    if index == 0:
        return application_lock(application=application, actor=owner)
    if index == 1:
        return statement_save(
            application=application, actor=owner, code=code, text="Edited at the same moment."
        )
    if index == 2:
        return role_save(
            application=application,
            actor=owner,
            employment_id=employment_id,
            text="Role text edited at the same moment.",
        )
    return application_update(
        application=application,
        section="panelling",
        actor=owner,
        sector="Rail",
        specialisms=["Signalling"],
        interview_location="online",
    )


def _lock_racing_edits() -> tuple[int, int]:
    """One round: the lock and three edits at once; returns (edits landed, edits refused)."""
    application = complete_application(UserFactory())
    records = application_records(application)
    code = records["areas"][0]["competences"][0]["code"]
    employment_id = records["employment"][0]["id"]

    outcomes = at_once(4, lambda i: _edit(application, i, code, employment_id))

    assert isinstance(outcomes[0], Application), outcomes
    landed = refused_after_lock = 0
    for outcome in outcomes[1:]:
        assert not isinstance(outcome, Exception) or refused(outcome), outcomes
        if refused(outcome):
            assert outcome.messages == ["This application is locked: unlock it to change it."]
            refused_after_lock += 1
        else:
            landed += 1
    application.refresh_from_db()
    snapshot = application.snapshot
    assert snapshot_hash(snapshot) == application.snapshot_sha256
    # What the application shows now is exactly what was kept: no edit after the lock.
    now = application_records(application)
    now["application"]["locked_at"] = snapshot["application"]["locked_at"]
    assert now == snapshot
    statement = Statement.objects.get(application=application, code=code).text
    kept = {c["code"]: c["statement"] for a in snapshot["areas"] for c in a["competences"]}
    assert kept[code] == statement
    return landed, refused_after_lock


def test_lock_racing_edits_keeps_every_edit_that_landed_and_refuses_the_rest():
    rounds = [_lock_racing_edits() for _ in range(ROUNDS)]
    assert sum(landed + refused for landed, refused in rounds) == 3 * ROUNDS


def test_two_invites_for_the_same_role_at_once_make_one_attestation():
    application = locked_application()
    owner = application.owner
    people = [("Grace Sponsor", "grace@example.org"), ("Gill Sponsor", "gill@example.org")]

    outcomes = at_once(
        2,
        lambda i: attester_invite(
            application=application,
            actor=owner,
            role="sponsor",
            name=people[i][0],
            email=people[i][1],
        ),
    )

    made = [o for o in outcomes if isinstance(o, Attestation)]
    [refusal] = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(made) == 1, outcomes
    assert refusal.message_dict == {"role": [ROLE_TAKEN_MESSAGE]}
    [attestation] = Attestation.objects.filter(application=application)
    assert GuestTicket.objects.for_target(attestation).valid().count() == 1
    assert application.events.filter(kind=EventKind.ATTESTER_INVITED).count() == 1
    assert [email.to for email in mail.outbox] == [[attestation.email]]


def test_two_invites_of_one_person_at_once_make_one_attestation():
    application = locked_application()
    owner = application.owner

    outcomes = at_once(
        2,
        lambda i: attester_invite(
            application=application,
            actor=owner,
            role=("sponsor", "proposer")[i],
            name="Grace Sponsor",
            email=("grace@example.org", "GRACE@example.org")[i],
        ),
    )

    assert sum(isinstance(o, Attestation) for o in outcomes) == 1, outcomes
    assert Attestation.objects.filter(application=application).count() == 1


def test_two_starts_at_once_make_one_application():
    owner = UserFactory()

    outcomes = at_once(2, lambda i: application_start(owner=owner, category="IEng"))

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert {o[0].pk for o in outcomes} == {Application.objects.get(owner=owner).pk}
    assert sorted(created for _, created in outcomes) == [False, True]


def _submit_racing_unlock() -> None:
    application = signed_application()
    owner = application.owner

    outcomes = at_once(
        2,
        lambda i: (application_submit, application_unlock)[i](application=application, actor=owner),
    )

    assert sum(isinstance(o, Application) for o in outcomes) == 1, outcomes
    assert sum(refused(o) for o in outcomes) == 1, outcomes
    application.refresh_from_db()
    if application.status == ApplicationStatus.SUBMITTED:
        assert Attestation.objects.filter(application=application, signed_at__isnull=False)
    else:
        assert application.status == ApplicationStatus.DRAFT
        assert not Attestation.objects.filter(application=application).exists()


def test_submit_racing_unlock_does_one_or_the_other():
    for _ in range(ROUNDS):
        _submit_racing_unlock()


def _comment_racing_unlock() -> None:
    application = locked_application()
    owner = application.owner
    attestation = invite_attesters(application)["sponsor"][0]
    ticket = GuestTicket.objects.for_target(attestation).valid().get()

    def act(i):
        if i == 0:
            return application_unlock(application=application, actor=owner)
        return attestation_comment(
            attestation=attestation, ticket=ticket, overall="Read and agreed.", areas={}
        )

    outcomes = at_once(2, act)

    assert isinstance(outcomes[0], Application), outcomes
    assert isinstance(outcomes[1], Attestation) or refused(outcomes[1]), outcomes
    assert not Attestation.objects.filter(application=application).exists()
    assert not GuestTicket.objects.get(pk=ticket.pk).is_valid


def test_an_attester_commenting_while_the_member_unlocks_leaves_nothing_behind():
    for _ in range(ROUNDS):
        _comment_racing_unlock()
