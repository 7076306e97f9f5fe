"""The board figures count shown thank-yous per CSC and month (reports.figures): on Postgres an
index of shown thank-yous by when they were sent, carrying the CSC, answers that from the index
alone instead of reading ~3,000 table pages for two years at a million items (15 ms a view).
SQLite, the embedded default, skips it: INCLUDE is Postgres's."""

from django.db import migrations

from careprog.migration_operations import PostgresOnlySQL

NAME = "recognition_thankyou_shown_month_cover"


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0003_wall_keyset_index"),
    ]

    operations = [
        PostgresOnlySQL(
            f"CREATE INDEX {NAME} ON recognition_thankyou (created_at) INCLUDE (id, csc_id)"
            " WHERE hidden_at IS NULL",
            f"DROP INDEX IF EXISTS {NAME}",
        ),
    ]
