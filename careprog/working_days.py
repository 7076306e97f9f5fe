"""The one working-day calendar: every deadline in the programme is computed here.

A working day is a weekday that is not an England and Wales bank holiday (substitute days
included, e.g. Boxing Day observed on Monday 28 December 2026) and not a trust closure day
added by an administrator. Counting follows the complaints regulations: the day of receipt is
not counted.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.UK(subdiv="ENG", years=year).keys())


@dataclass(frozen=True)
class WorkingDayCalendar:
    closure_days: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < 5
            and day not in bank_holidays(day.year)
            and day not in self.closure_days
        )

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start`` (start itself not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        current = start
        remaining = days
        while remaining:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def first_working_day_of_month(self, day: date) -> date:
        """The month's first working day (the board pack for the month before is built then)."""
        current = day.replace(day=1)
        while not self.is_working_day(current):
            current += timedelta(days=1)
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative if end is earlier.

        Counted by arithmetic, not day by day: board reports count this for every response
        in two years. Whole weeks hold five weekdays each; then the days left over; then the
        bank holidays and closure days that fall on a weekday in between are taken off."""
        if end < start:
            return -self.working_days_between(end, start)
        weeks, left_over = divmod((end - start).days, 7)
        count = weeks * 5
        count += sum(
            (start + timedelta(days=weeks * 7 + n)).weekday() < 5 for n in range(1, left_over + 1)
        )
        days_off = set(self.closure_days)
        for year in range(start.year, end.year + 1):
            days_off |= bank_holidays(year)
        return count - sum(1 for day in days_off if start < day <= end and day.weekday() < 5)


# The calendar read in this request, once one is open (see one_read_per_request).
_this_request: ContextVar[dict | None] = ContextVar("trust_calendar_this_request", default=None)


def trust_calendar() -> WorkingDayCalendar:
    """The calendar with the trust's closure days, read from the database in one query; inside
    one_read_per_request, read the first time only."""
    held = _this_request.get()
    if held is None:
        return _read_trust_calendar()
    if "calendar" not in held:
        held["calendar"] = _read_trust_calendar()
    return held["calendar"]


@contextmanager
def one_read_per_request() -> Iterator[None]:
    """Read the closure days at most once inside the block (careprog.middleware opens one for
    each request).

    A page asks for the calendar in several places (its deadlines, which actions are still in
    time, the services it calls), and each ask was a query. Kept for the request only, never
    for the process: a closure day an administrator adds (in the admin site, which computes no
    deadline after saving one) counts from the next request, in every process. Outside a block
    (tasks, commands) every ask reads."""
    token = _this_request.set({})
    try:
        yield
    finally:
        _this_request.reset(token)


def _read_trust_calendar() -> WorkingDayCalendar:
    from careprog.models import ClosureDay

    return WorkingDayCalendar(frozenset(ClosureDay.objects.values_list("date", flat=True)))
