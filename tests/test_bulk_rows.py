"""careprog.bulk_rows, which writes the import's rows: ids never given twice, every value read
back as written, and a few statements however many rows."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careprog import bulk_rows
from careprog.bulk_rows import insert_rows, new_ids, values_of
from feedback.models import FeedbackEvent
from feedback.tests.factories import make_item

COLUMNS = ("id", "item_id", "at", "by_id", "action", "description")
TRICKY = "Zoë's “quote”, a %s, a %(name)s, a ? and a backslash \\ — kept as typed"


@pytest.fixture
def item(db):
    return make_item()


def events(item, ids, *, description="note", at=None):
    at = at or timezone.now()
    return [(pk, item.pk, at, None, "noted", f"{description} {pk}") for pk in ids]


class TestNewIds:
    def test_follow_the_rows_already_there_and_are_never_given_again(self, item):
        earlier = FeedbackEvent.objects.create(item=item, action="noted", description="by hand")
        with transaction.atomic():
            ids = new_ids(FeedbackEvent, 3)
            insert_rows(FeedbackEvent, COLUMNS, events(item, ids))
        later = FeedbackEvent.objects.create(item=item, action="noted", description="by hand")

        assert ids[0] > earlier.pk
        assert ids == list(range(ids[0], ids[0] + 3))
        assert later.pk > ids[-1]
        with transaction.atomic():
            assert new_ids(FeedbackEvent, 1)[0] > later.pk

    def test_none_wanted_none_given(self, item):
        assert new_ids(FeedbackEvent, 0) == []

    @pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's ids rely on the lock")
    @pytest.mark.django_db(transaction=True)
    def test_on_sqlite_outside_a_transaction_are_refused(self):
        # Outside a transaction nothing holds the write lock between reserving and writing.
        with pytest.raises(RuntimeError, match="inside the transaction"):
            new_ids(FeedbackEvent, 1)


class TestInsertRows:
    def test_every_value_reads_back_as_written(self, item):
        # A summer time: stored as UTC, as Django stores it, or lookups by time would miss it.
        at = datetime(2026, 7, 1, 12, 30, 15, 123456, tzinfo=ZoneInfo("Europe/London"))
        with transaction.atomic():
            (pk,) = new_ids(FeedbackEvent, 1)
            insert_rows(FeedbackEvent, COLUMNS, [(pk, item.pk, at, None, "noted", TRICKY)])

        saved = FeedbackEvent.objects.get(pk=pk)
        assert (saved.item_id, saved.at, saved.by_id, saved.action, saved.description) == (
            item.pk,
            at,
            None,
            "noted",
            TRICKY,
        )
        assert FeedbackEvent.objects.filter(at=at).get() == saved
        assert not FeedbackEvent.objects.filter(pk=pk, at__gt=at).exists()

    def test_dates_and_ids_of_objects_by_attname(self, item):
        # The import passes items' own values: dates through the backend's adapter, foreign
        # keys by their attname.
        columns = ("item_id", "at", "action", "description")
        source = FeedbackEvent(item=item, at=timezone.now(), action="noted", description="x")
        insert_rows(FeedbackEvent, columns, values_of([source], columns))

        saved = FeedbackEvent.objects.get(description="x")
        assert (saved.item_id, saved.at) == (item.pk, source.at)

    def test_values_of_one_column_are_rows_of_one(self, item):
        # operator.attrgetter with one name gives the value itself, not a row of one.
        event = FeedbackEvent(item=item, action="noted", description="x")
        assert list(values_of([event], ["action"])) == [("noted",)]
        assert list(values_of([event], ["action", "description"])) == [("noted", "x")]

    def test_a_column_the_model_lacks_is_refused_before_writing(self, item):
        with pytest.raises(ValueError, match="FeedbackEvent has no column item"):
            insert_rows(FeedbackEvent, ("item", "action"), [(item.pk, "noted")])
        assert not FeedbackEvent.objects.filter(action="noted").exists()

    def test_many_rows_take_a_statement_a_page_not_one_a_row(self, item, monkeypatch):
        monkeypatch.setattr(bulk_rows, "POSTGRES_ROWS_A_STATEMENT", 100)
        before = FeedbackEvent.objects.count()
        with transaction.atomic():
            ids = new_ids(FeedbackEvent, 250)
            with CaptureQueriesContext(connection) as captured:
                insert_rows(FeedbackEvent, COLUMNS, events(item, ids))

        # Postgres: pages of 100 rows; SQLite: one executemany.
        assert len(captured) == (3 if connection.vendor == "postgresql" else 1)
        assert FeedbackEvent.objects.count() == before + 250
        assert sorted(FeedbackEvent.objects.filter(pk__in=ids).values_list("pk", flat=True)) == ids

    def test_no_rows_write_nothing(self, item):
        before = FeedbackEvent.objects.count()
        insert_rows(FeedbackEvent, COLUMNS, [])
        assert FeedbackEvent.objects.count() == before
