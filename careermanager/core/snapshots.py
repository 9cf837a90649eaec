"""Canonical JSON of plain records, and its SHA-256: what a snapshot is and how it is sealed.

A locked application, a submitted declaration and a data export keep a member's records as
they were (the apps' `schemas.py`). The same records must always give the same bytes, so the
hash proves nothing changed: keys sorted, no spaces, UTF-8 (not \\u escapes), and values
written the way the record schemas write them (pydantic's JSON rules): a Decimal as its
string ("7.50", exactly as stored), a date as "2024-05-03", a datetime in ISO 8601 with its
offset ("2024-05-03T10:00:00Z"), tuples as lists. Lists keep their order, so give them in a
fixed order (the record functions do); sets are not accepted because they have none.
"""

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

type Snapshottable = BaseModel | Mapping[str, Any] | Sequence[Any]


def _reject_sets(value: Any) -> None:
    if isinstance(value, set | frozenset):
        raise TypeError("A snapshot cannot hold a set: its order would change between runs.")
    if isinstance(value, Mapping):
        for item in value.values():
            _reject_sets(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _reject_sets(item)


def canonical_json(data: Snapshottable) -> bytes:
    """The one byte string these records always give."""
    if isinstance(data, BaseModel):
        plain = data.model_dump(mode="json")
    else:
        _reject_sets(data)
        plain = to_jsonable_python(data)
    return json.dumps(
        plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def snapshot_hash(data: Snapshottable) -> str:
    """The SHA-256 of the canonical JSON, as 64 lowercase hex digits."""
    return hashlib.sha256(canonical_json(data)).hexdigest()
