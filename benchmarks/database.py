"""The benchmark's own Postgres database, made from empty for each run.

It is named after DATABASE_URL's database with ``_bench`` added, on the same server, so a run
never touches the database DATABASE_URL itself names (which may hold real or test data).
"""

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

from benchmarks.processes import run_measured

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Seeding:
    seconds: float
    peak_mb: float
    output: str


def sibling_url(database_url: str, suffix: str) -> str:
    """A database of the benchmark's own beside the one DATABASE_URL names, never that one."""
    parts = urlsplit(database_url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit("the benchmarks need DATABASE_URL to name a Postgres database")
    name = parts.path.lstrip("/") or "careprog"
    return urlunsplit(parts._replace(path=f"/{name}_{suffix}"))


def bench_url(database_url: str) -> str:
    return sibling_url(database_url, "bench")


def _server(url: str):
    """A connection to the server's maintenance database, to create and drop databases."""
    parts = urlsplit(url)
    return _connect(urlunsplit(parts._replace(path="/postgres")))


def _connect(url: str):
    connection = psycopg2.connect(url)
    connection.autocommit = True
    return connection


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def make_empty(url: str) -> None:
    name = database_name(url)
    server = _server(url)
    try:
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        server.close()


def seeded_items(url: str) -> int | None:
    """How many items an earlier run seeded here (None when there is no such database)."""
    try:
        connection = _connect(url)
    except psycopg2.Error:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM feedback_feedbackitem")
            return cursor.fetchone()[0]
    except psycopg2.Error:
        return None
    finally:
        connection.close()


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own fixed manage.py commands
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def build(url: str, env: dict, items: int) -> Seeding:
    """From an empty database: the schema, the reference data, then seed_volume, timed."""
    make_empty(url)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_reference_data")
    started = time.perf_counter()
    seeded = run_measured(
        [sys.executable, "manage.py", "seed_volume", "--items", str(items)], cwd=ROOT, env=env
    )
    seconds = time.perf_counter() - started
    # A trust's database is analysed by autovacuum after a load; do it now rather than
    # measure the planner working from empty statistics.
    connection = _connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        connection.close()
    return Seeding(seconds=seconds, peak_mb=seeded.peak_mb, output=seeded.stdout.strip())
