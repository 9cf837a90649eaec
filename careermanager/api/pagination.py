"""Cursor pagination for every list: `?limit=` and an opaque `cursor` from the `next` link.

A cursor says where the last page ended (after which id, or at which position for lists
that are not tables), so pages neither skip nor repeat records when records are added
meanwhile. It is opaque to clients: they follow `next` until it is null.
"""

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

from careermanager.api.errors import Problem

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(Schema, Generic[T]):  # noqa: UP046 (pydantic's generic models)
    items: list[T]
    next: str | None = Field(description="The next page's address; null on the last page.")


class PageParams(Schema):
    cursor: str | None = Field(None, description="From a page's `next` link.", max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Records per page.")


def _encode(position: int) -> str:
    raw = json.dumps({"p": position}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)["p"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        position = None
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise Problem(400, "The cursor is not one this API gave.", errors={"cursor": ["Invalid"]})
    return position


def _next_link(request: HttpRequest, position: int, limit: int) -> str:
    query = request.GET.copy()
    query["cursor"] = _encode(position)
    query["limit"] = str(limit)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate_queryset(
    request: HttpRequest,
    queryset: QuerySet,
    params: PageParams,
    build: Callable[[list], list[Any]],
) -> dict:
    """One page of the queryset in id order; `build` turns its rows into records."""
    after = _decode(params.cursor)
    rows = list(queryset.filter(pk__gt=after).order_by("pk")[: params.limit + 1])
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    return {
        "items": build(rows),
        "next": _next_link(request, rows[-1].pk, params.limit) if more else None,
    }


def paginate_list(request: HttpRequest, items: Sequence, params: PageParams) -> dict:
    """One page of a list read whole (records an app builds in one go)."""
    start = _decode(params.cursor)
    end = start + params.limit
    return {
        "items": list(items[start:end]),
        "next": _next_link(request, end, params.limit) if end < len(items) else None,
    }
