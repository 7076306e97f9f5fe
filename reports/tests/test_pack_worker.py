"""Board packs built outside the test process, against the test's own Postgres database: by a
real Celery worker taking the task from Redis, and by the build_board_pack command killed
midway (SIGKILL: no clean-up of its own), whose dead build is then given up and built again."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from careprog.tests.factories import ClinicalServiceCentreFactory
from feedback.models.choices import Kind
from feedback.tests.factories import make_item
from reports.models import BoardPack, PackStatus
from reports.services import (
    BUILD_TIME_LIMIT,
    final_name,
    mark_stalled_builds,
    pack_request,
    part_path,
)
from reports.tasks import build_board_pack
from tests.test_celery_worker import ROOT, start_worker, stop_worker

pytestmark = pytest.mark.celery_worker

OCTOBER = date(2026, 10, 1)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shared_database_url() -> str:
    """The URL of the test's own database, for a process of its own to use."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "another process must share the test database: run with DATABASE_URL set to "
            "Postgres (see .ci/run); the SQLite test database lives only in this process"
        )
    database = connection.settings_dict
    login = database["USER"] + (f":{database['PASSWORD']}" if database.get("PASSWORD") else "")
    return (
        f"postgres://{login}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/"
        f"{database['NAME']}"
    )


def october(cscs, *, per_csc: int = 1) -> None:
    """Complaints and PALS contacts in September and October in each CSC, committed (the other
    process must see them)."""
    for csc in cscs:
        for n in range(per_csc):
            make_item(csc=csc, received_on=date(2026, 9, 1 + n % 28))
            make_item(csc=csc, received_on=date(2026, 10, 1 + n % 28))
            make_item(kind=Kind.PALS, csc=csc, received_on=date(2026, 10, 2 + n % 27))


@pytest.fixture
def pack_worker(tmp_path, monkeypatch, settings, transactional_db):
    """A Celery worker on a queue of its own, reading the test database and writing packs under
    tmp_path/test-media (the test settings put MEDIA_ROOT under CAREPROG_VAR_DIR)."""
    url = shared_database_url()
    queue, worker, log = start_worker(
        tmp_path, monkeypatch, DATABASE_URL=url, CAREPROG_VAR_DIR=str(tmp_path)
    )
    # This process's own packs (none, it is hoped) go elsewhere, so a file found under the
    # worker's folder can only be the worker's.
    settings.MEDIA_ROOT = tmp_path / "test-process-media"
    yield queue, tmp_path / "test-media", tmp_path / "worker.log"
    stop_worker(worker, log)


class TestBuiltByARealWorker:
    def test_the_worker_builds_the_pack_and_its_sha256_is_the_file_s(
        self, pack_worker, medicine, surgery, board_member, settings
    ):
        queue, worker_media, log = pack_worker
        october([medicine, surgery])
        pack, created = pack_request(month=OCTOBER, by=board_member, queue=False)
        assert created
        result = build_board_pack.apply_async(args=[pack.pk], queue=queue)
        assert result.get(timeout=180) == PackStatus.READY, log.read_text()

        pack.refresh_from_db()
        assert pack.status == PackStatus.READY
        assert pack.file == "board-packs/2026-10/board-pack-2026-10-trust-v1.pdf"
        path = worker_media / pack.file
        assert path.is_file(), log.read_text()
        assert path.read_bytes().startswith(b"%PDF-")
        assert pack.sha256 == sha256_of(path)
        assert pack.size == path.stat().st_size
        assert pack.snapshot["measures"]["complaints_received"]["this_month"] == 2
        assert not (settings.MEDIA_ROOT / pack.file).exists()
        assert not (
            worker_media / "board-packs" / ".building" / f"pack-{pack.pk}.pdf.part"
        ).exists()

    def test_a_repeated_task_message_does_not_build_again(
        self, pack_worker, medicine, board_member
    ):
        queue, worker_media, log = pack_worker
        october([medicine])
        pack, _ = pack_request(month=OCTOBER, by=board_member, queue=False)
        assert build_board_pack.apply_async(args=[pack.pk], queue=queue).get(timeout=180) == (
            PackStatus.READY
        ), log.read_text()
        pack.refresh_from_db()
        built = (pack.sha256, pack.finished_at, (worker_media / pack.file).stat().st_mtime_ns)
        # the same message delivered again (a broker redelivery) finds nothing queued
        assert build_board_pack.apply_async(args=[pack.pk], queue=queue).get(timeout=60) is None
        pack.refresh_from_db()
        assert (pack.sha256, pack.finished_at, (worker_media / pack.file).stat().st_mtime_ns) == (
            built
        )


class TestABuildKilledMidway:
    def test_it_is_given_up_its_part_file_removed_and_asking_again_builds_version_2(
        self, transactional_db, tmp_path, settings, medicine, surgery
    ):
        url = shared_database_url()
        var = tmp_path / "command"
        media = var / "test-media"
        # This process gives the dead build up, so it must look where the command wrote.
        settings.MEDIA_ROOT = media
        # Enough to draw that the build runs for seconds, not milliseconds: a page for each
        # of 24 CSCs, each with a chart's worth of history.
        cscs = [medicine, surgery] + [
            ClinicalServiceCentreFactory(code=f"c{n:02}", name=f"Service Centre {n:02}")
            for n in range(22)
        ]
        october(cscs)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "careprog.settings.test",
            "DATABASE_URL": url,
            "CAREPROG_VAR_DIR": str(var),
        }
        command = [sys.executable, "manage.py", "build_board_pack", "--month", "2026-10"]
        output = tmp_path / "command.log"

        with output.open("w") as log:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
            try:
                seen, deadline = None, time.monotonic() + 120
                while process.poll() is None and time.monotonic() < deadline:
                    seen = (
                        BoardPack.objects.filter(month=OCTOBER, csc=None)
                        .values_list("status", flat=True)
                        .first()
                    )
                    if seen == PackStatus.BUILDING:
                        break
                    time.sleep(0.02)
                process.send_signal(signal.SIGKILL)
            finally:
                if process.poll() is None:
                    process.kill()
                process.wait(timeout=30)
        assert seen == PackStatus.BUILDING, (
            f"the build was never seen running (last seen: {seen}, exit code "
            f"{process.returncode}):\n{output.read_text()}"
        )
        assert process.returncode == -signal.SIGKILL

        pack = BoardPack.objects.get(month=OCTOBER, csc=None)
        assert pack.status == PackStatus.BUILDING, (
            "the build finished before it could be killed: give it more to draw"
        )
        assert (pack.version, pack.file, pack.sha256) == (1, "", "")
        assert not (media / final_name(pack)).exists()

        # Nothing gives it up while it might still be running...
        assert (
            mark_stalled_builds(now=timezone.now() + BUILD_TIME_LIMIT - timedelta(seconds=5)) == 0
        )
        # ...and once it has been building longer than any build may, it is.
        assert (
            mark_stalled_builds(now=timezone.now() + BUILD_TIME_LIMIT + timedelta(seconds=1)) == 1
        )
        pack.refresh_from_db()
        assert pack.status == PackStatus.FAILED
        assert pack.error.startswith("The build stopped before it finished")
        assert not part_path(pack).exists()
        assert not (media / final_name(pack)).exists()
        assert [p for p in media.rglob("*") if p.is_file()] == []

        # Asking again builds the next version, to the end.
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
        again = BoardPack.objects.get(month=OCTOBER, csc=None, version=2)
        assert again.status == PackStatus.READY
        path = Path(done.stdout.splitlines()[-1])
        assert path == media / again.file
        assert path.name == "board-pack-2026-10-trust-v2.pdf"
        assert sha256_of(path) == again.sha256
        pack.refresh_from_db()
        assert pack.status == PackStatus.FAILED
        assert not (media / final_name(pack)).exists()
