"""Each measure's counting rule, trust-wide and per CSC, and "no data" told apart from zero.

Items are logged through the register's own service; the dates a reader counts by (when it was
acknowledged, answered, referred) are then set on the stored record, as the process would have
left them, so each rule's boundary day can be tested exactly.
"""

from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careprog.models import ClosureDay
from feedback.models import ExperienceSurvey, FeedbackEvent, FeedbackItem
from feedback.models.choices import Kind, Outcome, Status
from feedback.tests.factories import make_item
from reports.figures import TRUST, monthly_figures
from reports.measures import MEASURES_BY_KEY
from standards.models import Rating
from standards.periods import current_period
from standards.services.lines import line_rate
from standards.tests.factories import few_standards, make_assessment

OCTOBER, NOVEMBER, SEPTEMBER = date(2026, 10, 1), date(2026, 11, 1), date(2026, 9, 1)


def value(figures, key, month=OCTOBER, csc=TRUST):
    return figures.value(MEASURES_BY_KEY[key], month, csc.pk if csc is not TRUST else TRUST)


def complaint(csc, received_on, **stored):
    item = make_item(csc=csc, received_on=received_on)
    if stored:
        FeedbackItem.objects.filter(pk=item.pk).update(**stored)
        item.refresh_from_db()
    return item


def october(medicine, surgery):
    return monthly_figures(OCTOBER, OCTOBER, csc_ids=[medicine.pk, surgery.pk])


class TestComplaintsReceived:
    def test_counted_by_the_month_received_and_by_csc(self, medicine, surgery):
        complaint(medicine, date(2026, 10, 1))
        complaint(medicine, date(2026, 10, 31))  # the month's last day
        complaint(surgery, date(2026, 10, 15))
        complaint(medicine, date(2026, 9, 30))  # the day before: September's
        complaint(medicine, date(2026, 11, 1))  # the day after: November's
        figures = monthly_figures(SEPTEMBER, NOVEMBER, csc_ids=[medicine.pk, surgery.pk])
        assert value(figures, "complaints_received") == 3
        assert value(figures, "complaints_received", csc=medicine) == 2
        assert value(figures, "complaints_received", csc=surgery) == 1
        assert value(figures, "complaints_received", month=SEPTEMBER) == 1
        assert value(figures, "complaints_received", month=NOVEMBER) == 1

    def test_withdrawn_complaints_and_other_kinds_are_not_counted(self, medicine, surgery):
        complaint(medicine, date(2026, 10, 5))
        complaint(medicine, date(2026, 10, 6), status=Status.WITHDRAWN)
        make_item(kind=Kind.PALS, csc=medicine, received_on=date(2026, 10, 7))
        make_item(kind=Kind.COMPLIMENT, csc=medicine, received_on=date(2026, 10, 7))
        assert value(october(medicine, surgery), "complaints_received") == 1

    def test_complaints_resolved_early_are_not_formal_complaints(self, medicine, surgery):
        # Received Monday 5 October, acknowledged on its last day, Thursday 8th.
        complaint(medicine, date(2026, 10, 5), acknowledged_on=date(2026, 10, 8))
        # Received Thursday 8 October, due Tuesday 13th, resolved early and never acknowledged.
        complaint(
            medicine,
            date(2026, 10, 8),
            resolved_early_on=date(2026, 10, 9),
            status=Status.CLOSED,
        )
        figures = october(medicine, surgery)
        assert value(figures, "complaints_received") == 1
        assert value(figures, "resolved_early") == 1
        # Not a late acknowledgement either (it needed none): all those due were on time.
        assert value(figures, "acknowledged_on_time") == 100.0


class TestAcknowledgedOnTime:
    def test_share_of_those_due_in_the_month_acknowledged_by_the_deadline(self, medicine, surgery):
        # Received Thursday 8 October: due by Tuesday 13 October (3 working days).
        on_the_day = complaint(medicine, date(2026, 10, 8))
        assert on_the_day.acknowledge_by == date(2026, 10, 13)
        FeedbackItem.objects.filter(pk=on_the_day.pk).update(acknowledged_on=date(2026, 10, 13))
        a_day_late = complaint(medicine, date(2026, 10, 8))
        FeedbackItem.objects.filter(pk=a_day_late.pk).update(acknowledged_on=date(2026, 10, 14))
        complaint(medicine, date(2026, 10, 8))  # never acknowledged: late
        early = complaint(surgery, date(2026, 10, 8))
        FeedbackItem.objects.filter(pk=early.pk).update(acknowledged_on=date(2026, 10, 9))
        figures = october(medicine, surgery)
        assert value(figures, "acknowledged_on_time") == 50.0  # 2 of 4
        assert value(figures, "acknowledged_on_time", csc=medicine) == pytest.approx(33.3)
        assert value(figures, "acknowledged_on_time", csc=surgery) == 100.0

    def test_counted_in_the_month_the_acknowledgement_fell_due(self, medicine, surgery):
        # Received Wednesday 30 September, due Monday 5 October: October's, not September's.
        item = complaint(medicine, date(2026, 9, 30))
        assert item.acknowledge_by == date(2026, 10, 5)
        figures = monthly_figures(SEPTEMBER, OCTOBER, csc_ids=[medicine.pk])
        assert value(figures, "acknowledged_on_time") == 0.0
        assert value(figures, "acknowledged_on_time", month=SEPTEMBER) is None


class TestResponses:
    def test_on_time_means_sent_on_or_before_the_agreed_date(self, medicine, surgery):
        agreed = date(2026, 10, 20)
        complaint(medicine, date(2026, 9, 1), response_sent_on=agreed, respond_by=agreed)
        complaint(
            medicine, date(2026, 9, 1), response_sent_on=date(2026, 10, 21), respond_by=agreed
        )
        complaint(surgery, date(2026, 9, 1), response_sent_on=date(2026, 10, 2), respond_by=agreed)
        figures = october(medicine, surgery)
        assert value(figures, "responded_on_time") == pytest.approx(66.7)
        assert value(figures, "responded_on_time", csc=medicine) == 50.0

    def test_mean_working_days_from_receipt_by_the_trusts_calendar(self, medicine, surgery):
        # Friday 2 October to Friday 9 October: 5 working days; to Monday 12: 6.
        complaint(medicine, date(2026, 10, 2), response_sent_on=date(2026, 10, 9))
        complaint(medicine, date(2026, 10, 2), response_sent_on=date(2026, 10, 12))
        assert value(october(medicine, surgery), "days_to_respond") == 5.5
        # A trust closure day in between is not a working day.
        ClosureDay.objects.create(date=date(2026, 10, 5), reason="Trust closure")
        assert value(october(medicine, surgery), "days_to_respond") == 4.5

    def test_upheld_share_counts_upheld_and_partially_upheld(self, medicine, surgery):
        sent = {"response_sent_on": date(2026, 10, 9)}
        complaint(medicine, date(2026, 9, 2), outcome=Outcome.UPHELD, **sent)
        complaint(medicine, date(2026, 9, 2), outcome=Outcome.PARTIALLY_UPHELD, **sent)
        complaint(medicine, date(2026, 9, 2), outcome=Outcome.NOT_UPHELD, **sent)
        complaint(medicine, date(2026, 9, 2), outcome=Outcome.NOT_UPHELD, **sent)
        assert value(october(medicine, surgery), "upheld_share") == 50.0

    def test_no_responses_is_no_data_not_zero(self, medicine, surgery):
        complaint(medicine, date(2026, 10, 2))
        figures = october(medicine, surgery)
        for key in ("responded_on_time", "days_to_respond", "upheld_share"):
            assert value(figures, key) is None
            assert MEASURES_BY_KEY[key].format(value(figures, key)) == "no data"


class TestReopenedAndOmbudsman:
    def test_reopenings_count_in_the_month_they_happened(self, medicine, surgery):
        item = complaint(medicine, date(2026, 8, 3))
        for day in (date(2026, 10, 31), date(2026, 11, 1)):
            event = FeedbackEvent.objects.create(item=item, action="reopened", description="-")
            moment = timezone.make_aware(datetime.combine(day, time(23, 30)))
            FeedbackEvent.objects.filter(pk=event.pk).update(at=moment)
        FeedbackEvent.objects.create(item=item, action="acknowledged", description="-")
        figures = monthly_figures(OCTOBER, NOVEMBER, csc_ids=[medicine.pk])
        # 23:30 on 31 October is October in the trust's time zone (GMT+0 that night).
        assert value(figures, "reopened") == 1
        assert value(figures, "reopened", month=NOVEMBER) == 1
        assert value(figures, "reopened", csc=medicine) == 1

    def test_referrals_count_by_the_date_referred(self, medicine, surgery):
        complaint(medicine, date(2026, 6, 1), phso_referred_on=date(2026, 10, 31))
        complaint(medicine, date(2026, 6, 1), phso_referred_on=date(2026, 11, 1))
        assert value(october(medicine, surgery), "phso_referrals") == 1


class TestPalsAndCompliments:
    def test_pals_contacts_and_the_share_escalated(self, medicine, surgery):
        for n in range(4):
            make_item(kind=Kind.PALS, csc=medicine, received_on=date(2026, 10, 5 + n))
        escalated = FeedbackItem.objects.of_kind(Kind.PALS).first()
        FeedbackItem.objects.filter(pk=escalated.pk).update(status=Status.ESCALATED)
        figures = october(medicine, surgery)
        assert value(figures, "pals_contacts") == 4
        assert value(figures, "pals_escalated_share") == 25.0

    def test_compliments_per_complaint_and_no_complaints_is_no_data(self, medicine, surgery):
        for n in range(3):
            make_item(kind=Kind.COMPLIMENT, csc=medicine, received_on=date(2026, 10, 5 + n))
        figures = october(medicine, surgery)
        assert value(figures, "compliments") == 3
        assert value(figures, "compliments_per_complaint") is None  # nothing to divide by
        complaint(surgery, date(2026, 10, 9))
        complaint(surgery, date(2026, 10, 9))
        figures = october(medicine, surgery)
        assert value(figures, "compliments_per_complaint") == 1.5
        assert value(figures, "compliments_per_complaint", csc=surgery) == 0.0


class TestResolvedEarly:
    def test_complaints_and_pals_concerns_count_in_the_month_they_were_resolved(
        self, medicine, surgery
    ):
        early = {"status": Status.CLOSED}
        complaint(medicine, date(2026, 9, 28), resolved_early_on=date(2026, 10, 1), **early)
        complaint(surgery, date(2026, 10, 26), resolved_early_on=date(2026, 10, 31), **early)
        complaint(medicine, date(2026, 9, 24), resolved_early_on=date(2026, 9, 30), **early)
        complaint(medicine, date(2026, 10, 27), resolved_early_on=date(2026, 11, 1), **early)
        pals = make_item(kind=Kind.PALS, csc=medicine, received_on=date(2026, 10, 12))
        FeedbackItem.objects.filter(pk=pals.pk).update(
            resolved_early_on=date(2026, 10, 13), status=Status.RESOLVED
        )
        make_item(kind=Kind.PALS, csc=medicine, received_on=date(2026, 10, 14))  # not early
        complaint(medicine, date(2026, 10, 15))  # a formal complaint
        figures = monthly_figures(SEPTEMBER, NOVEMBER, csc_ids=[medicine.pk, surgery.pk])
        assert value(figures, "resolved_early") == 3  # 1 and 31 October, and the PALS concern
        assert value(figures, "resolved_early", csc=medicine) == 2
        assert value(figures, "resolved_early", csc=surgery) == 1
        assert value(figures, "resolved_early", month=SEPTEMBER) == 1
        assert value(figures, "resolved_early", month=NOVEMBER) == 1
        assert MEASURES_BY_KEY["resolved_early"].improvement == "up"

    def test_a_month_with_none_is_zero_once_the_register_has_begun(self, medicine, surgery):
        complaint(medicine, date(2026, 9, 20))
        figures = monthly_figures(SEPTEMBER, OCTOBER, csc_ids=[medicine.pk])
        assert value(figures, "resolved_early") == 0
        assert value(figures, "resolved_early", csc=medicine) == 0
        before = monthly_figures(date(2026, 8, 1), date(2026, 8, 1), csc_ids=[medicine.pk])
        assert value(before, "resolved_early", month=date(2026, 8, 1)) is None


class TestHandlingRating:
    def survey(self, item, received_on, scores):
        listened, informed, understood = scores
        ExperienceSurvey.objects.create(
            item=item,
            received_on=received_on,
            listened_to=listened,
            kept_informed=informed,
            understood_outcome=understood,
            source="phone",
        )

    def test_the_average_of_every_theme_in_the_surveys_received_in_the_month(
        self, medicine, surgery
    ):
        ours, theirs = complaint(medicine, date(2026, 6, 1)), complaint(surgery, date(2026, 6, 1))
        self.survey(ours, date(2026, 10, 1), (5, 4, 3))
        self.survey(theirs, date(2026, 10, 31), (2, 2, 2))
        self.survey(ours, date(2026, 9, 30), (1, 1, 1))  # September's
        self.survey(ours, date(2026, 11, 1), (1, 1, 1))  # November's
        figures = october(medicine, surgery)
        assert value(figures, "handling_rating") == 3.0  # (5 + 4 + 3 + 2 + 2 + 2) / 6
        assert value(figures, "handling_rating", csc=medicine) == 4.0
        assert value(figures, "handling_rating", csc=surgery) == 2.0
        assert MEASURES_BY_KEY["handling_rating"].format(3.0) == "3"
        assert MEASURES_BY_KEY["handling_rating"].improvement == "up"

    def test_a_month_with_no_survey_is_no_data_never_zero(self, medicine, surgery):
        item = complaint(medicine, date(2026, 6, 1))
        self.survey(item, date(2026, 9, 15), (4, 4, 5))
        figures = monthly_figures(SEPTEMBER, OCTOBER, csc_ids=[medicine.pk, surgery.pk])
        assert value(figures, "handling_rating", month=SEPTEMBER) == pytest.approx(4.3)
        assert value(figures, "handling_rating") is None
        assert value(figures, "handling_rating", month=SEPTEMBER, csc=surgery) is None
        assert MEASURES_BY_KEY["handling_rating"].format(None) == "no data"


class TestNoDataBeforeTheFirstRecord:
    def test_counts_are_no_data_before_the_first_feedback_and_zero_after(self, medicine, surgery):
        complaint(medicine, date(2026, 10, 20))
        figures = monthly_figures(SEPTEMBER, NOVEMBER, csc_ids=[medicine.pk, surgery.pk])
        assert value(figures, "complaints_received", month=SEPTEMBER) is None
        assert value(figures, "compliments", month=SEPTEMBER) is None
        assert value(figures, "compliments", month=NOVEMBER) == 0
        # A CSC with nothing logged is zero once the register has begun, like the trust.
        assert value(figures, "complaints_received", month=NOVEMBER, csc=surgery) == 0
        assert value(figures, "thank_yous", month=NOVEMBER) is None  # no recognition yet

    def test_a_trust_share_is_of_the_trusts_items_not_a_mean_of_the_cscs(self, medicine, surgery):
        for n in range(3):
            make_item(kind=Kind.PALS, csc=medicine, received_on=date(2026, 10, 5 + n))
        make_item(kind=Kind.PALS, csc=surgery, received_on=date(2026, 10, 5))
        FeedbackItem.objects.filter(csc=surgery).update(status=Status.ESCALATED)
        figures = october(medicine, surgery)
        assert value(figures, "pals_escalated_share", csc=surgery) == 100.0
        assert value(figures, "pals_escalated_share", csc=medicine) == 0.0
        assert value(figures, "pals_escalated_share") == 25.0  # not (100 + 0) / 2


class TestStandards:
    def test_the_share_met_in_the_period_the_month_falls_in(
        self, medicine, surgery, medicine_manager
    ):
        few_standards(4)
        period = current_period(date(2026, 10, 15))
        assessment = make_assessment(csc=medicine, by=medicine_manager, period=period)
        ratings = [Rating.COMPLIANCE_PLUS, Rating.COMPLIANCE, Rating.PARTIAL, Rating.NON_COMPLIANCE]
        for line, rating in zip(assessment.lines.order_by("pk"), ratings, strict=True):
            line_rate(line=line, rating=rating, by=medicine_manager, expected_version=None)
        complaint(medicine, date(2026, 1, 5))
        figures = monthly_figures(period.start, period.end, csc_ids=[medicine.pk])
        for month in figures.months:  # every month of the period
            assert value(figures, "standards_met_share", month=month) == 50.0
        # September is in the quarter before (July to September), which was not assessed.
        before = monthly_figures(SEPTEMBER, SEPTEMBER, csc_ids=[medicine.pk])
        assert value(before, "standards_met_share", month=SEPTEMBER) is None


class TestResponseDaysKeptOnTheItem:
    """Working days kept on each item (by save_item) are added up in the grouped query; a row
    without them (an import, or saved before they were kept) is counted with the calendar."""

    def test_the_kept_days_are_what_is_added_up(self, medicine, surgery):
        # By the calendar 5 and 6 working days; the days kept on the items say 3 and 7.
        complaint(
            medicine, date(2026, 10, 2), response_sent_on=date(2026, 10, 9), response_working_days=3
        )
        complaint(
            medicine,
            date(2026, 10, 2),
            response_sent_on=date(2026, 10, 12),
            response_working_days=7,
        )
        assert value(october(medicine, surgery), "days_to_respond") == 5.0

    def test_a_row_without_them_is_counted_by_the_calendar_beside_those_with(
        self, medicine, surgery
    ):
        complaint(
            medicine, date(2026, 10, 2), response_sent_on=date(2026, 10, 9), response_working_days=3
        )
        complaint(medicine, date(2026, 10, 2), response_sent_on=date(2026, 10, 12))  # 6 days
        assert value(october(medicine, surgery), "days_to_respond") == 4.5
        assert value(october(medicine, surgery), "days_to_respond", csc=medicine) == 4.5

    def test_the_calendar_is_read_only_when_a_row_needs_it(self, medicine, surgery):
        sent = {"response_sent_on": date(2026, 10, 9)}
        complaint(medicine, date(2026, 10, 2), response_working_days=5, **sent)
        with CaptureQueriesContext(connection) as kept:
            october(medicine, surgery)
        complaint(medicine, date(2026, 10, 2), **sent)
        with CaptureQueriesContext(connection) as counted:
            october(medicine, surgery)
        # One query for the rows without days, one for the closure days.
        assert len(counted) == len(kept) + 2
