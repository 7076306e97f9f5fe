"""What a month's pack shows beyond the measures: themes, "you said, we did", recognition, and
the charts' months."""

from datetime import date

from feedback.models import Subject
from feedback.services.learning import learning_action_add, learning_action_complete
from feedback.tests.factories import make_item
from reports.content import learning_done, measure_views, pack_content, themes
from reports.figures import monthly_figures
from reports.measures import MEASURES

OCTOBER = date(2026, 10, 1)


def subject(name: str) -> Subject:
    return Subject.objects.get_or_create(name=name)[0]


def complaint_about(csc, received_on, *subjects):
    return make_item(csc=csc, received_on=received_on, subjects=list(subjects))


class TestThemes:
    def test_this_months_subjects_most_frequent_first_against_the_three_months_before(
        self, medicine, surgery
    ):
        talk, waits, food = subject("Communications"), subject("Waiting times"), subject("Food")
        for _ in range(3):
            complaint_about(medicine, date(2026, 10, 5), talk)
        complaint_about(surgery, date(2026, 10, 6), waits, talk)  # counts under each
        complaint_about(medicine, date(2026, 9, 6), waits)
        complaint_about(medicine, date(2026, 8, 6), waits)
        complaint_about(medicine, date(2026, 7, 6), waits)
        complaint_about(medicine, date(2026, 6, 30), waits)  # four months before: not counted
        complaint_about(medicine, date(2026, 9, 6), food)  # none this month: not a theme
        rows = themes(OCTOBER)
        assert [(t.subject, t.this_month, t.previous_average) for t in rows] == [
            ("Communications", 4, 0.0),
            ("Waiting times", 1, 1.0),
        ]
        assert rows[0].change == 4
        assert [t.subject for t in themes(OCTOBER, surgery)] == ["Communications", "Waiting times"]
        assert [t.this_month for t in themes(OCTOBER, medicine)] == [3]


class TestLearningDone:
    def test_actions_done_in_the_month_with_the_patients_details_taken_out(
        self, medicine, surgery, pals_officer
    ):
        item = make_item(
            csc=medicine,
            received_on=date(2026, 8, 3),
            patient_name="Dorothy Quigley",
            nhs_number="9434765919",
        )
        done = learning_action_add(
            item=item,
            by=pals_officer,
            action="Dorothy Quigley's ward (NHS 943 476 5919) now checks call bells hourly",
            owner="Ward manager",
            due_on=date(2026, 10, 30),
        )
        learning_action_complete(learning=done, by=pals_officer, done_on=date(2026, 10, 31))
        late = learning_action_add(
            item=item, by=pals_officer, action="Later", owner="Ward", due_on=date(2026, 11, 3)
        )
        learning_action_complete(learning=late, by=pals_officer, done_on=date(2026, 11, 1))
        learning_action_add(  # not done
            item=item, by=pals_officer, action="Open", owner="Ward", due_on=date(2026, 10, 3)
        )
        rows = learning_done(OCTOBER)
        assert len(rows) == 1
        assert rows[0].csc == "Medicine"
        assert "Quigley" not in rows[0].action
        assert "5919" not in rows[0].action
        assert "now checks call bells hourly" in rows[0].action
        assert learning_done(OCTOBER, surgery) == []


class TestMeasureViews:
    def test_a_chart_starts_at_the_first_month_with_data(self, medicine):
        make_item(csc=medicine, received_on=date(2026, 9, 14))
        figures = monthly_figures(date(2026, 1, 1), OCTOBER, csc_ids=[medicine.pk])
        views = {view.measure.key: view for view in measure_views(figures, goals={})}
        received = views["complaints_received"]
        assert received.months == [date(2026, 9, 1), OCTOBER]
        assert received.values == [1, 0]
        assert received.this_month_text == "0"
        assert received.last_month_text == "1"
        assert received.target_text == "none"

    def test_a_target_set_is_drawn_and_judged(self, medicine):
        make_item(csc=medicine, received_on=date(2026, 9, 14))
        figures = monthly_figures(date(2026, 9, 1), OCTOBER, csc_ids=[medicine.pk])
        views = measure_views(figures, goals={"complaints_received": 4})
        view = next(v for v in views if v.measure.key == "complaints_received")
        assert view.target == 4
        assert view.target_text == "4"


class TestPackContent:
    def test_the_snapshot_holds_every_figure_shown(self, medicine, surgery):
        make_item(csc=medicine, received_on=date(2026, 10, 14))
        content = pack_content(OCTOBER)
        snapshot = content.snapshot()
        assert snapshot["month"] == "2026-10"
        assert snapshot["scope"] == "trust"
        assert set(snapshot["measures"]) == {measure.key for measure in MEASURES}
        assert snapshot["measures"]["complaints_received"]["this_month"] == 1
        assert snapshot["cscs"]["med"]["complaints_received"] == 1
        assert snapshot["cscs"]["surg"]["complaints_received"] == 0
        assert [page.csc for page in content.csc_pages] == [medicine, surgery]

    def test_a_csc_pack_is_of_that_csc_only(self, medicine, surgery):
        make_item(csc=medicine, received_on=date(2026, 10, 14))
        make_item(csc=surgery, received_on=date(2026, 10, 14))
        content = pack_content(OCTOBER, medicine)
        assert [page.csc for page in content.csc_pages] == [medicine]
        assert content.snapshot()["measures"]["complaints_received"]["this_month"] == 1
        assert content.scope_name == "Medicine"
