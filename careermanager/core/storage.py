"""Files in the default storage (local or S3) that no record refers to any more.

A file is saved before the row that names it, and deleted after the row's deletion commits,
so a crash or a rolled-back transaction in between can leave a file behind. Each app that
stores files sweeps its own folder once a day:

    removed = remove_unreferenced_files("supporting", known=set_of_names_rows_hold)
"""

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

# Files younger than this are left: the row naming them may be about to be saved.
GRACE = timedelta(hours=1)


def files_under(folder: str) -> Iterator[str]:
    """Every file name in the storage under folder, at any depth."""
    try:
        folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from files_under(f"{folder}/{sub}")


def remove_unreferenced_files(folder: str, *, known: set[str], now: datetime | None = None) -> int:
    """Delete the files under folder that are not in known and older than GRACE; how many."""
    cutoff = (now or timezone.now()) - GRACE
    removed = 0
    for name in files_under(folder):
        if name in known:
            continue
        try:
            if default_storage.get_modified_time(name) > cutoff:
                continue
        except (NotImplementedError, OSError):
            pass
        default_storage.delete(name)
        removed += 1
    return removed
