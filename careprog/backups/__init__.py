"""Backups of the database and the uploaded files: `manage.py backup` and `manage.py restore`.

A backup is one folder: the database (database.pgdump or database.sqlite3), media/ (a copy of
MEDIA_ROOT) and manifest.json, which says what the backup holds and gives each file's SHA-256.
docs/operations.md says how to take, keep and restore them.
"""


class BackupError(Exception):
    """A backup or restore was refused or failed; the message says why, for the operator."""
