"""A Celery worker whose report builds stop half-way through writing their file and hang, for
tests/test_faults.py to kill at that moment. Run as ``python -m tests.slow_build_worker`` with
the usual ``celery`` arguments. Test-only: nothing in the app knows it exists."""

import os
import sys
import time

import django

HANG_SECONDS = 600


def write_half_then_hang(path, data: bytes) -> None:
    """Write half the file, make sure that half is on the disk, then wait to be killed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(data[: len(data) // 2])
        out.flush()
        os.fsync(out.fileno())
    time.sleep(HANG_SECONDS)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careprog.settings.test")
    django.setup()
    from celery.bin.celery import main as celery

    from reports import services
    from reports.annual import services as annual

    # Both builds import write_part by name, so it is replaced where they look it up.
    services.write_part = annual.write_part = write_half_then_hang
    sys.argv = ["celery", *sys.argv[1:]]
    celery()


if __name__ == "__main__":
    main()
