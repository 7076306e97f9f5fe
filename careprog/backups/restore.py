"""backup_restore: check that a backup is whole, of this kind of database and not newer than this
code; put its database and uploaded files in place; then check them against its manifest."""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from careprog.backups import BackupError, manifest, postgres, sqlite, tables
from careprog.backups.tables import VENDOR_NAMES
from careprog.wording import plural


@dataclass
class Restored:
    tables: int
    rows: int
    files: int
    # What the operator should know or do next.
    notes: list[str] = field(default_factory=list)


def backup_restore(*, source: Path, replace: bool = False) -> Restored:
    """Restore the backup in ``source`` into the default database and MEDIA_ROOT.

    Refused, with nothing changed, when the backup is damaged, is of another kind of database or
    from newer code, or (without ``replace``) when the database or MEDIA_ROOT holds anything.
    """
    contents = manifest.check_files(source)
    connection = connections[DEFAULT_DB_ALIAS]
    media_root = Path(settings.MEDIA_ROOT)
    _refuse_another_vendor(contents, connection)
    _refuse_newer_code(contents)
    if not replace:
        _refuse_unless_empty(connection, media_root)
    _restore_database(source / contents["database"]["file"], connection)
    _restore_media(source / manifest.MEDIA, media_root, contents["media"])
    return _check_restored(contents, connection, media_root)


def database_described(connection) -> str:
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"the database “{database['NAME']}” on {database['HOST'] or 'localhost'}"
    return f"the database {database['NAME']}"


def _refuse_another_vendor(contents: dict, connection) -> None:
    made_on = contents["database"]["vendor"]
    if made_on != connection.vendor:
        raise BackupError(
            f"This backup is of a {VENDOR_NAMES.get(made_on, made_on)} database, and the "
            f"database configured here (DATABASE_URL) is "
            f"{VENDOR_NAMES.get(connection.vendor, connection.vendor)}: a backup restores only "
            "into the kind of database it was made from. Nothing was restored."
        )


def _refuse_newer_code(contents: dict) -> None:
    """A backup made after a migration this code does not have would leave a database the code
    cannot work with."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = sorted(
        f"{app}.{name}"
        for app, name in contents["migrations"].items()
        if app in loader.migrated_apps and (app, name) not in loader.disk_migrations
    )
    if unknown:
        made_by = contents["careprog"].get("git_revision") or "the version that made it"
        raise BackupError(
            "This backup was made by a newer version of careprog: its database has migrations "
            f"this code does not ({', '.join(unknown)}). Restore it with {made_by}. "
            "Nothing was restored."
        )


def _refuse_unless_empty(connection, media_root: Path) -> None:
    with connection.cursor() as cursor:
        counts = tables.row_counts(cursor, connection.vendor)
    files = manifest.files_under(media_root) if media_root.is_dir() else []
    if not counts and not files:
        return
    held = []
    if counts:
        held.append(
            f"{database_described(connection)} already has {plural(len(counts), 'table')} "
            f"holding {plural(sum(counts.values()), 'row')}"
        )
    if files:
        held.append(f"{media_root} already holds {plural(len(files), 'file')}")
    raise BackupError(
        f"Nothing was restored: {' and '.join(held)}. Restoring replaces every table in the "
        "backup with the backup's copy (on SQLite, the whole database) and overwrites any "
        "uploaded file of the same name. If that is what you mean, stop the web app, worker "
        "and beat, then run the restore again with --replace."
    )


def _restore_database(path: Path, connection) -> None:
    # Our own connections would hold locks on the tables being replaced.
    connections.close_all()
    if connection.vendor == "postgresql":
        postgres.restore(connection.settings_dict, path)
    else:
        sqlite.copy_in(path, connection)


def _restore_media(backup_media: Path, media_root: Path, checksums: dict[str, str]) -> None:
    # Every name here was found by walking the backup folder (check_files refuses any other),
    # so none can lead out of MEDIA_ROOT.
    for name in checksums:
        (media_root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(backup_media / name, media_root / name)


def _check_restored(contents: dict, connection, media_root: Path) -> Restored:
    with connection.cursor() as cursor:
        counts = tables.row_counts(cursor, connection.vendor)
    expected = contents["row_counts"]
    problems = [
        f"{table} has {counts.get(table, 'no table, so no')} rows where the backup has {rows}"
        for table, rows in expected.items()
        if counts.get(table) != rows
    ]
    problems += [
        f"{media_root / name} does not match the backup's copy"
        for name, checksum in contents["media"].items()
        if not (media_root / name).is_file() or manifest.sha256_of(media_root / name) != checksum
    ]
    if problems:
        raise BackupError(
            "The backup was restored, but what is now in place differs from it: "
            f"{'; '.join(problems)}."
        )
    return Restored(
        tables=len(expected),
        rows=sum(expected.values()),
        files=len(contents["media"]),
        notes=_notes(counts, expected, connection, media_root, contents["media"]),
    )


def _notes(counts, expected, connection, media_root: Path, restored_files) -> list[str]:
    notes = []
    others = sorted(set(counts) - set(expected))
    if others:
        notes.append(
            f"The database also has tables the backup does not ({', '.join(others)}): "
            "they were left as they were."
        )
    left = len(set(manifest.files_under(media_root)) - set(restored_files))
    if left:
        notes.append(
            f"{media_root} also holds {plural(left, 'file')} not in the backup: left in place."
        )
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        notes.append(
            "The backup is from an earlier version of careprog: run manage.py migrate before "
            "starting the app."
        )
    return notes
