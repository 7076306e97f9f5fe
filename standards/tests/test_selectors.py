"""What the checklist, matrix and overdue list say, computed by the selectors."""

from datetime import timedelta

import pytest
from django.urls import reverse

from careprog.models import ClinicalServiceCentre
from careprog.tests.factories import ClinicalServiceCentreFactory
from feedback import reference
from feedback.models.choices import Kind
from feedback.tests.factories import make_item
from standards.models import Rating
from standards.selectors import checklist_for, overdue_work, standards_matrix
from standards.services.actions import improvement_action_add
from standards.services.assessments import assessment_sign_off
from standards.services.evidence import evidence_add_note
from standards.services.lines import line_rate, line_update
from standards.tests.factories import make_assessment, this_period


def rate(line, rating, by):
    return line_rate(line=line, rating=rating, by=by, expected_version=None)


class TestChecklist:
    def test_each_standard_says_what_it_still_needs(self, assessment, medicine_manager, owner):
        first, second, third = assessment.lines.order_by("pk")
        rate(first, Rating.COMPLIANCE, medicine_manager)  # met, no evidence yet
        rate(second, Rating.PARTIAL, medicine_manager)  # below, no action yet
        today = assessment.period_start + timedelta(days=20)
        checklist = checklist_for(assessment, today=today)
        rows = {row.line.pk: row for row in checklist.rows}
        assert rows[first.pk].needs_evidence
        assert not rows[first.pk].needs_rating
        assert rows[second.pk].needs_action
        assert not rows[second.pk].needs_evidence
        assert rows[third.pk].needs_rating
        assert (checklist.total, checklist.rated, checklist.met) == (3, 2, 1)

        evidence_add_note(line=first, by=medicine_manager, text="FFT")
        improvement_action_add(
            line=second, by=medicine_manager, description="Fix", owner=owner, due_on=today
        )
        rows = {row.line.pk: row for row in checklist_for(assessment, today=today).rows}
        assert not rows[first.pk].needs_evidence
        assert not rows[second.pk].needs_action
        assert not rows[second.pk].action_overdue  # due today is not overdue
        rows = {
            row.line.pk: row
            for row in checklist_for(assessment, today=today + timedelta(days=1)).rows
        }
        assert rows[second.pk].action_overdue

    def test_a_review_is_overdue_the_day_after_its_date(self, assessment, medicine_manager):
        line = assessment.lines.first()
        review_on = assessment.period_start + timedelta(days=10)
        line_update(
            line=line, by=medicine_manager, owner=None, review_on=review_on, expected_version=None
        )
        on_the_day = checklist_for(assessment, today=review_on).rows[0]
        day_after = checklist_for(assessment, today=review_on + timedelta(days=1)).rows[0]
        assert not on_the_day.review_overdue
        assert day_after.review_overdue

    def test_lines_are_grouped_by_criterion_in_order(self, medicine, medicine_manager):
        from standards.tests.factories import few_standards

        few_standards(2, criterion_number=2)
        few_standards(1, criterion_number=1)
        assessment = make_assessment(csc=medicine, by=medicine_manager)
        groups = checklist_for(assessment, today=assessment.period_start).groups
        assert [(g.number, g.total) for g in groups] == [(1, 1), (2, 2)]


class TestTaggedFeedback:
    def test_counts_are_this_cscs_items_of_the_period_and_match_the_register(
        self, client, assessment, medicine, surgery, pals_officer, three_standards
    ):
        reference.load()
        standard = three_standards[0]
        inside = assessment.period_start
        before = assessment.period_start - timedelta(days=1)
        make_item(csc=medicine, received_on=inside, standards=[standard], by=pals_officer)
        make_item(
            csc=medicine,
            kind=Kind.COMPLIMENT,
            received_on=inside,
            standards=[standard, three_standards[1]],
            by=pals_officer,
        )
        make_item(csc=medicine, kind=Kind.PALS, received_on=inside, standards=[standard])
        make_item(csc=medicine, received_on=before, standards=[standard], by=pals_officer)
        make_item(csc=surgery, received_on=inside, standards=[standard], by=pals_officer)

        checklist = checklist_for(assessment, today=inside)
        row = next(r for r in checklist.rows if r.line.standard == standard)
        complaints, compliments = row.tagged
        assert (complaints.count, compliments.count) == (1, 1)

        client.force_login(pals_officer)
        for tagged in row.tagged:
            page = client.get(tagged.url)
            assert page.context["page"].count == tagged.count
            assert tagged.url.startswith(reverse("feedback:list"))


def sign_off_with(assessment, ratings, *, by, owner):
    """Rate the lines in order, give an action to each below Compliance, and sign off."""
    for line, rating in zip(assessment.lines.order_by("pk"), ratings, strict=True):
        line = rate(line, rating, by)
        if line.is_below:
            improvement_action_add(
                line=line, by=by, description="Fix", owner=owner, due_on=assessment.period_end
            )
    return assessment_sign_off(assessment=assessment, by=by)


def cscs(*centres):
    return ClinicalServiceCentre.objects.filter(pk__in=[c.pk for c in centres])


class TestMatrix:
    @pytest.fixture
    def last_period(self, medicine, medicine_manager, owner, three_standards):
        """Medicine's last period: 1 of 3 met, signed off."""
        made = make_assessment(csc=medicine, by=medicine_manager, period=this_period().previous())
        ratings = [Rating.COMPLIANCE, Rating.PARTIAL, Rating.NON_COMPLIANCE]
        return sign_off_with(made, ratings, by=medicine_manager, owner=owner)

    def test_each_cell_is_the_share_at_compliance_or_better_with_the_change(
        self, last_period, medicine, surgery, medicine_manager
    ):
        current = make_assessment(csc=medicine, by=medicine_manager)
        ratings = [Rating.COMPLIANCE_PLUS, Rating.COMPLIANCE, Rating.NON_COMPLIANCE]
        for line, rating in zip(current.lines.order_by("pk"), ratings, strict=True):
            rate(line, rating, medicine_manager)

        matrix = standards_matrix(this_period(), visible=cscs(medicine, surgery))
        medicine_row, surgery_row = matrix.rows
        cell = medicine_row.cells[0]
        assert (cell.met, cell.total, cell.share) == (2, 3, 67)
        assert (cell.previous_met, cell.previous_total, cell.previous_share) == (1, 3, 33)
        assert cell.change == 34
        assert medicine_row.assessment == current
        assert surgery_row.assessment is None
        assert surgery_row.cells[0].share is None
        assert len(medicine_row.cells) == 1  # one criterion in this framework
        assert (matrix.trust.overall.met, matrix.trust.overall.total) == (2, 3)
        assert matrix.previous_period == this_period().previous()

    def test_a_rating_carried_forward_counts_once_it_is_confirmed(
        self, last_period, medicine, medicine_manager
    ):
        current = make_assessment(csc=medicine, by=medicine_manager)
        cell = standards_matrix(this_period()).rows[0].cells[0]
        assert (cell.met, cell.total) == (0, 3)
        met = current.lines.get(rating=Rating.COMPLIANCE)
        rate(met, Rating.COMPLIANCE, medicine_manager)  # confirmed
        cell = standards_matrix(this_period()).rows[0].cells[0]
        assert (cell.met, cell.total) == (1, 3)

    def test_retired_standards_do_not_count(
        self, assessment, medicine, medicine_manager, three_standards
    ):
        for line in assessment.lines.all():
            rate(line, Rating.COMPLIANCE, medicine_manager)
        three_standards[0].active = False
        three_standards[0].save()
        cell = standards_matrix(this_period(), visible=cscs(medicine)).rows[0].cells[0]
        assert (cell.met, cell.total) == (2, 2)

    def test_active_cscs_are_rows_and_so_is_one_closed_since_it_was_assessed(
        self, medicine_manager, three_standards
    ):
        ClinicalServiceCentreFactory(code="a", name="A centre")
        ClinicalServiceCentreFactory(code="b", name="B centre", active=False)
        closed = ClinicalServiceCentreFactory(code="c", name="C centre")
        make_assessment(csc=closed, by=medicine_manager)
        closed.active = False
        closed.save()
        names = [row.csc.name for row in standards_matrix(this_period()).rows]
        assert names == ["A centre", "C centre", "Medicine"]

    def test_the_whole_trust_row_counts_every_csc_whatever_the_reader_sees(
        self, last_period, medicine, surgery, medicine_manager
    ):
        for assessment in (
            make_assessment(csc=medicine, by=medicine_manager),
            make_assessment(csc=surgery, by=medicine_manager),
        ):
            for line in assessment.lines.all():
                rate(line, Rating.COMPLIANCE, medicine_manager)
        matrix = standards_matrix(this_period(), visible=cscs(medicine))
        assert [row.csc for row in matrix.rows] == [medicine]
        assert (matrix.trust.overall.met, matrix.trust.overall.total) == (6, 6)

    def test_the_trust_change_is_shown_only_for_the_same_cscs_in_both_periods(
        self, last_period, medicine, surgery, medicine_manager
    ):
        current = make_assessment(csc=medicine, by=medicine_manager)
        for line in current.lines.all():
            rate(line, Rating.COMPLIANCE, medicine_manager)
        assert standards_matrix(this_period()).trust.overall.change == 100 - 33
        make_assessment(csc=surgery, by=medicine_manager)  # assessed now, not last period
        assert standards_matrix(this_period()).trust.overall.change is None

    def test_shares_round_halves_up_and_colour_follows_the_unrounded_share(self):
        from standards.presenters import share_band
        from standards.selectors import MatrixCell

        assert MatrixCell("criterion 3", total=8, met=5).share == 63
        assert MatrixCell("criterion 3", total=8, met=3).share == 38
        nearly = MatrixCell("all standards", total=200, met=179)
        assert nearly.share == 90
        assert share_band(nearly.exact_share).colour == "aqua-green"


class TestOverdueWork:
    def test_reviews_count_only_in_each_cscs_latest_assessment(
        self, medicine, medicine_manager, pals_officer, owner, three_standards
    ):
        earlier = make_assessment(
            csc=medicine, by=medicine_manager, period=this_period().previous()
        )
        line_update(
            line=earlier.lines.first(),
            by=medicine_manager,
            owner=None,
            review_on=earlier.period_start,
            expected_version=None,
        )
        sign_off_with(earlier, [Rating.COMPLIANCE] * 3, by=medicine_manager, owner=owner)
        today = this_period().start + timedelta(days=1)
        assert overdue_work(pals_officer, today=today).reviews_count == 1
        make_assessment(csc=medicine, by=medicine_manager)
        # The new period has started: last period's review date has gone with it.
        assert overdue_work(pals_officer, today=today).reviews_count == 0

    @pytest.mark.parametrize(("offset", "overdue"), [(0, False), (1, True)])
    def test_a_review_is_overdue_from_the_day_after_its_date(
        self, assessment, medicine_manager, pals_officer, offset, overdue
    ):
        review_on = assessment.period_start
        line_update(
            line=assessment.lines.first(),
            by=medicine_manager,
            owner=None,
            review_on=review_on,
            expected_version=None,
        )
        work = overdue_work(pals_officer, today=review_on + timedelta(days=offset))
        assert (work.reviews_count == 1) is overdue

    @pytest.mark.parametrize(("offset", "overdue"), [(0, False), (1, True)])
    def test_an_action_is_overdue_after_its_due_date(
        self, assessment, medicine_manager, owner, pals_officer, offset, overdue
    ):
        due = assessment.period_start
        improvement_action_add(
            line=assessment.lines.first(),
            by=medicine_manager,
            description="Fix",
            owner=owner,
            due_on=due,
        )
        work = overdue_work(pals_officer, today=due + timedelta(days=offset))
        assert (work.actions_count == 1) is overdue

    def test_one_csc_can_be_chosen(
        self, assessment, surgery, medicine, medicine_manager, owner, pals_officer
    ):
        elsewhere = make_assessment(csc=surgery, by=medicine_manager)
        due = assessment.period_start
        for made in (assessment, elsewhere):
            improvement_action_add(
                line=made.lines.first(),
                by=medicine_manager,
                description="Fix",
                owner=owner,
                due_on=due,
            )
        later = due + timedelta(days=1)
        assert overdue_work(pals_officer, today=later).actions_count == 2
        chosen = overdue_work(pals_officer, today=later, csc=surgery)
        assert [a.line.assessment.csc for a in chosen.actions] == [surgery]


class TestStandardPageData:
    def test_an_open_action_is_marked_overdue_from_the_day_after_it_is_due(
        self, assessment, medicine_manager, owner
    ):
        from standards.selectors import line_page_data

        line = assessment.lines.first()
        due = assessment.period_start
        improvement_action_add(
            line=line, by=medicine_manager, description="Fix", owner=owner, due_on=due
        )
        on_the_day = line_page_data(line, today=due).actions[0]
        day_after = line_page_data(line, today=due + timedelta(days=1)).actions[0]
        assert (on_the_day.overdue, day_after.overdue) == (False, True)
