"""Thank-yous: what may be sent, hiding, and the email card that is never lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from careprog.models import ExpectedBehaviour
from careprog.reference.loaders import load_care_standards
from careprog.tests.factories import DepartmentFactory, StaffMemberFactory
from feedback import reference
from feedback.models.choices import Kind
from feedback.tests.factories import make_item
from recognition import tasks
from recognition.models import ThankYou
from recognition.models.choices import MESSAGE_LIMIT
from recognition.services.base import RecognitionError
from recognition.services.delivery import MOST_ATTEMPTS, backoff
from recognition.services.thanks import (
    thank_you_hide,
    thank_you_send,
    thank_yous_from_compliment,
)
from recognition.tests.factories import colleague_user

BEST_CARE = ExpectedBehaviour.Value.BEST_CARE


@pytest.fixture
def nurse(medicine):
    return StaffMemberFactory(csc=medicine, name="Zara Reid", email="zara.reid@nhs.invalid")


@pytest.fixture
def sender(medicine):
    return colleague_user(medicine, name="Sam Okafor")


def send(sender, **details):
    details.setdefault("value", BEST_CARE)
    details.setdefault("message", "Thank you for staying late for Mr B's family.")
    return thank_you_send(by=sender, **details)


class TestSending:
    def test_a_colleague_is_thanked_with_the_csc_they_work_in(self, sender, nurse, medicine):
        thank_you = send(sender, recipient=nurse)
        assert (thank_you.recipient, thank_you.csc, thank_you.sender) == (nurse, medicine, sender)
        assert thank_you.sender_shown() == str(sender)

    def test_a_team_is_thanked_with_its_csc(self, sender, surgery):
        theatres = DepartmentFactory(csc=surgery, name="Theatres")
        thank_you = send(sender, team=theatres)
        assert (thank_you.team, thank_you.csc, thank_you.recipient_name) == (
            theatres,
            surgery,
            "Theatres",
        )

    def test_shown_as_a_colleague_when_the_sender_asks(self, sender, nurse):
        thank_you = send(sender, recipient=nurse, show_sender=False)
        assert thank_you.sender_shown() == "A colleague"
        assert thank_you.sender == sender  # still recorded for administrators

    @pytest.mark.parametrize("message", ["", "   "])
    def test_an_empty_message_is_refused_at_the_field(self, sender, nurse, message):
        with pytest.raises(RecognitionError) as refused:
            send(sender, recipient=nurse, message=message)
        assert refused.value.message_dict["message"] == [
            "Write a message to go with your thank-you"
        ]
        assert not ThankYou.objects.exists()

    def test_a_message_at_the_limit_is_sent_and_one_over_is_refused(self, sender, nurse):
        send(sender, recipient=nurse, message="x" * MESSAGE_LIMIT)
        with pytest.raises(RecognitionError) as refused:
            send(sender, recipient=nurse, message="x" * (MESSAGE_LIMIT + 1))
        assert (
            f"{MESSAGE_LIMIT} characters or fewer (it has {MESSAGE_LIMIT + 1})"
            in (refused.value.message_dict["message"][0])
        )
        assert ThankYou.objects.count() == 1

    def test_a_colleague_and_a_team_at_once_is_refused(self, sender, nurse, medicine):
        with pytest.raises(Exception, match="one, not both"):
            send(sender, recipient=nurse, team=DepartmentFactory(csc=medicine))
        assert not ThankYou.objects.exists()

    def test_nobody_to_thank_is_refused(self, sender):
        with pytest.raises(Exception, match="Choose a colleague or a team"):
            send(sender)

    def test_you_cannot_thank_yourself(self, sender):
        with pytest.raises(RecognitionError) as refused:
            send(sender, recipient=sender.staff_member)
        assert "You cannot thank yourself" in refused.value.message_dict["recipient"][0]
        assert not ThankYou.objects.exists()

    def test_a_behaviour_must_belong_to_the_value_chosen(self, sender, nurse, db):
        load_care_standards()
        people_behaviour = ExpectedBehaviour.objects.filter(value="best_people").first()
        with pytest.raises(RecognitionError, match="is a Best People behaviour"):
            send(sender, recipient=nurse, value=BEST_CARE, behaviour=people_behaviour)
        assert not ThankYou.objects.exists()


class TestHiding:
    def test_a_hidden_thank_you_is_kept_with_who_hid_it_and_why(self, sender, nurse, administrator):
        thank_you = send(sender, recipient=nurse)
        thank_you_hide(thank_you=thank_you, by=administrator, reason="Names a patient")
        kept = ThankYou.objects.get(pk=thank_you.pk)
        assert (kept.hidden_by, kept.hidden_reason) == (administrator, "Names a patient")
        assert not ThankYou.objects.shown().exists()
        assert kept.history.order_by("-history_date").first().history_user == administrator

    def test_hiding_needs_a_reason(self, sender, nurse, administrator):
        thank_you = send(sender, recipient=nurse)
        with pytest.raises(RecognitionError):
            thank_you_hide(thank_you=thank_you, by=administrator, reason=" ")
        assert not ThankYou.objects.get(pk=thank_you.pk).is_hidden

    def test_hiding_twice_is_refused(self, sender, nurse, administrator):
        thank_you = send(sender, recipient=nurse)
        thank_you_hide(thank_you=thank_you, by=administrator, reason="Names a patient")
        with pytest.raises(RecognitionError, match="already hidden"):
            thank_you_hide(thank_you=thank_you, by=administrator, reason="Again")
        assert ThankYou.objects.get(pk=thank_you.pk).hidden_reason == "Names a patient"


class TestEmailCard:
    def test_the_card_is_emailed_once_the_thank_you_is_saved(
        self, sender, nurse, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as waiting:
            thank_you = send(sender, recipient=nurse)
        assert mail.outbox == []  # nothing goes before the commit
        for callback in waiting:
            callback()
        assert [m.to for m in mail.outbox] == [["zara.reid@nhs.invalid"]]
        assert mail.outbox[0].subject == f"Thank you from {sender}"
        assert "Thank you for staying late" in mail.outbox[0].body
        assert ThankYou.objects.get(pk=thank_you.pk).emailed_at is not None

    def test_an_anonymous_card_does_not_name_the_sender(
        self, sender, nurse, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            send(sender, recipient=nurse, show_sender=False)
        assert mail.outbox[0].subject == "Thank you from a colleague"
        assert str(sender) not in mail.outbox[0].body

    def test_a_failed_email_keeps_the_thank_you_and_is_sent_again_later(
        self, sender, nurse, settings, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = "recognition.tests.failing_mail.EmailBackend"
        with django_capture_on_commit_callbacks(execute=True):
            thank_you = send(sender, recipient=nurse)
        kept = ThankYou.objects.get(pk=thank_you.pk)
        assert kept.emailed_at is None
        assert kept.email_attempts == 1
        assert "mail server unreachable" in kept.email_error

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert tasks.resend_unsent_cards() == 0  # not yet: the next try waits its turn
        later(thank_you, past_claim=True)
        assert tasks.resend_unsent_cards() == 1
        sent = ThankYou.objects.get(pk=thank_you.pk)
        assert sent.emailed_at is not None
        assert (sent.email_attempts, sent.email_error) == (2, "")
        later(thank_you, past_claim=True)
        assert tasks.resend_unsent_cards() == 0  # sent cards are not sent again
        assert len(mail.outbox) == 1

    def test_a_card_being_sent_is_not_sent_again_by_the_resend(
        self, sender, nurse, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False):
            thank_you = send(sender, recipient=nurse)  # its first send is queued, not run
        assert tasks.resend_unsent_cards() == 0  # the first send has a few minutes to go
        later(thank_you)
        ThankYou.objects.filter(pk=thank_you.pk).update(
            email_claimed_until=timezone.now() + timedelta(minutes=4)  # a worker is sending it
        )
        assert tasks.resend_unsent_cards() == 0
        assert tasks.send_thank_you_card(thank_you.pk) is False
        assert mail.outbox == []

    def test_a_card_whose_first_send_never_ran_is_sent_by_the_resend(
        self, sender, nurse, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False):
            thank_you = send(sender, recipient=nurse)  # the broker was down: never queued
        later(thank_you)
        assert tasks.resend_unsent_cards() == 1
        assert len(mail.outbox) == 1

    def test_each_failure_puts_the_next_try_off_for_longer(self):
        assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
        assert backoff(20) == timedelta(hours=6)

    def test_hidden_cards_and_cards_past_the_last_attempt_are_not_resent(
        self, sender, nurse, administrator, settings, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = "recognition.tests.failing_mail.EmailBackend"
        with django_capture_on_commit_callbacks(execute=True):
            hidden = send(sender, recipient=nurse)
            given_up = send(sender, recipient=nurse)
        thank_you_hide(thank_you=hidden, by=administrator, reason="Names a patient")
        ThankYou.objects.filter(pk=given_up.pk).update(email_attempts=MOST_ATTEMPTS)
        for thank_you in (hidden, given_up):
            later(thank_you, past_claim=True)
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert tasks.resend_unsent_cards() == 0
        assert tasks.send_thank_you_card(hidden.pk) is False  # never to a hidden card
        assert mail.outbox == []

    def test_the_resend_runs_every_ten_minutes(self, settings):
        schedule = {
            entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
        }
        assert schedule["recognition.resend_unsent_cards"] == 600
        assert schedule["recognition.resend_unsent_certificates"] == 600

    def test_a_team_has_no_card_to_email(
        self, sender, medicine, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            send(sender, team=DepartmentFactory(csc=medicine))
        assert mail.outbox == []


class TestFromACompliment:
    @pytest.fixture
    def compliment(self, medicine, nurse, pals_officer):
        reference.load()
        return make_item(
            kind=Kind.COMPLIMENT,
            csc=medicine,
            staff_named=[nurse],
            patient_name="Alan Example",
            by=pals_officer,
        )

    def test_each_named_colleague_is_thanked_and_the_timeline_says_so(
        self, compliment, nurse, pals_officer
    ):
        sent = thank_yous_from_compliment(
            by=pals_officer,
            compliment=compliment,
            people=[nurse],
            value=BEST_CARE,
            message="We received a compliment about you",
        )
        assert [t.recipient for t in sent] == [nurse]
        assert sent[0].compliment == compliment
        event = compliment.events.get(action="recognised")
        assert event.description == "Thank-you sent to Zara Reid"
        assert event.by == pals_officer

    def test_someone_the_compliment_does_not_name_is_refused(
        self, compliment, medicine, pals_officer
    ):
        stranger = StaffMemberFactory(csc=medicine, name="Not Named")
        with pytest.raises(RecognitionError, match="Not Named is not named on"):
            thank_yous_from_compliment(
                by=pals_officer,
                compliment=compliment,
                people=[stranger],
                value=BEST_CARE,
                message="Thanks",
            )
        assert not ThankYou.objects.exists()
        assert not compliment.events.filter(action="recognised").exists()


def later(thank_you, *, past_claim: bool = False) -> None:
    """Move a thank-you's clock on: made long enough ago for the resend to look at it, and (if
    asked) past the time its last failed try put the next one off to."""
    changes = {"created_at": timezone.now() - timedelta(minutes=30)}
    if past_claim:
        changes["email_claimed_until"] = timezone.now() - timedelta(seconds=1)
    ThankYou.objects.filter(pk=thank_you.pk).update(**changes)
