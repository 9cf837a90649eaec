from tests.matrix import NOT_FOUND, OK, Case, everyone, members_only


def _outbox_message(owner) -> dict:
    from careermanager.core.models import OutboxMessage

    message = OutboxMessage.objects.create(
        sender="a@example.org", recipients=["b@example.org"], subject="Hello", body="Hi"
    )
    return {"pk": message.pk}


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
]
