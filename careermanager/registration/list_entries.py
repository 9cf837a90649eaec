"""The lists the institution keeps: approved schemes (streamlined route), sectors, specialisms.

Staff add, rename, reorder, retire and restore entries (``views/staff.py``). An entry is
never deleted: an application keeps the name it chose, and a retired entry stays readable
there while new applications no longer offer it. Each change is audited.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from careermanager.core.audit import audit
from careermanager.registration.models import ListEntry, ListKind

DUPLICATE_MESSAGE = "This list already has an entry with this name."


def active_names(kind: str) -> list[str]:
    """The names a member may choose from, in the institution's order. One query."""
    return list(
        ListEntry.objects.filter(kind=kind, retired_at__isnull=True)
        .order_by("order", "name")
        .values_list("name", flat=True)
    )


def _save(entry: ListEntry) -> None:
    entry.full_clean(validate_constraints=False)
    clash = ListEntry.objects.filter(kind=entry.kind, name__iexact=entry.name)
    if entry.pk:
        clash = clash.exclude(pk=entry.pk)
    if clash.exists():
        raise ValidationError({"name": DUPLICATE_MESSAGE}, code="duplicate")
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        # Added under the same name by someone else a moment ago.
        raise ValidationError({"name": DUPLICATE_MESSAGE}, code="duplicate") from None


@transaction.atomic
def entry_add(*, kind: str, name: str, order: int | None = None, actor) -> ListEntry:
    """Add an entry; without an order number it goes to the end of its list."""
    if kind not in ListKind.values:
        raise ValidationError({"kind": "Choose a list."})
    if order is None:
        last = ListEntry.objects.filter(kind=kind).aggregate(last=Max("order"))["last"]
        order = 10 if last is None else last + 10
    entry = ListEntry(kind=kind, name=name.strip(), order=order)
    _save(entry)
    audit(
        "registration.list_entry.added",
        actor=actor,
        target=entry,
        data={"kind": kind, "name": entry.name, "order": order},
    )
    return entry


@transaction.atomic
def entry_update(*, entry: ListEntry, name: str, order: int, actor) -> ListEntry:
    """Rename an entry or move it; applications that chose the old name keep it."""
    row = ListEntry.objects.select_for_update().get(pk=entry.pk)
    before = {"name": row.name, "order": row.order}
    row.name = name.strip()
    row.order = order
    if {"name": row.name, "order": row.order} == before:
        return row
    _save(row)
    audit(
        "registration.list_entry.changed",
        actor=actor,
        target=row,
        data={"kind": row.kind, "from": before, "to": {"name": row.name, "order": row.order}},
    )
    return row


@transaction.atomic
def entry_retire(*, entry: ListEntry, actor) -> ListEntry:
    """Stop offering an entry; applications that chose it keep it."""
    row = ListEntry.objects.select_for_update().get(pk=entry.pk)
    if row.retired_at is None:
        row.retired_at = timezone.now()
        row.save(update_fields=["retired_at"])
        audit(
            "registration.list_entry.retired",
            actor=actor,
            target=row,
            data={"kind": row.kind, "name": row.name},
        )
    return row


@transaction.atomic
def entry_restore(*, entry: ListEntry, actor) -> ListEntry:
    """Offer a retired entry again."""
    row = ListEntry.objects.select_for_update().get(pk=entry.pk)
    if row.retired_at is not None:
        row.retired_at = None
        row.save(update_fields=["retired_at"])
        audit(
            "registration.list_entry.restored",
            actor=actor,
            target=row,
            data={"kind": row.kind, "name": row.name},
        )
    return row
