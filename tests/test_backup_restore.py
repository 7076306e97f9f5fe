"""Backup and restore (manage.py backup and restore, careprog/backups/, docs/operations.md).

A seeded database and its uploads are backed up, then restored by another process into a
fresh, empty database of the same kind (a scratch SQLite file, or a scratch Postgres database
when the suite runs on Postgres), and every table's rows and every file come back the same.
Damaged, mismatched and unwanted restores are refused with nothing changed.

The tables are read here with SQL of the test's own, not with careprog/backups' code, so a
fault in how the backup counts tables cannot hide itself.
"""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from careprog.models import ClinicalServiceCentre, User
from careprog.roles import Role
from careprog.tests.factories import UserFactory
from careprog.tests.test_uploads import make_image, make_pdf
from feedback.models import DocumentKind, FeedbackDocument, FeedbackItem
from feedback.models.choices import Kind
from feedback.services.documents import document_add
from feedback.tests.factories import make_item
from standards.models import Evidence
from standards.services.evidence import evidence_add_file
from standards.tests.factories import make_assessment

ROOT = Path(__file__).resolve().parents[1]


# What each database holds, read independently of careprog/backups.


def table_fingerprints(cursor, vendor: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a SHA-256 of its rows. Each row is rendered as text by the
    database itself (so two drivers cannot disagree about types), and the rows are sorted here
    (so the order rows come back in does not matter)."""
    fingerprints = {}
    for table in _all_tables(cursor, vendor):
        rows = sorted(_rows_as_text(cursor, vendor, table))
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        fingerprints[table] = (len(rows), digest)
    if vendor == "postgresql":
        # The next id each table hands out: a restore that lost them would reuse old ids.
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        )
        for name, last_value in cursor.fetchall():
            fingerprints[f"sequence {name}"] = (0, str(last_value))
    return fingerprints


def _all_tables(cursor, vendor: str) -> list[str]:
    if vendor == "postgresql":
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    else:
        # sqlite_sequence too: it holds the next id of each table.
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return sorted(row[0] for row in cursor.fetchall())


def _rows_as_text(cursor, vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        cursor.execute(f'SELECT t::text FROM "{table}" AS t')  # noqa: S608
    else:
        cursor.execute(f'PRAGMA table_info("{table}")')
        columns = [row[1] for row in cursor.fetchall()]
        # quote() writes each value as an SQL literal, so 1, '1' and NULL stay different.
        rendered = " || '|' || ".join(f'quote("{column}")' for column in columns)
        cursor.execute(f'SELECT {rendered} FROM "{table}"')  # noqa: S608
    return [row[0] for row in cursor.fetchall()]


def file_checksums(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def source_fingerprints() -> dict[str, tuple[int, str]]:
    with connection.cursor() as cursor:
        return table_fingerprints(cursor, connection.vendor)


# A fresh database to restore into, and the commands run as an operator would run them.


@dataclass
class Scratch:
    url: str
    var_dir: Path
    open: object

    @property
    def media_root(self) -> Path:
        # The test settings keep uploads in CAREPROG_VAR_DIR/test-media.
        return self.var_dir / "test-media"

    def fingerprints(self) -> dict[str, tuple[int, str]]:
        with closing(self.open()) as opened:
            return table_fingerprints(opened.cursor(), connection.vendor)

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "careprog.settings.test",
            "DATABASE_URL": self.url,
            "CAREPROG_VAR_DIR": str(self.var_dir),
        }
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )


def postgres_server():
    database = connection.settings_dict
    server = psycopg2.connect(
        dbname="postgres",
        user=database["USER"],
        password=database["PASSWORD"],
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
    )
    server.autocommit = True
    return server


@pytest.fixture
def scratch(tmp_path):
    """A new, empty database of the test database's kind, on the same server."""
    var_dir = tmp_path / "restored"
    var_dir.mkdir()
    if connection.vendor == "sqlite":
        path = var_dir / "restored.sqlite3"
        yield Scratch(url=f"sqlite:///{path}", var_dir=var_dir, open=lambda: sqlite3.connect(path))
        return
    database = connection.settings_dict
    name = f"careprog_backup_restore_{uuid.uuid4().hex[:12]}"
    with closing(postgres_server()) as server:
        server.cursor().execute(f'CREATE DATABASE "{name}"')
    login = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    try:
        yield Scratch(
            url=f"postgres://{login}@{host}/{name}",
            var_dir=var_dir,
            open=lambda: psycopg2.connect(
                dbname=name,
                user=database["USER"],
                password=database["PASSWORD"],
                host=database["HOST"] or "127.0.0.1",
                port=database["PORT"] or 5432,
            ),
        )
    finally:
        with closing(postgres_server()) as server:
            server.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The data backed up.


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def seed() -> None:
    """Reference data, items in two kinds, a standards assessment, and two uploaded files."""
    call_command("load_reference_data", stdout=io.StringIO())
    csc = ClinicalServiceCentre.objects.order_by("code").first()
    pals = UserFactory(role=Role.PALS_OFFICER)
    manager = UserFactory(role=Role.CSC_MANAGER, cscs=[csc])
    complaint = make_item(csc=csc, by=pals, summary="Waited “four hours”, then 'no one came'")
    make_item(kind=Kind.PALS, csc=csc, by=pals, summary="Parking at the Queen Alexandra")
    document_add(
        item=complaint,
        by=pals,
        upload=SimpleUploadedFile("letter.pdf", make_pdf()),
        kind=DocumentKind.RECEIVED,
    )
    line = make_assessment(csc=csc, by=manager).lines.order_by("pk").first()
    evidence_add_file(
        line=line, by=manager, upload=SimpleUploadedFile("ward.png", make_image("PNG"))
    )


def one_upload(media_root: Path) -> None:
    (media_root / "feedback").mkdir(parents=True)
    (media_root / "feedback" / "letter.pdf").write_bytes(make_pdf())


@pytest.fixture(scope="module")
def pristine_backup(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """A backup of the test database as migrated, with one uploaded file, made once for the
    module and outside any test's transaction, as `manage.py backup` runs: SQLite will not copy
    a database out of a connection in the middle of writing (careprog.backups.sqlite)."""
    media_root = tmp_path_factory.mktemp("pristine-media")
    one_upload(media_root)
    folder = tmp_path_factory.mktemp("pristine") / "backup"
    with override_settings(MEDIA_ROOT=media_root), django_db_blocker.unblock():
        call_command("backup", str(folder), stdout=io.StringIO())
    return folder


@pytest.fixture
def backup(db, tmp_path, media_root, pristine_backup) -> Path:
    """A copy of that backup for the test to damage; the same upload in the test's media."""
    one_upload(media_root)
    folder = tmp_path / "backup"
    shutil.copytree(pristine_backup, folder)
    return folder


class TestRoundTrip:
    @pytest.mark.django_db(transaction=True)
    def test_a_restore_into_an_empty_database_gives_back_every_row_and_file(
        self, media_root, tmp_path, scratch
    ):
        seed()
        folder = tmp_path / "backup"
        call_command("backup", str(folder), stdout=io.StringIO())

        restored = scratch.manage("restore", str(folder))

        assert restored.returncode == 0, restored.stderr
        assert "Every table's row count and every file's checksum matches" in restored.stdout
        source = source_fingerprints()
        assert scratch.fingerprints() == source
        # The comparison covers what was seeded, not only empty tables.
        assert source[FeedbackItem._meta.db_table][0] == 2
        assert source[FeedbackDocument._meta.db_table][0] == 1
        assert source[Evidence._meta.db_table][0] == 1
        assert len(file_checksums(media_root)) == 2
        assert file_checksums(scratch.media_root) == file_checksums(media_root)

    @pytest.mark.django_db(transaction=True)
    def test_a_second_restore_is_refused_without_replace_and_puts_back_what_changed_with_it(
        self, media_root, tmp_path, scratch
    ):
        seed()
        folder = tmp_path / "backup"
        call_command("backup", str(folder), stdout=io.StringIO())
        assert scratch.manage("restore", str(folder)).returncode == 0
        with closing(scratch.open()) as opened:
            opened.cursor().execute(f'DELETE FROM "{Evidence._meta.db_table}"')  # noqa: S608
            opened.commit()
        changed = scratch.fingerprints()

        refused = scratch.manage("restore", str(folder))

        assert refused.returncode != 0
        assert "Nothing was restored" in refused.stderr
        assert "--replace" in refused.stderr
        assert scratch.fingerprints() == changed

        replaced = scratch.manage("restore", "--replace", str(folder))

        assert replaced.returncode == 0, replaced.stderr
        assert scratch.fingerprints() == source_fingerprints()
        assert file_checksums(scratch.media_root) == file_checksums(media_root)

    def test_a_restore_that_does_not_match_the_manifest_says_so_and_exits_non_zero(
        self, backup, scratch
    ):
        manifest = backup / "manifest.json"
        contents = json.loads(manifest.read_text())
        contents["row_counts"]["careprog_user"] += 1
        manifest.write_text(json.dumps(contents))

        restored = scratch.manage("restore", str(backup))

        assert restored.returncode != 0
        expected = contents["row_counts"]["careprog_user"]
        assert f"careprog_user has {expected - 1} rows where the backup has {expected}" in (
            restored.stderr
        )


class TestRefusals:
    @pytest.mark.skipif(connection.vendor != "sqlite", reason="pg_dump runs on its own connection")
    def test_a_sqlite_backup_inside_a_transaction_is_refused_at_once_and_leaves_nothing(
        self, db, tmp_path, media_root
    ):
        # Inside the test's transaction, as a backup called from application code would be.
        with pytest.raises(CommandError, match="cannot be taken inside a transaction"):
            call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
        assert list(tmp_path.iterdir()) == []

    def test_a_database_that_holds_data_is_not_replaced_without_replace(self, db, backup):
        UserFactory(username="still.here")

        with pytest.raises(CommandError, match=r"already has \d+ tables holding .*--replace"):
            call_command("restore", str(backup))

        assert User.objects.filter(username="still.here").exists()

    @pytest.mark.parametrize("damaged", ["database", "media"])
    def test_a_changed_file_is_refused_and_named(self, db, backup, damaged):
        database = json.loads((backup / "manifest.json").read_text())["database"]["file"]
        name = database if damaged == "database" else "media/feedback/letter.pdf"
        data = bytearray((backup / name).read_bytes())
        data[len(data) // 2] ^= 0x01
        (backup / name).write_bytes(bytes(data))

        with pytest.raises(CommandError, match=rf"{re.escape(name)} does not match its checksum"):
            call_command("restore", "--replace", str(backup))

    def test_a_file_added_to_the_backup_is_refused_and_named(self, db, backup):
        (backup / "media" / "extra.pdf").write_bytes(make_pdf())

        with pytest.raises(CommandError, match=r"media/extra\.pdf is in the backup folder but not"):
            call_command("restore", "--replace", str(backup))

    def test_a_backup_of_another_kind_of_database_is_refused(self, db, backup):
        manifest = backup / "manifest.json"
        contents = json.loads(manifest.read_text())
        other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
        contents["database"]["vendor"] = other
        manifest.write_text(json.dumps(contents))

        with pytest.raises(CommandError, match="restores only into the kind of database"):
            call_command("restore", "--replace", str(backup))

    def test_a_backup_from_newer_code_is_refused(self, db, backup):
        manifest = backup / "manifest.json"
        contents = json.loads(manifest.read_text())
        contents["migrations"]["feedback"] = "9999_from_a_later_release"
        manifest.write_text(json.dumps(contents))

        with pytest.raises(CommandError, match=r"newer version.*feedback\.9999_from_a_later"):
            call_command("restore", "--replace", str(backup))

    def test_a_folder_without_a_manifest_is_refused(self, db, backup):
        (backup / "manifest.json").unlink()

        with pytest.raises(CommandError, match="not a complete backup"):
            call_command("restore", "--replace", str(backup))

    def test_a_manifest_with_a_part_missing_is_refused(self, db, backup):
        manifest = backup / "manifest.json"
        contents = json.loads(manifest.read_text())
        del contents["media"]
        manifest.write_text(json.dumps(contents))

        with pytest.raises(CommandError, match=r"damaged: parts of it are missing \(media\)"):
            call_command("restore", "--replace", str(backup))

    def test_a_backup_never_overwrites_an_earlier_one(self, db, backup):
        before = file_checksums(backup)

        with pytest.raises(CommandError, match="already exists and is not empty"):
            call_command("backup", str(backup))

        assert file_checksums(backup) == before


class TestManifest:
    def test_it_records_the_database_the_migrations_the_counts_and_the_checksums(self, db, backup):
        contents = json.loads((backup / "manifest.json").read_text())
        database = backup / contents["database"]["file"]

        assert contents["database"]["vendor"] == connection.vendor
        assert contents["database"]["sha256"] == hashlib.sha256(database.read_bytes()).hexdigest()
        assert contents["media"] == file_checksums(backup / "media")
        assert contents["media"].keys() == {"feedback/letter.pdf"}
        assert contents["migrations"]["feedback"].startswith("00")
        assert contents["row_counts"] == {
            table: count
            for table, (count, _) in source_fingerprints().items()
            # SQLite's own table, and Postgres's sequences, are not tables of the app.
            if not table.startswith(("sqlite_", "sequence "))
        }
        assert "careprog_user" in contents["row_counts"]
