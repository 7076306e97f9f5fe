"""seed_volume's standards checklists, thank-yous and award rounds: how many it makes, that they
keep the rules the services keep, that seeding again adds without duplicating, and that the
pages people use show them."""

import io
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from careprog.models import CareStandard, ClinicalServiceCentre
from careprog.tests.factories import ClinicalServiceCentreFactory, DepartmentFactory
from feedback.models.choices import Kind
from recognition.models import AwardRound, Consent, CriterionScore, Nomination, Stage, ThankYou
from reports.volume.seed import seed_volume
from standards.models import Assessment, AssessmentLine, Evidence, ImprovementAction, Rating
from standards.periods import current_period

pytestmark = pytest.mark.django_db

ITEMS, YEARS = 3000, 3


@pytest.fixture
def reference_data(medicine, surgery):
    # The trust's CSCs, wards, care standards, KO41a lists and response tiers.
    call_command("load_reference_data", stdout=io.StringIO())


@pytest.fixture
def summary(reference_data):
    return seed_volume(items=ITEMS, years=YEARS, seed=11)


def cscs() -> int:
    return ClinicalServiceCentre.objects.active().count()


def periods() -> list:
    """The periods of the last three years, oldest first, ending with the current one."""
    found = [current_period()]
    while len(found) < 36 // settings.STANDARDS_PERIOD_MONTHS:
        found.insert(0, found[0].previous())
    return found


def signed_off_complete(assessment) -> bool:
    """What sign-off asked of it then (sign_off_problems): every standard rated and confirmed,
    an action not yet done on each below Compliance. Its open actions have been carried into
    the next period since, so it is the action's own state that shows this, not open()."""
    lines = assessment.lines.counted()
    below = lines.below()
    with_action = below.filter(actions__done_on__isnull=True).distinct()
    return (
        not lines.unrated().exists()
        and not lines.to_review().exists()
        and with_action.count() == below.count()
    )


class TestStandardsChecklists:
    def test_every_active_csc_is_assessed_each_period_of_three_years(self, summary):
        standards = CareStandard.objects.active().count()
        assert standards == 45
        assert Assessment.objects.count() == summary.assessments == cscs() * len(periods())
        assert AssessmentLine.objects.count() == summary.assessment_lines
        assert summary.assessment_lines == summary.assessments * standards
        starts = [p.start for p in periods()]
        for csc in ClinicalServiceCentre.objects.active():
            found = Assessment.objects.for_csc(csc).order_by("period_start")
            assert list(found.values_list("period_start", flat=True)) == starts

    def test_past_periods_are_signed_off_as_the_service_allows_and_this_one_is_open(self, summary):
        current = current_period()
        for assessment in Assessment.objects.signed_off().select_related("csc", "signed_off_by"):
            assert signed_off_complete(assessment)
            assert assessment.period_end < current.start
            assert assessment.signed_off_by.username == f"volume-manager-{assessment.csc.code}"
            assert assessment.signed_off_at.date() > assessment.period_end
        assert Assessment.objects.signed_off().count() == cscs() * (len(periods()) - 1)
        now = Assessment.objects.for_period(current.start)
        assert now.in_progress().count() == now.count() == cscs()
        lines = AssessmentLine.objects.filter(assessment__in=now)
        # Some carried ratings still to confirm, most confirmed or changed.
        assert 0 < lines.to_review().count() < lines.count() / 2

    def test_each_period_starts_from_the_last(self, summary):
        for assessment in Assessment.objects.exclude(carried_from=None).select_related(
            "carried_from"
        ):
            assert assessment.carried_from.csc_id == assessment.csc_id
            assert assessment.carried_from.period.next() == assessment.period
            copied = assessment.lines.exclude(carried_from__assessment=assessment.carried_from)
            assert not copied.exists()
        assert Assessment.objects.filter(carried_from=None).count() == cscs()
        assert Evidence.objects.exclude(carried_from=None).exists()
        assert ImprovementAction.objects.exclude(carried_from=None).exists()
        # An action still open lives in the latest assessment; earlier ones were carried on.
        open_actions = ImprovementAction.objects.open()
        assert open_actions.exists()
        assert not open_actions.exclude(line__assessment__period_start=current_period().start)

    def test_evidence_and_actions_where_the_ratings_call_for_them(self, summary):
        assert Evidence.objects.count() == summary.evidence
        assert ImprovementAction.objects.count() == summary.improvement_actions
        kinds = set(Evidence.objects.values_list("kind", flat=True))
        assert kinds == {Evidence.Kind.NOTE, Evidence.Kind.LINK, Evidence.Kind.ITEM}
        for evidence in Evidence.objects.filter(kind=Evidence.Kind.ITEM).select_related(
            "item", "line__assessment"
        ):
            assessment, item = evidence.line.assessment, evidence.item
            assert item.csc_id == assessment.csc_id
            assert assessment.period.contains(item.received_on)
            assert item.standards.filter(pk=evidence.line.standard_id).exists()
            assert item.kind == (Kind.COMPLIMENT if evidence.line.is_met else Kind.COMPLAINT)
        assert ImprovementAction.objects.filter(done_on__isnull=False).exists()
        assert not ImprovementAction.objects.filter(line__rating__in=[Rating.NOT_ASSESSED])

    def test_lines_have_the_history_the_line_page_shows(self, summary):
        line = AssessmentLine.objects.exclude(rating=Rating.NOT_ASSESSED).first()
        record = line.history.get()
        assert record.rating == line.rating
        assert record.history_user.username.startswith("volume-manager-")
        assert record.history_date.date() >= line.assessment.period_start


class TestThankYous:
    def test_one_for_every_ten_items_over_the_years(self, summary):
        assert ThankYou.objects.count() == summary.thank_yous == ITEMS // 10
        now = timezone.now()
        oldest = ThankYou.objects.order_by("created_at").first().created_at
        newest = ThankYou.objects.order_by("-created_at").first().created_at
        assert now - timedelta(days=YEARS * 365) <= oldest < now - timedelta(days=2 * 365)
        assert now - timedelta(days=30) < newest <= now
        assert ThankYou.objects.values("message").distinct().count() > 50

    def test_from_seeded_users_to_seeded_staff_as_the_service_fills_them(self, summary):
        thank_yous = ThankYou.objects.select_related(
            "sender", "recipient", "team", "behaviour"
        ).order_by("pk")
        for thank_you in thank_yous:
            assert thank_you.sender.username.startswith("volume-")
            assert thank_you.created_by_id == thank_you.sender_id
            thank_you.full_clean()
            where = thank_you.recipient or thank_you.team
            assert thank_you.csc_id == where.csc_id
            if thank_you.recipient:
                assert thank_you.recipient.email.endswith("@trust.nhs.invalid")
        assert thank_yous.filter(team__isnull=False).exists()
        assert thank_yous.filter(show_sender=False).exists()
        assert thank_yous.filter(behaviour__isnull=False).exists()

    def test_cards_are_marked_sent_so_the_resend_task_mails_none(self, summary):
        assert not ThankYou.objects.not_emailed().exists()
        for thank_you in ThankYou.objects.exclude(hidden_at=None):
            assert thank_you.hidden_by.username == "volume-admin"
            assert thank_you.hidden_reason


class TestAwardRounds:
    def test_one_round_a_year_with_the_annual_categories(self, summary):
        year = timezone.localdate().year
        names = {f"Staff awards {y}" for y in range(year - YEARS + 1, year + 1)}
        assert set(AwardRound.objects.values_list("name", flat=True)) == names
        assert summary.award_rounds == YEARS
        for award_round in AwardRound.objects.all():
            assert award_round.panel.count() == 3
            assert award_round.panel.filter(pk=award_round.chair_id).exists()
            assert award_round.categories.count() == 5
            for category in award_round.categories.all():
                assert category.criteria.exists()
        assert AwardRound.objects.published().count() >= YEARS - 1

    def test_nominations_are_spread_over_the_rounds_that_opened(self, summary):
        assert Nomination.objects.count() == summary.nominations == ITEMS // 100
        per_round = Counter(Nomination.objects.values_list("round", flat=True))
        assert len(per_round) >= 2
        for nomination in Nomination.objects.select_related("round"):
            window = nomination.round
            day = timezone.localtime(nomination.created_at).date()
            assert window.nominations_open_on <= day <= window.nominations_close_on
            assert nomination.nominee_id or nomination.team_id

    def test_closed_rounds_are_scored_shortlisted_and_decided(self, summary):
        today = timezone.localdate()
        closed = Nomination.objects.filter(round__nominations_close_on__lt=today)
        running = closed.in_the_running()
        assert running.exists()
        for nomination in running.select_related("round", "category"):
            members = nomination.round.panel.count()
            criteria = nomination.category.criteria.count()
            assert nomination.sheets.count() == members
            assert CriterionScore.objects.filter(sheet__nomination=nomination).count() == (
                members * criteria
            )
        assert not Nomination.objects.exclude(consent=Consent.GIVEN).shortlisted_or_won()
        assert running.filter(stage=Stage.SHORTLISTED).exists()

    def test_published_rounds_have_a_winner_wherever_the_service_asks_for_one(self, summary):
        published = Nomination.objects.filter(round__results_published_at__isnull=False)
        assert published.winners().exists()
        for award_round in AwardRound.objects.published():
            for category in award_round.categories.all():
                running = published.filter(category=category).in_the_running()
                assert running.winners().count() == (1 if running.exists() else 0)
                winner = running.winners().with_scores().first()
                others = running.exclude(pk=winner.pk).with_scores() if winner else []
                if winner and any(o.mean_score >= winner.mean_score for o in others):
                    assert winner.winner_reason
        unsent = published.celebrated().filter(nominee__isnull=False, certificate_emailed_at=None)
        assert not unsent.exists()
        open_rounds = Nomination.objects.filter(
            round__nominations_close_on__gte=timezone.localdate()
        )
        assert not open_rounds.exclude(stage=Stage.NOMINATED).exists()


class TestSeedingAgain:
    def test_adds_thank_yous_and_nominations_but_no_second_round_or_assessment(
        self, reference_data
    ):
        first = seed_volume(items=1000, years=YEARS, seed=1)
        again = seed_volume(items=1000, years=YEARS, seed=2)
        assert again.assessments == again.award_rounds == 0
        assert Assessment.objects.count() == first.assessments == cscs() * len(periods())
        assert AwardRound.objects.count() == YEARS
        assert ThankYou.objects.count() == 200
        assert Nomination.objects.count() == again.nominations + first.nominations == 20
        pairs = Counter(Nomination.objects.values_list("round", "nominee", "team"))
        assert max(pairs.values()) == 1

    def test_a_csc_opened_since_is_assessed_next_time_and_the_others_are_left(self, reference_data):
        seed_volume(items=200, years=YEARS, seed=1)
        before = set(Assessment.objects.values_list("pk", flat=True))
        neuro = ClinicalServiceCentreFactory(code="neuro", name="Neurosciences")
        DepartmentFactory(csc=neuro, name="Ward H1 (Neurology)")
        again = seed_volume(items=200, years=YEARS, seed=2)
        assert again.assessments == len(periods())
        added = Assessment.objects.exclude(pk__in=before)
        assert set(added.values_list("csc", flat=True)) == {neuro.pk}


class TestPages:
    def test_the_checklist_shows_a_seeded_assessment(
        self, client, summary, medicine, medicine_manager
    ):
        assessment = Assessment.objects.get(csc=medicine, period_start=current_period().start)
        lines = assessment.lines.counted()
        rated = lines.exclude(rating=Rating.NOT_ASSESSED).filter(needs_review=False).count()
        client.force_login(medicine_manager)
        response = client.get(reverse("standards:assessment", args=[assessment.pk]))
        assert response.status_code == 200
        content = response.content.decode()
        assert f"<strong>{rated} of 45</strong>" in content
        with_evidence = lines.filter(evidence__isnull=False).distinct().first()
        count = with_evidence.evidence.current().count()
        assert f'id="line-{with_evidence.pk}"' in content
        assert f"Evidence: {count}" in content

    def test_the_matrix_shows_every_csc_this_period_and_the_last(
        self, client, summary, board_member
    ):
        client.force_login(board_member)
        response = client.get(reverse("standards:matrix"))
        assert response.status_code == 200
        content = response.content.decode()
        assert content.count("In progress</strong>") == cscs()
        lines = AssessmentLine.objects.filter(assessment__period_start=current_period().start)
        met = lines.met().filter(needs_review=False).count()
        assert f"{met} of {lines.count()}" in content
        previous = current_period().previous()
        response = client.get(reverse("standards:matrix") + f"?period={previous.slug}")
        assert response.status_code == 200
        assert response.content.decode().count("Signed off</strong>") == cscs()

    def test_the_wall_shows_the_newest_thank_yous(self, client, summary, no_role_user):
        client.force_login(no_role_user)
        response = client.get(reverse("recognition:wall"))
        assert response.status_code == 200
        content = response.content.decode()
        newest = ThankYou.objects.shown().order_by("-created_at", "-pk")[:3]
        for thank_you in newest.select_related("recipient", "team"):
            assert escape(thank_you.message) in content
            assert f"Thank you, {escape(thank_you.recipient_name)}" in content
