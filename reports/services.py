"""Asking for, building and handing out board packs: with reports.annual, the only writes in
``reports``.

A pack file appears only when it is complete: it is written to a part-file beside the packs,
then moved into place (a rename on the same disk, which is all-or-nothing) in the same
transaction that marks the pack ready (reports.builds, shared with the annual report). A build
that dies leaves a "building" pack behind; ``mark_stalled_builds`` (Celery beat, and before
every request) marks it failed and removes its part-file, and asking again builds it afresh. A
partial unique index lets only one build of a pack be waiting or running, so two requests at
once build it once.
"""

import logging
import re
from datetime import date
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.template.loader import render_to_string
from django.utils import timezone

from careprog.models import ClinicalServiceCentre
from careprog.working_days import trust_calendar
from feedback.models import FeedbackItem

# The limits are the builds' own; named here too, where the pack's tests and task look for them.
from reports.builds import BUILD_TIME_LIMIT as BUILD_TIME_LIMIT
from reports.builds import QUEUE_TIME_LIMIT as QUEUE_TIME_LIMIT
from reports.builds import (
    build_claim,
    build_fail,
    build_finish,
    build_progress,
    mark_stalled,
    media_path,
    write_part,
)
from reports.charts import LEGEND
from reports.content import pack_content
from reports.models import ACTIVE, BoardPack, PackDownload, PackStatus
from reports.spc import SPC_RULES_TEXT

logger = logging.getLogger(__name__)

PACKS_FOLDER = "board-packs"


MONTH_FORM = re.compile(r"([0-9]{4})-([0-9]{2})")


class PackError(ValidationError):
    """A request for a pack that cannot be met; the message says why."""


# --- Which months a pack may be asked for --------------------------------------------------


def parse_month(text: str) -> date:
    """ "2026-10" as the first day of October 2026."""
    text = (text or "").strip()
    match = MONTH_FORM.fullmatch(text)
    if not match:
        raise PackError(
            {"month": f"Enter the month as YYYY-MM, for example 2026-10 (not “{text}”)"},
            code="month_format",
        )
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise PackError(
            {"month": f"“{text}” is not a month: the month number must be 01 to 12"},
            code="month_format",
        )
    return date(year, month, 1)


def first_month_with_data() -> date | None:
    first = FeedbackItem.objects.aggregate(first=Min("received_on"))["first"]
    return first.replace(day=1) if first else None


def check_month(month: date, *, today: date | None = None) -> date:
    """A pack is for a month that has ended and that the register holds records for."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    if month >= this_month:
        last = this_month - relativedelta(months=1)
        raise PackError(
            {"month": f"{month:%B %Y} has not ended yet: choose {last:%B %Y} or an earlier month"},
            code="month_not_ended",
        )
    first = first_month_with_data()
    if first is None:
        raise PackError(
            {"month": "The register holds no feedback yet: there is nothing to report on"},
            code="no_data",
        )
    if month < first:
        raise PackError(
            {
                "month": f"The register holds no feedback before {first:%B %Y}: choose "
                f"{first:%B %Y} or a later month"
            },
            code="month_before_data",
        )
    return month


def find_csc(code: str | None) -> ClinicalServiceCentre | None:
    """The CSC with this code (any case), or None for the trust-wide pack."""
    if not code:
        return None
    csc = ClinicalServiceCentre.objects.filter(code__iexact=code.strip()).first()
    if csc is None:
        known = ", ".join(
            ClinicalServiceCentre.objects.order_by("code").values_list("code", flat=True)
        )
        raise PackError(
            {"csc": f"There is no CSC with the code “{code}” (the codes are: {known})"},
            code="unknown_csc",
        )
    return csc


# --- Asking for a pack -------------------------------------------------------------------


def pack_request(
    *, month: date, csc: ClinicalServiceCentre | None = None, by=None, queue: bool = True
) -> tuple[BoardPack, bool]:
    """Ask for a new version of a month's pack. Returns the pack and whether it is new: while
    one build of the same pack is waiting or running, a second request gets that one."""
    check_month(month)
    mark_stalled_builds()
    for _attempt in range(3):
        running = BoardPack.objects.for_scope(month, csc).active().first()
        if running is not None:
            return running, False
        version = (
            BoardPack.objects.for_scope(month, csc).aggregate(v=Max("version"))["v"] or 0
        ) + 1
        try:
            with transaction.atomic():
                pack = BoardPack.objects.create(
                    month=month, csc=csc, version=version, requested_by=by
                )
        except IntegrityError:
            continue  # another request got in first: take its build, or the next version
        if queue:
            _queue_build(pack)
        return pack, True
    raise PackError("Too many requests for this pack at once: try again in a moment")


def pack_retry(*, pack: BoardPack, by=None) -> BoardPack:
    """Build a failed pack again, as the same version."""
    if pack.status != PackStatus.FAILED:
        status = pack.get_status_display().lower()
        raise PackError(f"Only a failed build can be tried again: this one is {status}")
    try:
        with transaction.atomic():
            retried = BoardPack.objects.filter(pk=pack.pk, status=PackStatus.FAILED).update(
                status=PackStatus.QUEUED,
                progress=0,
                stage="",
                error="",
                started_at=None,
                finished_at=None,
                requested_by=by or pack.requested_by,
                requested_at=timezone.now(),
            )
    except IntegrityError:
        raise PackError(
            "Another build of this pack is already waiting or running: follow that one instead"
        ) from None
    if not retried:
        raise PackError("This build is no longer failed: it has been tried again already")
    pack.refresh_from_db()
    _queue_build(pack)
    return pack


def _queue_build(pack: BoardPack) -> None:
    # Imported here: the task module imports this one. Sent once the pack row is committed,
    # so the worker finds it; robust, so a broker that is down leaves the pack queued (and
    # marked failed by mark_stalled_builds) instead of failing the request.
    from reports.tasks import build_board_pack

    transaction.on_commit(lambda: build_board_pack.delay(pack.pk), robust=True)


def request_last_months_pack(*, today: date | None = None) -> BoardPack | None:
    """Celery beat's daily call at 06:00: on the month's first working day (the trust's
    calendar decides), ask for the previous month's trust-wide pack unless one is already
    built or being built."""
    today = today or timezone.localdate()
    if trust_calendar().first_working_day_of_month(today) != today:
        return None
    month = today.replace(day=1) - relativedelta(months=1)
    done = BoardPack.objects.for_scope(month, None).filter(status__in=[*ACTIVE, PackStatus.READY])
    if done.exists() or first_month_with_data() is None:
        return None
    pack, _created = pack_request(month=month)
    return pack


# --- Building ------------------------------------------------------------------------------


def pack_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / PACKS_FOLDER


def part_path(pack: BoardPack) -> Path:
    return pack_folder() / ".building" / f"pack-{pack.pk}.pdf.part"


def final_name(pack: BoardPack) -> str:
    return f"{PACKS_FOLDER}/{pack.month:%Y-%m}/{pack.filename}"


def render_pack_pdf(pack: BoardPack, content) -> bytes:
    from weasyprint import HTML  # imported here: loading it costs a second at start-up

    html = render_to_string(
        "reports/pack/pack.html",
        {
            "content": content,
            "pack": pack,
            "trust_name": settings.TRUST_NAME,
            "spc_rules": SPC_RULES_TEXT,
            "legend": LEGEND,
        },
    )
    return HTML(string=html).write_pdf()


def pack_build(pack_id: int) -> BoardPack | None:
    """Build a queued pack. Does nothing (returns None) when the pack is not queued: another
    worker took it, or a repeated task message arrived after it was built."""
    if not build_claim(BoardPack, pack_id, stage="Working out the figures"):
        return None
    pack = BoardPack.objects.select_related("csc").get(pk=pack_id)
    try:
        content = pack_content(pack.month, pack.csc)
        build_progress(BoardPack, pack.pk, 40, "Drawing the charts and writing the PDF")
        pdf = render_pack_pdf(pack, content)
        build_progress(BoardPack, pack.pk, 90, "Saving the file")
        write_part(part_path(pack), pdf)
        build_finish(
            BoardPack,
            pack.pk,
            part=part_path(pack),
            name=final_name(pack),
            data=pdf,
            snapshot=content.snapshot(),
        )
    except BaseException as error:
        build_fail(BoardPack, pack.pk, error, leftovers=leftovers(pack))
        if not isinstance(error, Exception):
            raise
    pack.refresh_from_db()
    return pack


def leftovers(pack: BoardPack) -> list[Path]:
    """Whatever a failed build left: its part-file, and its file if it was moved into place
    but the pack was never marked ready (the process died in between)."""
    return [part_path(pack), media_path(final_name(pack))]


def mark_stalled_builds(*, now=None) -> int:
    """Mark failed the pack builds that died or that no worker took up, removing their files."""
    return mark_stalled(BoardPack, leftovers, now=now)


# --- Handing it out --------------------------------------------------------------------------


def pack_file(pack: BoardPack) -> Path:
    return media_path(pack.file)


def pack_download(*, pack: BoardPack, by) -> Path:
    """Record a download (who, which, when) and give the file to send. The caller has already
    found the pack through BoardPack.objects.visible_to(by)."""
    if pack.status != PackStatus.READY:
        raise PackError(
            f"This pack is {pack.get_status_display().lower()}: it cannot be downloaded yet"
        )
    path = pack_file(pack)
    if not path.is_file():
        logger.error("Board pack %s is ready but its file %s is missing", pack.pk, path)
        raise PackError("The file of this pack cannot be found: ask for the pack to be rebuilt")
    PackDownload.objects.create(pack=pack, user=by)
    return path
