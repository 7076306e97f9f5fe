"""Indexes for the board figures (the dashboard and the board pack), on Postgres only.

Each figure counts one kind of item by month over a window of months (reports/figures.py), so
each gets an index led by the date it counts by, holding (INCLUDE) every other column the
figure reads (the id too: the figures COUNT it): Postgres then answers from the index alone (an index-only scan), never visiting
the rows. Without them each figure read every item of its kind, then filtered by date: 285 ms
for the dashboard at 100,000 items, ten times that at a million (docs/performance.md).

Partial where the figure is about one kind or a date most items lack, which keeps them small.
SQLite (development and the default test run) gets nothing: INCLUDE is Postgres's.
"""

from django.db import migrations

from careprog.migration_operations import PostgresOnlySQL

TABLE = "feedback_feedbackitem"
# name: (columns, included columns, condition)
INDEXES = {
    "feedback_item_kind_received_cover": (
        "kind, received_on",
        "id, csc_id, status, resolved_early_on",
        "",
    ),
    "feedback_item_complaint_ack_cover": (
        "acknowledge_by",
        "id, csc_id, status, resolved_early_on, acknowledged_on",
        "kind = 'complaint'",
    ),
    "feedback_item_complaint_sent_cover": (
        "response_sent_on",
        "id, csc_id, status, resolved_early_on, received_on, respond_by, outcome,"
        " response_working_days",
        "kind = 'complaint' AND response_sent_on IS NOT NULL",
    ),
    "feedback_item_phso_cover": (
        "phso_referred_on",
        "id, csc_id, kind, status, resolved_early_on",
        "phso_referred_on IS NOT NULL",
    ),
    "feedback_item_resolved_early_cover": (
        "resolved_early_on",
        "id, csc_id, kind",
        "resolved_early_on IS NOT NULL",
    ),
}


def create(name, columns, included, condition) -> str:
    where = f" WHERE {condition}" if condition else ""
    return f"CREATE INDEX {name} ON {TABLE} ({columns}) INCLUDE ({included}){where}"


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0008_response_working_days"),
    ]

    operations = [
        PostgresOnlySQL(create(name, *parts), f"DROP INDEX IF EXISTS {name}")
        for name, parts in INDEXES.items()
    ]
