"""The import checks every row before writing any, and then saves in batches (issue 14): a bad
row anywhere saves nothing, a dry run writes nothing, and the queries grow with the batches,
never with the rows."""

import csv
import io
from datetime import date
from unittest import mock

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from careprog.tests.factories import ClinicalServiceCentreFactory
from careprog.working_days import trust_calendar
from feedback import importing
from feedback.csv_format import EXPORT_COLUMNS
from feedback.importing import saving
from feedback.models import FeedbackEvent, FeedbackItem, ReferenceCounter
from feedback.reference import load
from feedback.services import imports as import_service
from feedback.tests.factories import make_item

BASE = {
    "reference": "",
    "kind": "complaint",
    "received_on": "2026-03-10",
    "channel": "email",
    "csc": "med",
    "subject": "Communications; Waiting times",
    "summary": "Nobody told us about the move",
    "description": "Two lines,\nand a comma",
    "nhs_number": "9434765919",
    "patient_name": "Zoë O'Brien",
    "raised_by": "relative",
    "tier": "tier-2",
    "status": "acknowledged",
    "respond_by": "2026-05-01",
}
KINDS = [
    {},
    {"kind": "pals", "tier": "", "status": "resolved", "respond_by": "", "csc": "surg"},
    {"kind": "compliment", "tier": "", "status": "", "respond_by": "", "raised_by": "anonymous"},
    {"kind": "comment", "tier": "", "status": "closed", "respond_by": "", "subject": ""},
]


@pytest.fixture(autouse=True)
def reference_data(db):
    load()
    ClinicalServiceCentreFactory(code="med", name="Medicine")
    ClinicalServiceCentreFactory(code="surg", name="Surgery")


@pytest.fixture
def batch_of_ten(monkeypatch):
    monkeypatch.setattr(saving, "BATCH_SIZE", 10)
    return 10


def rows(count: int, **changes) -> list[dict]:
    """``count`` valid rows of every kind, numbered in their summaries."""
    return [
        {**BASE, **KINDS[n % len(KINDS)], "summary": f"Item {n}", **changes} for n in range(count)
    ]


def csv_text(data: list[dict]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(data)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "items": FeedbackItem.objects.count(),
        "events": FeedbackEvent.objects.count(),
        "history": FeedbackItem.history.count(),
        "subject links": FeedbackItem.subjects.through.objects.count(),
        "references used": sum(ReferenceCounter.objects.values_list("last_number", flat=True)),
    }


NOTHING = dict.fromkeys(["items", "events", "history", "subject links", "references used"], 0)


def saved_batches(text: str, **options) -> tuple[importing.ImportResult, list[int]]:
    """Import ``text``; the result and the size of each batch written."""
    with mock.patch.object(
        saving, "feedback_import_save", wraps=import_service.feedback_import_save
    ) as save:
        result = importing.import_feedback(text, **options)
    return result, [len(call.kwargs["items"]) for call in save.call_args_list]


class TestABadRowAnywhereSavesNothing:
    def test_a_bad_cell_in_the_last_row_after_several_batches(self, batch_of_ten):
        data = [*rows(35), {**BASE, "csc": "xyz"}]
        result, batches = saved_batches(csv_text(data))

        assert batches == []
        assert [(e.row, e.column) for e in result.errors] == [(37, "csc")]
        assert "no Clinical Service Centre has the code “xyz”" in result.errors[0].message
        assert result.summary == "1 error in 1 row: nothing was saved"
        assert counts() == NOTHING

    def test_a_rule_only_the_model_checks_in_the_last_row(self, batch_of_ten):
        data = [*rows(35), {**BASE, "raised_by": "anonymous"}]
        result, batches = saved_batches(csv_text(data))

        assert batches == []
        assert [str(e) for e in result.errors] == [
            "row 37, column raised_by: Only PALS contacts and compliments can be anonymous"
        ]
        assert counts() == NOTHING


class TestDryRun:
    def test_a_good_file_is_checked_and_nothing_written(self, batch_of_ten):
        with CaptureQueriesContext(connection) as queries:
            result = importing.import_feedback(csv_text(rows(25)), dry_run=True)

        assert result.ok
        assert result.summary == "Dry run: 25 rows valid, nothing saved"
        assert counts() == NOTHING
        writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
        assert writes == []

    def test_reports_the_same_errors_as_the_real_import(self):
        data = [*rows(5), {**BASE, "raised_by": "anonymous"}, {**BASE, "received_on": "2026-2-1"}]
        dry = importing.import_feedback(csv_text(data), dry_run=True)
        real = importing.import_feedback(csv_text(data))

        assert dry.errors == real.errors
        assert [(e.row, e.column) for e in dry.errors] == [(7, "raised_by"), (8, "received_on")]
        assert counts() == NOTHING


class TestBatches:
    @pytest.mark.parametrize(("count", "expected"), [(10, [10]), (11, [10, 1]), (25, [10, 10, 5])])
    def test_every_row_is_saved_in_batches_of_the_batch_size(self, batch_of_ten, count, expected):
        result, batches = saved_batches(csv_text(rows(count)))

        assert result.ok
        assert result.summary == f"Imported {count} items"
        assert batches == expected
        assert counts() == {
            "items": count,
            "events": 2 * count,
            "history": count,
            "subject links": 2 * len([r for r in rows(count) if r["subject"]]),
            "references used": count,
        }

    def test_new_references_are_consecutive_for_each_kind_in_file_order(self, batch_of_ten):
        importing.import_feedback(csv_text(rows(25)))

        for prefix, kind in [("COMP", "complaint"), ("PALS", "pals"), ("PLAU", "compliment")]:
            in_file_order = FeedbackItem.objects.filter(kind=kind).order_by("pk")
            references = list(in_file_order.values_list("reference", flat=True))
            count = len(references)
            assert references == [f"{prefix}/2026/{n:05d}" for n in range(1, count + 1)]
        assert FeedbackItem.objects.values("reference").distinct().count() == 25

    def test_batches_save_the_same_items_as_one_row_at_a_time(self, monkeypatch):
        def imported(batch_size: int) -> list[tuple]:
            monkeypatch.setattr(saving, "BATCH_SIZE", batch_size)
            before = set(FeedbackItem.objects.values_list("pk", flat=True))
            assert importing.import_feedback(csv_text(rows(12))).ok
            items = FeedbackItem.objects.exclude(pk__in=before).order_by("pk")
            return [describe(item) for item in items]

        one_at_a_time = imported(1)
        assert imported(5) == one_at_a_time

    def test_each_item_has_its_history_and_timeline(self, batch_of_ten):
        importing.import_feedback(csv_text(rows(11)), source="old-system.csv")

        for item in FeedbackItem.objects.all():
            assert list(item.history.values_list("history_type", "history_user")) == [("+", None)]
            assert list(item.events.order_by("pk").values_list("action", "description")) == [
                ("logged", f"{item.get_kind_display()} logged"),
                ("imported", "Imported from old-system.csv"),
            ]

    def test_each_history_record_holds_every_value_of_its_item(self, batch_of_ten):
        # The item and its history are written column by column (careprog.bulk_rows): a column
        # out of place would put one value under another's name.
        assert importing.import_feedback(csv_text(rows(12))).ok

        tracked = [field.attname for field in FeedbackItem.history.model.tracked_fields]
        assert {"respond_by", "csc_id"} <= set(tracked)
        for item in FeedbackItem.objects.all():
            record = item.history.get()
            assert {name: getattr(record, name) for name in tracked} == {
                name: getattr(item, name) for name in tracked
            }
            assert (record.history_change_reason, record.history_user_id) == (None, None)
            assert record.history_date == item.created_at == item.updated_at
            assert set(item.events.values_list("at", flat=True)) == {item.created_at}
        assert FeedbackItem.objects.count() == 12

    def test_the_rows_are_those_django_and_simple_history_wrote(self):
        # ADR 0020: the import's own inserts replaced bulk_create_with_history and bulk_create.
        # The same rows saved both ways read back the same, item, history, links and events.
        parsed, errors = importing.parse(csv_text(rows(8)))
        assert errors == []
        calendar = saving.RememberedCalendar(trust_calendar())
        subjects = [row.details["subjects"] for row in parsed]
        ours = import_service.feedback_import_save(
            items=[saving._item(row, calendar) for row in parsed], subjects=subjects, source="f"
        )
        theirs = [saving._item(row, calendar) for row in parsed]
        for item, our_item in zip(theirs, ours, strict=True):
            item.reference = "X" + our_item.reference
        theirs = bulk_create_with_history(theirs, FeedbackItem, default_user=None)
        for item, its_subjects in zip(theirs, subjects, strict=True):
            item.subjects.set(its_subjects)
            FeedbackEvent.objects.bulk_create(
                FeedbackEvent(item=item, action=action, description=description)
                for action, description in (
                    ("logged", f"{item.get_kind_display()} logged"),
                    ("imported", "Imported from f"),
                )
            )

        for our_item, their_item in zip(ours, theirs, strict=True):
            assert as_saved(our_item) == as_saved(their_item)

    def test_saved_times_are_the_moment_of_saving(self, batch_of_ten):
        before = timezone.now()
        importing.import_feedback(csv_text(rows(3)))
        after = timezone.now()

        for item in FeedbackItem.objects.all():
            assert before <= item.created_at <= after
            assert before <= item.events.first().at <= after

    def test_a_later_item_logged_by_hand_follows_on(self, batch_of_ten):
        assert importing.import_feedback(csv_text(rows(11, **KINDS[3], raised_by="staff"))).ok

        assert make_item(kind="comment", received_on=date(2026, 4, 1)).reference == (
            "COMM/2026/00012"
        )


def as_saved(item: FeedbackItem) -> dict:
    """What the database holds for an item, its history, subjects and timeline, without what
    two saves a moment apart differ in."""
    differ = {"id", "reference", "created_at", "updated_at", "history_id", "history_date", "at"}

    def same(values: dict) -> dict:
        return {name: value for name, value in values.items() if name not in differ}

    return {
        "item": same(FeedbackItem.objects.filter(pk=item.pk).values().get()),
        "history": [same(record) for record in item.history.values()],
        "subjects": sorted(item.subjects.values_list("pk", flat=True)),
        "events": [
            same(event) | {"item_id": None}
            for event in FeedbackEvent.objects.filter(item=item).order_by("pk").values()
        ],
    }


def describe(item: FeedbackItem) -> tuple:
    """Everything an import sets, without what differs between any two imports."""
    fields = {
        field.attname: getattr(item, field.attname)
        for field in FeedbackItem._meta.concrete_fields
        if field.name not in ("id", "reference", "created_at", "updated_at", "version")
    }
    subjects = sorted(item.subjects.values_list("name", flat=True))
    events = list(item.events.order_by("pk").values_list("action", "description", "by"))
    history = list(item.history.values_list("history_type", "history_user", "status"))
    return (item.reference.split("/")[0], sorted(fields.items()), subjects, events, history)


class TestQueries:
    """A query per row, anywhere, makes a 100,000-row file take minutes again."""

    def queries(self, count: int, **options) -> int:
        text = csv_text(rows(count))
        with CaptureQueriesContext(connection) as captured:
            result = importing.import_feedback(text, **options)
        assert result.ok
        return len(captured)

    def test_checking_takes_the_same_queries_for_any_number_of_rows(self):
        assert self.queries(2_500, dry_run=True) == self.queries(1_000, dry_run=True)

    def test_saving_takes_a_few_queries_a_batch_not_one_a_row(self):
        one_batch = self.queries(1_000)
        three_batches = self.queries(2_500)

        assert saving.BATCH_SIZE == 1_000
        assert three_batches <= 3 * one_batch
        # Each batch's rows go in a few statements (careprog.bulk_rows); one more query for any
        # row would add 1,500.
        per_row = (three_batches - one_batch) / 1_500
        assert per_row < 0.25, (one_batch, three_batches)


class TestTheDatabaseFailingPartWay:
    def test_the_batches_before_stay_and_the_report_says_where_it_stopped(self, batch_of_ten):
        data = rows(25)
        data[12]["reference"] = "COMP/2026/00900"  # a complaint on row 14, in the second batch
        real_save = import_service.feedback_import_save

        def someone_takes_the_reference_first(**arguments):
            if arguments["items"][0].summary == "Item 10":  # the second batch
                taken = make_item(received_on=date(2026, 3, 1))
                FeedbackItem.objects.filter(pk=taken.pk).update(reference="COMP/2026/00900")
            return real_save(**arguments)

        with mock.patch.object(
            saving, "feedback_import_save", side_effect=someone_takes_the_reference_first
        ):
            result = importing.import_feedback(csv_text(data))

        assert [str(e) for e in result.errors] == [
            "row 14, column reference: “COMP/2026/00900” was added to the register while the "
            "import was running"
        ]
        assert result.saved == 10
        assert result.summary == (
            "1 error in 1 row: the import stopped at row 12. 10 items, up to row 11, were "
            "saved; nothing from row 12 on was. Import only the rows from row 12 on again"
        )
        imported = FeedbackItem.objects.filter(events__action="imported").distinct()
        assert sorted(imported.values_list("summary", flat=True)) == sorted(
            f"Item {n}" for n in range(10)
        )
        assert FeedbackEvent.objects.filter(action="imported").count() == 10

    def test_a_failure_in_the_first_batch_saves_nothing(self, batch_of_ten):
        with mock.patch.object(
            saving, "feedback_import_save", side_effect=IntegrityError("disk full")
        ):
            result = importing.import_feedback(csv_text(rows(5)))

        assert [str(e) for e in result.errors] == [
            "row 2: the database refused rows 2 to 6 (disk full)"
        ]
        assert result.summary == "1 error in 1 row: nothing was saved"
        assert counts()["items"] == 0
