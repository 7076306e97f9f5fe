"""Assessment periods: quarters of the NHS financial year (from 1 April) unless set otherwise."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from standards.periods import Period, period_containing, period_from_slug, period_of


class TestQuarters:
    @pytest.mark.parametrize(
        ("day", "start", "label"),
        [
            (date(2026, 4, 1), date(2026, 4, 1), "Q1 2026/27"),
            (date(2026, 6, 30), date(2026, 4, 1), "Q1 2026/27"),
            (date(2026, 7, 1), date(2026, 7, 1), "Q2 2026/27"),
            (date(2026, 11, 29), date(2026, 10, 1), "Q3 2026/27"),
            (date(2026, 12, 31), date(2026, 10, 1), "Q3 2026/27"),
            (date(2027, 1, 1), date(2027, 1, 1), "Q4 2026/27"),
            (date(2027, 3, 31), date(2027, 1, 1), "Q4 2026/27"),
        ],
    )
    def test_a_day_falls_in_its_financial_quarter(self, day, start, label):
        period = period_containing(day, 3)
        assert period.start == start
        assert period.label == label

    def test_a_quarter_ends_on_its_last_day(self):
        assert period_containing(date(2026, 11, 29), 3).end == date(2026, 12, 31)
        assert period_containing(date(2027, 2, 1), 3).end == date(2027, 3, 31)

    def test_previous_and_next_cross_the_financial_year(self):
        q1 = period_containing(date(2026, 5, 5), 3)
        assert q1.previous().label == "Q4 2025/26"
        assert q1.previous().start == date(2026, 1, 1)
        assert q1.previous().next() == q1

    def test_dates_read_in_words(self):
        assert period_containing(date(2026, 11, 1), 3).dates == "1 October to 31 December 2026"
        assert period_containing(date(2027, 1, 9), 12).dates == "1 April 2026 to 31 March 2027"


class TestOtherLengths:
    def test_a_year_is_the_financial_year(self):
        period = period_containing(date(2027, 2, 14), 12)
        assert (period.start, period.end) == (date(2026, 4, 1), date(2027, 3, 31))
        assert period.label == "2026/27"

    def test_halves_start_in_april_and_october(self):
        assert period_containing(date(2026, 9, 30), 6).label == "H1 2026/27"
        assert period_containing(date(2026, 10, 1), 6).label == "H2 2026/27"

    def test_months_are_named(self):
        assert period_containing(date(2026, 11, 29), 1).label == "November 2026"

    @pytest.mark.parametrize("months", [0, 5, 7, 24])
    def test_a_length_that_does_not_divide_the_year_is_refused(self, months):
        with pytest.raises(ImproperlyConfigured, match="STANDARDS_PERIOD_MONTHS"):
            period_containing(date(2026, 11, 29), months)


class TestFromStoredDates:
    def test_slug_names_the_first_day(self):
        period = period_containing(date(2026, 11, 29), 3)
        assert period.slug == "2026-10-01"
        assert period_from_slug("2026-10-01", 3) == period

    @pytest.mark.parametrize("slug", ["2026-11-01", "2026-10-02", "not-a-date", ""])
    def test_a_slug_that_starts_no_period_is_none(self, slug):
        assert period_from_slug(slug, 3) is None

    def test_an_assessment_keeps_its_own_length(self):
        assert period_of(date(2026, 4, 1), date(2027, 3, 31)) == Period(date(2026, 4, 1), 12)
        assert period_of(date(2026, 10, 1), date(2026, 12, 31)) == Period(date(2026, 10, 1), 3)


class TestTheSetting:
    def test_a_length_that_does_not_divide_the_year_fails_the_system_check(self, settings):
        from standards.checks import period_length_divides_the_year

        settings.STANDARDS_PERIOD_MONTHS = 5
        errors = period_length_divides_the_year()
        assert [error.id for error in errors] == ["standards.E001"]
        settings.STANDARDS_PERIOD_MONTHS = 6
        assert period_length_divides_the_year() == []
