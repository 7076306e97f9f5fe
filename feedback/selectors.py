"""Reads that put several QuerySet methods together for one page."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.http import urlencode

from feedback.models import FeedbackItem
from feedback.models.choices import Kind, Status


@dataclass(frozen=True)
class QueueSection:
    items: list
    count: int


@dataclass(frozen=True)
class WorkQueue:
    overdue: QueueSection
    due_soon: QueueSection
    open_pals: QueueSection
    count_rows: list[dict]


def _section(queryset, limit: int) -> QueueSection:
    return QueueSection(items=list(queryset.for_list()[:limit]), count=queryset.count())


def work_queue(user, *, today: date, horizon: date, limit: int = 50) -> WorkQueue:
    """What this user should act on: overdue first (most overdue first), then due within the
    horizon, then open PALS contacts (oldest first); with counts by kind and status."""
    items = FeedbackItem.objects.visible_to(user)
    overdue = items.overdue(today)
    due_soon = items.due_soon(today, horizon).exclude(pk__in=overdue.values("pk"))
    open_pals = items.of_kind(Kind.PALS).filter(status=Status.OPEN)
    counts = items.counts_by_kind_and_status()
    count_rows = [
        {
            "kind": label,
            "value": kind,
            "statuses": counts.get(kind, {}),
            "total": sum(counts.get(kind, {}).values()),
        }
        for kind, label in Kind.choices
    ]
    return WorkQueue(
        overdue=_section(overdue.order_by("acknowledge_by", "respond_by"), limit),
        due_soon=_section(due_soon.order_by("respond_by"), limit),
        open_pals=_section(open_pals.order_by("received_on"), limit),
        count_rows=count_rows,
    )


def standard_tag_counts(*, csc, start: date, end: date, kinds) -> dict[tuple[int, str], int]:
    """How many of a CSC's items of these kinds, received in these dates, are tagged with each
    care standard: {(standard id, kind): n}, in one query.

    Numbers only, never rows, so any reader of that CSC's standards checklist may see them
    (board members included); the items themselves are reached through visible_to(user).
    """
    items = FeedbackItem.objects.filter(csc=csc, kind__in=kinds).received_between(start, end)
    return items.counts_by_standard()


def register_url(*, kind=None, csc=None, standard=None, received_from=None, received_to=None):
    """The register filtered to exactly these items (the same filters its own form applies)."""
    filters = {
        "kind": kind or "",
        "csc": csc.code if csc else "",
        "standard": standard.pk if standard else "",
        "received_from": received_from.isoformat() if received_from else "",
        "received_to": received_to.isoformat() if received_to else "",
    }
    return f"{reverse('feedback:list')}?{urlencode({k: v for k, v in filters.items() if v})}"
