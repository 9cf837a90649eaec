import pytest
from django.core import mail
from django.urls import reverse

from careermanager.core.audit import audit
from careermanager.core.mail import OutboxBackend, send_email
from careermanager.core.models import AuditEvent, OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.mark.real_on_commit
def test_email_waits_for_the_commit(django_capture_on_commit_callbacks, owner):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_email(
            to=[owner.email],
            subject="Hello\nthere",
            template="accounts/email/two_factor_changed.txt",
            context={"user": owner, "enabled": True},
        )
        assert mail.outbox == []

    assert len(callbacks) == 1
    assert mail.outbox[0].subject == "Hello there"
    assert "Olive Owner" in mail.outbox[0].body


@pytest.mark.real_on_commit
def test_email_is_dropped_when_the_change_rolls_back(django_capture_on_commit_callbacks, owner):
    from django.db import transaction

    def change_that_fails():
        with transaction.atomic():
            send_email(
                to=[owner.email],
                subject="Never",
                template="accounts/email/two_factor_changed.txt",
                context={"user": owner, "enabled": True},
            )
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change_that_fails()

    assert mail.outbox == []


def test_emails_do_not_escape_names(owner):
    owner.full_name = "Tom & Jerry <Ltd>"
    send_email(
        to=[owner.email],
        subject="Hi",
        template="accounts/email/two_factor_changed.txt",
        context={"user": owner, "enabled": False},
    )

    assert "Hello Tom & Jerry <Ltd>," in mail.outbox[0].body


def test_outbox_backend_keeps_messages():
    from django.core.mail import EmailMessage

    sent = OutboxBackend(alias="default").send_messages(
        [
            EmailMessage(
                "Subject", "Body https://x.example/a", "from@example.org", ["to@example.org"]
            )
        ]
    )

    assert sent == 1
    message = OutboxMessage.objects.get()
    assert (message.subject, message.recipients) == ("Subject", ["to@example.org"])


def test_outbox_is_open_to_everyone_while_developing(client, settings):
    settings.DEBUG = True
    message = OutboxMessage.objects.create(
        sender="a@example.org", recipients=["b@example.org"], subject="Confirm", body="https://x/y"
    )

    listing = client.get(reverse("core:outbox"))
    detail = client.get(reverse("core:outbox-message", args=[message.pk]))

    assert "Confirm" in listing.text
    assert '<a href="https://x/y"' in detail.text


def test_outbox_is_hidden_from_members_in_production(owner_client, staff_client, settings):
    settings.DEBUG = False

    assert owner_client.get(reverse("core:outbox")).status_code == 404
    assert staff_client.get(reverse("core:outbox")).status_code == 200


def test_audit_records_actor_target_and_address(owner_client, owner):
    owner_client.post(reverse("accounts:logout"), REMOTE_ADDR="203.0.113.9")

    event = AuditEvent.objects.get(action="accounts.user.logged_out")
    assert event.actor == owner
    assert event.ip_address == "203.0.113.9"
    assert list(AuditEvent.objects.for_target(owner)) == [event]


def test_audit_outside_a_request_has_no_address(owner):
    event = audit("core.test.happened", actor=owner, data={"n": 1})

    assert event.ip_address is None
    assert event.data == {"n": 1}
    assert event.target_type is None
