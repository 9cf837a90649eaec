"""The application's state machine, one service per transition (registration/applications.py).

Each transition is tried from the state it may start from (its audit event, its timeline
event, its email) and from the states it may not: a crafted POST, a stale page or a double
click raises WrongState (AlreadySubmitted once sent) and changes nothing.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from careermanager.core import tickets
from careermanager.core.models import AuditEvent, GuestTicket
from careermanager.core.snapshots import snapshot_hash
from careermanager.documents.queries import documents_for
from careermanager.documents.services import document_upload
from careermanager.profiles.services import record_save
from careermanager.registration.application_records import application_records, shown_records
from careermanager.registration.applications import (
    DUPLICATE_EMAIL_MESSAGE,
    OWN_EMAIL_MESSAGE,
    ROLE_TAKEN_MESSAGE,
    SIGN_STATEMENT,
    AlreadySubmitted,
    WrongState,
    application_decide,
    application_lock,
    application_receive,
    application_staff_comment,
    application_start,
    application_submit,
    application_unlock,
    application_update,
    attestation_comment,
    attestation_sign,
    attester_invite,
    attester_remove,
    attester_resend,
    role_save,
    statement_save,
)
from careermanager.registration.models import (
    Application,
    ApplicationEvent,
    ApplicationRole,
    ApplicationStatus,
    Attestation,
    EventKind,
    InterviewLocation,
    Outcome,
    Statement,
)
from careermanager.registration.receipt import SEND_SEPARATELY
from careermanager.registration.schemas import member_records
from careermanager.registration.supporting import DEGREE
from tests.documents.files import pdf, upload
from tests.factories import UserFactory
from tests.profiles.factories import EmploymentFactory
from tests.queries import count_queries
from tests.registration.factories import (
    SupporterFactory,
    complete_application,
    invite_attesters,
    locked_application,
    sign_all,
    signed_application,
    submitted_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_storage(settings):
    settings.STORAGES = {**settings.STORAGES}


def actions(application) -> list[str]:
    """The application's audit actions, oldest first."""
    return list(
        AuditEvent.objects.for_target(application).order_by("pk").values_list("action", flat=True)
    )


def kinds(application) -> list[str]:
    return list(application.events.order_by("at", "pk").values_list("kind", flat=True))


def valid_ticket(attestation) -> GuestTicket:
    return GuestTicket.objects.for_target(attestation).valid().get()


def state(application) -> dict:
    """Everything a refused transition must leave as it was."""
    row = Application.objects.get(pk=application.pk)
    return {
        "row": {
            field.attname: getattr(row, field.attname)
            for field in Application._meta.concrete_fields
        },
        "events": list(ApplicationEvent.objects.filter(application=row).values()),
        "audit": AuditEvent.objects.for_target(row).count(),
        "attestations": list(Attestation.objects.filter(application=row).values()),
        "roles": list(ApplicationRole.objects.filter(application=row).values()),
        "statements": list(Statement.objects.filter(application=row).values()),
        "tickets": list(GuestTicket.objects.values("pk", "revoked_at")),
        "emails": len(mail.outbox),
    }


def first_code(application) -> str:
    return shown_records(application)["areas"][0]["competences"][0]["code"]


def employment_id(application) -> int:
    return shown_records(application)["employment"][0]["id"]


# Drafting


def test_start_makes_one_draft_and_a_second_start_finds_it(owner):
    application, created = application_start(owner=owner, category="IEng")
    assert created
    assert (application.status, application.category) == (ApplicationStatus.DRAFT, "IEng")
    again, created_again = application_start(owner=owner, category="CEng")
    assert (again.pk, created_again) == (application.pk, False)
    assert kinds(application) == [EventKind.STARTED]
    assert actions(application) == ["registration.application.started"]


def test_a_section_saves_only_its_fields_and_tidies_what_no_longer_applies(owner):
    application, _ = application_start(owner=owner)
    application_update(
        application=application,
        section="category",
        actor=owner,
        category="EngTech",
        route="streamlined",
        scheme="  Power Networks Apprenticeship  ",
    )
    application.refresh_from_db()
    assert (application.category, application.route, application.scheme) == (
        "EngTech",
        "streamlined",
        "Power Networks Apprenticeship",
    )
    application_update(application=application, section="category", actor=owner, route="standard")
    application.refresh_from_db()
    assert application.scheme == ""

    application_update(
        application=application,
        section="advisor",
        actor=owner,
        advisor_spoken=False,
        advisor_name="Nobody",
    )
    application.refresh_from_db()
    assert (application.advisor_spoken, application.advisor_name) == (False, "")

    # EngTech has no interview: whatever was asked for is saved as not applicable.
    application_update(
        application=application,
        section="panelling",
        actor=owner,
        sector="Energy",
        specialisms=["Protection"],
        interview_location=InterviewLocation.ONLINE,
    )
    application.refresh_from_db()
    assert application.interview_location == InterviewLocation.NOT_APPLICABLE

    with pytest.raises(TypeError):
        application_update(application=application, section="advisor", actor=owner, sector="X")
    audited = AuditEvent.objects.for_target(application).filter(
        action="registration.application.updated"
    )
    assert sorted(event.data["section"] for event in audited) == [
        "advisor",
        "category",
        "category",
        "panelling",
    ]


def test_a_section_missing_its_detail_is_refused_beside_the_field(owner):
    application, _ = application_start(owner=owner)
    with pytest.raises(ValidationError) as scheme:
        application_update(
            application=application, section="category", actor=owner, route="streamlined"
        )
    assert scheme.value.message_dict == {"scheme": ["Choose the approved scheme you followed."]}
    with pytest.raises(ValidationError) as advisor:
        application_update(
            application=application, section="advisor", actor=owner, advisor_spoken=True
        )
    assert advisor.value.message_dict == {
        "advisor_name": ["Give the name of the advisor you spoke to."]
    }
    application.refresh_from_db()
    assert (application.route, application.advisor_spoken) == ("", None)


def test_role_text_is_the_applications_own_and_leaves_the_cv_alone(owner):
    application = complete_application(owner)
    employment = EmploymentFactory._meta.model.objects.get(owner=owner)
    role_save(
        application=application,
        actor=owner,
        employment_id=employment.pk,
        text="  I lead protection design for two substations.  ",
    )
    [record] = application_records(application)["employment"]
    assert record["application_text"] == "I lead protection design for two substations."
    assert record["edited"] is True
    employment.refresh_from_db()
    assert employment.responsibilities == "I set relays."

    role_save(application=application, actor=owner, employment_id=employment.pk, text="Again.")
    assert ApplicationRole.objects.get(application=application).text == "Again."
    event = AuditEvent.objects.for_target(application).filter(
        action="registration.application.updated"
    )[0]
    assert event.data == {"section": "role", "employment": employment.pk}


def test_another_members_role_is_refused(owner, other_member):
    application = complete_application(owner)
    theirs = EmploymentFactory(owner=other_member)
    with pytest.raises(ValidationError) as error:
        role_save(application=application, actor=owner, employment_id=theirs.pk, text="Mine now.")
    assert error.value.message_dict == {"employment": ["Choose one of the roles in your CV."]}
    assert not ApplicationRole.objects.exists()


def test_a_statement_is_saved_against_a_competence_of_the_category_only(owner):
    application = complete_application(owner, category="IEng")
    code = first_code(application)
    statement_save(application=application, actor=owner, code=code, text="  I did it.  ")
    assert Statement.objects.get(application=application, code=code).text == "I did it."
    with pytest.raises(ValidationError) as error:
        statement_save(application=application, actor=owner, code="Z9", text="Made up.")
    assert error.value.message_dict == {"code": ["Choose a competence of this category."]}
    assert not Statement.objects.filter(application=application, code="Z9").exists()


# Locking


def test_lock_keeps_the_snapshot_sealed_with_its_hash(owner):
    application = complete_application(owner)
    locked = application_lock(application=application, actor=owner)
    locked.refresh_from_db()
    assert locked.status == ApplicationStatus.LOCKED
    assert locked.locked_at is not None
    assert snapshot_hash(locked.snapshot) == locked.snapshot_sha256
    assert len(locked.snapshot_sha256) == 64
    assert locked.snapshot["application"]["locked_at"].endswith("Z")
    assert locked.snapshot["member"]["email"] == owner.email
    assert kinds(locked) == [EventKind.LOCKED]
    [event] = AuditEvent.objects.for_target(locked).filter(action="registration.application.locked")
    assert event.data == {"sha256": locked.snapshot_sha256}
    assert event.actor == owner


def test_lock_is_refused_naming_what_is_missing(owner):
    application = complete_application(owner)
    Application.objects.filter(pk=application.pk).update(advisor_spoken=None)
    Statement.objects.filter(application=application).delete()
    before = state(application)
    with pytest.raises(ValidationError) as error:
        application_lock(application=application, actor=owner)
    assert error.value.messages == [
        "Complete these before you lock: 7. Professional Registration Advisor, "
        "8. Competence statements."
    ]
    assert state(application) == before


def test_a_cv_edit_after_lock_leaves_the_snapshot_as_it_was(owner):
    application = locked_application(owner)
    kept, sealed = application.snapshot, application.snapshot_sha256
    employment = EmploymentFactory._meta.model.objects.get(owner=owner)
    employment.responsibilities = "A new job description written after locking."
    record_save(record=employment, actor=owner)

    application.refresh_from_db()
    assert application.snapshot == kept
    assert application.snapshot_sha256 == sealed == snapshot_hash(application.snapshot)
    assert (
        "written after locking"
        not in shown_records(application)["employment"][0]["application_text"]
    )
    # The live records have moved on; the snapshot has not.
    assert (
        "written after locking"
        in application_records(application)["employment"][0]["application_text"]
    )


def test_lock_locks_the_supporting_documents_unlock_releases_them_submit_keeps_them(owner):
    application = complete_application(owner)
    document_upload(
        owner=owner,
        holder=application,
        type_key=DEGREE,
        files=[upload("degree.pdf", pdf())],
        actor=owner,
    )
    locked = application_lock(application=application, actor=owner)
    assert documents_for(owner, locked)[DEGREE].locked_at is not None
    assert locked.snapshot["supporting_documents"][0]["type"] == DEGREE

    application_unlock(application=locked, actor=owner)
    assert documents_for(owner, locked)[DEGREE].locked_at is None

    relocked = application_lock(application=locked, actor=owner)
    invite_attesters(relocked)
    sign_all(relocked)
    application_submit(application=relocked, actor=owner)
    assert documents_for(owner, relocked)[DEGREE].locked_at is not None


def test_unlock_discards_the_attestations_and_revokes_their_links(owner):
    application = locked_application(owner)
    invite_attesters(application)
    sign_all(application)
    attestations = list(application.attestations.all())
    assert all(a.is_signed for a in attestations)

    draft = application_unlock(application=application, actor=owner)

    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert (draft.snapshot, draft.snapshot_sha256, draft.locked_at) == (None, "", None)
    assert not Attestation.objects.filter(application=draft).exists()
    for attestation in attestations:
        assert not GuestTicket.objects.for_target(attestation).valid().exists()
        assert GuestTicket.objects.for_target(attestation).exists()
    unlocked = draft.events.get(kind=EventKind.UNLOCKED)
    assert unlocked.detail == "3 attestations discarded"
    [event] = AuditEvent.objects.for_target(draft).filter(
        action="registration.application.unlocked"
    )
    assert event.data == {"attestations_discarded": 3}
    assert AuditEvent.objects.filter(action="core.ticket.revoked").count() >= 3


# Attesters


def test_inviting_an_attester_sends_a_link_of_their_own(owner):
    application = locked_application(owner)
    supporter = SupporterFactory(owner=owner, email="helen@example.net")
    attestation = attester_invite(
        application=application,
        actor=owner,
        role="sponsor",
        name=" Helen Achterberg ",
        email="helen@example.net",
        registration_number="CEng 512877",
        message="Thank you for agreeing to be my sponsor.",
        supporter=supporter,
    )
    assert (attestation.name, attestation.supporter, attestation.invited_at is not None) == (
        "Helen Achterberg",
        supporter,
        True,
    )
    ticket = valid_ticket(attestation)
    assert (ticket.guest_email, ticket.purpose) == ("helen@example.net", "Sponsor")
    [email] = mail.outbox
    assert email.to == ["helen@example.net"]
    assert "asks you to attest their application for IEng registration" in email.subject
    link = next(line for line in email.body.splitlines() if "/guest/" in line).strip()
    raw_token = link.rstrip("/").rsplit("/", 1)[-1]
    # The email carries the token; the database keeps only its hash.
    assert tickets.hash_token(raw_token) == ticket.token_hash
    assert raw_token not in str(list(GuestTicket.objects.values()))
    assert tickets.ticket_find(raw_token) == ticket
    event = application.events.get(kind=EventKind.ATTESTER_INVITED)
    assert event.detail == "Sponsor: Helen Achterberg"
    [audited] = AuditEvent.objects.for_target(application).filter(
        action="registration.attester.invited"
    )
    assert audited.data == {"role": "sponsor", "attestation": attestation.pk}


def test_resending_replaces_the_link(owner):
    application = locked_application(owner)
    invited = invite_attesters(application)
    attestation = invited["proposer"][0]
    old = valid_ticket(attestation)
    mail.outbox.clear()

    attester_resend(attestation=attestation, actor=owner)

    old.refresh_from_db()
    assert old.revoked_at is not None
    assert valid_ticket(attestation).pk != old.pk
    assert [email.to for email in mail.outbox] == [["pat@example.org"]]
    assert application.events.filter(kind=EventKind.ATTESTER_REINVITED).count() == 1
    assert "registration.attester.reinvited" in actions(application)


def test_a_signed_attester_cannot_be_sent_a_new_link(owner):
    application = signed_application(owner)
    attestation = application.attestations.first()
    before = state(application)
    with pytest.raises(ValidationError, match="signed already"):
        attester_resend(attestation=attestation, actor=owner)
    assert state(application) == before


def test_removing_an_attester_stops_their_link_and_frees_the_role(owner):
    application = locked_application(owner)
    attestation = invite_attesters(application)["supporter"][0]
    ticket = valid_ticket(attestation)

    attester_remove(attestation=attestation, actor=owner)

    ticket.refresh_from_db()
    assert ticket.revoked_at is not None
    assert not Attestation.objects.filter(pk=attestation.pk).exists()
    assert application.events.get(kind=EventKind.ATTESTER_REMOVED).detail == (
        "Supporter: Sam Supporter"
    )
    assert "registration.attester.removed" in actions(application)
    again = attester_invite(
        application=application, actor=owner, role="supporter", name="Sue", email="sue@example.org"
    )
    assert again.role == "supporter"


def test_an_attester_comments_overall_and_per_area(owner):
    application = locked_application(owner)
    attestation = invite_attesters(application)["sponsor"][0]
    ticket = valid_ticket(attestation)
    area = application.snapshot["areas"][0]["code"]

    attestation_comment(
        attestation=attestation,
        ticket=ticket,
        overall="  I have known Olive for six years.  ",
        areas={area: " Strong analysis. ", application.snapshot["areas"][1]["code"]: "   "},
    )

    attestation.refresh_from_db()
    assert attestation.overall_comment == "I have known Olive for six years."
    assert attestation.area_comments == {area: "Strong analysis."}
    assert attestation.commented_at is not None
    ticket.refresh_from_db()
    assert ticket.last_used_at is not None
    [audited] = AuditEvent.objects.for_target(application).filter(
        action="registration.attester.commented"
    )
    assert audited.data == {"attestation": attestation.pk, "ticket": ticket.pk}
    assert audited.actor is None


def test_a_comment_on_an_area_the_application_does_not_have_is_refused(owner):
    application = locked_application(owner)
    attestation = invite_attesters(application)["sponsor"][0]
    before = state(application)
    with pytest.raises(ValidationError, match="competence areas"):
        attestation_comment(
            attestation=attestation,
            ticket=valid_ticket(attestation),
            overall="Fine.",
            areas={"Z": "Not an area."},
        )
    assert state(application) == before


def test_signing_keeps_the_name_details_statement_time_and_hash(owner):
    application = locked_application(owner)
    attestation = invite_attesters(application)["sponsor"][0]
    ticket = valid_ticket(attestation)
    attestation_comment(attestation=attestation, ticket=ticket, overall="Capable.", areas={})
    mail.outbox.clear()

    attestation_sign(
        attestation=attestation,
        ticket=ticket,
        full_name=" Grace Sponsor ",
        registration="CEng MIET 100200",
        confirmed=True,
        seen_sha256=application.snapshot_sha256,
    )

    attestation.refresh_from_db()
    assert attestation.signed_name == "Grace Sponsor"
    assert attestation.signed_registration == "CEng MIET 100200"
    assert attestation.signed_statement == SIGN_STATEMENT
    assert attestation.signed_sha256 == application.snapshot_sha256
    assert attestation.signed_at is not None
    assert application.events.get(kind=EventKind.ATTESTED).detail == "Sponsor: Grace Sponsor"
    [audited] = AuditEvent.objects.for_target(application).filter(
        action="registration.attester.signed"
    )
    assert audited.data["sha256"] == application.snapshot_sha256
    [email] = mail.outbox
    assert email.to == [owner.email]
    assert email.subject == "Your sponsor has signed their attestation"


# Submission and after


def test_submit_once_all_three_have_signed(owner):
    application = signed_application(owner)
    mail.outbox.clear()

    submitted = application_submit(application=application, actor=owner)

    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.submitted_at is not None
    assert kinds(submitted)[-1] == EventKind.SUBMITTED
    [audited] = AuditEvent.objects.for_target(submitted).filter(
        action="registration.application.submitted"
    )
    assert audited.data == {"category": "IEng", "sha256": submitted.snapshot_sha256}
    [email] = mail.outbox
    assert email.to == [owner.email]
    assert email.subject == "Your application for IEng registration has been submitted"
    # The snapshot the attesters signed is what was sent.
    assert snapshot_hash(submitted.snapshot) == submitted.snapshot_sha256


def test_receipt_emails_the_member_what_to_send_separately(owner, staff):
    application = submitted_application(owner)
    mail.outbox.clear()

    received = application_receive(
        application=application, actor=staff, comment=" Thank you, all in order. "
    )

    received.refresh_from_db()
    assert received.status == ApplicationStatus.RECEIVED
    assert received.received_at is not None
    event = received.events.get(kind=EventKind.RECEIVED)
    assert (event.detail, event.actor) == ("Thank you, all in order.", staff)
    assert "registration.application.received" in actions(received)
    [email] = mail.outbox
    assert email.to == [owner.email]
    assert email.subject == "We have received your application for IEng registration"
    assert SEND_SEPARATELY  # the email's template lists them


def test_staff_comment_and_outcome(owner, staff):
    application = submitted_application(owner)
    event = application_staff_comment(
        application=application, actor=staff, text=" Interview booked for May. "
    )
    assert (event.kind, event.detail) == (EventKind.STAFF_COMMENT, "Interview booked for May.")
    with pytest.raises(ValidationError) as empty:
        application_staff_comment(application=application, actor=staff, text="   ")
    assert empty.value.message_dict == {"text": ["Write the comment."]}

    application_receive(application=application, actor=staff)
    with pytest.raises(ValidationError) as bad:
        application_decide(application=application, actor=staff, outcome="maybe")
    assert bad.value.message_dict == {"outcome": ["Choose an outcome."]}

    decided = application_decide(
        application=application, actor=staff, outcome=Outcome.APPROVED, note=" Well done. "
    )
    decided.refresh_from_db()
    assert (decided.status, decided.outcome, decided.outcome_note) == (
        ApplicationStatus.DECIDED,
        Outcome.APPROVED,
        "Well done.",
    )
    assert decided.events.get(kind=EventKind.DECIDED).detail == "Registration approved"
    assert "registration.application.decided" in actions(decided)
    assert "registration.application.commented" in actions(decided)


def test_the_whole_life_leaves_a_dated_timeline(owner, staff):
    application = complete_application(owner)
    member = owner
    application_lock(application=application, actor=member)
    application_unlock(application=application, actor=member)
    application_lock(application=application, actor=member)
    invite_attesters(application)
    sign_all(application)
    application_submit(application=application, actor=member)
    application_receive(application=application, actor=staff)
    application_decide(application=application, actor=staff, outcome=Outcome.MORE_EVIDENCE)
    assert kinds(application) == [
        EventKind.LOCKED,
        EventKind.UNLOCKED,
        EventKind.LOCKED,
        *[EventKind.ATTESTER_INVITED] * 3,
        *[EventKind.ATTESTED] * 3,
        EventKind.SUBMITTED,
        EventKind.RECEIVED,
        EventKind.DECIDED,
    ]
    assert actions(application) == [
        "registration.application.locked",
        "registration.application.unlocked",
        "registration.application.locked",
        *["registration.attester.invited"] * 3,
        *["registration.attester.commented", "registration.attester.signed"] * 3,
        "registration.application.submitted",
        "registration.application.received",
        "registration.application.decided",
    ]


# Illegal transitions: each refused from the wrong state, changing nothing


def _comment(application):
    attestation = Attestation.objects.filter(application=application).first()
    ticket = GuestTicket.objects.for_target(attestation).first()
    return attestation_comment(attestation=attestation, ticket=ticket, overall="Late.", areas={})


def _sign(application):
    attestation = Attestation.objects.filter(application=application).first()
    ticket = GuestTicket.objects.for_target(attestation).first()
    return attestation_sign(
        attestation=attestation,
        ticket=ticket,
        full_name="Late Signer",
        registration="CEng 1",
        confirmed=True,
        seen_sha256=application.snapshot_sha256,
    )


def _invite(application):
    return attester_invite(
        application=application,
        actor=application.owner,
        role="sponsor",
        name="Grace Sponsor",
        email="grace@example.org",
    )


def _draft(owner):
    return complete_application(owner)


def _locked(owner):
    return locked_application(owner)


def _unlocked_after_invites(owner):
    """A draft again, whose attesters' rows and links are gone (kept here to try them)."""
    application = locked_application(owner)
    invite_attesters(application)
    attestation = application.attestations.get(role="sponsor")
    ticket = valid_ticket(attestation)
    application_unlock(application=application, actor=owner)
    application.refresh_from_db()
    application.stale = (attestation, ticket)
    return application


def _partly_signed(owner):
    application = signed_application(owner)
    attestation = application.attestations.get(role="supporter")
    Attestation.objects.filter(pk=attestation.pk).update(
        signed_at=None, signed_name="", signed_sha256=""
    )
    return application


def _submitted(owner):
    return submitted_application(owner)


def _received(owner):
    application = submitted_application(owner)
    return application_receive(application=application, actor=UserFactory())


def _stale_comment(application):
    attestation, ticket = application.stale
    return attestation_comment(attestation=attestation, ticket=ticket, overall="X", areas={})


def _stale_sign(application):
    attestation, ticket = application.stale
    return attestation_sign(
        attestation=attestation,
        ticket=ticket,
        full_name="Grace Sponsor",
        registration="CEng 1",
        confirmed=True,
        seen_sha256="0" * 64,
    )


def _update(application):
    return application_update(
        application=application,
        section="advisor",
        actor=application.owner,
        advisor_spoken=True,
        advisor_name="Crafted Post",
    )


def _role(application):
    return role_save(
        application=application,
        actor=application.owner,
        employment_id=employment_id(application),
        text="Crafted after lock.",
    )


def _statement(application):
    return statement_save(
        application=application,
        actor=application.owner,
        code=first_code(application),
        text="Crafted after lock.",
    )


ILLEGAL = {
    "lock a locked one": (_locked, lambda a: application_lock(application=a, actor=a.owner)),
    "unlock a draft": (_draft, lambda a: application_unlock(application=a, actor=a.owner)),
    "invite on a draft": (_draft, _invite),
    "comment after unlock": (_unlocked_after_invites, _stale_comment),
    "sign after unlock": (_unlocked_after_invites, _stale_sign),
    "submit a draft": (_draft, lambda a: application_submit(application=a, actor=a.owner)),
    "receive a draft": (_draft, lambda a: application_receive(application=a, actor=a.owner)),
    "receive a locked one": (
        _locked,
        lambda a: application_receive(application=a, actor=a.owner),
    ),
    "decide before receipt": (
        _submitted,
        lambda a: application_decide(application=a, actor=a.owner, outcome=Outcome.APPROVED),
    ),
    "decide a draft": (
        _draft,
        lambda a: application_decide(application=a, actor=a.owner, outcome=Outcome.APPROVED),
    ),
    "staff comment on a draft": (
        _draft,
        lambda a: application_staff_comment(application=a, actor=a.owner, text="Hello"),
    ),
    "edit a locked application's section": (_locked, _update),
    "edit a locked application's role": (_locked, _role),
    "edit a locked application's statement": (_locked, _statement),
    "unlock a submitted one": (
        _submitted,
        lambda a: application_unlock(application=a, actor=a.owner),
    ),
    "edit a submitted application's statement": (_submitted, _statement),
    "invite on a submitted one": (_submitted, _invite),
    "comment on a submitted one": (_submitted, _comment),
    "sign on a submitted one": (_submitted, _sign),
    "submit twice": (_submitted, lambda a: application_submit(application=a, actor=a.owner)),
    "receive twice": (_received, lambda a: application_receive(application=a, actor=a.owner)),
}


@pytest.mark.parametrize("case", ILLEGAL, ids=list(ILLEGAL))
def test_an_illegal_transition_is_refused_and_changes_nothing(owner, case):
    make, transition = ILLEGAL[case]
    application = make(owner)
    before = state(application)
    with pytest.raises(WrongState) as error:
        transition(application)
    assert error.value.messages[0].startswith("This ")
    assert state(application) == before


@pytest.mark.parametrize(
    "transition",
    [
        lambda a: application_submit(application=a, actor=a.owner),
        _statement,
        _comment,
        lambda a: application_unlock(application=a, actor=a.owner),
    ],
    ids=["submit", "statement", "comment", "unlock"],
)
def test_a_sent_application_says_it_was_submitted(owner, transition):
    application = _submitted(owner)
    with pytest.raises(AlreadySubmitted) as error:
        transition(application)
    assert error.value.messages == ["This application has been submitted and can no longer change."]


def test_an_edit_to_a_locked_application_says_to_unlock_it(owner):
    application = locked_application(owner)
    with pytest.raises(WrongState) as error:
        _statement(application)
    assert error.value.messages == ["This application is locked: unlock it to change it."]


def test_submit_with_two_of_three_signed_is_refused(owner):
    application = _partly_signed(owner)
    before = state(application)
    with pytest.raises(ValidationError) as error:
        application_submit(application=application, actor=owner)
    assert error.value.messages == ["All three attesters must sign before you submit: 2 of 3 have."]
    assert state(application) == before


def test_a_signature_on_an_older_snapshot_does_not_count(owner):
    application = signed_application(owner)
    Attestation.objects.filter(application=application, role="sponsor").update(
        signed_sha256="f" * 64
    )
    with pytest.raises(ValidationError, match="2 of 3"):
        application_submit(application=application, actor=owner)


# Bad input from attesters and members


def test_a_ticket_for_another_applications_attestation_is_refused(owner, other_member):
    mine = invite_attesters(locked_application(owner))["sponsor"][0]
    theirs = invite_attesters(locked_application(other_member))["sponsor"][0]
    application = mine.application
    before = state(application)
    with pytest.raises(WrongState, match="no longer opens"):
        attestation_comment(
            attestation=mine, ticket=valid_ticket(theirs), overall="Forged.", areas={}
        )
    with pytest.raises(WrongState, match="no longer opens"):
        attestation_sign(
            attestation=mine,
            ticket=valid_ticket(theirs),
            full_name="Forger",
            registration="None",
            confirmed=True,
            seen_sha256=application.snapshot_sha256,
        )
    # Nor a ticket for another attester of the same application.
    proposer = application.attestations.get(role="proposer")
    with pytest.raises(WrongState, match="no longer opens"):
        attestation_comment(
            attestation=mine, ticket=valid_ticket(proposer), overall="Forged.", areas={}
        )
    assert state(application) == before


def test_an_expired_ticket_is_refused(owner):
    application = locked_application(owner)
    attestation = invite_attesters(application)["sponsor"][0]
    ticket = valid_ticket(attestation)
    GuestTicket.objects.filter(pk=ticket.pk).update(
        created_at=timezone.now() - timedelta(days=40),
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    ticket.refresh_from_db()
    before = state(application)
    with pytest.raises(WrongState, match="no longer opens"):
        attestation_comment(attestation=attestation, ticket=ticket, overall="Late.", areas={})
    assert state(application) == before


def test_a_revoked_ticket_is_refused_even_when_the_caller_read_it_before(owner):
    application = locked_application(owner)
    attestation = invite_attesters(application)["sponsor"][0]
    read_earlier = valid_ticket(attestation)  # as a guest page read it a moment before
    attester_resend(attestation=attestation, actor=owner)  # the member sends a new link
    before = state(application)
    with pytest.raises(WrongState, match="no longer opens"):
        attestation_comment(
            attestation=attestation, ticket=read_earlier, overall="Old link.", areas={}
        )
    with pytest.raises(WrongState, match="no longer opens"):
        attestation_sign(
            attestation=attestation,
            ticket=read_earlier,
            full_name="Grace Sponsor",
            registration="CEng 1",
            confirmed=True,
            seen_sha256=application.snapshot_sha256,
        )
    assert state(application) == before
    # The new link works.
    attestation_comment(
        attestation=attestation, ticket=valid_ticket(attestation), overall="New.", areas={}
    )


def test_two_attesters_with_the_same_email_are_refused_whatever_its_case(owner):
    application = locked_application(owner)
    attester_invite(
        application=application, actor=owner, role="sponsor", name="Grace", email="grace@x.org"
    )
    before = state(application)
    with pytest.raises(ValidationError) as error:
        attester_invite(
            application=application,
            actor=owner,
            role="proposer",
            name="Grace again",
            email=" GRACE@X.org ",
        )
    assert error.value.message_dict == {"email": [DUPLICATE_EMAIL_MESSAGE]}
    assert state(application) == before


def test_the_candidate_cannot_attest_their_own_application(owner):
    application = locked_application(owner)
    before = state(application)
    with pytest.raises(ValidationError) as error:
        attester_invite(
            application=application,
            actor=owner,
            role="sponsor",
            name="Me",
            email=owner.email.upper(),
        )
    assert error.value.message_dict == {"email": [OWN_EMAIL_MESSAGE]}
    assert state(application) == before


def test_a_supporter_of_another_member_is_refused(owner, other_member):
    application = locked_application(owner)
    theirs = SupporterFactory(owner=other_member)
    before = state(application)
    with pytest.raises(ValidationError) as error:
        attester_invite(
            application=application,
            actor=owner,
            role="sponsor",
            name=theirs.name,
            email=theirs.email,
            supporter=theirs,
        )
    assert error.value.message_dict == {"supporter": ["Choose one of your own supporters."]}
    assert state(application) == before


def test_a_second_attester_in_a_role_is_refused(owner):
    application = locked_application(owner)
    _invite(application)
    before = state(application)
    with pytest.raises(ValidationError) as error:
        attester_invite(
            application=application, actor=owner, role="sponsor", name="Two", email="t@x.org"
        )
    assert error.value.message_dict == {"role": [ROLE_TAKEN_MESSAGE]}
    assert state(application) == before


def test_signing_with_a_stale_hash_is_refused(owner):
    application = locked_application(owner)
    attestation = invite_attesters(application)["sponsor"][0]
    ticket = valid_ticket(attestation)
    attestation_comment(attestation=attestation, ticket=ticket, overall="Good.", areas={})
    before = state(application)
    with pytest.raises(WrongState, match="changed since you opened it"):
        attestation_sign(
            attestation=attestation,
            ticket=ticket,
            full_name="Grace Sponsor",
            registration="CEng 1",
            confirmed=True,
            seen_sha256="a" * 64,
        )
    assert state(application) == before


def test_signing_without_the_details_is_refused_beside_each_field(owner):
    application = locked_application(owner)
    attestation = invite_attesters(application)["sponsor"][0]
    ticket = valid_ticket(attestation)
    before = state(application)
    with pytest.raises(ValidationError) as error:
        attestation_sign(
            attestation=attestation,
            ticket=ticket,
            full_name="  ",
            registration="",
            confirmed=False,
            seen_sha256=application.snapshot_sha256,
        )
    assert error.value.message_dict == {
        "full_name": ["Type your full name to sign."],
        "registration": ["Give your own registration or membership details."],
        "confirmed": ["Confirm the statement to sign."],
    }
    with pytest.raises(ValidationError) as no_comment:
        attestation_sign(
            attestation=attestation,
            ticket=ticket,
            full_name="Grace Sponsor",
            registration="CEng 1",
            confirmed=True,
            seen_sha256=application.snapshot_sha256,
        )
    assert no_comment.value.messages == ["Give your overall comment before you sign."]
    assert state(application) == before


def test_signing_twice_is_refused(owner):
    application = signed_application(owner)
    before = state(application)
    with pytest.raises(WrongState, match="signed this attestation already"):
        _sign(application)
    with pytest.raises(WrongState, match="signed this attestation already"):
        _comment(application)
    assert state(application) == before


def test_a_link_used_after_unlock_says_it_no_longer_opens_the_application(owner):
    application = _unlocked_after_invites(owner)
    before = state(application)
    with pytest.raises(WrongState) as comment:
        _stale_comment(application)
    with pytest.raises(WrongState) as sign:
        _stale_sign(application)
    assert (
        comment.value.messages
        == sign.value.messages
        == ["This link no longer opens the application."]
    )
    assert state(application) == before


def test_an_attester_removed_a_moment_ago_cannot_be_removed_or_sent_a_link_again(owner):
    application = locked_application(owner)
    attestation = invite_attesters(application)["sponsor"][0]
    attester_remove(attestation=attestation, actor=owner)
    before = state(application)
    with pytest.raises(WrongState, match="no longer on the application"):
        attester_remove(attestation=attestation, actor=owner)
    with pytest.raises(WrongState, match="no longer on the application"):
        attester_resend(attestation=attestation, actor=owner)
    assert state(application) == before


# Records


def test_records_hold_the_application_with_its_parts_and_no_links(owner, other_member):
    application = submitted_application(owner)
    employment = EmploymentFactory._meta.model.objects.get(owner=owner)
    complete_application(other_member)

    records = member_records(owner)

    [record] = records.applications
    assert (record.id, record.status, record.category) == (application.pk, "submitted", "IEng")
    assert record.snapshot == application.snapshot
    assert snapshot_hash(record.snapshot) == record.snapshot_sha256
    assert record.roles == []  # the application used the CV's text as it was
    assert {s.code for s in record.statements} == {
        c["code"] for a in application.snapshot["areas"] for c in a["competences"]
    }
    assert [a.role for a in record.attestations] == ["proposer", "sponsor", "supporter"]
    assert all(a.signed_sha256 == record.snapshot_sha256 for a in record.attestations)
    assert record.attestations[0].overall_comment == "A capable engineer."
    assert [e.kind for e in record.events] == [
        "locked",
        *["attester_invited"] * 3,
        *["attested"] * 3,
        "submitted",
    ]
    dumped = records.model_dump_json()
    for ticket in GuestTicket.objects.all():
        assert ticket.token_hash not in dumped
    assert '"token' not in dumped
    assert str(employment.pk) in dumped  # the snapshot names the role it showed


def test_records_name_the_role_text_and_the_statements_of_a_draft(owner):
    application = complete_application(owner)
    employment = EmploymentFactory._meta.model.objects.get(owner=owner)
    role_save(application=application, actor=owner, employment_id=employment.pk, text="Mine.")
    [record] = member_records(owner).applications
    assert record.snapshot is None
    assert [(r.employment_id, r.included, r.text) for r in record.roles] == [
        (employment.pk, True, "Mine.")
    ]
    assert record.statements[0].text.startswith("How I meet ")


def test_records_take_a_fixed_number_of_queries(owner):
    submitted_application(owner)
    few = count_queries(lambda: member_records(owner))
    for _ in range(3):
        more = Application.objects.create(
            owner=owner,
            category="EngTech",
            status=ApplicationStatus.DECIDED,
            locked_at=timezone.now(),
            snapshot={"version": 1},
            snapshot_sha256="e" * 64,
            submitted_at=timezone.now(),
        )
        Statement.objects.create(application=more, code="A1", text="Statement.")
        ApplicationEvent.objects.create(application=more, kind=EventKind.STARTED)
        ApplicationRole.objects.create(
            application=more,
            employment=EmploymentFactory._meta.model.objects.get(owner=owner),
            text="Role.",
        )
    SupporterFactory.create_batch(3, owner=owner)
    assert count_queries(lambda: member_records(owner)) == few <= 8
    assert len(member_records(owner).applications) == 4
