"""The demo recognition: a year of thank-yous, two finished award rounds with winners and
certificates, one open for nominations. Run from tests/test_demo_data.py."""

from datetime import timedelta

from django.utils import timezone

from careprog.models import User
from recognition.models import AwardRound, Nomination, ScoreSheet, ThankYou


class RecognitionDemoChecks:
    """Checks of the demo recognition, run on the one demo loaded for every app."""

    def test_a_year_of_thank_yous_across_the_cscs(self):
        today = timezone.localdate()
        thank_yous = ThankYou.objects.all()
        assert thank_yous.count() >= 300
        assert thank_yous.order_by().values("csc").distinct().count() >= 9
        oldest = thank_yous.order_by("created_at").first().created_at.date()
        assert oldest < today - timedelta(days=300)
        assert thank_yous.filter(show_sender=False).exists()
        assert thank_yous.filter(compliment__isnull=False).exists()
        assert thank_yous.filter(team__isnull=False).exists()
        assert thank_yous.exclude(hidden_at=None).count() == 1

    def test_two_rounds_are_finished_and_one_is_open_for_nominations(self):
        today = timezone.localdate()
        rounds = AwardRound.objects.all()
        assert rounds.published().count() == 2
        assert rounds.open_for_nominations(today).count() == 1
        for award_round in rounds.published():
            for category in award_round.categories.all():
                assert Nomination.objects.filter(category=category).winners().count() == 1
            assert award_round.results_published_at.date() < today

    def test_the_panels_scored_with_a_conflict_declared(self):
        for award_round in AwardRound.objects.published():
            nominations = Nomination.objects.in_round(award_round)
            assert ScoreSheet.objects.filter(nomination__in=nominations).exists()
            assert nominations.filter(conflicts__isnull=False).exists()
            assert nominations.filter(consent="declined").exists()

    def test_the_demo_sign_ins_are_in_the_staff_directory(self):
        for username in ("pals", "manager.medicine", "board", "panel", "admin"):
            assert User.objects.get(username=username).staff_member is not None

    def test_loading_recognition_again_changes_nothing(self):
        counts = (ThankYou.objects.count(), Nomination.objects.count())
        output = self.load_again()
        assert "recognition already has records" in output
        assert counts == (ThankYou.objects.count(), Nomination.objects.count())
