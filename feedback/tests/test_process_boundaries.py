"""The complaints process on its boundaries: each refusal and each boundary day, so a rule that is
deleted or moved by one day is noticed (issue 14). Where a day matters it is fixed, not today."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from careprog.roles import Role
from careprog.tests.factories import UserFactory
from careprog.validators import validate_nhs_number
from careprog.working_days import WorkingDayCalendar, trust_calendar
from feedback.models import DeadlineChange, FeedbackItem
from feedback.models.choices import Status
from feedback.presenters import flags_for
from feedback.services import complaints
from feedback.services.base import ProcessError
from feedback.services.deadlines import due_soon_horizon
from feedback.services.items import feedback_update
from feedback.tests.factories import make_item, tier

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TOMORROW = TODAY + timedelta(days=1)
RECENT = TODAY - timedelta(days=14)


@pytest.fixture
def complaint(pals_officer):
    return make_item(by=pals_officer, received_on=RECENT)


@pytest.fixture
def colleague(db):
    return UserFactory(role=Role.PALS_OFFICER, first_name="Priya", last_name="Shah")


def investigating(item, by):
    item = complaints.complaint_acknowledge(item=item, by=by, on=item.received_on)
    return complaints.complaint_start_investigation(item=item, by=by)


def signed_off(item, by):
    item = investigating(item, by)
    item = complaints.complaint_record_draft(item=item, by=by)
    item = complaints.complaint_submit_for_sign_off(item=item, by=by)
    item = complaints.complaint_sign_off(item=item, by=by)
    return complaints.complaint_record_outcome(item=item, by=by, outcome="upheld")


# The steps that leave a complaint open, before its response is sent.
OPEN_STEPS = pytest.mark.parametrize(
    "step",
    [lambda item, by: item, investigating, signed_off],
    ids=["received", "under-investigation", "signed-off-not-sent"],
)


def response_sent(item, by):
    return complaints.complaint_send_response(item=signed_off(item, by), by=by, on=TODAY)


def unchanged(item, **expected):
    """Re-read the item: the refused step changed none of these fields, nor its version."""
    version = item.version
    item.refresh_from_db()
    assert {name: getattr(item, name) for name in expected} == expected
    assert item.version == version


class TestAgreedResponseDateSurvivesATierChange:
    def test_a_changed_date_is_kept_when_the_tier_changes(self, complaint, pals_officer):
        agreed = complaint.respond_by + timedelta(days=7)
        item = complaints.complaint_change_deadline(
            item=complaint, by=pals_officer, new_date=agreed, reason="Agreed by phone"
        )
        item = feedback_update(
            item=item,
            by=pals_officer,
            details={"tier": tier("tier-3")},
            expected_version=item.version,
        )
        assert item.respond_by == agreed
        assert FeedbackItem.objects.get(pk=item.pk).respond_by == agreed

    def test_a_reopened_complaints_new_date_is_kept_when_the_tier_changes(
        self, complaint, pals_officer
    ):
        item = response_sent(complaint, pals_officer)
        new_date = TODAY + timedelta(days=10)
        item = complaints.complaint_reopen(
            item=item, by=pals_officer, reason="Questions unanswered", respond_by=new_date
        )
        item = feedback_update(
            item=item,
            by=pals_officer,
            details={"tier": tier("tier-2")},
            expected_version=item.version,
        )
        assert FeedbackItem.objects.get(pk=item.pk).respond_by == new_date


class TestAcknowledgementOverdueFromTheDayAfter:
    """Received Thursday 1 October 2026: acknowledge by Tuesday 6th. On the 6th it is due, not
    overdue; on Wednesday 7th it is overdue."""

    DUE, DAY_AFTER = date(2026, 10, 6), date(2026, 10, 7)

    @pytest.fixture
    def received(self, pals_officer):
        item = make_item(by=pals_officer, received_on=date(2026, 10, 1))
        assert item.acknowledge_by == self.DUE
        return item

    def test_not_counted_overdue_on_its_due_day(self, received):
        assert not FeedbackItem.objects.acknowledgement_overdue(self.DUE).exists()
        assert not FeedbackItem.objects.overdue(self.DUE).exists()

    def test_counted_overdue_the_day_after(self, received):
        assert list(FeedbackItem.objects.acknowledgement_overdue(self.DAY_AFTER)) == [received]
        assert list(FeedbackItem.objects.overdue(self.DAY_AFTER)) == [received]

    def flags(self, item, today):
        horizon = due_soon_horizon(today, trust_calendar())
        return [flag.text for flag in flags_for(item, today=today, horizon=horizon)]

    def test_flagged_due_soon_not_overdue_on_its_due_day(self, received):
        assert self.flags(received, self.DUE) == ["Acknowledgement due soon"]

    def test_flagged_overdue_the_day_after(self, received):
        assert self.flags(received, self.DAY_AFTER) == ["Acknowledgement overdue"]


class TestHistoryRecordsTheActingUser:
    """simple-history's user is whoever ran the service, not who logged the item."""

    def test_a_process_step_is_recorded_with_its_user(self, complaint, colleague):
        item = complaints.complaint_acknowledge(item=complaint, by=colleague, on=RECENT)
        latest = item.history.latest()
        assert (latest.status, latest.history_user) == (Status.ACKNOWLEDGED, colleague)

    def test_an_edit_is_recorded_with_its_user(self, complaint, colleague):
        feedback_update(
            item=complaint,
            by=colleague,
            details={"summary": "Waited five hours"},
            expected_version=complaint.version,
        )
        latest = complaint.history.latest()
        assert (latest.summary, latest.history_user) == ("Waited five hours", colleague)


class TestActionFromAStalePage:
    def url(self, item):
        return reverse(
            "feedback:action",
            kwargs={"reference": item.reference_slug, "action": "start-investigation"},
        )

    def test_a_post_with_an_old_version_is_refused_and_nothing_changes(
        self, client, complaint, pals_officer
    ):
        item = complaints.complaint_acknowledge(item=complaint, by=pals_officer, on=RECENT)
        shown_at = item.version
        # Someone else changes it after the page was shown.
        item = complaints.complaint_set_consent(item=item, by=pals_officer, consent="obtained")
        client.force_login(pals_officer)
        response = client.post(self.url(item), {"version": shown_at})
        assert response.status_code == 200
        assert "changed by someone else" in response.text
        unchanged(item, status=Status.ACKNOWLEDGED)
        assert not item.events.filter(action="investigating").exists()

    def test_a_post_with_the_current_version_is_applied(self, client, complaint, pals_officer):
        item = complaints.complaint_acknowledge(item=complaint, by=pals_officer, on=RECENT)
        client.force_login(pals_officer)
        response = client.post(self.url(item), {"version": item.version})
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.status == Status.UNDER_INVESTIGATION


class TestReopening:
    @OPEN_STEPS
    def test_refused_while_the_complaint_is_open(self, complaint, pals_officer, step):
        item = step(complaint, pals_officer)
        status = item.status
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_reopen(
                item=item,
                by=pals_officer,
                reason="Questions unanswered",
                respond_by=TODAY + timedelta(days=30),
            )
        assert refused.value.code == "wrong_status"
        unchanged(item, status=status, reopened_count=0)
        assert not DeadlineChange.objects.exists()

    def test_a_new_response_date_in_the_past_is_refused(self, complaint, pals_officer):
        item = response_sent(complaint, pals_officer)
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_reopen(
                item=item,
                by=pals_officer,
                reason="Questions unanswered",
                respond_by=TODAY - timedelta(days=1),
            )
        assert refused.value.code == "past_date"
        unchanged(item, status=Status.RESPONSE_SENT, reopened_count=0)

    def test_a_new_response_date_of_today_is_accepted(self, complaint, pals_officer):
        item = response_sent(complaint, pals_officer)
        item = complaints.complaint_reopen(
            item=item, by=pals_officer, reason="Questions unanswered", respond_by=TODAY
        )
        assert (item.status, item.respond_by) == (Status.UNDER_INVESTIGATION, TODAY)

    def test_a_closed_complaint_can_be_reopened(self, complaint, pals_officer):
        item = complaints.complaint_close(
            item=response_sent(complaint, pals_officer), by=pals_officer
        )
        item = complaints.complaint_reopen(
            item=item, by=pals_officer, reason="Questions unanswered", respond_by=TODAY
        )
        assert (item.status, item.closed_on) == (Status.UNDER_INVESTIGATION, None)


class TestClosing:
    @OPEN_STEPS
    def test_refused_before_the_response_is_sent(self, complaint, pals_officer, step):
        item = step(complaint, pals_officer)
        status = item.status
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_close(item=item, by=pals_officer)
        assert refused.value.code == "wrong_status"
        unchanged(item, status=status, closed_on=None)

    def test_allowed_once_the_response_is_sent(self, complaint, pals_officer):
        item = complaints.complaint_close(
            item=response_sent(complaint, pals_officer), by=pals_officer
        )
        assert (item.status, item.closed_on) == (Status.CLOSED, TODAY)


class TestNoFutureDates:
    def test_acknowledged_tomorrow_is_refused(self, complaint, pals_officer):
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_acknowledge(item=complaint, by=pals_officer, on=TOMORROW)
        assert refused.value.error_dict["on"][0].code == "future"
        unchanged(complaint, status=Status.RECEIVED, acknowledged_on=None)

    def test_acknowledged_today_is_accepted(self, complaint, pals_officer):
        item = complaints.complaint_acknowledge(item=complaint, by=pals_officer, on=TODAY)
        assert item.acknowledged_on == TODAY

    def test_response_sent_tomorrow_is_refused(self, complaint, pals_officer):
        item = signed_off(complaint, pals_officer)
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_send_response(item=item, by=pals_officer, on=TOMORROW)
        assert refused.value.error_dict["on"][0].code == "future"
        unchanged(item, status=Status.AWAITING_SIGN_OFF, response_sent_on=None)

    def test_referred_to_the_phso_tomorrow_is_refused(self, complaint, pals_officer):
        item = response_sent(complaint, pals_officer)
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_refer_to_phso(item=item, by=pals_officer, on=TOMORROW)
        assert refused.value.error_dict["on"][0].code == "future"
        unchanged(item, phso_referred_on=None)


class TestPhsoReferral:
    def test_a_second_referral_is_refused(self, complaint, pals_officer):
        item = response_sent(complaint, pals_officer)
        first = RECENT + timedelta(days=1)
        item = complaints.complaint_refer_to_phso(item=item, by=pals_officer, on=first)
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_refer_to_phso(item=item, by=pals_officer, on=TODAY)
        assert refused.value.code == "phso"
        unchanged(item, phso_referred_on=first)
        assert item.events.filter(action="phso_referred").count() == 1

    @OPEN_STEPS
    def test_refused_while_the_complaint_is_open(self, complaint, pals_officer, step):
        item = step(complaint, pals_officer)
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_refer_to_phso(item=item, by=pals_officer, on=TODAY)
        assert refused.value.code == "wrong_status"
        unchanged(item, phso_referred_on=None)


class TestTwelveMonthLimit:
    """A complaint received exactly 12 months after the event is in time; a day more is late."""

    EVENT = date(2025, 3, 10)

    def test_received_on_the_twelve_month_day_is_not_late(self, pals_officer):
        item = make_item(by=pals_officer, event_on=self.EVENT, received_on=date(2026, 3, 10))
        assert not item.is_late
        item = complaints.complaint_acknowledge(item=item, by=pals_officer, on=item.received_on)
        assert item.status == Status.ACKNOWLEDGED

    def test_received_the_day_after_is_late(self, pals_officer):
        item = make_item(by=pals_officer, event_on=self.EVENT, received_on=date(2026, 3, 11))
        assert item.is_late
        with pytest.raises(ProcessError) as refused:
            complaints.complaint_acknowledge(item=item, by=pals_officer, on=item.received_on)
        assert refused.value.code == "late_undecided"


class TestNhsNumberValidator:
    @pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919"])
    def test_ten_digits_with_the_right_check_digit_pass(self, number):
        validate_nhs_number(number)

    @pytest.mark.parametrize("number", ["94347659190", "943 476 5919 0", "99434765919"])
    def test_more_than_ten_digits_is_refused(self, number):
        with pytest.raises(ValidationError) as refused:
            validate_nhs_number(number)
        assert refused.value.code == "nhs_length"

    # "\uff19" is a full-width nine: a digit to str.isdigit(), not to the NHS.
    @pytest.mark.parametrize(
        "number", ["943476591X", "94347a65919", "943.476.5919", "\uff19434765919"]
    )
    def test_anything_but_digits_is_refused(self, number):
        with pytest.raises(ValidationError) as refused:
            validate_nhs_number(number)
        assert refused.value.code == "nhs_not_digits"


class TestDueSoonHorizon:
    """Due soon means within 5 working days of today (the day itself not counted)."""

    def test_five_working_days_ahead_of_a_thursday_is_the_next_thursday(self):
        assert due_soon_horizon(date(2026, 11, 5), WorkingDayCalendar()) == date(2026, 11, 12)

    def test_christmas_and_new_year_bank_holidays_are_skipped(self):
        # Wednesday 23 December 2026: Christmas Friday, Boxing Day observed Monday 28th,
        # New Year's Day Friday; the fifth working day is Monday 4 January.
        assert due_soon_horizon(date(2026, 12, 23), WorkingDayCalendar()) == date(2027, 1, 4)
