"""SQLite copies through its online backup API: a consistent copy even while the app writes,
where copying the file could catch it half-way through a write."""

import sqlite3
from contextlib import closing
from pathlib import Path

from careprog.backups import BackupError


def copy_out(connection, path: Path) -> None:
    """Copy the database behind Django's ``connection`` into a new file at ``path``."""
    if connection.in_atomic_block:
        # SQLite refuses to copy out of a connection that is writing, and Python's backup()
        # then waits for it for ever: say so at once instead.
        raise BackupError(
            "A backup cannot be taken inside a transaction: run manage.py backup on its own."
        )
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as target:
        connection.connection.backup(target)
        # A copy of a database in WAL mode is in WAL mode too, and a WAL database cannot be
        # opened read-only without its side files: the backup is one self-contained file.
        target.execute("PRAGMA journal_mode=DELETE")


def open_read_only(path: Path) -> sqlite3.Connection:
    # Read-only, so that reading a backup can never change it (and so break its checksum).
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def copy_in(path: Path, connection) -> None:
    """Replace the whole database behind Django's ``connection`` with the copy at ``path``.

    Django's connection is the destination, so the copy goes wherever Django's settings point
    (a file, or the test suite's in-memory database), with no second idea of the path.
    """
    connection.close()
    connection.ensure_connection()
    try:
        with closing(open_read_only(path)) as source:
            source.backup(connection.connection)
    finally:
        # Whatever Django knew about the old database (its schema) goes with this connection.
        connection.close()
