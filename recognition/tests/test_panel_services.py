"""The panel's rules, each with its own test: conflicts, hidden scores, scoring once from 1 to
5, the chair's shortlist (after consent) and winner (with a reason on a tie), and results."""

import subprocess

import pytest
from django.core import mail

from careprog.roles import Role
from careprog.tests.factories import StaffMemberFactory, UserFactory
from recognition.models import ConflictDeclaration, Nomination, ScoreSheet, Stage
from recognition.selectors import nomination_page, round_page
from recognition.services.base import RecognitionError
from recognition.services.nominations import nomination_make, nomination_record_consent
from recognition.services.panel import (
    conflict_declare,
    nomination_pick_winner,
    nomination_shortlist,
    round_publish_results,
    score_submit,
)
from recognition.tests.factories import colleague_user, open_round, panel_member


@pytest.fixture
def chair(db):
    return panel_member("Chris", "Chair")


@pytest.fixture
def member(db):
    return panel_member("Morgan", "Member")


@pytest.fixture
def other_member(db):
    return UserFactory(role=Role.AWARDS_PANEL_MEMBER, first_name="Olu", last_name="Other")


@pytest.fixture
def award_round(chair, member, other_member):
    return open_round(chair=chair, panel=[member, other_member])


@pytest.fixture
def best_care(award_round):
    return award_round.categories.get(name="Best Care")


@pytest.fixture
def nominations(award_round, best_care, medicine):
    """Two nominations in Best Care, both nominees having given consent."""
    nominator = colleague_user(medicine)
    made = []
    for name in ("Zara Reid", "Tom Hall"):
        nominee = StaffMemberFactory(csc=medicine, name=name, email=f"{name[:3]}@nhs.invalid")
        nomination = nomination_make(
            by=nominator,
            award_round=award_round,
            category=best_care,
            nominee=nominee,
            case="Kind to every patient.",
        )
        made.append(
            nomination_record_consent(nomination=nomination, by=award_round.chair, given=True)
        )
    return made


def all_scores(nomination, value):
    return {c.pk: value for c in nomination.category.criteria.all()}


def score(nomination, member, value=4):
    return score_submit(nomination=nomination, member=member, scores=all_scores(nomination, value))


class TestConflictOfInterest:
    def test_a_conflicted_member_cannot_score(self, nominations, member):
        nomination = nominations[0]
        conflict_declare(nomination=nomination, member=member, reason="Same ward")
        with pytest.raises(RecognitionError, match="declared a conflict of interest"):
            score(nomination, member)
        assert not ScoreSheet.objects.exists()

    def test_a_conflicted_member_cannot_see_the_scores(self, nominations, member, other_member):
        nomination = nominations[0]
        score(nomination, other_member)
        conflict_declare(nomination=nomination, member=member, reason="Same ward")
        assert nomination_page(nomination, member).sheets == []
        row = round_page(nomination.round, member).blocks[0].rows
        row = next(r for r in row if r.nomination.pk == nomination.pk)
        assert (row.mean_score, row.score_count, row.conflicted) == (None, None, True)

    def test_a_conflict_is_declared_before_scoring_not_after(self, nominations, member):
        score(nominations[0], member)
        with pytest.raises(RecognitionError, match="already scored"):
            conflict_declare(nomination=nominations[0], member=member, reason="Late")
        assert not ConflictDeclaration.objects.exists()

    def test_only_the_panel_declares_conflicts(self, nominations, pals_officer):
        with pytest.raises(RecognitionError, match="panel"):
            conflict_declare(nomination=nominations[0], member=pals_officer, reason="X")


class TestHiddenScores:
    def test_a_member_sees_others_scores_only_after_scoring(
        self, nominations, member, other_member
    ):
        nomination = nominations[0]
        score(nomination, other_member, 5)
        before = nomination_page(nomination, member)
        assert before.sheets == []
        assert before.my_sheet is None
        ranked = next(
            r
            for r in round_page(nomination.round, member).blocks[0].rows
            if r.nomination.pk == nomination.pk
        )
        assert ranked.mean_score is None
        score(nomination, member, 3)
        after = nomination_page(nomination, member)
        assert sorted(s.member_id for s in after.sheets) == sorted([member.pk, other_member.pk])
        ranked = next(
            r
            for r in round_page(nomination.round, member).blocks[0].rows
            if r.nomination.pk == nomination.pk
        )
        assert (ranked.mean_score, ranked.score_count) == (4, 2)

    def test_someone_off_the_panel_never_sees_scores(self, nominations, other_member, pals_officer):
        score(nominations[0], other_member)
        assert nomination_page(nominations[0], pals_officer).sheets == []


class TestScoring:
    def test_a_member_scores_each_criterion_once(self, nominations, member):
        nomination = nominations[0]
        sheet = score(nomination, member, 4)
        assert [s.value for s in sheet.scores.order_by("criterion__position")] == [4, 4]
        with pytest.raises(RecognitionError, match="already scored"):
            score(nomination, member, 5)
        assert ScoreSheet.objects.count() == 1

    @pytest.mark.parametrize("value", [0, 6, -1])
    def test_a_score_outside_1_to_5_is_refused_at_the_criterion(self, nominations, member, value):
        nomination = nominations[0]
        with pytest.raises(RecognitionError) as refused:
            score(nomination, member, value)
        assert any(f"({value} is outside the scale)" in m for m in refused.value.messages)
        assert not ScoreSheet.objects.exists()

    @pytest.mark.parametrize("value", [1, 5])
    def test_the_ends_of_the_scale_are_allowed(self, nominations, member, value):
        assert score(nominations[0], member, value).scores.count() == 2

    def test_every_criterion_must_be_scored(self, nominations, member):
        nomination = nominations[0]
        first = nomination.category.criteria.first()
        with pytest.raises(RecognitionError, match="from 1 to 5"):
            score_submit(nomination=nomination, member=member, scores={first.pk: 3})
        assert not ScoreSheet.objects.exists()

    def test_only_the_panel_scores(self, nominations, pals_officer):
        with pytest.raises(RecognitionError, match="panel scores"):
            score(nominations[0], pals_officer)


class TestTheChair:
    def test_shortlisting_needs_the_nominees_consent(self, award_round, best_care, chair, medicine):
        nomination = nomination_make(
            by=colleague_user(medicine),
            award_round=award_round,
            category=best_care,
            nominee=StaffMemberFactory(csc=medicine),
            case="Kind.",
        )
        with pytest.raises(RecognitionError, match=r"Record .*consent before shortlisting"):
            nomination_shortlist(nomination=nomination, by=chair)
        nomination_record_consent(nomination=nomination, by=chair, given=False)
        with pytest.raises(RecognitionError, match="consent: declined"):
            nomination_shortlist(nomination=nomination, by=chair)
        assert Nomination.objects.get(pk=nomination.pk).stage == Stage.NOMINATED

    def test_only_the_chair_shortlists(self, nominations, member):
        with pytest.raises(RecognitionError, match="Only the chair"):
            nomination_shortlist(nomination=nominations[0], by=member)

    def test_the_winner_comes_from_the_shortlist(self, nominations, chair):
        with pytest.raises(RecognitionError, match="Shortlist a nomination before"):
            nomination_pick_winner(nomination=nominations[0], by=chair)

    def test_the_top_scorer_wins_without_a_reason(self, nominations, chair, member):
        zara, tom = nominations
        score(zara, member, 5)
        score(tom, member, 3)
        for nomination in nominations:
            nomination_shortlist(nomination=nomination, by=chair)
        winner = nomination_pick_winner(nomination=zara, by=chair)
        assert (winner.stage, winner.winner_reason) == (Stage.WINNER, "")

    def test_a_tie_is_the_chairs_call_with_the_reason_recorded(self, nominations, chair, member):
        zara, tom = nominations
        score(zara, member, 4)
        score(tom, member, 4)
        for nomination in nominations:
            nomination_shortlist(nomination=nomination, by=chair)
        with pytest.raises(RecognitionError) as refused:
            nomination_pick_winner(nomination=tom, by=chair)
        assert "Give the reason for your choice" in refused.value.message_dict["reason"][0]
        winner = nomination_pick_winner(
            nomination=tom, by=chair, reason="Longer service to patients"
        )
        assert winner.winner_reason == "Longer service to patients"

    def test_a_category_has_one_winner(self, nominations, chair, member):
        for nomination in nominations:
            nomination_shortlist(nomination=nomination, by=chair)
        nomination_pick_winner(nomination=nominations[0], by=chair, reason="Chair's call")
        with pytest.raises(RecognitionError, match="already has a winner"):
            nomination_pick_winner(nomination=nominations[1], by=chair, reason="Both")
        assert Nomination.objects.winners().count() == 1


class TestResults:
    def test_results_need_a_winner_in_every_category_with_nominations(self, nominations, chair):
        with pytest.raises(RecognitionError, match="Choose a winner for Best Care"):
            round_publish_results(award_round=nominations[0].round, by=chair)

    def test_publishing_emails_each_nominee_a_certificate_and_freezes_the_round(
        self, nominations, chair, member, django_capture_on_commit_callbacks
    ):
        zara, _ = nominations
        nomination_shortlist(nomination=zara, by=chair)
        nomination_pick_winner(nomination=zara, by=chair, reason="Not scored yet: chair's call")
        with django_capture_on_commit_callbacks(execute=True):
            round_publish_results(award_round=zara.round, by=chair)
        assert sorted(m.to[0] for m in mail.outbox) == ["Tom@nhs.invalid", "Zar@nhs.invalid"]
        attachment = next(m for m in mail.outbox if m.to == ["Zar@nhs.invalid"]).attachments[0]
        assert attachment[0].endswith("winner.pdf")
        assert attachment[1].startswith(b"%PDF")
        with pytest.raises(RecognitionError, match=r"results of .* are published"):
            score(zara, member)
        with pytest.raises(RecognitionError, match="published"):
            round_publish_results(award_round=zara.round, by=chair)

    def test_only_the_chair_publishes(self, nominations, member):
        with pytest.raises(RecognitionError, match="Only the chair"):
            round_publish_results(award_round=nominations[0].round, by=member)


class TestCertificates:
    def test_the_certificate_names_the_nominee_the_category_and_the_round(
        self, nominations, chair, tmp_path
    ):
        from recognition.certificates import certificate_pdf

        zara, tom = nominations
        nomination_shortlist(nomination=zara, by=chair)
        nomination_pick_winner(nomination=zara, by=chair, reason="The panel's view")
        for nomination, outcome in ((zara, "winner"), (tom, "Nominated for")):
            path = tmp_path / f"{nomination.pk}.pdf"
            path.write_bytes(certificate_pdf(Nomination.objects.get(pk=nomination.pk)))
            text = subprocess.run(
                ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert nomination.nominee.name in text
            assert "Best Care" in text
            assert nomination.round.name in text
            assert outcome in text


class TestNobodyJudgesTheirOwn:
    def test_the_nominee_on_the_panel_cannot_score_their_own_nomination(
        self, award_round, best_care, member, medicine
    ):
        from recognition.tests.factories import colleague_user

        on_panel_and_nominated = colleague_user(medicine, name="Pat Panel")
        award_round.panel.add(on_panel_and_nominated)
        nomination = nomination_make(
            by=member,
            award_round=award_round,
            category=best_care,
            nominee=on_panel_and_nominated.staff_member,
            case="Kind.",
        )
        with pytest.raises(RecognitionError, match="of yourself or one you made"):
            score(nomination, on_panel_and_nominated)
        # ...nor does whoever made the nomination.
        with pytest.raises(RecognitionError, match="of yourself or one you made"):
            score(nomination, member)
        assert not ScoreSheet.objects.exists()

    def test_a_member_with_a_sheet_and_a_conflict_never_sees_the_scores(
        self, nominations, member, other_member
    ):
        nomination = nominations[0]
        score(nomination, other_member)
        score(nomination, member)  # scored, then (another tab) declared: the race case
        ConflictDeclaration.objects.create(nomination=nomination, member=member, reason="Ward")
        assert nomination_page(nomination, member).sheets == []

    def test_a_conflicted_chair_leaves_the_decision_to_an_administrator(
        self, nominations, chair, administrator
    ):
        nomination = nominations[0]
        conflict_declare(nomination=nomination, member=chair, reason="My sister")
        with pytest.raises(RecognitionError, match="an administrator decides it"):
            nomination_shortlist(nomination=nomination, by=chair)
        shortlisted = nomination_shortlist(nomination=nomination, by=administrator)
        assert shortlisted.stage == Stage.SHORTLISTED
        # An administrator decides only where the chair cannot.
        with pytest.raises(RecognitionError, match="Only the chair"):
            nomination_shortlist(nomination=nominations[1], by=administrator)


class TestConsentAfterShortlisting:
    def test_declining_after_shortlisting_takes_them_out_of_the_running(self, nominations, chair):
        nomination = nominations[0]
        nomination_shortlist(nomination=nomination, by=chair)
        declined = nomination_record_consent(nomination=nomination, by=chair, given=False)
        assert declined.stage == Stage.NOMINATED
        with pytest.raises(RecognitionError, match="Shortlist a nomination before"):
            nomination_pick_winner(nomination=nomination, by=chair, reason="Anyway")

    def test_a_winner_who_declines_is_no_longer_the_winner_and_the_round_can_publish(
        self, nominations, chair
    ):
        zara, tom = nominations
        nomination_shortlist(nomination=zara, by=chair)
        nomination_pick_winner(nomination=zara, by=chair, reason="The chair's call")
        nomination_record_consent(nomination=zara, by=chair, given=False)
        assert not Nomination.objects.winners().exists()
        nomination_shortlist(nomination=tom, by=chair)
        nomination_pick_winner(nomination=tom, by=chair, reason="The chair's call")
        published = round_publish_results(award_round=tom.round, by=chair)
        assert published.results_published

    def test_one_winner_a_category_is_kept_by_the_database_too(self, nominations):
        from django.db import IntegrityError, transaction

        Nomination.objects.filter(pk=nominations[0].pk).update(stage=Stage.WINNER)
        with pytest.raises(IntegrityError), transaction.atomic():
            Nomination.objects.filter(pk=nominations[1].pk).update(stage=Stage.WINNER)


class TestCertificateEmails:
    def test_a_certificate_that_fails_to_send_is_kept_for_the_resend(
        self, nominations, chair, settings, django_capture_on_commit_callbacks
    ):
        from datetime import timedelta

        from django.utils import timezone

        from recognition import tasks

        zara, _ = nominations
        nomination_shortlist(nomination=zara, by=chair)
        nomination_pick_winner(nomination=zara, by=chair, reason="The chair's call")
        settings.EMAIL_BACKEND = "recognition.tests.failing_mail.EmailBackend"
        with django_capture_on_commit_callbacks(execute=True):
            round_publish_results(award_round=zara.round, by=chair)  # no error reaches the chair
        failed = Nomination.objects.get(pk=zara.pk)
        assert failed.certificate_emailed_at is None
        assert failed.certificate_attempts == 1
        assert "mail server unreachable" in failed.certificate_error

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        Nomination.objects.update(
            created_at=timezone.now() - timedelta(hours=1),
            certificate_claimed_until=timezone.now() - timedelta(seconds=1),
        )
        assert tasks.resend_unsent_certificates() == 2
        assert sorted(m.to[0] for m in mail.outbox) == ["Tom@nhs.invalid", "Zar@nhs.invalid"]

    def test_a_nominee_never_asked_for_consent_gets_no_certificate(
        self, nominations, chair, django_capture_on_commit_callbacks
    ):
        zara, tom = nominations
        Nomination.objects.filter(pk=tom.pk).update(consent="pending")
        nomination_shortlist(nomination=zara, by=chair)
        nomination_pick_winner(nomination=zara, by=chair, reason="The chair's call")
        with django_capture_on_commit_callbacks(execute=True):
            round_publish_results(award_round=zara.round, by=chair)
        assert [m.to[0] for m in mail.outbox] == ["Zar@nhs.invalid"]
        assert list(Nomination.objects.celebrated()) == [Nomination.objects.get(pk=zara.pk)]
