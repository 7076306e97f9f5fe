"""When seeded rows were made: years of records written in minutes, each dated as in life."""

import random
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@contextmanager
def dated_as_given(*models):
    """Let bulk_create keep the created_at and updated_at set on each row.

    They are auto_now_add and auto_now, which would date ten years of thank-yous to the minute
    of seeding (and the wall orders by created_at). Switched off for the whole process while
    the block runs, so only the seeder, a single-threaded command, uses it.
    """
    fields = [
        model._meta.get_field(name) for model in models for name in ("created_at", "updated_at")
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def moment(day: date, rng: random.Random, *, now: datetime) -> datetime:
    """A time in the working day on ``day``, never later than now."""
    at = time(8 + rng.randrange(10), rng.randrange(60))
    return min(timezone.make_aware(datetime.combine(day, at)), now)


def day_in_years(rng: random.Random, *, today: date, years: int) -> date:
    """A day in the last ``years`` years, recent ones busier, as the register grows."""
    days = years * 365
    back = int(days * (1 - rng.random() ** 0.8))
    return today - timedelta(days=min(back, days - 1))
