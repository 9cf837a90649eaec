"""The staff's pages of registration: the lists the institution keeps for applications."""

from tests.matrix import FORBIDDEN, LOGIN, OK, REDIRECT, Case, everyone, post_only

STAFF_ONLY = everyone(FORBIDDEN, anonymous=LOGIN, staff=OK, admin=OK)


def _kind(owner) -> dict:
    return {"kind": "sector"}


def _entry(owner, *, retired: bool = False) -> dict:
    from django.utils import timezone

    from careermanager.registration.models import ListEntry, ListKind

    entry = ListEntry.objects.create(
        kind=ListKind.SECTOR,
        name=f"Matrix sector {ListEntry.objects.count() + 1}",
        retired_at=timezone.now() if retired else None,
    )
    return {"pk": entry.pk}


def _retired(owner) -> dict:
    return _entry(owner, retired=True)


CASES = [
    Case("registration:staff-lists", STAFF_ONLY),
    Case("registration:staff-list-add", STAFF_ONLY, kwargs=_kind),
    Case("registration:staff-list-entry", STAFF_ONLY, kwargs=_entry),
    Case("registration:staff-list-retire", STAFF_ONLY, kwargs=_entry),
    Case(
        "registration:staff-list-retire",
        everyone(FORBIDDEN, anonymous=LOGIN, staff=REDIRECT, admin=REDIRECT),
        kwargs=_retired,
        note="retired already: back to the lists",
    ),
    Case("registration:staff-list-restore", post_only(), kwargs=_retired),
]
