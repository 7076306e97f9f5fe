"""backup_create: one new folder holding the database, the uploaded files and a manifest."""

import shutil
import sqlite3
import subprocess
import tempfile
import tomllib
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from careprog.backups import BackupError, manifest, postgres, sqlite, tables

DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


def backup_create(*, destination: Path) -> dict:
    """Back up the default database and MEDIA_ROOT into ``destination``, which must be new or
    empty; return the manifest written there."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    destination = destination.absolute()
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise BackupError(
            f"{destination} already exists and is not empty: give a new folder, so that no "
            "earlier backup is overwritten."
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    # Built under another name and renamed when whole, so a folder with the destination's name
    # is always a complete backup. mkdtemp lets only its owner in: the backup holds patient data.
    building = Path(
        tempfile.mkdtemp(dir=destination.parent, prefix=f".{destination.name}.incomplete-")
    )
    try:
        contents = _fill(building, connection)
        building.rename(destination)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return contents


def _fill(folder: Path, connection) -> dict:
    vendor = connection.vendor
    database_file = folder / DATABASE_FILES[vendor]
    if vendor == "postgresql":
        counts, migrations, made_with = _dump_postgres(connection, database_file)
    else:
        counts, migrations, made_with = _dump_sqlite(connection, database_file)
    # Uploads are copied after the database: a file stored meanwhile is then in the backup
    # without its row (harmless), never a row in the backup without its file.
    _copy_media(Path(settings.MEDIA_ROOT), folder / manifest.MEDIA)
    contents = {
        "format": manifest.FORMAT,
        "created_at": timezone.now().isoformat(),
        "careprog": {"version": _version(), "git_revision": _git_revision()},
        "database": {
            "vendor": vendor,
            "name": str(connection.settings_dict["NAME"]),
            "file": database_file.name,
            "sha256": manifest.sha256_of(database_file),
            "bytes": database_file.stat().st_size,
            "made_with": made_with,
        },
        "migrations": migrations,
        "row_counts": counts,
        "media": manifest.checksums_under(folder / manifest.MEDIA),
    }
    manifest.write(folder, contents)
    return contents


def _dump_postgres(connection, path: Path):
    # A connection of its own holds one snapshot: pg_dump dumps from it and the rows are
    # counted in it, so the dump and the manifest describe the same instant while the app
    # goes on writing.
    reader = connections.create_connection(connection.alias)
    try:
        reader.set_autocommit(False)
        with reader.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            postgres.dump(connection.settings_dict, path, snapshot=cursor.fetchone()[0])
            counts = tables.row_counts(cursor, "postgresql")
            migrations = tables.latest_migrations(cursor, "postgresql")
        reader.rollback()
    finally:
        reader.close()
    return counts, migrations, postgres.version("pg_dump")


def _dump_sqlite(connection, path: Path):
    sqlite.copy_out(connection, path)
    # Counted in the copy itself, which no one else is writing to.
    with closing(sqlite.open_read_only(path)) as copy:
        cursor = copy.cursor()
        counts = tables.row_counts(cursor, "sqlite")
        migrations = tables.latest_migrations(cursor, "sqlite")
    return counts, migrations, f"SQLite {sqlite3.sqlite_version} online backup"


def _copy_media(media_root: Path, target: Path) -> None:
    target.mkdir()
    if not media_root.is_dir():
        return
    for name in manifest.files_under(media_root):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(media_root / name, target / name)


def _version() -> str | None:
    try:
        with (settings.BASE_DIR / "pyproject.toml").open("rb") as opened:
            return tomllib.load(opened)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None


def _git_revision() -> str | None:
    """The commit the code was built from, when it runs from a git checkout (not in the image)."""
    git = shutil.which("git")
    if not git:
        return None
    try:
        # A fixed command, asking only for the current commit.
        done = subprocess.run(  # noqa: S603
            [git, "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None
