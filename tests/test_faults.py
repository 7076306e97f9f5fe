"""A Celery worker killed (SIGKILL: no clean-up of its own) in the middle of building a board
pack or an annual report, while half its PDF is on the disk (issue 14, "Faults").

The design this proves (reports.builds): the PDF is written to a part-file and moved into place
only in the transaction that marks the build ready, so a killed build is never ready and its
half file is never served; mark_stalled (Celery beat) gives a build up as failed, with a
message, once it has been building longer than any build may, removing its part-file; and the
build asked for again is built whole by the next worker.
"""

import hashlib
import signal
import time
from dataclasses import dataclass
from datetime import date, timedelta
from unittest.mock import patch

import pytest
from django.core.exceptions import ValidationError

from feedback.models.choices import Kind
from feedback.tests.factories import make_item
from reports import services as packs
from reports.annual import services as annual
from reports.builds import BUILD_TIME_LIMIT, media_path
from reports.ko41a import FinancialYear
from reports.models import ACTIVE, AnnualReport, BoardPack, PackStatus
from reports.tasks import build_annual_report, build_board_pack
from tests.workers import shared_database_url, start_worker, stop_worker

pytestmark = pytest.mark.celery_worker

# The machine running the suite may be busy: a worker's start and a PDF's drawing take seconds.
WAIT_SECONDS = 300


@dataclass(frozen=True)
class Build:
    """How the test asks for, builds, gives up and asks again for one kind of report."""

    model: type
    task: object
    ask: object  # (by) -> a queued build, not sent to a worker
    again: object  # (build, by) -> the build that will be made next, sent on commit
    part_path: object
    final_name: object
    give_up: object
    download: object


def ask_for_pack(by):
    return packs.pack_request(month=date(2026, 10, 1), by=by, queue=False)[0]


def ask_for_annual_report(by):
    return annual.annual_report_request(year=FinancialYear.starting(2025), by=by, queue=False)[0]


BUILDS = {
    "board pack": Build(
        model=BoardPack,
        task=build_board_pack,
        ask=ask_for_pack,
        # A failed pack is built again as the same version.
        again=lambda pack, by: packs.pack_retry(pack=pack, by=by),
        part_path=packs.part_path,
        final_name=packs.final_name,
        give_up=packs.mark_stalled_builds,
        download=lambda pack, by: packs.pack_download(pack=pack, by=by),
    ),
    "annual report": Build(
        model=AnnualReport,
        task=build_annual_report,
        ask=ask_for_annual_report,
        # Asking again after a failure makes the next version.
        again=lambda _report, by: annual.annual_report_request(
            year=FinancialYear.starting(2025), by=by
        )[0],
        part_path=annual.part_path,
        final_name=annual.final_name,
        give_up=annual.mark_stalled_annual_reports,
        download=lambda report, by: annual.annual_report_download(
            report=report, by=by, format="pdf"
        ),
    ),
}


def wait_for(condition, *, what: str, log) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"{what} did not happen in {WAIT_SECONDS}s; the worker said:\n{log.read_text()}")


@pytest.fixture
def workers(tmp_path, monkeypatch, settings, transactional_db):
    """Start workers reading the test database and writing under tmp_path/test-media, where
    this process looks too (it gives the dead build up and checks the files)."""
    url = shared_database_url()
    settings.MEDIA_ROOT = tmp_path / "test-media"
    started = []

    def start(module="celery"):
        name = f"worker-{len(started)}.log"
        queue, worker, log = start_worker(
            tmp_path,
            monkeypatch,
            module=module,
            log_name=name,
            DATABASE_URL=url,
            CAREPROG_VAR_DIR=str(tmp_path),
        )
        started.append((worker, log))
        return queue, worker, tmp_path / name

    yield start
    for worker, log in started:
        stop_worker(worker, log)


@pytest.fixture
def register(medicine):
    """Feedback in October 2026 (the pack's month) and in 2025-26 (the annual report's year),
    committed so the workers see it."""
    for received_on in (date(2025, 10, 1), date(2026, 9, 1), date(2026, 10, 1)):
        make_item(csc=medicine, received_on=received_on)
    make_item(kind=Kind.PALS, csc=medicine, received_on=date(2026, 10, 2))


@pytest.mark.parametrize("kind", BUILDS)
def test_a_build_killed_half_written_is_never_ready_then_given_up_and_built_whole(
    kind, workers, register, board_member
):
    build = BUILDS[kind]
    # A worker whose build writes half the PDF to its part-file, then hangs.
    queue, hanging, log = workers("tests.slow_build_worker")
    report = build.ask(board_member)
    build.task.apply_async(args=[report.pk], queue=queue)
    part = build.part_path(report)
    wait_for(
        lambda: part.is_file() and part.stat().st_size > 0,
        what="the half-written part-file",
        log=log,
    )
    hanging.send_signal(signal.SIGKILL)
    hanging.wait(timeout=30)
    assert hanging.returncode == -signal.SIGKILL

    # Killed: the build is not ready, records no file, and its half file is nowhere served.
    report.refresh_from_db()
    assert report.status == PackStatus.BUILDING
    assert (report.file, report.sha256, report.size) == ("", "", None)
    assert not part.read_bytes().rstrip().endswith(b"%%EOF")  # it really is half a PDF
    assert not media_path(build.final_name(report)).exists()
    with pytest.raises(ValidationError, match="cannot be downloaded yet"):
        build.download(report, board_member)

    # Nothing gives it up while it might still be running; once it cannot be, it is failed
    # with a message saying to ask again, and its part-file is removed.
    dead_after = report.started_at + BUILD_TIME_LIMIT
    assert build.give_up(now=dead_after - timedelta(seconds=1)) == 0
    assert build.give_up(now=dead_after + timedelta(seconds=1)) == 1
    report.refresh_from_db()
    assert report.status == PackStatus.FAILED
    assert report.error == (
        "The build stopped before it finished (the worker may have been restarted): "
        "ask for it again."
    )
    assert not part.exists()

    # Asked for again, through the service's own queueing on commit, a worker builds it whole.
    queue, _worker, log = workers()
    with patch.object(
        build.task, "delay", lambda pk: build.task.apply_async(args=[pk], queue=queue)
    ):
        again = build.again(report, board_member)
    wait_for(
        lambda: build.model.objects.get(pk=again.pk).status not in ACTIVE,
        what="the second build",
        log=log,
    )
    again.refresh_from_db()
    assert again.status == PackStatus.READY, again.error
    pdf = media_path(again.file).read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert (again.size, again.sha256) == (len(pdf), hashlib.sha256(pdf).hexdigest())
    assert build.download(again, board_member) == media_path(again.file)
