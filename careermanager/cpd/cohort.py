"""Many members' CPD at once, for the daily jobs (reminders, comparison figures).

The same records as `careermanager.cpd.queries.cpd_in_period` reads for one member, as the
engine's items, for a group of members in a fixed number of queries (three), however many
members or records there are. Jobs read the members in chunks of `CHUNK` so memory stays small.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import islice

from careermanager.cpd import engine
from careermanager.cpd.categories import Category
from careermanager.cpd.models import REFLECTION_FIELDS, Activity
from careermanager.profiles import queries as profiles

CHUNK = 500


def chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk


def items_of_members(owner_ids: Sequence[int], start: date, end: date) -> dict[int, list]:
    """Each member's CPD completed within [start, end], as engine items. Three queries."""
    activities = (
        Activity.objects.filter(owner_id__in=owner_ids).recorded().completed_between(start, end)
    )
    topics: dict[int, set[str]] = defaultdict(set)
    for activity_id, code in Activity.topics.through.objects.filter(
        activity__in=activities
    ).values_list("activity_id", "topic__code"):
        topics[activity_id].add(code)
    items: dict[int, list] = defaultdict(list)
    for row in activities.order_by("end_date", "pk").values(
        "pk", "owner_id", "title", "type", "end_date", "hours", *REFLECTION_FIELDS
    ):
        items[row["owner_id"]].append(
            engine.Item(
                key=f"activity:{row['pk']}",
                title=row["title"],
                category=Category(row["type"]),
                completed_on=row["end_date"],
                hours=row["hours"],
                topics=frozenset(topics[row["pk"]]),
                has_reflection=any(row[name] for name in REFLECTION_FIELDS),
            )
        )
    for owner_id, kind, pk, title, day, hours in profiles.learning_of_members(
        owner_ids, start, end
    ):
        items[owner_id].append(
            engine.Item(
                key=f"{kind}:{pk}",
                title=title,
                category=Category.TRAINING if kind == "training" else Category.ACADEMIC,
                completed_on=day,
                hours=engine.ZERO if hours is None else hours,
            )
        )
    return items
