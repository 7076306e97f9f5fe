"""What the board pack reads: thank-yous, nominations and awards per CSC and month, and the
month's winners, in a fixed number of queries."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from careprog.models import ExpectedBehaviour
from careprog.tests.factories import StaffMemberFactory
from recognition.models import AwardRound, ThankYou
from recognition.selectors import recognition_by_csc_and_month
from recognition.services.nominations import nomination_make, nomination_record_consent
from recognition.services.panel import (
    nomination_pick_winner,
    nomination_shortlist,
    round_publish_results,
)
from recognition.services.thanks import thank_you_hide, thank_you_send
from recognition.tests.factories import colleague_user, open_round


def at(day: date):
    return timezone.make_aware(datetime.combine(day, time(12)))


@pytest.fixture
def sender(surgery):
    return colleague_user(surgery)


def thank(sender, person, on: date):
    made = thank_you_send(
        by=sender, recipient=person, value=ExpectedBehaviour.Value.BEST_CARE, message="Thanks"
    )
    ThankYou.objects.filter(pk=made.pk).update(created_at=at(on))
    return made


class TestRecognitionByCscAndMonth:
    def test_counts_per_csc_and_month_leave_out_hidden_and_declined(
        self, sender, medicine, surgery, administrator, django_assert_num_queries
    ):
        nurse = StaffMemberFactory(csc=medicine)
        porter = StaffMemberFactory(csc=surgery)
        thank(sender, nurse, date(2026, 10, 3))
        thank(sender, nurse, date(2026, 10, 30))
        thank(sender, porter, date(2026, 11, 2))
        hidden = thank(sender, nurse, date(2026, 11, 5))
        thank_you_hide(thank_you=hidden, by=administrator, reason="Names a patient")
        thank(sender, nurse, date(2026, 9, 30))  # before the range

        with django_assert_num_queries(4):
            counts = recognition_by_csc_and_month(date(2026, 10, 1), date(2026, 11, 30))
        assert counts.thank_yous == {
            (medicine.pk, date(2026, 10, 1)): 2,
            (surgery.pk, date(2026, 11, 1)): 1,
        }
        # Recognition began with the first shown thank-you, even one before the range.
        assert counts.first_thank_you == date(2026, 9, 30)
        assert counts.first_award is None

    def test_awards_count_in_the_month_the_results_came_out(self, sender, medicine, administrator):
        award_round = open_round(chair=administrator)
        category = award_round.categories.first()
        winner = nomination_make(
            by=sender,
            award_round=award_round,
            category=category,
            nominee=StaffMemberFactory(csc=medicine, name="Zara Reid"),
            case="Kind.",
        )
        declined = nomination_make(
            by=sender,
            award_round=award_round,
            category=category,
            nominee=StaffMemberFactory(csc=medicine),
            case="Kind.",
        )
        nomination_record_consent(nomination=winner, by=administrator, given=True)
        nomination_record_consent(nomination=declined, by=administrator, given=False)
        nomination_shortlist(nomination=winner, by=administrator)
        nomination_pick_winner(
            nomination=winner, by=administrator, reason="Unscored: the chair's call"
        )
        round_publish_results(
            award_round=award_round,
            by=administrator,
            email_certificates=False,
        )
        AwardRound.objects.filter(pk=award_round.pk).update(
            results_published_at=at(date(2026, 11, 20))
        )
        month = date(2026, 11, 1)
        counts = recognition_by_csc_and_month(month, date(2026, 11, 30))
        assert counts.awards == {(medicine.pk, month): 1}
        assert [n.nominee.name for n in counts.winners] == ["Zara Reid"]
        assert counts.first_award == date(2026, 11, 20)
