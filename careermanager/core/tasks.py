"""Background tasks every app may use."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

# Minutes to wait before each new try at an email the mail server did not take: about ten
# hours in all, so a mail server down overnight still gets the morning's emails.
RETRY_MINUTES = (1, 5, 15, 60, 180, 360)


@task
def deliver_email(*, to: list[str], subject: str, body: str, attempt: int = 1) -> int:
    """Send one plain-text email through the configured backend; try again later if it fails."""
    try:
        return EmailMessage(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
        ).send()
    except (smtplib.SMTPException, OSError):
        if attempt > len(RETRY_MINUTES) or not deliver_email.get_backend().supports_defer:
            raise
        wait = timedelta(minutes=RETRY_MINUTES[attempt - 1])
        logger.warning("Email not delivered (try %s); trying again in %s", attempt, wait)
        deliver_email.using(run_after=timezone.now() + wait).enqueue(
            to=to, subject=subject, body=body, attempt=attempt + 1
        )
        return 0
