"""Assessment periods: quarters of the NHS financial year by default.

Periods are counted from 1 April, so quarter 1 is April to June and a 12-month period is a
financial year. The length is the STANDARDS_PERIOD_MONTHS setting; an assessment keeps the
dates it was made for, so changing the setting never moves an old assessment.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

FINANCIAL_YEAR_START_MONTH = 4
ALLOWED_LENGTHS = (1, 2, 3, 4, 6, 12)


@dataclass(frozen=True, order=True)
class Period:
    start: date
    months: int

    @property
    def end(self) -> date:
        return self.start + relativedelta(months=self.months) - timedelta(days=1)

    @property
    def financial_year(self) -> str:
        """e.g. "2026/27" for any period from April 2026 to March 2027."""
        first = (
            self.start.year
            if self.start.month >= FINANCIAL_YEAR_START_MONTH
            else (self.start.year - 1)
        )
        return f"{first}/{(first + 1) % 100:02d}"

    @property
    def number(self) -> int:
        """Which period of its financial year this is, from 1."""
        months_in = (self.start.month - FINANCIAL_YEAR_START_MONTH) % 12
        return months_in // self.months + 1

    @property
    def label(self) -> str:
        """The short name people use: "Q3 2026/27", "H1 2026/27", "2026/27", "November 2026"."""
        if self.months == 3:
            return f"Q{self.number} {self.financial_year}"
        if self.months == 6:
            return f"H{self.number} {self.financial_year}"
        if self.months == 12:
            return self.financial_year
        if self.months == 1:
            return f"{self.start:%B %Y}"
        return f"{self.start:%b %Y} to {self.end:%b %Y}"

    @property
    def dates(self) -> str:
        """e.g. "1 October to 31 December 2026"."""
        if self.start.year == self.end.year:
            return f"{self.start:%-d %B} to {self.end:%-d %B %Y}"
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    @property
    def slug(self) -> str:
        """What URLs carry: the first day, e.g. "2026-10-01"."""
        return self.start.isoformat()

    def previous(self) -> "Period":
        return Period(self.start - relativedelta(months=self.months), self.months)

    def next(self) -> "Period":
        return Period(self.start + relativedelta(months=self.months), self.months)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


def check_length(months: int) -> int:
    if months not in ALLOWED_LENGTHS:
        raise ImproperlyConfigured(
            f"STANDARDS_PERIOD_MONTHS must be one of {ALLOWED_LENGTHS} (it divides the year "
            f"into equal periods), not {months}"
        )
    return months


def period_containing(day: date, months: int) -> Period:
    months = check_length(months)
    months_in = (day.month - FINANCIAL_YEAR_START_MONTH) % 12
    start = date(day.year, day.month, 1) - relativedelta(months=months_in % months)
    return Period(start, months)


def current_period(today: date | None = None) -> Period:
    """The period today falls in, at the length the trust has set."""
    return period_containing(today or timezone.localdate(), settings.STANDARDS_PERIOD_MONTHS)


def period_from_slug(slug: str, months: int) -> Period | None:
    """The period starting on the day ``slug`` names, or None when no period starts then."""
    try:
        start = date.fromisoformat(slug)
    except ValueError:
        return None
    period = period_containing(start, months)
    return period if period.start == start else None


def period_of(start: date, end: date) -> Period:
    """The period an assessment was made for, from its stored dates."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return Period(start, months)
