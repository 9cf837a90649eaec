"""Sending email: always from services, always after the transaction commits."""

from contextvars import ContextVar

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import models, transaction
from django.template.loader import render_to_string

from careermanager.core.models import OutboxMessage

# Outside production, the scheme and host the current request came to (set by
# AuditContextMiddleware), so that emailed links lead back to the server that sent them.
current_origin: ContextVar[str | None] = ContextVar("current_origin", default=None)


def site_url() -> str:
    """The address emailed links start with, without a trailing slash.

    In production it is always CAREERMANAGER_SITE_URL: never the request's Host header, which
    the client chooses. In development it is the address of the request that caused the
    email, or CAREERMANAGER_SITE_URL outside a request (`make run` sets it to its port).
    """
    if not settings.PRODUCTION:
        origin = current_origin.get()
        if origin:
            return origin
    return settings.SITE_URL


def absolute_url(path: str) -> str:
    """The full link for a path on this site ("/accounts/login/"), for use in an email."""
    return f"{site_url()}{path}"


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
            "site_url": site_url(),
            **context,
        },
    )
    subject = " ".join(subject.split())  # headers cannot hold line breaks
    transaction.on_commit(lambda: deliver_email.enqueue(to=list(to), subject=subject, body=body))


def _digest(kind: str, value) -> str:
    import hashlib

    return hashlib.sha256(f"{kind}:{value}".lower().encode()).hexdigest()


def email_allowed(*, purpose: str, address: str, member=None) -> bool:
    """Count an email that anyone can cause to be sent; False when it would be one too many.

    At most EMAIL_LIMIT_PER_ADDRESS emails of one purpose an hour go to one address, and
    EMAIL_LIMIT_PER_MEMBER about (or from) one member. Counted in the database, so the limits
    hold across every web process. Callers that answer strangers show the same page whether
    or not the email went, so the limit reveals nothing about who is registered.
    """
    from datetime import timedelta

    from django.utils import timezone

    from careermanager.core.models import LimitedEmail

    now = timezone.now()
    limits = {_digest("address", address.strip()): settings.EMAIL_LIMIT_PER_ADDRESS}
    if member is not None:
        limits[_digest("member", member.pk)] = settings.EMAIL_LIMIT_PER_MEMBER
    LimitedEmail.objects.filter(created_at__lt=now - timedelta(days=1)).delete()
    recent = LimitedEmail.objects.filter(
        purpose=purpose, key__in=list(limits), created_at__gte=now - timedelta(hours=1)
    )
    counts = dict(recent.values("key").annotate(n=models.Count("pk")).values_list("key", "n"))
    if any(counts.get(key, 0) >= limit for key, limit in limits.items()):
        return False
    LimitedEmail.objects.bulk_create(
        LimitedEmail(purpose=purpose, key=key, created_at=now) for key in limits
    )
    return True
