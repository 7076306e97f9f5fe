"""Writing many rows of one table at once: the CSV import's 100,000 rows in under a minute.

Django's bulk_create prepares every value of every row through its field (a few microseconds
each: an imported item and its history record are 140 values), and on SQLite it fits only six
such rows in a statement. That was three quarters of an import's time. Here each column's
conversion is chosen once per call: text, numbers, booleans and ids go to the driver as they
are, dates through the backend's own adapter, anything else through the field as Django would.
The rows then go to the driver in as few calls as it allows: SQLite's executemany of a one-row
INSERT, or on Postgres a thousand rows a statement.

What it leaves to the caller, who must know the table: save() and signals are not run, every
column written must be given (defaults and auto_now are not filled in), and an id a caller
needs before writing comes from new_ids.
"""

from collections.abc import Iterable, Sequence
from itertools import islice
from operator import attrgetter

from django.db import connection, models

# The driver takes these fields' Python values as they are (str, int, bool, None).
PASSED_AS_THEY_ARE = (
    models.CharField,
    models.TextField,
    models.IntegerField,  # and the auto, positive and big integer fields
    models.BooleanField,
    models.ForeignKey,  # its attname holds the id
)

POSTGRES_ROWS_A_STATEMENT = 1000


def new_ids(model: type[models.Model], count: int) -> list[int]:
    """Ids for `count` new rows of `model`'s table, which no one else will be given.

    Call it in the transaction that writes the rows. On Postgres they come from the table's own
    sequence, as an INSERT would take them. On SQLite the transaction already holds the write
    lock (the settings make every transaction IMMEDIATE), so the next ids after the table's
    AUTOINCREMENT counter stay free until the rows are written, which moves the counter on."""
    if count == 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite":
            if not connection.in_atomic_block:
                raise RuntimeError("new_ids must be called inside the transaction that uses them")
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            first = (found[0] if found else 0) + 1
            return list(range(first, first + count))
    raise NotImplementedError(f"new_ids supports PostgreSQL and SQLite, not {connection.vendor}")


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]
) -> None:
    """INSERT `rows` (one value per name in `columns`, each an attname of `model`) into
    `model`'s table, in as few statements as the database allows."""
    fields = [model._meta.get_field(_field_name(model, column)) for column in columns]
    conversions = [
        (position, conversion)
        for position, field in enumerate(fields)
        if (conversion := _conversion(field)) is not None
    ]
    prepared = (_converted(row, conversions) for row in rows) if conversions else rows
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    insert = f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(insert + one_row, prepared)
            return
        # psycopg2's executemany is a statement a row; a thousand rows a statement instead.
        prepared = iter(prepared)
        while page := list(islice(prepared, POSTGRES_ROWS_A_STATEMENT)):
            cursor.execute(
                insert + ", ".join([one_row] * len(page)), [v for row in page for v in row]
            )


def values_of(objects: Iterable[models.Model], columns: Sequence[str]) -> Iterable[tuple]:
    """Each object's values for `columns`, in order, as insert_rows takes them."""
    if len(columns) == 1:
        (column,) = columns
        return ((getattr(item, column),) for item in objects)
    return map(attrgetter(*columns), objects)


def _field_name(model: type[models.Model], column: str) -> str:
    # get_field knows fields by name; a foreign key's column is given by its attname (csc_id).
    for field in model._meta.concrete_fields:
        if field.attname == column:
            return field.name
    raise ValueError(f"{model.__name__} has no column {column}")


def _conversion(field: models.Field):
    if isinstance(field, models.DateTimeField):
        # Time zones: Django makes aware times naive UTC for SQLite.
        return lambda value: field.get_db_prep_save(value, connection)
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, PASSED_AS_THEY_ARE):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _converted(row: Sequence, conversions) -> list:
    row = list(row)
    for position, conversion in conversions:
        row[position] = conversion(row[position])
    return row
