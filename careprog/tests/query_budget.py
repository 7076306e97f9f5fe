"""The most queries any page may run (issue 13's target), however many rows it shows: the
query-count tests hold each page to it as well as to not growing with its rows.

The access record a page writes when someone opens or downloads patients' data (issue 14's
audit, careprog.access_records) is not a read and is not counted: ``page_queries`` leaves it
out, and the access tests check that exactly one is written."""

MOST_QUERIES_A_PAGE = 15

ACCESS_RECORD_INSERT = 'INSERT INTO "careprog_accessrecord"'


def page_queries(captured) -> int:
    """The queries a CaptureQueriesContext saw, less the page's access record."""
    return sum(1 for query in captured if not query["sql"].startswith(ACCESS_RECORD_INSERT))
