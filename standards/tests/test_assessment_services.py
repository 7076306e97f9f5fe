"""Starting a period's assessment (and copying the last one forward), and signing it off."""

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback import reference
from feedback.tests.factories import make_item
from standards.models import Assessment, AssessmentLine, Evidence, ImprovementAction, Rating
from standards.services.actions import improvement_action_add, improvement_action_complete
from standards.services.assessments import assessment_sign_off, assessment_start
from standards.services.base import StandardsError
from standards.services.evidence import evidence_add_note, evidence_link_item, evidence_remove
from standards.services.lines import line_rate, line_update
from standards.tests.factories import (
    make_assessment,
    ready_to_sign_off,
    signed_off_assessment,
    this_period,
)


def rated(assessment, rating=Rating.COMPLIANCE, *, by):
    for line in assessment.lines.all():
        line_rate(line=line, rating=rating, by=by, expected_version=None)


class TestStart:
    def test_a_new_assessment_has_a_line_for_every_active_standard_unrated(
        self, medicine, medicine_manager, three_standards
    ):
        retired = three_standards[2]
        retired.active = False
        retired.save()
        assessment = make_assessment(csc=medicine, by=medicine_manager)
        lines = list(assessment.lines.order_by("position"))
        assert [line.standard for line in lines] == three_standards[:2]
        assert {line.rating for line in lines} == {Rating.NOT_ASSESSED}
        assert not any(line.needs_review for line in lines)
        assert assessment.period_start == this_period().start
        assert assessment.period_end == this_period().end
        assert assessment.created_by == medicine_manager

    def test_a_line_keeps_the_wording_and_numbering_the_assessor_saw(
        self, medicine, medicine_manager, three_standards
    ):
        standard = three_standards[0]
        line = make_assessment(csc=medicine, by=medicine_manager).lines.get(standard=standard)
        assert line.standard_text == standard.text
        assert (line.criterion_number, line.numeral) == (1, standard.numeral)
        assert line.criterion_title == standard.criterion.title

    def test_the_current_period_may_be_started_but_not_the_next(
        self, medicine, medicine_manager, three_standards
    ):
        current = this_period()
        assessment_start(csc=medicine, period=current, by=medicine_manager)
        with pytest.raises(StandardsError, match="cannot be started before the period begins"):
            assessment_start(csc=medicine, period=current.next(), by=medicine_manager)
        assert Assessment.objects.count() == 1

    def test_a_period_may_be_started_from_its_first_day_and_not_the_day_before(
        self, medicine, medicine_manager, three_standards
    ):
        period = this_period().previous()  # a real calendar date decides, not today's
        with pytest.raises(StandardsError, match="cannot be started before the period begins"):
            assessment_start(
                csc=medicine,
                period=period,
                by=medicine_manager,
                today=period.start - timedelta(days=1),
            )
        assessment_start(csc=medicine, period=period, by=medicine_manager, today=period.start)
        assert Assessment.objects.get().period_start == period.start

    def test_a_period_is_started_once_per_csc(
        self, medicine, surgery, medicine_manager, three_standards
    ):
        make_assessment(csc=medicine, by=medicine_manager)
        with pytest.raises(StandardsError, match="already been started"):
            make_assessment(csc=medicine, by=medicine_manager)
        make_assessment(csc=surgery, by=medicine_manager)  # another CSC's is its own
        assert Assessment.objects.count() == 2


class TestCopyForward:
    @pytest.fixture
    def earlier(self, medicine, medicine_manager, pals_officer, three_standards, owner):
        """Last period's assessment: rated, owned, evidenced (a linked complaint too), with one
        open and one done action; signed off."""
        earlier = make_assessment(
            csc=medicine, by=medicine_manager, period=this_period().previous()
        )
        first, second, third = earlier.lines.order_by("position")
        line_rate(line=first, rating=Rating.PARTIAL, by=medicine_manager, expected_version=None)
        line_rate(line=second, rating=Rating.COMPLIANCE, by=medicine_manager, expected_version=None)
        line_rate(
            line=third, rating=Rating.COMPLIANCE_PLUS, by=medicine_manager, expected_version=None
        )
        # The first review fell due last period; the second is still to come.
        for line, review_on in ((first, earlier.period_end), (second, this_period().end)):
            line_update(
                line=line,
                by=medicine_manager,
                owner=owner,
                review_on=review_on,
                expected_version=None,
            )
        evidence_add_note(line=second, by=medicine_manager, text="FFT reviewed monthly")
        removed = evidence_add_note(line=second, by=medicine_manager, text="Added by mistake")
        evidence_remove(evidence=removed, by=medicine_manager)
        reference.load()
        complaint = make_item(csc=medicine, received_on=earlier.period_start, by=pals_officer)
        evidence_link_item(line=second, by=medicine_manager, item=complaint)
        for description in ("Install a hearing loop", "Replace leaflets"):
            improvement_action_add(
                line=first,
                by=medicine_manager,
                description=description,
                owner=owner,
                due_on=earlier.period_end,
            )
        done = first.actions.get(description="Replace leaflets")
        improvement_action_complete(action=done, by=medicine_manager, done_on=earlier.period_end)
        return assessment_sign_off(assessment=earlier, by=medicine_manager)

    def test_ratings_and_owners_are_copied_and_marked_for_review(
        self, earlier, medicine, medicine_manager, owner
    ):
        now = make_assessment(csc=medicine, by=medicine_manager)
        first, second, third = now.lines.order_by("position")
        assert now.carried_from == earlier
        assert (first.rating, first.needs_review, first.owner) == (Rating.PARTIAL, True, owner)
        assert (second.rating, second.needs_review, second.owner) == (
            Rating.COMPLIANCE,
            True,
            owner,
        )
        assert (third.rating, third.needs_review) == (Rating.COMPLIANCE_PLUS, True)

    def test_a_review_still_to_come_is_copied_and_one_past_is_not(
        self, earlier, medicine, medicine_manager
    ):
        now = make_assessment(csc=medicine, by=medicine_manager)
        first, second, _ = now.lines.order_by("position")
        assert first.review_on is None  # it fell due last period
        assert second.review_on == this_period().end

    def test_linked_feedback_stays_with_its_period(self, earlier, medicine, medicine_manager):
        now = make_assessment(csc=medicine, by=medicine_manager)
        assert earlier.lines.filter(evidence__kind=Evidence.Kind.ITEM).exists()
        assert not Evidence.objects.filter(line__assessment=now, kind=Evidence.Kind.ITEM).exists()

    def test_the_next_period_waits_for_this_one_to_be_signed_off(
        self, medicine, medicine_manager, three_standards
    ):
        make_assessment(csc=medicine, by=medicine_manager, period=this_period().previous())
        with pytest.raises(StandardsError, match=r"Sign off Medicine's .* before starting"):
            make_assessment(csc=medicine, by=medicine_manager)
        assert Assessment.objects.count() == 1

    def test_current_evidence_is_copied_and_removed_evidence_is_not(
        self, earlier, medicine, medicine_manager
    ):
        now = make_assessment(csc=medicine, by=medicine_manager)
        second = now.lines.order_by("position")[1]
        copied = list(second.evidence.current())
        assert [e.text for e in copied] == ["FFT reviewed monthly"]
        assert copied[0].carried_from.line.assessment == earlier

    def test_open_actions_are_carried_and_done_ones_stay_behind(
        self, earlier, medicine, medicine_manager
    ):
        now = make_assessment(csc=medicine, by=medicine_manager)
        first = now.lines.order_by("position")[0]
        carried = list(first.actions.all())
        assert [a.description for a in carried] == ["Install a hearing loop"]
        original = carried[0].carried_from
        assert original.line.assessment == earlier
        # The earlier one is no longer open: its copy is the one to work on.
        assert not ImprovementAction.objects.open().filter(pk=original.pk).exists()
        assert ImprovementAction.objects.open().filter(pk=carried[0].pk).exists()

    def test_copies_come_from_the_latest_earlier_assessment(
        self, earlier, medicine, medicine_manager, owner
    ):
        older = signed_off_assessment(
            csc=medicine,
            by=medicine_manager,
            owner=owner,
            period=this_period().previous().previous(),
        )
        now = make_assessment(csc=medicine, by=medicine_manager)
        assert now.carried_from == earlier != older

    def test_nothing_is_copied_from_another_csc(self, earlier, surgery, medicine_manager):
        other = make_assessment(csc=surgery, by=medicine_manager)
        assert other.carried_from is None
        assert not Evidence.objects.filter(line__assessment=other).exists()
        assert set(other.lines.values_list("rating", flat=True)) == {Rating.NOT_ASSESSED}


class TestSignOff:
    def test_a_complete_assessment_is_signed_off_by_its_manager(
        self, assessment, medicine_manager, owner
    ):
        ready_to_sign_off(assessment, by=medicine_manager, owner=owner)
        signed = assessment_sign_off(assessment=assessment, by=medicine_manager)
        assert signed.is_signed_off
        assert signed.signed_off_by == medicine_manager
        assert timezone.now() - signed.signed_off_at < timedelta(minutes=1)

    def test_refused_while_a_standard_is_not_rated(self, assessment, medicine_manager, owner):
        ready_to_sign_off(assessment, by=medicine_manager, owner=owner)
        last = assessment.lines.order_by("pk").last()
        line_rate(line=last, rating=Rating.NOT_ASSESSED, by=medicine_manager, expected_version=None)
        with pytest.raises(StandardsError, match=rf"1 standard not yet rated: {last.code}"):
            assessment_sign_off(assessment=assessment, by=medicine_manager)
        assessment.refresh_from_db()
        assert not assessment.is_signed_off

    def test_refused_while_a_carried_rating_is_unconfirmed(
        self, medicine, medicine_manager, owner, three_standards
    ):
        earlier = make_assessment(
            csc=medicine, by=medicine_manager, period=this_period().previous()
        )
        rated(earlier, by=medicine_manager)
        assessment_sign_off(assessment=earlier, by=medicine_manager)
        now = make_assessment(csc=medicine, by=medicine_manager)
        lines = list(now.lines.order_by("pk"))
        for line in lines[1:]:
            line_rate(line=line, rating=line.rating, by=medicine_manager, expected_version=None)
        with pytest.raises(StandardsError, match=rf"not yet confirmed or changed: {lines[0].code}"):
            assessment_sign_off(assessment=now, by=medicine_manager)
        line_rate(
            line=lines[0], rating=Rating.COMPLIANCE, by=medicine_manager, expected_version=None
        )
        assert assessment_sign_off(assessment=now, by=medicine_manager).is_signed_off

    @pytest.mark.parametrize("rating", [Rating.PARTIAL, Rating.NON_COMPLIANCE])
    def test_refused_while_a_standard_below_compliance_has_no_open_action(
        self, assessment, medicine_manager, owner, rating
    ):
        rated(assessment, by=medicine_manager)
        line = assessment.lines.order_by("pk").first()
        line_rate(line=line, rating=rating, by=medicine_manager, expected_version=None)
        with pytest.raises(StandardsError, match="below Compliance with no open improvement"):
            assessment_sign_off(assessment=assessment, by=medicine_manager)
        action = improvement_action_add(
            line=line,
            by=medicine_manager,
            description="Fix",
            owner=owner,
            due_on=timezone.localdate(),
        )
        improvement_action_complete(
            action=action, by=medicine_manager, done_on=timezone.localdate()
        )
        # A done action no longer plans anything: still refused.
        with pytest.raises(StandardsError, match="below Compliance with no open improvement"):
            assessment_sign_off(assessment=assessment, by=medicine_manager)

    def test_compliance_needs_no_action(self, assessment, medicine_manager):
        rated(assessment, Rating.COMPLIANCE_PLUS, by=medicine_manager)
        assert assessment_sign_off(assessment=assessment, by=medicine_manager).is_signed_off

    def test_a_signed_off_assessment_cannot_be_signed_off_again(
        self, assessment, medicine_manager, administrator
    ):
        rated(assessment, by=medicine_manager)
        assessment_sign_off(assessment=assessment, by=medicine_manager)
        with pytest.raises(StandardsError, match="signed off by"):
            assessment_sign_off(assessment=assessment, by=administrator)
        assessment.refresh_from_db()
        assert assessment.signed_off_by == medicine_manager

    def test_a_retired_standard_does_not_hold_up_sign_off(
        self, assessment, medicine_manager, three_standards
    ):
        for line in assessment.lines.exclude(standard=three_standards[0]):
            line_rate(
                line=line, rating=Rating.COMPLIANCE, by=medicine_manager, expected_version=None
            )
        standard = three_standards[0]
        standard.active = False
        standard.save()
        assert assessment_sign_off(assessment=assessment, by=medicine_manager).is_signed_off


class TestSignedOffIsReadOnly:
    @pytest.fixture
    def signed(self, assessment, medicine_manager, owner):
        ready_to_sign_off(assessment, by=medicine_manager, owner=owner)
        return assessment_sign_off(assessment=assessment, by=medicine_manager)

    def line(self, signed):
        return signed.lines.order_by("pk").first()

    def test_ratings_cannot_change(self, signed, medicine_manager):
        line = self.line(signed)
        with pytest.raises(StandardsError, match=r"signed off by .* it can no longer be changed"):
            line_rate(
                line=line, rating=Rating.COMPLIANCE, by=medicine_manager, expected_version=None
            )
        line.refresh_from_db()
        assert line.rating == Rating.PARTIAL

    def test_owner_and_review_date_cannot_change(self, signed, medicine_manager):
        line = self.line(signed)
        with pytest.raises(StandardsError, match="can no longer be changed"):
            line_update(
                line=line,
                by=medicine_manager,
                owner=None,
                review_on=signed.period_end,
                expected_version=None,
            )
        assert AssessmentLine.objects.get(pk=line.pk).review_on is None

    def test_evidence_and_actions_cannot_be_added_or_removed(self, signed, medicine_manager, owner):
        line = self.line(signed)
        with pytest.raises(StandardsError, match="can no longer be changed"):
            evidence_add_note(line=line, by=medicine_manager, text="Late evidence")
        with pytest.raises(StandardsError, match="can no longer be changed"):
            improvement_action_add(
                line=line,
                by=medicine_manager,
                description="X",
                owner=owner,
                due_on=timezone.localdate(),
            )
        assert not Evidence.objects.filter(line=line).exists()
        assert line.actions.count() == 1

    def test_an_open_action_can_still_be_marked_done(self, signed, medicine_manager):
        action = self.line(signed).actions.get()
        done = improvement_action_complete(
            action=action, by=medicine_manager, done_on=timezone.localdate()
        )
        assert done.done_on == timezone.localdate()

    def test_signed_off_history_is_kept(self, signed, medicine_manager):
        record = signed.history.order_by("-history_date").first()
        assert record.status == Assessment.Status.SIGNED_OFF
        assert record.history_user == medicine_manager
