from django.db import transaction
from django.db.models import Q

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


@transaction.atomic
def reference_allocate_many(*, wanted: dict[tuple[str, int], int]) -> dict[tuple[str, int], int]:
    """For each (kind, year), the first of ``count`` consecutive new numbers, in three queries
    however many are wanted. The counters stay locked until the caller's transaction ends, so
    nobody logging an item meanwhile is given one of them; if that transaction is undone, so is
    the allocation, and no number is skipped."""
    if not wanted:
        return {}
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(kind=kind, year=year) for kind, year in wanted], ignore_conflicts=True
    )
    these = Q()
    for kind, year in wanted:
        these |= Q(kind=kind, year=year)
    counters = list(ReferenceCounter.objects.select_for_update().filter(these).order_by("pk"))
    first = {}
    for counter in counters:
        key = (counter.kind, counter.year)
        first[key] = counter.last_number + 1
        counter.last_number += wanted[key]
    ReferenceCounter.objects.bulk_update(counters, ["last_number"])
    return first
