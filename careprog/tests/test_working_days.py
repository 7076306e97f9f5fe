"""The one working-day calendar: weekends, England and Wales bank holidays (substitute days
included) and trust closure days."""

import random
from datetime import date, timedelta

import pytest

from careprog.models import ClosureDay
from careprog.working_days import WorkingDayCalendar, one_read_per_request, trust_calendar

calendar = WorkingDayCalendar()


class TestAddWorkingDays:
    def test_three_days_from_wednesday_23_december_2026_skips_christmas_and_boxing_day(self):
        # Christmas is Friday 25th; Boxing Day (Saturday) is observed on Monday 28th.
        assert calendar.add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 30)

    def test_boxing_day_substitute_monday_is_not_a_working_day(self):
        assert not calendar.is_working_day(date(2026, 12, 28))

    def test_day_of_receipt_is_not_counted(self):
        assert calendar.add_working_days(date(2026, 11, 2), 1) == date(2026, 11, 3)

    def test_weekend_is_skipped(self):
        # Friday + 1 working day is Monday.
        assert calendar.add_working_days(date(2026, 11, 6), 1) == date(2026, 11, 9)

    def test_received_on_a_saturday_counts_from_monday(self):
        assert calendar.add_working_days(date(2026, 11, 7), 3) == date(2026, 11, 11)

    def test_easter_good_friday_and_easter_monday_are_skipped(self):
        # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
        assert calendar.add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)

    def test_new_year_substitute_day_is_skipped(self):
        # 1 January 2028 is a Saturday; the bank holiday is Monday 3 January 2028.
        assert not calendar.is_working_day(date(2028, 1, 3))
        assert calendar.add_working_days(date(2027, 12, 31), 1) == date(2028, 1, 4)

    def test_christmas_on_a_weekend_moves_both_holidays(self):
        # 2027: Christmas Saturday, Boxing Day Sunday -> Monday 27 and Tuesday 28 off.
        assert calendar.add_working_days(date(2027, 12, 24), 1) == date(2027, 12, 29)

    def test_early_may_and_spring_bank_holidays(self):
        assert not calendar.is_working_day(date(2026, 5, 4))
        assert not calendar.is_working_day(date(2026, 5, 25))

    def test_twenty_five_working_days_across_christmas(self):
        # Counted by hand: 24, 29, 30, 31 Dec, then 4 Jan onwards (1 Jan is a bank holiday);
        # the 25th working day is Monday 1 February 2027.
        assert calendar.add_working_days(date(2026, 12, 23), 25) == date(2027, 2, 1)

    def test_zero_days_is_the_same_day(self):
        assert calendar.add_working_days(date(2026, 11, 2), 0) == date(2026, 11, 2)

    def test_negative_days_are_refused(self):
        with pytest.raises(ValueError, match="negative"):
            calendar.add_working_days(date(2026, 11, 2), -1)


class TestClosureDays:
    def test_closure_day_is_skipped(self):
        closed = WorkingDayCalendar(frozenset({date(2026, 12, 24)}))
        assert closed.add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 31)

    def test_trust_calendar_reads_closure_days_from_the_database(self, db):
        ClosureDay.objects.create(date=date(2026, 12, 29), reason="Trust closure")
        assert trust_calendar().add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 31)


class TestOneReadPerRequest:
    def test_the_closure_days_are_read_once_inside_a_request(self, db, django_assert_num_queries):
        with django_assert_num_queries(1), one_read_per_request():
            assert trust_calendar() is trust_calendar()

    def test_a_closure_day_added_meanwhile_counts_from_the_next_request(self, db):
        with one_read_per_request():
            assert trust_calendar().add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 30)
            ClosureDay.objects.create(date=date(2026, 12, 29), reason="Trust closure")
        with one_read_per_request():
            assert trust_calendar().add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 31)

    def test_outside_a_request_each_ask_reads_the_closure_days(self, db, django_assert_num_queries):
        # Tasks and commands run for hours: they never keep a calendar between asks.
        with one_read_per_request():
            trust_calendar()
        with django_assert_num_queries(2):
            trust_calendar()
            trust_calendar()


class TestWorkingDaysBetween:
    def test_counts_working_days_after_start_up_to_end(self):
        assert calendar.working_days_between(date(2026, 12, 23), date(2026, 12, 30)) == 3

    def test_is_negative_when_end_is_before_start(self):
        assert calendar.working_days_between(date(2026, 12, 30), date(2026, 12, 23)) == -3

    def test_same_day_is_zero(self):
        assert calendar.working_days_between(date(2026, 11, 2), date(2026, 11, 2)) == 0


class TestFirstWorkingDayOfMonth:
    @pytest.mark.parametrize(
        ("day", "first"),
        [
            (date(2026, 12, 15), date(2026, 12, 1)),  # a Tuesday: the 1st itself
            (date(2026, 11, 30), date(2026, 11, 2)),  # the 1st is a Sunday
            (date(2027, 1, 20), date(2027, 1, 4)),  # New Year's Day (Fri), then a weekend
            (date(2027, 5, 3), date(2027, 5, 4)),  # 1 May a Saturday, 3 May a bank holiday
        ],
    )
    def test_weekends_and_bank_holidays_are_passed_over(self, day, first):
        assert calendar.first_working_day_of_month(day) == first

    def test_a_closure_day_is_passed_over(self):
        closed = WorkingDayCalendar(frozenset({date(2026, 12, 1)}))
        assert closed.first_working_day_of_month(date(2026, 12, 9)) == date(2026, 12, 2)


class TestCountingMatchesDayByDay:
    def test_the_arithmetic_agrees_with_counting_each_day(self):
        """Working days counted by whole weeks agree with walking the calendar day by day,
        across weekends, bank holidays (Christmas, Easter, substitute days) and closure days."""
        closed = WorkingDayCalendar(frozenset({date(2026, 12, 24), date(2027, 1, 2)}))
        rng = random.Random(5)
        for _ in range(400):
            start = date(2025, 11, 1) + timedelta(days=rng.randrange(500))
            end = start + timedelta(days=rng.randrange(-40, 120))
            walked, day = 0, min(start, end)
            while day < max(start, end):
                day += timedelta(days=1)
                walked += closed.is_working_day(day)
            expected = walked if end >= start else -walked
            assert closed.working_days_between(start, end) == expected, (start, end)
