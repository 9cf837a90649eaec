"""`Idempotency-Key` on requests that create: sent again, the same request gets the same answer.

The first request with a key makes the object and keeps its answer; the same key with the
same method, path and body answers the kept response again and makes nothing; the same key
with anything else is a 422. A request that fails keeps nothing, so it can be sent again.
Keys are the caller's own (two members may use the same key) and are kept for a day.
"""

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from ninja import Schema

from careermanager.api.errors import Problem
from careermanager.api.models import IdempotentRequest

KEEP = timedelta(days=1)
HEADER = "Idempotency-Key"


def idempotency_keys_remove_expired(*, now=None) -> int:
    """Forget the keys older than a day, whoever sent them; return how many."""
    cutoff = (now or timezone.now()) - KEEP
    removed, _ = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return removed


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.path):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def _replay(kept: IdempotentRequest) -> JsonResponse:
    response = JsonResponse(kept.response, status=kept.status, safe=False)
    if kept.location:
        response["Location"] = kept.location
    response["Idempotent-Replayed"] = "true"
    return response


def create_once(
    request: HttpRequest,
    make: Callable[[], tuple[Schema, str]],
    *,
    status: int = 201,
):
    """Run `make` (which returns the new record and its address) once per Idempotency-Key.

    Without the header, `make` simply runs. Returns what an operation returns.
    """
    key = request.headers.get(HEADER, "").strip()
    if not key:
        record, location = make()
        return _created(record, location, status)
    if len(key) > 200:
        raise Problem(400, "An Idempotency-Key is at most 200 characters.")
    owner = request.user
    fingerprint = _fingerprint(request)
    with transaction.atomic():
        IdempotentRequest.objects.filter(owner=owner, created_at__lt=timezone.now() - KEEP).delete()
        try:
            with transaction.atomic():
                kept = IdempotentRequest.objects.create(
                    owner=owner, key=key, fingerprint=fingerprint
                )
        except IntegrityError:
            earlier = IdempotentRequest.objects.get(owner=owner, key=key)
            if earlier.fingerprint != fingerprint:
                raise Problem(
                    422,
                    "This Idempotency-Key was used for another request: use a new key.",
                    errors={HEADER: ["Already used for another request"]},
                ) from None
            return _replay(earlier)
        record, location = make()
        kept.status = status
        kept.response = record.model_dump(mode="json")
        kept.location = location
        kept.save(update_fields=["status", "response", "location"])
    return _created(record, location, status)


def _created(record: Schema, location: str, status: int):
    response = JsonResponse(record.model_dump(mode="json"), status=status, safe=False)
    if location:
        response["Location"] = location
    return response
