"""The reports pages and the figures behind them keep the same number of queries however much
the register holds.

Each test measures over a small world that already has one record of every shape the figures
read (complaints acknowledged, answered, reopened and referred to the Ombudsman; PALS contacts
open and escalated; compliments; learning done; a thank-you; a standards assessment; award
winners), then grows it: more items of each shape over more months, in more CSCs, with more
thank-yous, learning actions, assessments and winners; and measures again.
"""

from datetime import date, datetime, time, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careprog.models import ClinicalServiceCentre, ExpectedBehaviour
from careprog.tests.factories import ClinicalServiceCentreFactory, StaffMemberFactory, UserFactory
from careprog.tests.query_budget import MOST_QUERIES_A_PAGE
from feedback.models import ExperienceSurvey, FeedbackEvent, FeedbackItem, LearningAction
from feedback.models.choices import Kind, Outcome, Status
from feedback.services import complaints, pals
from feedback.services.learning import learning_action_add, learning_action_complete
from feedback.tests.factories import make_item, tier
from recognition.models import ThankYou
from recognition.services.nominations import nomination_make, nomination_record_consent
from recognition.services.panel import (
    nomination_pick_winner,
    nomination_shortlist,
    round_publish_results,
)
from recognition.services.thanks import thank_you_send
from recognition.tests.factories import colleague_user, open_round
from reports.content import pack_content
from reports.figures import TRUST, monthly_figures
from reports.models import BoardPack, PackStatus
from standards.models import Assessment
from standards.periods import current_period
from standards.tests.factories import make_assessment, rate_all

pytestmark = pytest.mark.django_db

NEW_CSCS = 4  # added to Medicine when the world grows


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def months_ago(n: int) -> date:
    return this_month() - relativedelta(months=n)


def noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def answer(item, by, *, on: date, outcome=Outcome.UPHELD):
    item = complaints.complaint_acknowledge(item=item, by=by, on=item.received_on)
    item = complaints.complaint_start_investigation(item=item, by=by)
    item = complaints.complaint_record_outcome(item=item, by=by, outcome=outcome)
    item = complaints.complaint_record_draft(item=item, by=by)
    item = complaints.complaint_submit_for_sign_off(item=item, by=by)
    item = complaints.complaint_sign_off(item=item, by=by)
    return complaints.complaint_send_response(item=item, by=by, on=on)


class World:
    """Medicine with a month of every shape, and the means to grow the register."""

    def __init__(self, medicine, clerk):
        self.medicine, self.clerk = medicine, clerk
        self.sender = colleague_user(medicine, name="Sam Sender")
        self.rounds = 0

    def month_of_feedback(self, csc, month: date) -> None:
        """One of every shape of item the figures count, received in the month."""
        by, received = self.clerk, month + timedelta(days=2)

        def later(days: int) -> date:
            return received + timedelta(days=days)

        # Answered on time, upheld, referred to the Ombudsman; its learning done in the month.
        answered = answer(make_item(csc=csc, received_on=received, by=by), by, on=later(9))
        complaints.complaint_refer_to_phso(item=answered, by=by, on=later(12))
        learning = learning_action_add(
            item=answered, by=by, action="Ward rounds now hourly", owner="Matron", due_on=received
        )
        learning_action_complete(learning=learning, by=by, done_on=later(14))
        # Answered (not upheld) and reopened in the month.
        reopened = answer(
            make_item(csc=csc, received_on=received, by=by),
            by,
            on=later(5),
            outcome=Outcome.NOT_UPHELD,
        )
        complaints.complaint_reopen(
            item=reopened,
            by=by,
            reason="Not answered",
            respond_by=timezone.localdate() + timedelta(days=30),
        )
        FeedbackEvent.objects.filter(item=reopened, action="reopened").update(at=noon(later(15)))
        # Acknowledged late, still open.
        late = make_item(csc=csc, received_on=received, by=by)
        complaints.complaint_acknowledge(item=late, by=by, on=later(8))
        # A PALS contact escalated to a complaint, one still open, and a compliment.
        contact = make_item(kind=Kind.PALS, csc=csc, received_on=received, by=by)
        pals.pals_escalate(item=contact, by=by, received_on=later(1), tier=tier(), severity="amber")
        make_item(kind=Kind.PALS, csc=csc, received_on=received, by=by)
        make_item(kind=Kind.COMPLIMENT, csc=csc, received_on=received, by=by)
        # A PALS concern resolved early, and a survey of how the answered complaint was handled.
        early = make_item(kind=Kind.PALS, csc=csc, received_on=received, by=by)
        FeedbackItem.objects.filter(pk=early.pk).update(
            resolved_early_on=later(1), status=Status.RESOLVED
        )
        ExperienceSurvey.objects.create(
            item=answered,
            received_on=later(16),
            listened_to=4,
            kept_informed=3,
            understood_outcome=5,
            source="phone",
        )
        # A thank-you to one of the CSC's staff, sent in the month.
        thanks = thank_you_send(
            by=self.sender,
            recipient=StaffMemberFactory(csc=csc),
            value=ExpectedBehaviour.Value.BEST_CARE,
            message="Thank you for staying late",
        )
        ThankYou.objects.filter(pk=thanks.pk).update(created_at=noon(month + timedelta(days=5)))

    def assessment(self, csc) -> None:
        """The CSC's standards assessment for the period last month falls in, rated."""
        assessment = make_assessment(csc=csc, by=self.clerk, period=current_period(months_ago(1)))
        rate_all(assessment, by=self.clerk)

    def award_round(self, cscs) -> None:
        """A round whose winners (one a category) were announced last month."""
        self.rounds += 1
        award_round = open_round(chair=self.clerk, name=f"Customer care award {self.rounds}")
        for n, category in enumerate(award_round.categories.order_by("position")):
            nomination = nomination_make(
                by=self.sender,
                award_round=award_round,
                category=category,
                nominee=StaffMemberFactory(csc=cscs[n % len(cscs)]),
                case="Went far beyond",
            )
            nomination_record_consent(nomination=nomination, by=self.clerk, given=True)
            nomination_shortlist(nomination=nomination, by=self.clerk)
            nomination_pick_winner(nomination=nomination, by=self.clerk, reason="The chair's call")
        round_publish_results(award_round=award_round, by=self.clerk, email_certificates=False)
        type(award_round).objects.filter(pk=award_round.pk).update(
            results_published_at=noon(months_ago(1) + timedelta(days=10))
        )

    def few(self) -> None:
        for n in (1, 2):
            self.month_of_feedback(self.medicine, months_ago(n))
        self.assessment(self.medicine)
        self.award_round([self.medicine])

    def more(self) -> None:
        """More in Medicine (last month again, and earlier months), and new CSCs with months of
        their own."""
        for n in (1, 3, 4, 5):
            self.month_of_feedback(self.medicine, months_ago(n))
        new = [
            ClinicalServiceCentreFactory(code=f"grown{i}", name=f"Grown Centre {i}")
            for i in range(NEW_CSCS)
        ]
        for csc in new:
            for n in (1, 2, 3):
                self.month_of_feedback(csc, months_ago(n))
            self.assessment(csc)
        self.award_round(new)

    def sizes(self) -> dict[str, int]:
        """How much there is of each thing the figures read."""
        pack_month = months_ago(1)
        return {
            "items": FeedbackItem.objects.count(),
            "cscs_with_data": FeedbackItem.objects.values("csc").distinct().count(),
            "escalated": FeedbackItem.objects.filter(status=Status.ESCALATED).count(),
            "reopened": FeedbackEvent.objects.filter(action="reopened").count(),
            "resolved_early": FeedbackItem.objects.exclude(resolved_early_on=None).count(),
            "surveys": ExperienceSurvey.objects.count(),
            "thank_yous": ThankYou.objects.count(),
            "learning_done": LearningAction.objects.filter(
                done_on__gte=pack_month, done_on__lt=this_month()
            ).count(),
            "assessments": Assessment.objects.count(),
            "winners": type(self).winners(),
        }

    @staticmethod
    def winners() -> int:
        from recognition.models import Nomination

        return Nomination.objects.winners().count()


@pytest.fixture
def clerk(db):
    from careprog.roles import Role

    return UserFactory(role=Role.ADMINISTRATOR)


@pytest.fixture
def world(medicine, clerk, three_standards):
    return World(medicine, clerk)


def grows(world: World, measure):
    """Measure, grow every kind of record, measure again: (before, after, sizes, sizes)."""
    world.few()
    small = world.sizes()
    before = measure()
    world.more()
    large = world.sizes()
    after = measure()
    grown = {name for name in small if large[name] > small[name]}
    assert grown == set(small), f"every kind of record must grow: {small} -> {large}"
    return before, after


def count_queries(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return len(captured), result


class TestDashboardQueryCount:
    @pytest.mark.parametrize("scope", ["", "med"], ids=["trust_wide", "csc"])
    def test_dashboard_queries_do_not_grow_with_the_register(
        self, client, board_member, world, scope
    ):
        client.force_login(board_member)
        url = reverse("reports:dashboard")
        query = {"csc": scope} if scope else {}
        shown = []

        def measure():
            queries, response = count_queries(lambda: client.get(url, query))
            assert response.status_code == 200
            dashboard = response.context["dashboard"]
            assert dashboard.month == months_ago(1)
            assert (dashboard.csc.code if dashboard.csc else "") == scope
            shown.append({v.measure.key: v.this_month for v in dashboard.measures})
            return queries

        before, after = grows(world, measure)

        # The figures on the page grew with the register, so the page read the larger one.
        assert shown[1]["complaints_received"] > shown[0]["complaints_received"] > 0
        assert shown[1]["thank_yous"] > shown[0]["thank_yous"] > 0
        assert shown[1]["resolved_early"] > shown[0]["resolved_early"] > 0
        assert shown[1]["handling_rating"] == 4.0  # (4 + 3 + 5) / 3, however many surveys
        assert after == before <= MOST_QUERIES_A_PAGE


class TestFiguresQueryCount:
    def test_monthly_figures_queries_do_not_grow(self, world):
        first, last = months_ago(23), this_month()
        results = []

        def measure():
            ids = list(ClinicalServiceCentre.objects.values_list("pk", flat=True))
            queries, figures = count_queries(lambda: monthly_figures(first, last, csc_ids=ids))
            results.append(figures)
            return queries

        before, after = grows(world, measure)

        few, many = results
        assert len(many.counts) > len(few.counts)  # more CSCs and months hold counts
        for name in (
            "complaints",
            "responses",
            "reopened",
            "phso",
            "pals_escalated",
            "standards",
            "resolved_early",
            "survey_answers",
        ):
            total = sum(c.get(name, 0) for (key, _), c in many.counts.items() if key is TRUST)
            small = sum(c.get(name, 0) for (key, _), c in few.counts.items() if key is TRUST)
            assert total > small > 0, name
        assert after == before

    @pytest.mark.parametrize("scope", ["trust", "med"])
    def test_pack_content_queries_do_not_grow(self, world, medicine, scope):
        csc = medicine if scope == "med" else None
        results = []

        def measure():
            queries, content = count_queries(lambda: pack_content(months_ago(1), csc))
            results.append(content)
            return queries

        before, after = grows(world, measure)

        few, many = results
        assert len(many.learning) > len(few.learning) > 0
        assert len(many.winners) > len(few.winners) > 0 or scope == "med"
        assert len(few.winners) > 0
        if csc is None:
            assert len(many.csc_pages) > len(few.csc_pages)
            assert len(many.matrix.rows) > len(few.matrix.rows)
        assert after == before


class TestPacksIndexQueryCount:
    def test_packs_index_queries_the_same_for_3_and_30_packs(self, client, board_member, medicine):
        make_item(csc=medicine, received_on=months_ago(3) + timedelta(days=3))
        requesters = [UserFactory() for _ in range(3)]
        cscs = [medicine] + [
            ClinicalServiceCentreFactory(code=f"p{i}", name=f"Pack Centre {i}") for i in range(4)
        ]
        statuses = [PackStatus.READY, PackStatus.FAILED, PackStatus.READY]

        def add(count: int) -> None:
            for n in range(BoardPack.objects.count(), BoardPack.objects.count() + count):
                status = statuses[n % len(statuses)]
                BoardPack.objects.create(
                    month=months_ago(1 + n // 6),
                    csc=cscs[n % 6] if n % 6 < len(cscs) else None,
                    version=1,
                    status=status,
                    requested_by=requesters[n % 3] if n % 4 else None,
                    file=f"board-packs/pack-{n}.pdf" if status == PackStatus.READY else "",
                    sha256="0" * 64 if status == PackStatus.READY else "",
                    size=1000 + n,
                    finished_at=timezone.now(),
                )

        client.force_login(board_member)
        url = reverse("reports:index")

        add(3)
        few, response = count_queries(lambda: client.get(url))
        assert len(response.context["page"].object_list) == 3

        add(27)
        many, response = count_queries(lambda: client.get(url))
        listed = response.context["page"].object_list
        assert len(listed) == 30
        assert {p.csc_id for p in listed} >= {c.pk for c in cscs} | {None}
        assert many == few
