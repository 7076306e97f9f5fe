"""With Redis down (the Celery broker and the cache at a port nothing answers on), the web app
still saves what staff do and answers as usual; the emails those actions queue are kept and
sent by the resend once Redis is back; /healthz answers 503, naming the broker and the cache
to an administrator and nothing to anyone else (issue 14, "Faults").

These tests queue for real (not eagerly) against the dead broker, and run the on-commit hooks
for real (transactional_db), as a web request does in production.
"""

import logging
from datetime import date
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse

from careprog.celery import app as celery_app
from careprog.tests.factories import StaffMemberFactory
from feedback.models import ComplimentEmail
from feedback.models.choices import Kind, Status
from feedback.tasks import resend_compliment_emails
from feedback.tests.factories import make_item
from recognition.models import Nomination, ThankYou
from recognition.services.panel import round_publish_results
from recognition.tasks import resend_unsent_cards, resend_unsent_certificates
from recognition.tests.factories import colleague_user
from reports.models import BoardPack, PackStatus
from reports.services import pack_request
from tests.faults import as_if_saved_earlier, closed_port, winning_nomination


@pytest.fixture
def redis_down(monkeypatch, settings):
    """Tasks go to a broker that refuses connections; the cache is a Redis that does too."""
    url = f"redis://127.0.0.1:{closed_port()}/0"
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", url)
    monkeypatch.setitem(celery_app.conf, "broker_write_url", url)
    # A connection pool made earlier in this process would still reach the broker it was made
    # for: start from none, as a web process starting during the outage would.
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    original = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

    def back() -> None:
        """Redis is back: tasks run again (in this process, as the test settings run them)."""
        monkeypatch.undo()
        settings.CACHES = original

    return SimpleNamespace(back=back)


class TestTheWebAppKeepsWorking:
    def test_sharing_a_compliment_answers_as_usual_and_its_email_goes_when_redis_is_back(
        self, client, transactional_db, pals_officer, medicine, redis_down, caplog
    ):
        nurse = StaffMemberFactory(csc=medicine, name="Jo Bloggs", email="jo@trust.nhs.invalid")
        item = make_item(kind=Kind.COMPLIMENT, staff_named=[nurse], csc=medicine)
        client.force_login(pals_officer)
        with caplog.at_level(logging.ERROR, logger="django.db.backends.base"):
            response = client.post(
                reverse("feedback:action", args=[item.reference_slug, "share"]),
                {"version": item.version},
            )
        assert response.status_code == 302
        assert response.url == reverse("feedback:detail", args=[item.reference_slug])
        item.refresh_from_db()
        assert item.status == Status.SHARED
        email = ComplimentEmail.objects.get(item=item)
        assert (email.address, email.emailed_at, email.email_attempts) == (
            "jo@trust.nhs.invalid",
            None,
            0,
        )
        assert "send_compliment_emails" in caplog.text  # logged, not raised
        assert mail.outbox == []

        redis_down.back()  # Redis is back; Celery beat's resend runs
        as_if_saved_earlier(ComplimentEmail.objects.all())
        assert resend_compliment_emails.delay().get() == 1
        assert resend_compliment_emails.delay().get() == 0
        assert [m.to for m in mail.outbox] == [["jo@trust.nhs.invalid"]]
        assert item.events.filter(action="emailed").count() == 1

    def test_a_thank_you_answers_as_usual_and_its_card_goes_when_redis_is_back(
        self, client, transactional_db, medicine, redis_down
    ):
        nurse = StaffMemberFactory(csc=medicine, name="Zara Reid", email="zara@nhs.invalid")
        client.force_login(colleague_user(medicine))
        response = client.post(
            reverse("recognition:thank"),
            {
                "who": "person",
                "person": nurse.email,
                "value": "best_care",
                "message": "Thank you for tonight",
                "show_sender": "yes",
            },
        )
        thank_you = ThankYou.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("recognition:thank_you", args=[thank_you.pk])
        assert (thank_you.emailed_at, thank_you.email_attempts) == (None, 0)

        redis_down.back()
        as_if_saved_earlier(ThankYou.objects.all())
        assert resend_unsent_cards.delay().get() == 1
        assert resend_unsent_cards.delay().get() == 0
        assert [m.to for m in mail.outbox] == [["zara@nhs.invalid"]]

    def test_publishing_results_saves_them_and_the_certificate_goes_when_redis_is_back(
        self, transactional_db, medicine, panel_member, redis_down
    ):
        winner = winning_nomination(panel_member, medicine)
        round_publish_results(award_round=winner.round, by=panel_member)
        winner.refresh_from_db()
        assert winner.round.results_published_at is not None
        assert winner.certificate_emailed_at is None

        redis_down.back()
        as_if_saved_earlier(Nomination.objects.all())
        assert resend_unsent_certificates.delay().get() == 1
        assert resend_unsent_certificates.delay().get() == 0
        assert [m.to for m in mail.outbox] == [["zara@nhs.invalid"]]

    def test_asking_for_a_board_pack_keeps_the_request(
        self, transactional_db, board_member, medicine, redis_down
    ):
        make_item(csc=medicine, received_on=date(2026, 10, 1))
        pack, created = pack_request(month=date(2026, 10, 1), by=board_member)
        assert created
        # Left queued; no worker takes it up, so it is marked failed with a message later.
        assert BoardPack.objects.get(pk=pack.pk).status == PackStatus.QUEUED


class TestHealthz:
    def test_an_administrator_is_told_the_broker_and_the_cache_are_down(
        self, client, administrator, redis_down
    ):
        client.force_login(administrator)
        response = client.get(reverse("healthz"))
        body = response.json()
        assert response.status_code == 503
        assert body["status"] == "down"
        assert set(body["down"]) == {"broker", "cache"}
        assert body["checks"]["database"]["status"] == "up"

    def test_anyone_else_is_told_only_that_it_is_down(self, client, db, redis_down):
        response = client.get(reverse("healthz"))
        assert response.status_code == 503
        assert response.json() == {"status": "down"}
