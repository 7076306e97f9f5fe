"""The daily digest: who gets it, on which days, what it lists (and never shows), and that it
goes once per user per working day even when sending fails and is retried.

Dates are around Christmas 2026: Friday 25 December is Christmas Day and Monday 28 December
Boxing Day observed; Saturday 19 December is a weekend day.
"""

import smtplib
from datetime import date

import pytest
from celery.exceptions import Retry
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from careprog.models import ClosureDay
from careprog.roles import Role
from careprog.tests.factories import UserFactory
from careprog.working_days import trust_calendar
from feedback.models import DigestSent, DigestSetting, FeedbackItem
from feedback.models.choices import Kind, Status
from feedback.reminders import (
    ACKNOWLEDGE,
    AWAITING_SIGN_OFF,
    FINDINGS,
    RESPOND,
    SIGN_OFF,
    SIX_MONTH,
    UPDATE,
    build_digests,
)
from feedback.services.reminders import digests_send
from feedback.tasks import send_daily_digests
from feedback.tests.factories import make_item
from feedback.views import reminders as reminder_views

MONDAY = date(2026, 12, 21)  # the next 2 working days: Tuesday 22 and Wednesday 23
SUNDAY = date(2026, 12, 20)
TUESDAY = date(2026, 12, 22)
WEDNESDAY = date(2026, 12, 23)
THURSDAY = date(2026, 12, 24)  # the next 2 working days: Tuesday 29 and Wednesday 30
SATURDAY = date(2026, 12, 19)
CHRISTMAS = date(2026, 12, 25)
BOXING_DAY_OBSERVED = date(2026, 12, 28)

PATIENT = "Edith Crawley"
CONTACT = "Mary Crawley"
NHS_NUMBER = "9434765919"
SUMMARY = "Edith Crawley waited four hours for pain relief"
DESCRIPTION = "Her daughter Mary rang the ward three times"


@pytest.fixture
def handler(db):
    return UserFactory(role=Role.PALS_OFFICER, email="handler@trust.nhs.invalid")


def case(csc, handler, *, status=Status.ACKNOWLEDGED, kind=Kind.COMPLAINT, **dates):
    """A case with a patient's details in every field that could leak, handled by ``handler``."""
    item = make_item(
        kind=kind,
        csc=csc,
        patient_name=PATIENT,
        contact_name=CONTACT,
        nhs_number=NHS_NUMBER,
        summary=SUMMARY,
        description=DESCRIPTION,
    )
    values = {"acknowledge_by": None, "respond_by": None, "next_update_due": None, **dates}
    FeedbackItem.objects.filter(pk=item.pk).update(status=status, case_handler=handler, **values)
    item.refresh_from_db()
    return item


def send(today=MONDAY):
    return digests_send(today=today, calendar=trust_calendar())


def digest_of(user, today=MONDAY):
    digests = build_digests(today=today, calendar=trust_calendar())
    return next(digest for digest in digests if digest.user == user)


def lines(digest):
    return {
        "overdue": [(line.reference, line.what, line.due_on) for line in digest.overdue],
        "today": [(line.reference, line.what, line.due_on) for line in digest.due_today],
        "soon": [(line.reference, line.what, line.due_on) for line in digest.due_soon],
    }


def emails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


@pytest.fixture
def failing_smtp(monkeypatch):
    """Sending fails (to everyone, or to the addresses given) until the fixture is undone."""
    original = EmailBackend.send_messages

    def fail(only=None):
        def send_messages(backend, messages):
            if only is None or any(address in only for m in messages for address in m.to):
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            return original(backend, messages)

        monkeypatch.setattr(EmailBackend, "send_messages", send_messages)

    return fail


class TestWhatIsListed:
    def test_each_kind_of_deadline_in_its_section(self, medicine, handler):
        ack = case(medicine, handler, status=Status.RECEIVED, acknowledge_by=SUNDAY)
        update = case(medicine, handler, next_update_due=MONDAY)
        response = case(medicine, handler, respond_by=WEDNESDAY)
        sign_off = case(medicine, handler, status=Status.AWAITING_SIGN_OFF, respond_by=TUESDAY)
        assert lines(digest_of(handler)) == {
            "overdue": [(ack.reference, ACKNOWLEDGE, SUNDAY)],
            "today": [(update.reference, UPDATE, MONDAY)],
            "soon": [
                (sign_off.reference, AWAITING_SIGN_OFF, TUESDAY),
                (response.reference, RESPOND, WEDNESDAY),
            ],
        }

    def test_once_signed_off_the_handler_is_asked_to_send_it(self, medicine, handler):
        signed = case(
            medicine,
            handler,
            status=Status.AWAITING_SIGN_OFF,
            respond_by=TUESDAY,
            signed_off_at=timezone.now(),
        )
        assert lines(digest_of(handler))["soon"] == [(signed.reference, RESPOND, TUESDAY)]

    def test_a_six_month_letter_due_is_listed_from_the_day_after_six_months(
        self, medicine, handler
    ):
        # Received 22 June 2026: six months on 22 December, the letter due on the 23rd.
        due = case(medicine, handler, received_on=date(2026, 6, 22))
        # A day later: due on Thursday 24th, beyond the next 2 working days from Monday 21st.
        case(medicine, handler, received_on=date(2026, 6, 23))
        assert lines(digest_of(handler))["soon"] == [
            (due.reference, SIX_MONTH, WEDNESDAY),
        ]
        assert lines(digest_of(handler, today=WEDNESDAY))["today"] == [
            (due.reference, SIX_MONTH, WEDNESDAY),
        ]

    def test_the_day_after_the_second_working_day_is_not_listed(self, medicine, handler):
        case(medicine, handler, respond_by=date(2026, 12, 24))
        assert digest_of(handler).is_empty

    def test_the_window_skips_christmas_and_boxing_day_observed(self, medicine, handler):
        last = case(medicine, handler, respond_by=date(2026, 12, 30))
        case(medicine, handler, respond_by=date(2026, 12, 31))
        digest = digest_of(handler, today=THURSDAY)
        assert lines(digest)["soon"] == [(last.reference, RESPOND, date(2026, 12, 30))]

    def test_the_window_skips_a_closure_day(self, medicine, handler):
        ClosureDay.objects.create(date=TUESDAY, reason="Trust closure")
        thursday = case(medicine, handler, respond_by=THURSDAY)
        assert lines(digest_of(handler))["soon"] == [(thursday.reference, RESPOND, THURSDAY)]

    def test_acknowledgement_only_while_received(self, medicine, handler):
        acknowledged = case(medicine, handler, acknowledge_by=MONDAY, respond_by=date(2027, 1, 29))
        assert digest_of(handler).is_empty
        FeedbackItem.objects.filter(pk=acknowledged.pk).update(status=Status.RECEIVED)
        assert lines(digest_of(handler))["today"] == [(acknowledged.reference, ACKNOWLEDGE, MONDAY)]

    @pytest.mark.parametrize("status", [Status.RESPONSE_SENT, Status.CLOSED, Status.WITHDRAWN])
    def test_finished_complaints_are_not_listed(self, medicine, handler, status):
        case(medicine, handler, status=status, respond_by=SUNDAY, next_update_due=MONDAY)
        assert digest_of(handler).is_empty

    def test_other_handlers_cases_are_not_listed(self, medicine, handler):
        case(medicine, UserFactory(role=Role.PALS_OFFICER), respond_by=MONDAY)
        assert digest_of(handler).is_empty

    def test_each_line_has_reference_date_and_link(self, medicine, handler):
        item = case(medicine, handler, respond_by=MONDAY)
        send()
        (email,) = mail.outbox
        assert item.reference in email.body
        assert "due Mon 21 Dec 2026" in email.body
        assert f"{settings.SITE_URL}/feedback/{item.reference_slug}/" in email.body
        assert f"{settings.SITE_URL}/feedback/reminders/" in email.body
        assert email.subject == "Complaints work: 1 due today"

    def test_no_patient_or_contact_details_in_the_email(self, medicine, handler):
        case(medicine, handler, status=Status.RECEIVED, acknowledge_by=SUNDAY)
        case(medicine, handler, next_update_due=MONDAY, respond_by=TUESDAY)
        send()
        (email,) = mail.outbox
        for secret in (
            PATIENT,
            CONTACT,
            "Crawley",
            NHS_NUMBER,
            "943 476 5919",
            SUMMARY,
            DESCRIPTION,
            "pain relief",
            "Medicine",
        ):
            assert secret not in email.subject
            assert secret not in email.body


class TestManagers:
    @pytest.fixture
    def surgery_manager(self, surgery):
        return UserFactory(role=Role.CSC_MANAGER, cscs=[surgery])

    def test_manager_gets_their_cscs_findings_and_sign_offs(
        self, medicine, surgery, handler, medicine_manager, surgery_manager
    ):
        findings = case(medicine, handler, status=Status.UNDER_INVESTIGATION, respond_by=SUNDAY)
        sign_off = case(medicine, handler, status=Status.AWAITING_SIGN_OFF, respond_by=TUESDAY)
        case(medicine, handler, status=Status.ACKNOWLEDGED, respond_by=MONDAY)  # not theirs yet
        case(medicine, handler, status=Status.RESPONSE_DRAFTED, respond_by=MONDAY)
        case(surgery, handler, status=Status.UNDER_INVESTIGATION, respond_by=MONDAY)
        assert lines(digest_of(medicine_manager)) == {
            "overdue": [(findings.reference, FINDINGS, SUNDAY)],
            "today": [],
            "soon": [(sign_off.reference, SIGN_OFF, TUESDAY)],
        }

    def test_a_response_already_signed_off_is_not_theirs_to_sign(
        self, medicine, handler, medicine_manager
    ):
        case(
            medicine,
            handler,
            status=Status.AWAITING_SIGN_OFF,
            respond_by=MONDAY,
            signed_off_at=timezone.now(),
        )
        assert digest_of(medicine_manager).is_empty

    def test_closed_items_in_their_csc_are_not_listed(self, medicine, handler, medicine_manager):
        case(medicine, handler, status=Status.CLOSED, respond_by=MONDAY)
        assert digest_of(medicine_manager).is_empty

    def test_manager_who_also_handles_the_case_gets_one_sign_off_line(
        self, medicine, medicine_manager
    ):
        item = case(medicine, medicine_manager, status=Status.AWAITING_SIGN_OFF, respond_by=MONDAY)
        assert lines(digest_of(medicine_manager))["today"] == [(item.reference, SIGN_OFF, MONDAY)]

    def test_a_pals_officer_is_not_sent_csc_items_as_a_manager(self, medicine, handler):
        case(medicine, UserFactory(), status=Status.UNDER_INVESTIGATION, respond_by=MONDAY)
        assert digest_of(handler).is_empty


class TestWhoAndWhen:
    def test_one_email_per_user_however_many_runs(self, medicine, handler, medicine_manager):
        case(medicine, handler, status=Status.UNDER_INVESTIGATION, respond_by=MONDAY)
        assert send().sent == 2
        assert send().sent == 0
        assert len(emails_to(handler)) == 1
        assert len(emails_to(medicine_manager)) == 1
        assert DigestSent.objects.filter(on=MONDAY, sent_at__isnull=False).count() == 2

    def test_sent_again_the_next_working_day(self, medicine, handler):
        case(medicine, handler, respond_by=SUNDAY)
        send(MONDAY)
        send(TUESDAY)
        assert len(emails_to(handler)) == 2

    def test_nothing_to_list_no_email_and_no_record(self, medicine, handler):
        case(medicine, handler, respond_by=date(2027, 2, 1))
        assert send().sent == 0
        assert mail.outbox == []
        assert not DigestSent.objects.exists()

    @pytest.mark.parametrize("day", [SATURDAY, SUNDAY, CHRISTMAS, BOXING_DAY_OBSERVED], ids=str)
    def test_none_on_a_weekend_or_bank_holiday(self, medicine, handler, day):
        case(medicine, handler, respond_by=SATURDAY)
        assert send(day).sent == 0
        assert mail.outbox == []
        assert not DigestSent.objects.exists()

    def test_none_on_a_closure_day_sent_the_day_after(self, medicine, handler):
        ClosureDay.objects.create(date=MONDAY, reason="Trust closure")
        case(medicine, handler, respond_by=SATURDAY)
        assert send(MONDAY).sent == 0
        assert mail.outbox == []
        assert send(TUESDAY).sent == 1

    def test_digest_turned_off_gets_none(self, medicine, handler):
        DigestSetting.objects.create(user=handler, daily_digest=False)
        case(medicine, handler, respond_by=MONDAY)
        assert send().sent == 0
        assert mail.outbox == []

    def test_digest_turned_back_on_gets_one(self, medicine, handler):
        DigestSetting.objects.create(user=handler, daily_digest=True)
        case(medicine, handler, respond_by=MONDAY)
        assert send().sent == 1

    def test_inactive_user_gets_none(self, medicine, handler):
        case(medicine, handler, respond_by=MONDAY)
        handler.is_active = False
        handler.save()
        assert send().sent == 0

    def test_user_without_email_gets_none(self, medicine, handler):
        case(medicine, handler, respond_by=MONDAY)
        handler.email = ""
        handler.save()
        assert send().sent == 0
        assert mail.outbox == []


class TestFailedSends:
    def test_failure_recorded_then_retry_sends_exactly_once(
        self, medicine, handler, failing_smtp, monkeypatch
    ):
        case(medicine, handler, respond_by=MONDAY)
        failing_smtp()
        run = send()
        assert (run.sent, run.failed) == (0, 1)
        record = DigestSent.objects.get(user=handler, on=MONDAY)
        assert record.sent_at is None
        assert record.attempts == 1
        assert "SMTPServerDisconnected" in record.last_error
        monkeypatch.undo()
        assert send().sent == 1
        assert send().sent == 0
        assert len(mail.outbox) == 1
        record.refresh_from_db()
        assert record.sent_at is not None
        assert (record.attempts, record.last_error) == (2, "")

    def test_retry_sends_only_the_failed_ones(
        self, medicine, handler, medicine_manager, failing_smtp, monkeypatch
    ):
        case(medicine, handler, status=Status.UNDER_INVESTIGATION, respond_by=MONDAY)
        failing_smtp(only={medicine_manager.email})
        run = send()
        assert (run.sent, run.failed) == (1, 1)
        monkeypatch.undo()
        assert send().sent == 1
        assert len(emails_to(handler)) == 1
        assert len(emails_to(medicine_manager)) == 1

    def test_a_sent_record_is_never_sent_again(self, medicine, handler):
        case(medicine, handler, respond_by=MONDAY)
        send()
        DigestSent.objects.filter(user=handler).update(last_error="stale")
        assert send().sent == 0
        assert len(mail.outbox) == 1


class TestTask:
    def test_beat_runs_it_at_8_on_weekdays(self):
        entry = settings.CELERY_BEAT_SCHEDULE["send-daily-digests"]
        assert entry["task"] == "feedback.send_daily_digests"
        assert entry["schedule"] == crontab(hour=8, minute=0, day_of_week="mon-fri")

    def test_task_sends_for_the_day(self, medicine, handler):
        case(medicine, handler, respond_by=MONDAY)
        assert send_daily_digests.apply(kwargs={"on": MONDAY.isoformat()}).get() == 1
        assert len(mail.outbox) == 1

    def test_task_does_nothing_on_a_bank_holiday(self, medicine, handler):
        case(medicine, handler, respond_by=MONDAY)
        assert send_daily_digests.apply(kwargs={"on": CHRISTMAS.isoformat()}).get() == 0
        assert mail.outbox == []

    def test_task_retries_after_a_failure_and_sends_once(
        self, medicine, handler, failing_smtp, monkeypatch
    ):
        case(medicine, handler, respond_by=MONDAY)
        failing_smtp()
        # Run eagerly, the retry Celery would schedule is raised instead.
        with pytest.raises(Retry) as retried:
            send_daily_digests.apply(kwargs={"on": MONDAY.isoformat()})
        assert retried.value.sig.kwargs == {"on": MONDAY.isoformat()}
        assert retried.value.when == 15 * 60
        assert DigestSent.objects.get().attempts == 1
        monkeypatch.undo()
        # The retry sends it; another run that day sends nothing more.
        assert send_daily_digests.apply(kwargs={"on": MONDAY.isoformat()}).get() == 1
        assert send_daily_digests.apply(kwargs={"on": MONDAY.isoformat()}).get() == 0
        assert len(mail.outbox) == 1


class TestQueryCount:
    def test_digests_built_in_a_fixed_number_of_queries(self, medicine, surgery):
        def add_users(count):
            for n in range(count):
                officer = UserFactory(role=Role.PALS_OFFICER)
                manager = UserFactory(role=Role.CSC_MANAGER, cscs=[medicine if n % 2 else surgery])
                csc = medicine if n % 2 else surgery
                case(csc, officer, status=Status.RECEIVED, acknowledge_by=MONDAY)
                case(csc, officer, next_update_due=SUNDAY, respond_by=TUESDAY)
                case(csc, officer, status=Status.UNDER_INVESTIGATION, respond_by=MONDAY)
                case(csc, manager, status=Status.AWAITING_SIGN_OFF, respond_by=MONDAY)

        calendar = trust_calendar()
        add_users(1)  # 2 users
        with CaptureQueriesContext(connection) as few:
            small = build_digests(today=MONDAY, calendar=calendar)
        add_users(2)  # 6 users
        with CaptureQueriesContext(connection) as many:
            large = build_digests(today=MONDAY, calendar=calendar)
        assert len(small) == 2
        assert len(large) == 6
        assert sum(len(d.overdue + d.due_today + d.due_soon) for d in large) > 12
        assert len(many) == len(few) <= 5


class TestSettingPage:
    url = "/feedback/reminders/"

    def test_the_path_is_not_taken_for_a_reference(self):
        assert resolve(self.url).func == reminder_views.digest_setting_page
        assert reverse("feedback:reminders") == self.url

    def test_user_turns_their_digest_off_and_on(self, client, handler):
        client.force_login(handler)
        assert client.get(self.url).status_code == 200
        response = client.post(self.url, {"daily_digest": "no"})
        assert response.status_code == 302
        assert DigestSetting.objects.get(user=handler).daily_digest is False
        client.post(self.url, {"daily_digest": "yes"})
        assert DigestSetting.objects.get(user=handler).daily_digest is True

    def test_a_choice_is_required(self, client, handler):
        client.force_login(handler)
        response = client.post(self.url, {})
        assert response.status_code == 200
        assert "Select whether you want the daily email" in response.text
        assert not DigestSetting.objects.exists()

    def test_only_their_own_setting_changes(self, client, handler, medicine_manager):
        client.force_login(handler)
        # Naming another user in the form changes nothing of theirs.
        client.post(self.url, {"daily_digest": "no", "user": medicine_manager.pk})
        assert DigestSetting.objects.get(user=handler).daily_digest is False
        assert not DigestSetting.objects.filter(user=medicine_manager).exists()

    def test_needs_sign_in(self, client, db):
        response = client.post(self.url, {"daily_digest": "no"})
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert not DigestSetting.objects.exists()

    def test_board_member_refused(self, client, board_member):
        client.force_login(board_member)
        assert client.get(self.url).status_code == 403

    def test_work_queue_links_to_it_saying_on_or_off(self, client, handler):
        client.force_login(handler)
        assert "Email reminders: on" in client.get(reverse("feedback:index")).text
        DigestSetting.objects.create(user=handler, daily_digest=False)
        assert "Email reminders: off" in client.get(reverse("feedback:index")).text
