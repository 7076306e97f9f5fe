"""seed_volume: synthetic feedback at scale for the benchmarks. What it makes, that it makes the
same again with the same seed, that its deadlines come from the calendar, and its refusals."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from feedback.models import FeedbackEvent, FeedbackItem, ReferenceCounter
from feedback.models.choices import Kind, Status
from feedback.services.items import feedback_log
from feedback.tests.factories import make_item
from reports.volume.seed import SEED_USERNAME, RealDataPresent, seed_volume

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_data(medicine, surgery):
    # The trust's CSCs, wards, care standards, KO41a lists and response tiers.
    call_command("load_reference_data", stdout=io.StringIO())


def seeded(items=400, seed=7):
    return seed_volume(items=items, years=3, seed=seed)


class TestWhatItMakes:
    def test_every_kind_in_realistic_shares_with_an_open_backlog(self, reference_data):
        summary = seeded(items=2000)
        assert FeedbackItem.objects.count() == summary.items == 2000
        shares = {kind: FeedbackItem.objects.filter(kind=kind).count() / 2000 for kind in Kind}
        assert 0.38 < shares[Kind.PALS] < 0.52
        assert 0.19 < shares[Kind.COMPLAINT] < 0.31
        assert 0.16 < shares[Kind.COMPLIMENT] < 0.28
        assert 0.04 < shares[Kind.COMMENT] < 0.12
        open_complaints = FeedbackItem.objects.open_complaints().count()
        assert 0 < open_complaints < FeedbackItem.objects.complaints().count() / 4
        assert FeedbackItem.objects.filter(status=Status.OPEN).exists()

    def test_deadlines_come_from_the_working_day_calendar(self, reference_data):
        from careprog.working_days import trust_calendar

        seeded()
        calendar = trust_calendar()
        for item in FeedbackItem.objects.complaints().select_related("tier")[:50]:
            assert item.acknowledge_by == calendar.add_working_days(item.received_on, 3)
            assert item.respond_by == calendar.add_working_days(
                item.received_on, item.tier.working_days
            )

    def test_links_events_and_references_carry_on(self, reference_data):
        seeded()
        assert FeedbackItem.subjects.through.objects.exists()
        assert FeedbackItem.standards.through.objects.exists()
        assert FeedbackEvent.objects.filter(action="logged").count() == 400
        # The counters end where the seeding ended, so an officer's next item follows on.
        latest = FeedbackItem.objects.complaints().order_by("-reference").first()
        counter = ReferenceCounter.objects.get(kind=Kind.COMPLAINT, year=latest.received_on.year)
        assert latest.reference.endswith(f"{counter.last_number:05d}")

    def test_the_same_seed_makes_the_same_register(self, reference_data, settings):
        seeded(items=300, seed=3)
        first = seeded_rows()
        assert all(first.values()), [name for name, rows in first.items() if not rows]
        wipe_seeded()
        seeded(items=300, seed=3)
        assert seeded_rows() == first


def seeded_rows() -> dict[str, list]:
    """Everything seed_volume makes, by what it says rather than by id, in a fixed order."""
    from recognition.models import AwardRound, Nomination, ScoreSheet, ThankYou
    from standards.models import Assessment, AssessmentLine, Evidence, ImprovementAction

    line = ("line__assessment__csc__code", "line__assessment__period_start", "line__standard")
    nominated = ("round__name", "category__name", "nominee", "team")
    rows = {
        "items": FeedbackItem.objects.values_list(
            "reference", "kind", "status", "received_on", "summary", "nhs_number"
        ),
        "assessments": Assessment.objects.values_list(
            "csc__code", "period_start", "status", "carried_from__period_start"
        ),
        "lines": AssessmentLine.objects.values_list(
            "assessment__csc__code",
            "assessment__period_start",
            "standard",
            "rating",
            "needs_review",
            "owner",
            "review_on",
        ),
        "evidence": Evidence.objects.values_list(*line, "kind", "text", "url", "item__reference"),
        "actions": ImprovementAction.objects.values_list(
            *line, "description", "owner", "due_on", "done_on"
        ),
        "thank_yous": ThankYou.objects.values_list(
            "sender__username",
            "recipient",
            "team",
            "value",
            "behaviour",
            "message",
            "show_sender",
            "created_at__date",
            "hidden_reason",
        ),
        "rounds": AwardRound.objects.values_list(
            "name", "nominations_open_on", "results_published_at", "panel__username"
        ),
        "nominations": Nomination.objects.values_list(
            *nominated, "case", "consent", "stage", "winner_reason", "created_at__date"
        ),
        "scores": ScoreSheet.objects.values_list(
            *(f"nomination__{name}" for name in nominated),
            "member__username",
            "scores__criterion__text",
            "scores__value",
        ),
    }
    return {name: sorted(values, key=repr) for name, values in rows.items()}


def wipe_seeded() -> None:
    """Remove what seed_volume made (records are never deleted: a raw delete, for this test)."""
    from feedback.models import LearningAction
    from recognition.models import (
        AwardCategory,
        AwardRound,
        CriterionScore,
        Nomination,
        ScoreSheet,
        ScoringCriterion,
        ThankYou,
    )
    from standards.models import Assessment, AssessmentLine, Evidence, ImprovementAction

    for model in (
        CriterionScore,
        ScoreSheet,
        Nomination,
        ScoringCriterion,
        AwardCategory,
        AwardRound.panel.through,
        AwardRound,
        ThankYou,
        Evidence,
        ImprovementAction,
        AssessmentLine,
        Assessment,
        FeedbackEvent,
        FeedbackItem.subjects.through,
        FeedbackItem.standards.through,
        FeedbackItem.staff_named.through,
        LearningAction,
        FeedbackItem,
        ReferenceCounter,
    ):
        model.objects.all()._raw_delete(model.objects.db)


class TestRefusals:
    def test_refuses_a_database_holding_items_it_did_not_make(
        self, reference_data, medicine, pals_officer
    ):
        make_item(csc=medicine, by=pals_officer)
        with pytest.raises(RealDataPresent, match="did not make"):
            seeded()
        assert FeedbackItem.objects.count() == 1

    def test_adds_beside_them_when_told_to(self, reference_data, medicine, pals_officer):
        make_item(csc=medicine, by=pals_officer)
        seed_volume(items=50, years=2, allow_existing=True)
        assert FeedbackItem.objects.count() == 51

    def test_seeding_again_adds_to_its_own_items(self, reference_data):
        seeded(items=100)
        seeded(items=100, seed=8)
        assert FeedbackItem.objects.filter(created_by__username=SEED_USERNAME).count() == 200

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (["--items", "0"], "--items must be at least 1"),
            (["--items", "10", "--years", "0"], "--years must be from 1 to 20"),
            (["--items", "10", "--years", "21"], "--years must be from 1 to 20"),
        ],
    )
    def test_the_command_refuses_bad_numbers(self, reference_data, arguments, message):
        with pytest.raises(CommandError, match=message):
            call_command("seed_volume", *arguments)
        assert not FeedbackItem.objects.exists()

    def test_the_command_reports_what_it_made(self, reference_data):
        out = io.StringIO()
        call_command("seed_volume", "--items", "120", "--years", "1", stdout=out)
        assert out.getvalue().startswith("Seeded 120 items (")

    def test_needs_the_reference_data(self, db):
        with pytest.raises(ValueError, match="load_reference_data"):
            seeded()


def test_an_officer_logs_after_seeding_without_a_clash(reference_data, medicine, pals_officer):
    seeded(items=200)
    details = {
        "received_on": FeedbackItem.objects.complaints().latest("received_on").received_on,
        "channel": "email",
        "raised_by": "patient",
        "csc": medicine,
        "summary": "Waited for pain relief",
        "tier": FeedbackItem.objects.complaints().first().tier,
    }
    item = feedback_log(by=pals_officer, kind=Kind.COMPLAINT, details=details)
    assert FeedbackItem.objects.filter(reference=item.reference).count() == 1


def test_ids_follow_the_received_date_as_in_a_real_register(reference_data):
    """Items are written oldest first, so ordering by id is ordering by date received."""
    seed_volume(items=300, years=3, seed=4)
    by_id = list(FeedbackItem.objects.order_by("pk").values_list("received_on", flat=True))
    assert by_id == sorted(by_id)
    assert len(set(by_id)) > 100  # spread over the years, not one day
