"""With the mail server refusing connections (the real SMTP backend, pointed at a port nothing
listens on), sharing a compliment, sending a thank-you and publishing certificates each save
what was done and record the email's error; once mail works again the resend sends each email
exactly once. The daily digest the same (issue 14, "Faults")."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse

from careprog.roles import Role
from careprog.tests.factories import StaffMemberFactory, UserFactory
from careprog.working_days import trust_calendar
from feedback.models import ComplimentEmail, DigestSent, FeedbackItem
from feedback.models.choices import Kind, Status
from feedback.services.compliments import compliment_share
from feedback.services.reminders import digests_send
from feedback.tasks import resend_compliment_emails
from feedback.tests.factories import make_item
from recognition.models import Nomination, ThankYou
from recognition.services.panel import round_publish_results
from recognition.services.thanks import thank_you_send
from recognition.tasks import resend_unsent_cards, resend_unsent_certificates
from tests.faults import as_if_saved_earlier, closed_port, winning_nomination

SMTP = "django.core.mail.backends.smtp.EmailBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
REFUSED = "ConnectionRefusedError"


@pytest.fixture
def mail_down(settings):
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_TIMEOUT = 2

    def back() -> None:
        settings.EMAIL_BACKEND = LOCMEM

    return SimpleNamespace(back=back)


class TestNothingIsLost:
    def test_a_shared_compliment_keeps_its_email_and_it_goes_once(
        self, pals_officer, medicine, mail_down, django_capture_on_commit_callbacks
    ):
        nurse = StaffMemberFactory(csc=medicine, name="Jo Bloggs", email="jo@trust.nhs.invalid")
        item = make_item(kind=Kind.COMPLIMENT, staff_named=[nurse], csc=medicine)
        with django_capture_on_commit_callbacks(execute=True):
            compliment_share(item=item, by=pals_officer)
        assert FeedbackItem.objects.get(pk=item.pk).status == Status.SHARED
        email = ComplimentEmail.objects.get(item=item)
        assert (email.emailed_at, email.email_attempts) == (None, 1)
        assert email.email_error.startswith(REFUSED)
        assert not item.events.filter(action="emailed").exists()

        mail_down.back()  # mail works again
        as_if_saved_earlier(ComplimentEmail.objects.all())
        assert resend_compliment_emails() == 1
        as_if_saved_earlier(ComplimentEmail.objects.all())
        assert resend_compliment_emails() == 0
        assert [m.to for m in mail.outbox] == [["jo@trust.nhs.invalid"]]
        email.refresh_from_db()
        assert email.emailed_at is not None
        assert (email.email_attempts, email.email_error) == (2, "")
        assert item.events.filter(action="emailed").count() == 1

    def test_an_administrator_sees_the_unsent_email_and_why_and_no_patient_detail(
        self, client, administrator, pals_officer, medicine, mail_down,
        django_capture_on_commit_callbacks,
    ):  # fmt: skip
        nurse = StaffMemberFactory(csc=medicine, name="Jo Bloggs", email="jo@trust.nhs.invalid")
        item = make_item(
            kind=Kind.COMPLIMENT, staff_named=[nurse], csc=medicine,
            summary="Edith Crawley's thanks to ward 7", patient_name="Edith Crawley",
        )  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            compliment_share(item=item, by=pals_officer)
        client.force_login(administrator)

        unsent = client.get(reverse("admin:feedback_complimentemail_changelist"), {"sent": "no"})
        email = ComplimentEmail.objects.get(item=item)
        opened = client.get(reverse("admin:feedback_complimentemail_change", args=[email.pk]))

        sent = client.get(reverse("admin:feedback_complimentemail_changelist"), {"sent": "yes"})
        assert item.reference not in sent.content.decode()
        for page in (unsent, opened):
            assert page.status_code == 200
            text = page.content.decode()
            assert item.reference in text
            assert "jo@trust.nhs.invalid" in text
            assert REFUSED in text
            assert "Edith Crawley" not in text
        assert 'name="_save"' not in opened.content.decode()  # read, never changed

    def test_a_thank_you_keeps_its_card_and_it_goes_once(
        self, medicine, mail_down, django_capture_on_commit_callbacks
    ):
        nurse = StaffMemberFactory(csc=medicine, name="Zara Reid", email="zara@nhs.invalid")
        sender = UserFactory(first_name="Sam", last_name="Okafor")
        with django_capture_on_commit_callbacks(execute=True):
            thank_you = thank_you_send(
                by=sender, recipient=nurse, value="best_care", message="Thank you for tonight"
            )
        thank_you = ThankYou.objects.get(pk=thank_you.pk)
        assert (thank_you.emailed_at, thank_you.email_attempts) == (None, 1)
        assert thank_you.email_error.startswith(REFUSED)

        mail_down.back()  # mail works again
        as_if_saved_earlier(ThankYou.objects.all())
        assert resend_unsent_cards() == 1
        as_if_saved_earlier(ThankYou.objects.all())
        assert resend_unsent_cards() == 0
        assert [m.to for m in mail.outbox] == [["zara@nhs.invalid"]]

    def test_published_results_keep_the_certificate_and_it_goes_once(
        self, medicine, panel_member, mail_down, django_capture_on_commit_callbacks
    ):
        winner = winning_nomination(panel_member, medicine)
        with django_capture_on_commit_callbacks(execute=True):
            round_publish_results(award_round=winner.round, by=panel_member)
        winner = Nomination.objects.get(pk=winner.pk)
        assert winner.round.results_published_at is not None
        assert (winner.certificate_emailed_at, winner.certificate_attempts) == (None, 1)
        assert winner.certificate_error.startswith(REFUSED)

        mail_down.back()  # mail works again
        as_if_saved_earlier(Nomination.objects.all())
        assert resend_unsent_certificates() == 1
        as_if_saved_earlier(Nomination.objects.all())
        assert resend_unsent_certificates() == 0
        assert [m.to for m in mail.outbox] == [["zara@nhs.invalid"]]

    def test_the_daily_digest_records_the_failure_and_its_retry_sends_it_once(
        self, medicine, mail_down
    ):
        monday = date(2026, 12, 21)
        handler = UserFactory(role=Role.PALS_OFFICER, email="handler@trust.nhs.invalid")
        item = make_item(csc=medicine)
        FeedbackItem.objects.filter(pk=item.pk).update(
            status=Status.ACKNOWLEDGED, case_handler=handler, respond_by=monday
        )
        run = digests_send(today=monday, calendar=trust_calendar())
        assert (run.sent, run.failed) == (0, 1)
        record = DigestSent.objects.get(user=handler, on=monday)
        assert (record.sent_at, record.attempts) == (None, 1)
        assert record.last_error.startswith(REFUSED)

        mail_down.back()  # mail works again
        assert digests_send(today=monday, calendar=trust_calendar()).sent == 1
        assert digests_send(today=monday, calendar=trust_calendar()).sent == 0
        assert [m.to for m in mail.outbox] == [["handler@trust.nhs.invalid"]]
