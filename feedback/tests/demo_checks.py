"""The demo register: every kind and complaint status, live deadlines, valid NHS numbers, two
years of history for the board pack's charts, and a second load that changes nothing. Run from
tests/test_demo_data.py."""

from datetime import timedelta
from io import StringIO

from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.db.models import F, Min
from django.test import override_settings
from django.utils import timezone

from careprog.models import Department
from careprog.validators import validate_nhs_number
from feedback.demo import register as demo
from feedback.models import DeadlineChange, FeedbackEvent, FeedbackItem, LearningAction
from feedback.models.choices import Kind, Status
from feedback.models.items import LONG_RUNNING_LIMIT
from feedback.services.deadlines import due_soon_horizon

COMPLAINT_STATUSES = {
    Status.RECEIVED,
    Status.ACKNOWLEDGED,
    Status.UNDER_INVESTIGATION,
    Status.RESPONSE_DRAFTED,
    Status.AWAITING_SIGN_OFF,
    Status.RESPONSE_SENT,
    Status.CLOSED,
    Status.WITHDRAWN,
}


def load_demo() -> str:
    """What `make run` does: reference data, then the demo data of every app."""
    output = StringIO()
    call_command("load_reference_data", stdout=StringIO())
    with override_settings(DEBUG=True):
        call_command("load_demo_data", stdout=output)
    return output.getvalue()


def snapshot() -> dict:
    return {
        "items": FeedbackItem.objects.count(),
        "events": FeedbackEvent.objects.count(),
        "deadline changes": DeadlineChange.objects.count(),
        "learning": LearningAction.objects.count(),
        "history": FeedbackItem.history.count(),
    }


class FeedbackDemoChecks:
    """Checks of the demo register, run by tests/test_demo_data.py on the one demo it loads for
    every app (loading takes seconds, so it is loaded once)."""

    def setUp(self):
        self.today = timezone.localdate()
        self.items = FeedbackItem.objects.all()

    def test_a_realistic_number_of_every_kind(self):
        counts = {kind: self.items.of_kind(kind).count() for kind in Kind}
        total = sum(counts.values())
        assert 800 <= total <= 1200  # two years at about 40 items a month
        assert 0.25 < counts[Kind.COMPLAINT] / total < 0.35
        assert 0.4 < counts[Kind.PALS] / total < 0.5
        assert 0.15 < counts[Kind.COMPLIMENT] / total < 0.25
        assert 0.03 < counts[Kind.COMMENT] / total < 0.07
        assert f"Feedback demo data: {total} items: {counts[Kind.COMPLAINT]} complaints" in (
            self.output
        )

    def test_every_csc_has_feedback_about_its_own_departments(self):
        assert self.items.order_by().values("csc").distinct().count() == 9
        assert not self.items.filter(department__isnull=True).exists()
        assert not self.items.exclude(department__csc=F("csc")).exists()

    def test_every_complaint_status_is_present(self):
        statuses = set(self.items.complaints().values_list("status", flat=True))
        assert statuses == COMPLAINT_STATUSES

    def test_complaints_are_overdue_and_due_soon_whatever_the_date(self):
        horizon = due_soon_horizon(self.today)
        assert self.items.response_overdue(self.today).count() >= 3
        assert self.items.acknowledgement_overdue(self.today).count() >= 2
        assert self.items.due_soon(self.today, horizon).count() >= 3
        assert self.items.open_longer_than(self.today - LONG_RUNNING_LIMIT).exists()

    def test_older_complaints_are_mostly_finished_and_recent_ones_open(self):
        complaints = self.items.complaints()
        older = complaints.filter(received_on__lt=self.today - timedelta(days=180))
        assert older.open_complaints().count() <= older.count() * 0.1
        recent = complaints.filter(received_on__gte=self.today - timedelta(days=30))
        assert recent.open_complaints().count() >= recent.count() * 0.8

    def test_the_history_fills_the_board_packs_two_years_of_months(self):
        """Every month a pack's charts show has feedback, the first of them a whole month (a
        part month would look like a dip on the chart)."""
        this_month = self.today.replace(day=1)
        first = this_month - relativedelta(months=demo.MONTHS_OF_HISTORY)
        assert demo.MONTHS_OF_HISTORY >= 24  # the months a pack's charts show
        wanted = {first + relativedelta(months=n) for n in range(demo.MONTHS_OF_HISTORY)}
        received = self.items.filter(received_on__lt=this_month).values_list(
            "received_on", flat=True
        )
        assert {day.replace(day=1) for day in received} == wanted
        earliest = self.items.aggregate(earliest=Min("received_on"))["earliest"]
        assert first <= earliest <= first + timedelta(days=7)

    def test_reopenings_are_spread_over_the_history_and_make_sense(self):
        events = FeedbackEvent.objects.filter(action="reopened").select_related("item")
        reopened_on = {event.pk: timezone.localtime(event.at).date() for event in events}
        assert len(events) >= demo.MONTHS_OF_HISTORY  # about one to three a month
        assert len({day.replace(day=1) for day in reopened_on.values()}) >= 6
        for event in events:
            item, day = event.item, reopened_on[event.pk]
            assert event.at <= timezone.now()
            assert item.received_on < day
            # The new response date, agreed when it was reopened, is after the reopening.
            change = item.deadline_changes.get(reason__startswith="Reopened")
            assert change.changed_at == event.at
            assert change.new_date > day
            # What happened before the reopening comes before it in the timeline.
            assert not item.events.filter(pk__lt=event.pk, at__gt=event.at).exists()
        reopened = self.items.complaints().filter(reopened_count__gt=0)
        answered_again = reopened.filter(status__in=[Status.RESPONSE_SENT, Status.CLOSED])
        assert answered_again.exists()
        assert reopened.filter(
            status=Status.UNDER_INVESTIGATION, respond_by__gte=self.today
        ).exists()
        for item in answered_again:
            assert item.response_sent_on > reopened_on[item.events.get(action="reopened").pk]

    def test_managers_record_findings_for_complaints_past_the_investigation(self):
        answered = self.items.complaints().filter(
            status__in=[Status.RESPONSE_DRAFTED, Status.AWAITING_SIGN_OFF, Status.RESPONSE_SENT]
        )
        assert answered.exists()
        assert not answered.filter(investigation_findings="").exists()
        findings = FeedbackEvent.objects.filter(action="findings", item__in=answered)
        assert findings.filter(by__managed_cscs__isnull=False).exists()

    def test_the_rest_of_the_complaints_process_is_shown(self):
        complaints = self.items.complaints()
        assert complaints.filter(reopened_count__gt=0).exists()
        assert complaints.exclude(phso_outcome="").filter(phso_referred_on__isnull=False).exists()
        assert complaints.filter(late_decision="accepted").exists()
        assert set(complaints.exclude(outcome="").values_list("outcome", flat=True)) == {
            "upheld",
            "partially_upheld",
            "not_upheld",
        }
        assert DeadlineChange.objects.exclude(reason="").exists()
        assert LearningAction.objects.outstanding().exists()
        assert LearningAction.objects.filter(done_on__isnull=False).exists()

    def test_pals_compliments_and_comments_move_through_their_services(self):
        pals = self.items.of_kind(Kind.PALS)
        assert {Status.OPEN, Status.RESOLVED, Status.ESCALATED} <= set(
            pals.values_list("status", flat=True)
        )
        escalated = pals.filter(status=Status.ESCALATED)
        assert (
            escalated.count()
            == self.items.complaints().filter(escalated_from__isnull=False).count()
        )
        compliments = self.items.of_kind(Kind.COMPLIMENT)
        assert compliments.filter(status=Status.SHARED).exists()
        assert not compliments.filter(staff_named__isnull=True).exists()
        comments = self.items.of_kind(Kind.COMMENT)
        assert comments.filter(status=Status.CLOSED).exists()

    def test_every_nhs_number_is_valid_and_from_the_range_never_issued(self):
        numbers = list(self.items.exclude(nhs_number="").values_list("nhs_number", flat=True))
        assert len(numbers) > 300
        for number in numbers:
            validate_nhs_number(number)
            assert number.startswith("999")

    def test_loading_again_changes_nothing(self):
        before = snapshot()
        output = load_demo()
        assert snapshot() == before
        assert "none added" in output

    def test_the_same_day_plans_the_same_register(self):
        def plan():
            return [
                (a.received_on, a.kind, a.details.get("summary"), a.details.get("nhs_number"))
                for a in demo.DemoRegister(self.today).arrivals()
            ]

        assert plan() == plan()

    def test_every_department_has_a_template_of_every_kind(self):
        for department in Department.objects.select_related("csc"):
            for kind, templates in demo.TEMPLATES.items():
                assert any(demo.fits(t, department.csc, department) for t in templates), (
                    kind,
                    department,
                )
