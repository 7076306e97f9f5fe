"""Moving a built report (a board pack, an annual report) along: queued, building, then ready
with its file, or failed with nothing of it kept.

A file appears only when it is complete: it is written to a part-file, then moved into place
(a rename on the same disk, which is all-or-nothing) in the same transaction that marks the
build ready. Every step is a conditional update on the status, so a repeated task message, or
a build given up for dead while it was still running, changes nothing it should not.
"""

import hashlib
import logging
import os
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reports.models import PackStatus

logger = logging.getLogger(__name__)

# A build still waiting or running after this long has died (the task's own time limit is
# shorter, so a live build is never marked failed).
BUILD_TIME_LIMIT = timedelta(minutes=15)
QUEUE_TIME_LIMIT = timedelta(minutes=60)


class BuildGivenUp(RuntimeError):
    """The build was marked failed (given up for dead) while it was still running."""


def media_path(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def build_claim(model, pk: int, *, stage: str) -> bool:
    """Take a queued build up; False when it is not queued (another worker took it, or a
    repeated task message arrived after it was built)."""
    return bool(
        model.objects.filter(pk=pk, status=PackStatus.QUEUED).update(
            status=PackStatus.BUILDING, started_at=timezone.now(), progress=5, stage=stage
        )
    )


def build_progress(model, pk: int, percent: int, stage: str) -> None:
    model.objects.filter(pk=pk, status=PackStatus.BUILDING).update(progress=percent, stage=stage)


def write_part(path: Path, data: bytes) -> None:
    """Write the whole file to its part-file and make sure it is on the disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def build_finish(model, pk: int, *, part: Path, name: str, data: bytes, snapshot) -> None:
    """Mark the build ready and move its part-file into place as ``name`` (under MEDIA_ROOT),
    both or neither."""
    final = media_path(name)
    final.parent.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        ready = model.objects.filter(pk=pk, status=PackStatus.BUILDING).update(
            status=PackStatus.READY,
            file=name,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            snapshot=snapshot,
            progress=100,
            stage="",
            finished_at=timezone.now(),
        )
        if not ready:
            raise BuildGivenUp("The build was given up for dead before it finished")
        os.replace(part, final)  # if this fails, the build is not marked ready


def build_fail(model, pk: int, error: BaseException, *, leftovers: list[Path]) -> None:
    """Whatever stopped it (a fault, the time limit, the worker shutting down), the build says
    it failed and no part of its files stays."""
    logger.exception("%s %s failed to build", model._meta.verbose_name.capitalize(), pk)
    message = str(error) or error.__class__.__name__
    model.objects.filter(pk=pk, status=PackStatus.BUILDING).update(
        status=PackStatus.FAILED,
        error=f"The build stopped: {message}"[:2000],
        finished_at=timezone.now(),
    )
    remove(leftovers)


def remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def mark_stalled(model, leftovers, *, now=None) -> int:
    """Mark failed the builds of ``model`` that died (still building after BUILD_TIME_LIMIT)
    and those no worker took up (still queued after QUEUE_TIME_LIMIT), and remove what they
    left (``leftovers(build)`` names the files)."""
    now = now or timezone.now()
    stalled = list(
        model.objects.filter(status=PackStatus.BUILDING, started_at__lt=now - BUILD_TIME_LIMIT)
        | model.objects.filter(status=PackStatus.QUEUED, requested_at__lt=now - QUEUE_TIME_LIMIT)
    )
    for build in stalled:
        why = (
            "The build stopped before it finished (the worker may have been restarted)"
            if build.status == PackStatus.BUILDING
            else "No worker took the build up"
        )
        marked = model.objects.filter(pk=build.pk, status=build.status).update(
            status=PackStatus.FAILED, error=f"{why}: ask for it again.", finished_at=now
        )
        if marked:
            remove(leftovers(build))
    return len(stalled)
