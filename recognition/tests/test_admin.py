"""The admin shows thank-yous read-only: not even a revert from their history changes one."""

from django.urls import reverse

from careprog.models import ExpectedBehaviour
from careprog.tests.factories import StaffMemberFactory
from recognition.models import ThankYou
from recognition.services.thanks import thank_you_hide, thank_you_send
from recognition.tests.factories import colleague_user

BEST_CARE = ExpectedBehaviour.Value.BEST_CARE


class TestRevertingHistory:
    def test_a_hidden_thank_you_is_not_shown_again_by_a_revert(
        self, client, administrator, medicine
    ):
        sender, nurse = colleague_user(medicine), StaffMemberFactory(csc=medicine)
        thank_you = thank_you_send(
            by=sender, recipient=nurse, value=BEST_CARE, message="Thank you for staying late."
        )
        shown = thank_you.history.latest()
        thank_you_hide(thank_you=thank_you, by=administrator, reason="Names a patient")
        client.force_login(administrator)
        # Every field as it was when shown, as the revert page's form would post it.
        as_shown = {
            "sender": sender.pk,
            "show_sender": "on",
            "recipient": nurse.pk,
            "csc": medicine.pk,
            "value": BEST_CARE,
            "message": shown.message,
            "email_attempts": shown.email_attempts,
        }
        url = reverse(
            "admin:recognition_thankyou_simple_history", args=[thank_you.pk, shown.history_id]
        )
        assert client.post(url, as_shown).status_code == 403
        assert ThankYou.objects.get(pk=thank_you.pk).hidden_at is not None
