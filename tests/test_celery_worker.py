"""A real Celery worker, started against REDIS_URL, picks up and runs tasks: the service check,
and a thank-you's email card read from the test database."""

from unittest.mock import patch

import pytest
from django.conf import settings
from django.db import connection

from careprog.tasks import check_services
from careprog.tests.factories import StaffMemberFactory, UserFactory
from recognition.services.thanks import thank_you_send
from recognition.tasks import send_thank_you_card
from tests.workers import ROOT as ROOT  # named here too: reports' worker tests import them here
from tests.workers import start_worker, stop_worker

pytestmark = pytest.mark.celery_worker


@pytest.fixture
def worker_queue(tmp_path, monkeypatch):
    queue, worker, log = start_worker(tmp_path, monkeypatch)
    yield queue
    stop_worker(worker, log)


class TestRealWorker:
    def test_worker_runs_task_and_reaches_every_service(self, worker_queue):
        result = check_services.apply_async(queue=worker_queue)
        report = result.get(timeout=90)
        assert result.successful()
        assert report["status"] == "up", report
        assert report["checks"]["broker"]["mode"] == "broker"
        assert report["checks"]["database"]["vendor"] == (
            "postgresql" if "postgres" in settings.DATABASES["default"]["ENGINE"] else "sqlite"
        )


@pytest.fixture
def worker_on_test_database(tmp_path, monkeypatch, transactional_db):
    """A worker reading the test's own Postgres database and writing mail to files."""
    database = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("the worker must share the test database: run with DATABASE_URL (.ci/run)")
    outbox = tmp_path / "mail"
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    queue, worker, log = start_worker(
        tmp_path, monkeypatch, DATABASE_URL=url, TEST_EMAIL_FILE_PATH=str(outbox)
    )
    yield queue, outbox
    stop_worker(worker, log)


class TestThankYouCardThroughAWorker:
    def test_the_worker_emails_the_card_and_records_it(self, worker_on_test_database, medicine):
        queue, outbox = worker_on_test_database
        nurse = StaffMemberFactory(csc=medicine, name="Zara Reid", email="zara@nhs.invalid")
        sender = UserFactory(first_name="Sam", last_name="Okafor")
        with patch.object(send_thank_you_card, "delay"):  # sent below, to the worker's queue
            thank_you = thank_you_send(
                by=sender, recipient=nurse, value="best_care", message="Thank you for tonight"
            )
        result = send_thank_you_card.apply_async(args=[thank_you.pk], queue=queue)
        assert result.get(timeout=90) is True
        thank_you.refresh_from_db()
        assert thank_you.emailed_at is not None
        sent = "".join(path.read_text() for path in outbox.glob("*.log"))
        assert "To: zara@nhs.invalid" in sent
        assert "Thank you for tonight" in sent
