"""Helpers every feedback view uses: finding an item the user may see, and today's dates."""

from dataclasses import dataclass
from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone

from careprog.working_days import WorkingDayCalendar, trust_calendar
from feedback.models import FeedbackItem
from feedback.services.deadlines import due_soon_horizon
from feedback.tags import prefetch_tags


def get_visible_item(request, reference_slug: str, *, detail: bool = False) -> FeedbackItem:
    """The item, if this user may see it; otherwise 404 (never 403: we do not confirm it exists)."""
    items = FeedbackItem.objects.visible_to(request.user)
    if detail:
        items = items.for_detail()
    item = get_object_or_404(items, reference=reference_slug.replace("-", "/"))
    if detail:
        prefetch_tags([item])
    return item


@dataclass(frozen=True)
class Today:
    today: date
    horizon: date
    calendar: WorkingDayCalendar


def today_context() -> Today:
    calendar = trust_calendar()
    today = timezone.localdate()
    return Today(today, due_soon_horizon(today, calendar), calendar)
