"""The one way services record what happened."""

from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import models

from careermanager.core.logs import current_request_id
from careermanager.core.models import AuditEvent

# Set per request by AuditContextMiddleware so services need not pass the request around.
current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def audit(
    action: str,
    *,
    actor=None,
    target: models.Model | None = None,
    data: dict | None = None,
) -> AuditEvent:
    """Record an audit event; call inside the service's transaction.

    An event recorded while a request is handled keeps the request's id (core.logs), which
    finds its log lines.
    """
    event = AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        data=data or {},
        ip_address=current_ip.get(),
        request_id=current_request_id.get() or "",
    )
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
        event.target_repr = str(target)[:200]
    event.save()
    return event
