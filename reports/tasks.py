"""Background work for reports. Tasks are thin: each calls one service."""

from celery import shared_task

from reports.annual.services import annual_report_build, mark_stalled_annual_reports
from reports.services import (
    BUILD_TIME_LIMIT,
    mark_stalled_builds,
    pack_build,
    request_last_months_pack,
)

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
