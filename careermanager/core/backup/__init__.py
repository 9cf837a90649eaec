"""One archive of an installation: its database and its stored files, and putting it back.

    database.sqlite3 | database.pgdump   a consistent snapshot of the database
    files/<name>                         every file of the default storage (local or S3)
    manifest.json                        what the archive holds, written last

The manifest names the format, when and by which version the archive was made, the database
engine, the latest applied migration of each app, and the size and SHA-256 of every other entry.
A restore reads the whole archive and checks all of it before it changes anything, and goes only
into an empty installation: one without accounts, whose storage holds none of the archive's files.
See docs/backup.md.
"""

from careermanager.core.backup.archive import ENGINE_NAMES, MANIFEST, BackupError, Result
from careermanager.core.backup.operations import backup_restore, backup_write, storage_files

__all__ = [
    "ENGINE_NAMES",
    "MANIFEST",
    "BackupError",
    "Result",
    "backup_restore",
    "backup_write",
    "storage_files",
]
