"""Sending email: always from services, always after the transaction commits."""

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string

from careermanager.core.models import OutboxMessage


class OutboxBackend(BaseEmailBackend):
    """Keep each message in the database, readable on the Outbox page."""

    def send_messages(self, email_messages) -> int:
        OutboxMessage.objects.bulk_create(
            OutboxMessage(
                sender=message.from_email or settings.DEFAULT_FROM_EMAIL,
                recipients=list(message.recipients()),
                subject=message.subject,
                body=message.body,
            )
            for message in email_messages
        )
        return len(email_messages)


def outbox_in_use() -> bool:
    return settings.MAILERS["default"]["BACKEND"] == settings.MAIL_BACKEND_CHOICES["outbox"]


def send_email(*, to: list[str], subject: str, template: str, context: dict) -> None:
    """Render a plain-text template and queue the message once the transaction commits.

    The template is rendered now, with the data as it is in this transaction; delivery
    happens as a background task so a slow mail server never holds up a request.
    """
    from careermanager.core.tasks import deliver_email

    body = render_to_string(
        template,
        {
            "service_name": settings.SERVICE_NAME,
            "site_url": settings.SITE_URL,
            **context,
        },
    )
    subject = " ".join(subject.split())  # headers cannot hold line breaks
    transaction.on_commit(lambda: deliver_email.enqueue(to=list(to), subject=subject, body=body))
