"""While a big import saves, people can still sign in and open the register (issue 14: a
100,000-row import held SQLite's write lock for minutes and every sign-in answered 500
"database is locked").

SQLite: the import runs as `manage.py import_feedback` in a process of its own against a
database file (the test database is in memory, which another process cannot open), and a
second process signs in and reads the register meanwhile, as the web server would.
Postgres: the import runs in a thread, and the test client signs in from the main thread.
"""

import csv
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from careprog.roles import Role
from careprog.tests.factories import TEST_PASSWORD, ClinicalServiceCentreFactory, UserFactory
from feedback import importing
from feedback.csv_format import IMPORT_COLUMNS
from feedback.importing import saving
from feedback.reference import load

ROOT = Path(__file__).resolve().parents[1]
ROWS = 3_000  # three batches: the import commits, and lets others write, twice on the way

# Run as a separate process, as a web server would be: ready before the import starts saving,
# it signs in and opens the register as soon as the first batch is in, and prints each answer
# beside the number of items saved when it asked.
SIGN_IN_AND_READ = """
import sqlite3, sys, time, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
setup_test_environment()
database, username, password = sys.argv[1:]
def saved():
    with sqlite3.connect(database, timeout=20) as reading:
        return reading.execute("SELECT count(*) FROM feedback_feedbackitem").fetchone()[0]
while saved() == 0:
    time.sleep(0.02)
for _ in range(3):
    when = saved()
    client = Client()
    signed_in = client.post(reverse("login"), {"username": username, "password": password})
    register = client.get(reverse("feedback:list"))
    print(when, signed_in.status_code, signed_in.get("Location", ""), register.status_code)
"""


def write_rows(path: Path, count: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(IMPORT_COLUMNS)
        row = {
            "kind": "pals",
            "received_on": "2026-03-10",
            "channel": "phone",
            "csc": "med",
            "raised_by": "patient",
        }
        for number in range(count):
            cells = {**row, "summary": f"Parking, again ({number})"}
            writer.writerow([cells.get(column, "") for column in IMPORT_COLUMNS])


@pytest.fixture
def world(transactional_db):
    load()
    ClinicalServiceCentreFactory(code="med", name="Medicine")
    return UserFactory(role=Role.PALS_OFFICER)


def test_on_sqlite_sign_ins_and_the_register_answer_while_an_import_saves(world, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded database's locking (Postgres: the test below)")
    database = tmp_path / "careprog.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(database)) as copy:
        connection.connection.backup(copy)  # the test database, with the user, as a file
    file = tmp_path / "big.csv"
    write_rows(file, ROWS)
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "careprog.settings.test",
        "CAREPROG_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "test-only-secret-key-not-for-use-anywhere-else",
    }
    run = {"cwd": ROOT, "env": env, "text": True}
    signing_in = subprocess.Popen(
        [sys.executable, "-c", SIGN_IN_AND_READ, str(database), world.username, TEST_PASSWORD],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, **run,
    )  # fmt: skip
    importer = subprocess.Popen(
        [sys.executable, "manage.py", "import_feedback", str(file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, **run,
    )  # fmt: skip
    out, err = importer.communicate(timeout=600)
    answers, problems = signing_in.communicate(timeout=600)

    assert importer.returncode == 0, err
    assert out.strip() == f"Imported {ROWS} items"
    assert signing_in.returncode == 0, problems
    answers = [line.split(" ", 1) for line in answers.splitlines()]
    # Signed in (to the home page), and the register shown, every time.
    assert [answer for _, answer in answers] == ["302 / 200"] * 3
    # At least one asked while the import was still saving: some batches in, not all.
    assert any(0 < int(saved) < ROWS for saved, _ in answers), answers


def test_on_postgres_sign_ins_and_the_register_answer_while_an_import_saves(
    world, monkeypatch, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("Postgres only (set DATABASE_URL); SQLite: the test above")
    monkeypatch.setattr(saving, "BATCH_SIZE", 200)
    file = tmp_path / "big.csv"
    write_rows(file, ROWS)
    text = file.read_text(encoding="utf-8")
    result = {}

    def run_import():
        try:
            result["import"] = importing.import_feedback(text)
        finally:
            connection.close()

    importer = threading.Thread(target=run_import)
    importer.start()
    answers = []
    while importer.is_alive() and len(answers) < 3:
        client = Client()
        signed_in = client.post(
            reverse("login"), {"username": world.username, "password": TEST_PASSWORD}
        )
        answers.append((signed_in.status_code, client.get(reverse("feedback:list")).status_code))
    importer.join(timeout=600)

    assert answers, "the import ended before the first sign-in: nothing was shown"
    assert set(answers) == {(302, 200)}
    assert result["import"].summary == f"Imported {ROWS} items"
