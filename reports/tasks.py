"""Background work for reports. Tasks are thin: each calls one service."""

from celery import shared_task

from reports.annual.services import annual_report_build, mark_stalled_annual_reports
from reports.services import (
    BUILD_TIME_LIMIT,
    mark_stalled_builds,
    pack_build,
    request_last_months_pack,
)

# A worker killed mid-build (SIGKILL, out of memory, a host restart) runs no clean-up. The
# message is acknowledged on receipt, not redelivered: acks_late with reject_on_worker_lost
# would only bring it back after Redis's visibility timeout (an hour), to find its build
# "building" and do nothing. Instead the file appears only when complete (reports.builds), and
# mark_stalled (beat, every 5 minutes) fails a build still running after BUILD_TIME_LIMIT with
# a message to ask again (tests/test_faults.py kills a worker to prove it).
# The build stops itself (and is marked failed) well before mark_stalled_builds would give it
# up for dead.
SOFT_LIMIT = int(BUILD_TIME_LIMIT.total_seconds()) - 120


@shared_task(
    name="reports.build_board_pack", soft_time_limit=SOFT_LIMIT, time_limit=SOFT_LIMIT + 60
)
def build_board_pack(pack_id: int) -> str | None:
    pack = pack_build(pack_id)
    return pack.status if pack else None


@shared_task(
    name="reports.build_annual_report", soft_time_limit=SOFT_LIMIT, time_limit=SOFT_LIMIT + 60
)
def build_annual_report(report_id: int) -> str | None:
    report = annual_report_build(report_id)
    return report.status if report else None


@shared_task(name="reports.request_last_months_pack")
def request_monthly_pack() -> int | None:
    """Run by Celery beat every day at 06:00; acts only on the month's first working day."""
    pack = request_last_months_pack()
    return pack.pk if pack else None


@shared_task(name="reports.mark_stalled_builds")
def mark_stalled() -> int:
    """Board packs and annual reports alike."""
    return mark_stalled_builds() + mark_stalled_annual_reports()
