"""A real Celery worker, started against REDIS_URL, picks up and runs a task."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from careprog.celery import app as celery_app
from careprog.tasks import check_services

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.celery_worker


@pytest.fixture
def worker_queue(tmp_path, monkeypatch):
    """Start a worker on a queue of its own, so no other worker can take the test's task."""
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the real-worker test needs Redis (see .ci/run)")
    # The test settings run tasks in-process; this test is about the real broker and worker.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    queue = f"careprog-test-{uuid.uuid4().hex[:10]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "careprog.settings.test"}
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
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
    yield queue
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    log.close()


class TestRealWorker:
    def test_worker_runs_task_and_reaches_every_service(self, worker_queue):
        result = check_services.apply_async(queue=worker_queue)
        report = result.get(timeout=90)
        assert result.successful()
        assert report["status"] == "up", report
        assert report["checks"]["broker"]["mode"] == "broker"
        assert report["checks"]["database"]["vendor"] == (
            "postgresql" if "postgres" in settings.DATABASES["default"]["ENGINE"] else "sqlite"
        )
