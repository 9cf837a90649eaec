"""CPD in a period: the one place that decides which of a member's records count, and when.

Everything that counts as CPD across TWAVES, each record on one day, the day it was
completed, which must lie within the period: recorded activities (drafts do not count) by
their end date; training from the profile by its end date, or start date when it has none;
academic study from the profile by its date awarded, or else its end date (it counts without
hours; study with neither date is not complete and is in no period yet). A record spanning
years belongs to the period it ended in, never to one it merely overlaps. Compliance, the
yearly totals, the CPD pages, the home panel and the CPD report all read the member's CPD
through `cpd_in_period`, so every list and total agrees.

A fixed number of queries however many records: three, or four with `detailed=True`.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import CharField, StringAgg, Value
from django.db.models.functions import Cast, Concat

from careermanager.core.formatting import format_date
from careermanager.cpd.categories import Category
from careermanager.cpd.models import REFLECTION_FIELDS, REFLECTION_PROMPTS, Activity
from careermanager.profiles import queries as profiles

ACTIVITY = "activity"
TRAINING = "training"
ACADEMIC = "academic"


@dataclass(frozen=True, slots=True)
class CpdRecord:
    """One piece of CPD: an activity, a training course or academic study, as plain data."""

    key: str  # "activity:12", "training:3", "academic:4": unique among a member's CPD
    category: Category
    title: str  # for academic study, the course
    start: date
    end: date  # when it was completed: the day it counts on, always within the period read
    hours: Decimal | None  # None for academic study, whose hours are not recorded
    topics: frozenset[str] = frozenset()  # topic codes
    topic_names: tuple[str, ...] = ()  # in the topics' own order
    # None when the record has nowhere to hold a reflection (training, academic study).
    has_reflection: bool | None = None
    institution: str = ""  # academic study
    kind: str = ""  # training: its kind; academic study: its qualification (stored values)
    provider: str = ""  # training
    classification: str = ""  # academic study
    # Only with detailed=True:
    folder: str = ""
    competences: tuple[str, ...] = ()  # "A1 Maintain and extend ...", in framework order
    description: str = ""
    reflection: tuple[tuple[str, str], ...] = ()  # (question, answer), answered ones only

    @property
    def source(self) -> str:
        return self.key.partition(":")[0]


@dataclass(frozen=True)
class CpdInPeriod:
    """A member's CPD within [start, end]: activities (oldest first), then training and
    academic study (newest first)."""

    start: date
    end: date
    records: list[CpdRecord] = field(default_factory=list)

    def __iter__(self) -> Iterator[CpdRecord]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def completed_on(self, record: CpdRecord) -> date:
        """The day a record counts on: the day it was completed."""
        return record.end


# Between the topics of one activity, and between the parts of one: no code or name holds them.
_SEPARATOR = "\x1f"
_PART = "\x1e"


def _topics(text: str | None) -> list[tuple[str, str]]:
    """(code, name) of each topic, in the topics' own order, from the aggregated text."""
    if not text:
        return []
    # An activity without topics gives one empty part (the join found no topic).
    parts = [part.split(_PART) for part in text.split(_SEPARATOR) if part != _PART * 2]
    return [(code, name) for _, name, code in sorted(parts, key=lambda p: (int(p[0]), p[1]))]


def _activities(owner, start: date, end: date, *, detailed: bool) -> list[CpdRecord]:
    counted = Activity.objects.owned_by(owner).recorded().completed_between(start, end)
    fields = ["pk", "title", "type", "start_date", "end_date", "hours", *REFLECTION_FIELDS]
    if detailed:
        fields += ["description", "folder__name"]
    # Each activity's topics come in the same query, as one text of "order, name, code" parts.
    topic = Concat(
        Cast("topics__order", CharField()),
        Value(_PART),
        "topics__name",
        Value(_PART),
        "topics__code",
        output_field=CharField(),
    )
    rows = (
        counted.order_by("end_date", "start_date", "pk")
        .values(*fields)
        .annotate(topics_text=StringAgg(topic, Value(_SEPARATOR)))
    )
    competences: dict[int, list[str]] = defaultdict(list)
    if detailed:
        for activity_id, code, title in (
            Activity.competences.through.objects.filter(activity__in=counted)
            .order_by("competence__area__order", "competence__order", "competence__code")
            .values_list("activity_id", "competence__code", "competence__title")
        ):
            competences[activity_id].append(f"{code} {title}")
    records = []
    for row in rows:
        tagged = _topics(row["topics_text"])
        records.append(
            CpdRecord(
                key=f"{ACTIVITY}:{row['pk']}",
                category=Category(row["type"]),
                title=row["title"],
                start=row["start_date"],
                end=row["end_date"],
                hours=row["hours"],
                topics=frozenset(code for code, _ in tagged),
                topic_names=tuple(name for _, name in tagged),
                has_reflection=any(row[name] for name in REFLECTION_FIELDS),
                folder=(row["folder__name"] or "") if detailed else "",
                competences=tuple(competences[row["pk"]]),
                description=row["description"] if detailed else "",
                reflection=tuple(
                    (prompt.question, row[prompt.field])
                    for prompt in REFLECTION_PROMPTS
                    if row[prompt.field]
                )
                if detailed
                else (),
            )
        )
    return records


def cpd_in_period(owner, start: date, end: date, *, detailed: bool = False) -> CpdInPeriod:
    """The member's CPD within [start, end]; `detailed` adds what a full report shows
    (folder, competences, description and reflection)."""
    records = _activities(owner, start, end, detailed=detailed)
    trainings, studies = profiles.learning_completed_between(owner, start, end)
    records += [
        CpdRecord(
            key=f"{TRAINING}:{training.id}",
            category=Category.TRAINING,
            title=training.title,
            start=training.start_date,
            end=training.end_date or training.start_date,
            hours=training.hours,
            kind=training.kind,
            provider=training.provider,
            description=training.description if detailed else "",
        )
        for training in trainings
    ]
    records += [
        CpdRecord(
            key=f"{ACADEMIC}:{study.id}",
            category=Category.ACADEMIC,
            title=study.course,
            start=study.start_date,
            end=study.awarded_date or study.end_date,  # as education_completed_between reads
            hours=None,
            institution=study.institution,
            kind=study.qualification_type,
            classification=study.classification,
        )
        for study in studies
    ]
    return CpdInPeriod(start, end, records)


def activity_choices(owner) -> list[tuple[int, str]]:
    """The member's recorded activities as (id, "Title, 3 May 2026"), newest first. One query.

    For other apps' forms that let a member point at one of their own activities.
    """
    return [
        (pk, f"{title}, {format_date(end_date)}")
        for pk, title, end_date in Activity.objects.owned_by(owner)
        .recorded()
        .order_by("-end_date", "-pk")
        .values_list("pk", "title", "end_date")
    ]
