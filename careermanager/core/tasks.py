"""Background tasks every app may use."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task


@task
def deliver_email(*, to: list[str], subject: str, body: str) -> int:
    """Send one plain-text email through the configured backend."""
    return EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    ).send()
