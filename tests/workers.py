"""Starting and stopping a real Celery worker for a test: on a queue of its own, so no other
worker can take the test's tasks, against REDIS_URL (the test skips without it)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from careprog.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]


def start_worker(
    tmp_path, monkeypatch, *, module: str = "celery", log_name: str = "worker.log", **env_overrides
):
    """Start a worker; ``module`` is what ``python -m`` runs (tests.slow_build_worker for a
    worker whose builds hang). Returns its queue, process and open log file."""
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the real-worker test needs Redis (see .ci/run)")
    # The test settings run tasks in-process; these tests are about the real broker and worker.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    queue = f"careprog-test-{uuid.uuid4().hex[:10]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "careprog.settings.test", **env_overrides}
    log = (tmp_path / log_name).open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            module,
            "-A",
            "careprog",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=info",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return queue, worker, log


def stop_worker(worker, log) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    log.close()


def shared_database_url() -> str:
    """The URL of the test's own database, for a worker to use (Postgres only: the SQLite
    test database lives only in the test's process)."""
    if connection.vendor != "postgresql":
        pytest.skip("the worker must share the test database: run with DATABASE_URL (.ci/run)")
    database = connection.settings_dict
    login = database["USER"] + (f":{database['PASSWORD']}" if database.get("PASSWORD") else "")
    return (
        f"postgres://{login}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/"
        f"{database['NAME']}"
    )
