"""Snapshots: the same records always give the same bytes and hash; any change shows."""

import hashlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from ninja import Schema

from careermanager.core.snapshots import canonical_json, snapshot_hash


class Course(Schema):
    title: str
    hours: Decimal
    completed_on: date
    saved_at: datetime


COURSE = Course(
    title="Protection relays: Überblick",
    hours=Decimal("7.50"),
    completed_on=date(2024, 5, 3),
    saved_at=datetime(2024, 5, 3, 10, 0, tzinfo=UTC),
)


def test_keys_sorted_compact_utf8_and_raw_values():
    assert (
        canonical_json(COURSE)
        == (
            '{"completed_on":"2024-05-03","hours":"7.50",'
            '"saved_at":"2024-05-03T10:00:00Z","title":"Protection relays: Überblick"}'
        ).encode()
    )


def test_a_dict_gives_the_same_bytes_as_the_schema():
    assert canonical_json(COURSE.model_dump()) == canonical_json(COURSE)
    assert canonical_json(dict(reversed(COURSE.model_dump().items()))) == canonical_json(COURSE)


def test_the_hash_is_the_sha256_of_the_canonical_json():
    assert snapshot_hash(COURSE) == hashlib.sha256(canonical_json(COURSE)).hexdigest()
    assert len(snapshot_hash(COURSE)) == 64


def test_the_same_data_gives_the_same_hash_and_a_changed_field_another():
    same = Course.model_validate(COURSE.model_dump())
    assert snapshot_hash(same) == snapshot_hash(COURSE)
    for change in (
        {"hours": Decimal("7.25")},
        {"completed_on": date(2024, 5, 4)},
        {"title": "Protection relays"},
    ):
        assert snapshot_hash(COURSE.model_copy(update=change)) != snapshot_hash(COURSE)


def test_json_round_trips_through_the_schema():
    again = Course.model_validate(json.loads(canonical_json(COURSE)))
    assert again == COURSE
    assert canonical_json(again) == canonical_json(COURSE)


def test_nested_lists_keep_their_order():
    assert canonical_json({"b": [3, 1], "a": (2,)}) == b'{"a":[2],"b":[3,1]}'
    assert snapshot_hash([1, 2]) != snapshot_hash([2, 1])


@pytest.mark.parametrize("value", [{"codes": {"a", "b"}}, [frozenset({1})], {"x": float("nan")}])
def test_values_without_one_fixed_form_are_refused(value):
    with pytest.raises((TypeError, ValueError)):
        canonical_json(value)
