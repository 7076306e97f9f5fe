"""Records made once for a whole test module, for tests that read far more than they build."""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def connection_kept_open():
    """Keep the test connection open while the module's transaction lasts.

    pytest-django runs each test as a Django TestCase of its own, whose tearDownClass closes
    every connection; on Postgres that would end the module's transaction (and the records in
    it) after the first test. Django already skips the close for an in-memory SQLite database;
    this does the same on any database while a transaction is open."""
    close = connection.close

    def close_unless_in_a_transaction():
        if not connection.in_atomic_block:
            close()

    connection.close = close_unless_in_a_transaction
    try:
        yield
    finally:
        del connection.close


@contextmanager
def records_for_the_module(django_db_blocker, build):
    """Records made once for a test module, in a transaction of the module's own that is rolled
    back when the module ends. Each test's transaction nests inside it, so whatever a test
    changes is gone before the next one."""
    with connection_kept_open():
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                built = build()
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        try:
            yield built
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
