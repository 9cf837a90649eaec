"""The member's supporters and intentions to register as plain typed records.

Values are raw: relationships, categories, timescales and routes are their stored values
("line_manager", "CEng"), times are `datetime`. `member_records(owner)` reads everything with
a fixed number of queries; `IntentionSent` is what a submitted intention keeps of itself.
"""

from collections import defaultdict
from datetime import datetime

from ninja import Schema

from careermanager.registration.models import Intention, Supporter


class SupporterRecord(Schema):
    id: int
    name: str
    email: str
    relationship: str
    registration_number: str
    note: str
    created_at: datetime
    updated_at: datetime


class IntentionRecord(Schema):
    id: int
    status: str
    category: str
    timescale: str
    route: str
    scheme_name: str
    supporter_ids: list[int]  # supporters in this member's records
    note: str
    submitted_at: datetime | None
    created_at: datetime
    updated_at: datetime


class SentSupporter(Schema):
    name: str
    email: str
    relationship: str
    registration_number: str


class IntentionSent(Schema):
    """What a submitted intention sent: its answers and its supporters as they were then."""

    category: str
    timescale: str
    route: str
    scheme_name: str
    note: str
    supporters: list[SentSupporter]


class RegistrationRecords(Schema):
    supporters: list[SupporterRecord]  # by name
    intentions: list[IntentionRecord]  # newest first


SUPPORTER_FIELDS = list(SupporterRecord.model_fields)
INTENTION_FIELDS = [name for name in IntentionRecord.model_fields if name != "supporter_ids"]


def member_records(owner) -> RegistrationRecords:
    """Every supporter and intention of this member (3 queries, however many records)."""
    supporters = [
        SupporterRecord.model_validate(row)
        for row in Supporter.objects.owned_by(owner).values(*SUPPORTER_FIELDS)
    ]
    chosen = defaultdict(list)
    for intention_id, supporter_id in (
        Intention.supporters.through.objects.filter(intention__owner=owner)
        .order_by("supporter_id")
        .values_list("intention_id", "supporter_id")
    ):
        chosen[intention_id].append(supporter_id)
    intentions = [
        IntentionRecord.model_validate(row | {"supporter_ids": chosen[row["id"]]})
        for row in Intention.objects.owned_by(owner).values(*INTENTION_FIELDS)
    ]
    return RegistrationRecords(supporters=supporters, intentions=intentions)


def intention_sent(intention: Intention, supporters: list[Supporter]) -> IntentionSent:
    """What submitting `intention` with these chosen supporters sends."""
    return IntentionSent(
        category=intention.category,
        timescale=intention.timescale,
        route=intention.route,
        scheme_name=intention.scheme_name,
        note=intention.note,
        supporters=[
            SentSupporter(
                name=supporter.name,
                email=supporter.email,
                relationship=supporter.relationship,
                registration_number=supporter.registration_number,
            )
            for supporter in supporters
        ],
    )
