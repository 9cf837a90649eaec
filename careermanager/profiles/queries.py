"""Reading a member's profile from other apps: plain records, never the models.

CPD counts the profile's training and academic study; it reads them here, as the records of
`careermanager.profiles.schemas`: one query each, or both in one (`learning_completed_between`).
"""

from datetime import date

from django.db.models import DateField, DecimalField, Exists, F, OuterRef, Value
from django.db.models.functions import Coalesce, Concat, Lower

from careermanager.core.formatting import format_date
from careermanager.profiles.models import (
    Achievement,
    Education,
    Employment,
    PersonalDetails,
    Training,
)
from careermanager.profiles.schemas import EducationRecord, PersonalDetailsRecord, TrainingRecord


def training_completed_between(owner, start: date, end: date) -> list[TrainingRecord]:
    """Training finished within [start, end] (by its end date, or start date when it has none).

    Newest first.
    """
    rows = (
        Training.objects.owned_by(owner)
        .completed_between(start, end)
        .values(*TrainingRecord.model_fields)
    )
    return [TrainingRecord.model_validate(row) for row in rows]


def education_completed_between(owner, start: date, end: date) -> list[EducationRecord]:
    """Study completed within [start, end]: by its date awarded, or else its end date.

    Study belongs to the period it was completed in, as training does: an MSc from September
    2019 awarded on 30 June 2021 belongs to 2021, never to 2019 or 2020. Study with neither
    date is not complete and belongs to no period yet. Newest first.
    """
    rows = (
        Education.objects.owned_by(owner)
        .alias(completed_on=Coalesce("awarded_date", "end_date"))
        .filter(completed_on__range=(start, end))
        .values(*EducationRecord.model_fields)
    )
    return [EducationRecord.model_validate(row) for row in rows]


_LEARNING_COLUMNS = ("row", "pk_", "t1", "t2", "t3", "t4", "d1", "d2", "d3", "h", "flag")


def _learning_rows(queryset, source: str, **columns):
    """The queryset as rows of _LEARNING_COLUMNS, for a union of training and study."""
    return queryset.order_by().annotate(row=Value(source), **columns).values(*_LEARNING_COLUMNS)


def learning_completed_between(
    owner, start: date, end: date
) -> tuple[list[TrainingRecord], list[EducationRecord]]:
    """``training_completed_between`` and ``education_completed_between`` in one query."""
    no_date = Value(None, output_field=DateField())
    training = _learning_rows(
        Training.objects.owned_by(owner).completed_between(start, end),
        "training",
        pk_=F("pk"),
        t1=F("title"),
        t2=F("kind"),
        t3=F("provider"),
        t4=F("description"),
        d1=F("start_date"),
        d2=F("end_date"),
        d3=no_date,
        h=F("hours"),
        flag=Value(False),
    )
    study = _learning_rows(
        Education.objects.owned_by(owner)
        .alias(completed_on=Coalesce("awarded_date", "end_date"))
        .filter(completed_on__range=(start, end)),
        "study",
        pk_=F("pk"),
        t1=F("institution"),
        t2=F("course"),
        t3=F("qualification_type"),
        t4=F("classification"),
        d1=F("start_date"),
        d2=F("end_date"),
        d3=F("awarded_date"),
        h=Value(None, output_field=DecimalField(max_digits=7, decimal_places=2)),
        flag=F("accredited"),
    )
    trainings, studies = [], []
    for row in training.union(study, all=True).order_by():
        if row["row"] == "training":
            trainings.append(
                TrainingRecord(
                    id=row["pk_"],
                    title=row["t1"],
                    kind=row["t2"],
                    provider=row["t3"],
                    description=row["t4"],
                    start_date=row["d1"],
                    end_date=row["d2"],
                    hours=row["h"],
                )
            )
        else:
            studies.append(
                EducationRecord(
                    id=row["pk_"],
                    institution=row["t1"],
                    course=row["t2"],
                    qualification_type=row["t3"],
                    classification=row["t4"],
                    start_date=row["d1"],
                    end_date=row["d2"],
                    awarded_date=row["d3"],
                    accredited=row["flag"],
                )
            )
    # Newest first, as each model orders itself.
    trainings.sort(key=lambda record: (record.start_date, record.id), reverse=True)
    studies.sort(key=lambda record: (record.start_date, record.id), reverse=True)
    return trainings, studies


def learning_of_members(owner_ids, start: date, end: date) -> list[tuple]:
    """Training and study completed within [start, end] for many members at once. One query.

    Rows of (owner id, "training" or "academic", id, title, completed on, hours); study has
    no hours (None) and its title is "course, institution". For daily jobs over every member.
    """
    no_hours = Value(None, output_field=DecimalField(max_digits=7, decimal_places=2))
    columns = ("owner_id", "row", "pk", "name", "day", "h")
    training = (
        Training.objects.filter(owner_id__in=owner_ids)
        .completed_between(start, end)
        .order_by()
        .annotate(row=Value("training"), name=F("title"), day=Coalesce("end_date", "start_date"))
        .annotate(h=F("hours"))
        .values_list(*columns)
    )
    study = (
        Education.objects.filter(owner_id__in=owner_ids)
        .alias(completed_on=Coalesce("awarded_date", "end_date"))
        .filter(completed_on__range=(start, end))
        .order_by()
        .annotate(
            row=Value("academic"),
            name=Concat("course", Value(", "), "institution"),
            day=Coalesce("awarded_date", "end_date"),
            h=no_hours,
        )
        .values_list(*columns)
    )
    return list(training.union(study, all=True).order_by())


def training_kind_label(value: str) -> str:
    """What members read for a kind of training ("Training course" for "course")."""
    return Training.Kind(value).label


def qualification_label(value: str) -> str:
    """What members read for a qualification ("" when none was chosen)."""
    return Education.QualificationType(value).label if value else ""


def record_keys(owner) -> dict[str, set[tuple]]:
    """What identifies each training, achievement and education record the member has.

    An import uses it to leave out rows the member already has: training by its title (in
    lower case), start date and hours; an achievement by its title and date; study by its
    course and start date. Three queries.
    """
    return {
        "training": set(
            Training.objects.owned_by(owner).values_list(Lower("title"), "start_date", "hours")
        ),
        "achievement": set(Achievement.objects.owned_by(owner).values_list(Lower("title"), "date")),
        "education": set(
            Education.objects.owned_by(owner).values_list(Lower("course"), "start_date")
        ),
    }


def training_choices(owner) -> list[tuple[int, str]]:
    """The member's training as (id, "Title, 3 May 2026"), newest first. One query.

    For other apps' forms that let a member point at one of their own training records.
    """
    return [
        (pk, f"{title}, {format_date(end_date or start_date)}")
        for pk, title, start_date, end_date in Training.objects.owned_by(owner)
        .order_by("-start_date", "-pk")
        .values_list("pk", "title", "start_date", "end_date")
    ]


# What a registration form needs of the member's personal details: their name and an address.
PERSONAL_DETAILS_NEEDED = ("first_name", "last_name", "address_line_1", "town", "country")


def personal_details(owner) -> PersonalDetailsRecord | None:
    """The member's personal details, or None when they have given none. One query."""
    row = (
        PersonalDetails.objects.owned_by(owner).values(*PersonalDetailsRecord.model_fields).first()
    )
    return None if row is None else PersonalDetailsRecord.model_validate(row)


def personal_details_complete(record: PersonalDetailsRecord | None) -> bool:
    """Whether the details hold a name and an address (PERSONAL_DETAILS_NEEDED)."""
    return record is not None and all(
        getattr(record, name).strip() for name in PERSONAL_DETAILS_NEEDED
    )


def personal_details_given(owner_ref: str = "owner") -> Exists:
    """An expression for annotating another app's rows: whether their member's details are complete.

    `owner_ref` names the field of those rows that holds the member, so a page listing them
    learns this without a query of its own.
    """
    complete = PersonalDetails.objects.filter(owner=OuterRef(owner_ref))
    for name in PERSONAL_DETAILS_NEEDED:
        complete = complete.exclude(**{name: ""})
    return Exists(complete)


def employment_ids(owner) -> set[int]:
    """The ids of the member's roles, for other apps that keep text about one of them."""
    return set(Employment.objects.owned_by(owner).values_list("pk", flat=True))
