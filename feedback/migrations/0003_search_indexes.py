"""Indexes for the register's search (feedback.search), on Postgres only.

The search ORs several conditions; Postgres can answer an OR from indexes (a BitmapOr) only when
every branch has one, so each branch gets its own:
- words: a GIN full-text index on the very expression feedback.search.SearchDocument renders
  (an expression index is used only when the query's expression is identical, so the SQL below
  and SearchDocument's template must change together);
- partial reference and names: trigram GIN indexes (pg_trgm) for LIKE '%...%'; the names'
  on UPPER(...), which is what Django's icontains compares;
- NHS number: a plain B-tree for the exact match.
The reference's exact match already has the unique index.

SQLite (development and the default test run) has neither to_tsvector nor pg_trgm: there the
operations do nothing and the search scans, which is fine at a developer's scale.

The indexes are built in the migration's transaction, locking writes to the table for as long
as the build takes: seconds for a trust's register (tens of thousands of rows).
"""

from django.db import migrations

from careprog.migration_operations import PostgresOnlySQL

TABLE = "feedback_feedbackitem"

# Must match feedback.search.SearchDocument character for character, in the same field order.
SEARCH_DOCUMENT = (
    "to_tsvector('english'::regconfig, "
    "COALESCE(summary::text, '') || ' ' || COALESCE(description::text, '') || ' ' || "
    "COALESCE(patient_name::text, '') || ' ' || COALESCE(contact_name::text, ''))"
)

INDEXES = {
    "feedback_item_search_fts": f"USING gin ({SEARCH_DOCUMENT})",
    "feedback_item_reference_trgm": "USING gin (reference gin_trgm_ops)",
    "feedback_item_patient_name_trgm": "USING gin (UPPER(patient_name::text) gin_trgm_ops)",
    "feedback_item_contact_name_trgm": "USING gin (UPPER(contact_name::text) gin_trgm_ops)",
    "feedback_item_nhs_number": "(nhs_number)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_case_handlers_and_documents"),
    ]

    operations = [
        # Not dropped on the way back: other apps or databases may rely on the extension, and
        # leaving it installed is harmless.
        PostgresOnlySQL(
            sql="CREATE EXTENSION IF NOT EXISTS pg_trgm",
            reverse_sql=migrations.RunSQL.noop,
        ),
        *(
            PostgresOnlySQL(
                sql=f"CREATE INDEX {name} ON {TABLE} {definition}",
                reverse_sql=f"DROP INDEX IF EXISTS {name}",
            )
            for name, definition in INDEXES.items()
        ),
    ]
