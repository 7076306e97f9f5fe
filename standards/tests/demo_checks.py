"""The demo checklists: every CSC over the last four periods at different stages, with evidence,
linked feedback and overdue actions, and a second load that changes nothing. Run from
tests/test_demo_data.py."""

from django.db.models import Count
from django.utils import timezone

from careprog.models import ClinicalServiceCentre
from feedback.tests.demo_checks import load_demo
from standards.demo.checklists import IN_PROGRESS, NOT_STARTED, PERIODS
from standards.models import Assessment, AssessmentLine, Evidence, ImprovementAction, Rating


class StandardsDemoChecks:
    """Checks of the demo checklists, run by tests/test_demo_data.py on the one demo it loads
    for every app. ``current`` is the current period."""

    def test_every_csc_has_the_last_four_periods_but_surgery_has_not_started_this_one(self):
        per_csc = dict(
            Assessment.objects.values_list("csc__code").annotate(n=Count("pk")).order_by()
        )
        codes = set(ClinicalServiceCentre.objects.values_list("code", flat=True))
        assert set(per_csc) == codes
        assert per_csc.pop(NOT_STARTED) == PERIODS - 1
        assert set(per_csc.values()) == {PERIODS}
        assert not Assessment.objects.filter(
            csc__code=NOT_STARTED, period_start=self.current.start
        ).exists()

    def test_past_periods_are_signed_off_and_one_checklist_is_in_progress(self):
        in_progress = Assessment.objects.in_progress()
        assert [(a.csc.code, a.period_start) for a in in_progress] == [
            (IN_PROGRESS, self.current.start)
        ]
        assert Assessment.objects.filter(period_start__lt=self.current.start).signed_off().count()
        left = in_progress.get().lines.filter(needs_review=True).count()
        assert left > 0  # ratings still to confirm, for the demo manager to do

    def test_each_period_copies_the_one_before_but_the_first(self):
        for assessment in Assessment.objects.select_related("carried_from"):
            earlier = assessment.carried_from
            if earlier is None:
                # Only a CSC's first assessment starts from nothing.
                assert not Assessment.objects.filter(
                    csc=assessment.csc, period_start__lt=assessment.period_start
                ).exists()
            else:
                assert earlier.csc_id == assessment.csc_id
                assert earlier.period_end < assessment.period_start

    def test_there_is_evidence_of_every_kind(self):
        kinds = set(Evidence.objects.current().values_list("kind", flat=True))
        assert kinds == set(Evidence.Kind.values)

    def test_linked_items_belong_to_their_csc_and_period(self):
        for evidence in Evidence.objects.filter(
            kind=Evidence.Kind.ITEM, carried_from=None
        ).select_related("item", "line__assessment"):
            assessment = evidence.line.assessment
            assert evidence.item.csc_id == assessment.csc_id
            assert assessment.period_start <= evidence.item.received_on <= assessment.period_end

    def test_some_actions_are_overdue_and_some_are_done(self):
        today = timezone.localdate()
        assert ImprovementAction.objects.overdue(today).exists()
        assert ImprovementAction.objects.exclude(done_on=None).exists()

    def test_every_signed_off_standard_below_compliance_had_an_open_action(self):
        below = AssessmentLine.objects.filter(
            assessment__status=Assessment.Status.SIGNED_OFF,
            rating__in=[Rating.PARTIAL, Rating.NON_COMPLIANCE],
        )
        assert below.exists()
        assert not below.filter(actions=None).exists()

    def test_a_second_load_changes_nothing(self):
        counts = (
            Assessment.objects.count(),
            Evidence.objects.count(),
            AssessmentLine.history.count(),
        )
        output = load_demo()
        assert "assessments already exist" in output
        assert counts == (
            Assessment.objects.count(),
            Evidence.objects.count(),
            AssessmentLine.history.count(),
        )
