from django.db import transaction

from feedback.models import ReferenceCounter
from feedback.models.choices import REFERENCE_PREFIX


def format_reference(kind: str, year: int, number: int) -> str:
    return f"{REFERENCE_PREFIX[kind]}/{year}/{number:05d}"


@transaction.atomic
def reference_allocate(*, kind: str, year: int) -> str:
    """The next reference for this kind and year, e.g. COMP/2026/00088. Safe under concurrency:
    the counter row is locked until the caller's transaction ends."""
    ReferenceCounter.objects.get_or_create(kind=kind, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(kind=kind, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_reference(kind, year, counter.last_number)


@transaction.atomic
def reference_reserve(*, kind: str, year: int, number: int) -> None:
    """Make sure later allocations come after an imported reference's number."""
    ReferenceCounter.objects.get_or_create(kind=kind, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(kind=kind, year=year)
    if number > counter.last_number:
        counter.last_number = number
        counter.save(update_fields=["last_number"])
