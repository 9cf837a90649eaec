from tests.matrix import NOT_ALLOWED, NOT_FOUND, OK, Case, everyone, members_only


def _outbox_message(owner) -> dict:
    from careermanager.core.models import OutboxMessage

    message = OutboxMessage.objects.create(
        sender="a@example.org", recipients=["b@example.org"], subject="Hello", body="Hi"
    )
    return {"pk": message.pk}


def _token(owner) -> dict:
    # Core serves no kind of object itself: the link opens a competence assessment.
    from tests.competence.factories import AssessmentFactory, issue_ticket

    _, raw = issue_ticket(AssessmentFactory(owner=owner))
    return {"token": raw}


CASES = [
    Case("core:home", everyone(OK)),
    Case("core:bare", members_only(anonymous=NOT_FOUND)),
    # The outbox is for staff once DEBUG is off (tests run with DEBUG off).
    Case("core:outbox", everyone(NOT_FOUND, staff=OK, admin=OK)),
    Case(
        "core:outbox-message",
        everyone(NOT_FOUND, staff=OK, admin=OK),
        kwargs=_outbox_message,
    ),
    Case("core:accessibility", everyone(OK)),
    Case("core:privacy", everyone(OK)),
    Case("core:help", everyone(OK)),
    Case("core:help-page", everyone(OK), kwargs=lambda owner: {"slug": "cpd"}),
    # The emailed link shows its confirmation page to whoever holds it, signed in or not.
    Case("core:guest-start", everyone(OK), kwargs=_token),
    Case("core:guest-leave", everyone(NOT_ALLOWED)),
    # Health checks answer everyone alike, before sessions and log-in (core.health).
    Case("core:health-live", everyone(OK)),
    Case("core:health-ready", everyone(OK)),
    # The installable web app: public, as browsers fetch them without the member's session.
    Case("core:service-worker", everyone(OK)),
    Case("core:manifest", everyone(OK)),
]
