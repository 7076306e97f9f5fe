"""What a database holds, table by table: read the same way when a backup is made and after a
restore, so the two can be compared."""

VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(cursor, vendor: str) -> list[str]:
    if vendor == "postgresql":
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
    else:
        # sqlite_sequence and the like belong to SQLite itself and are copied with the file.
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1"
        )
    return [row[0] for row in cursor.fetchall()]


def row_counts(cursor, vendor: str) -> dict[str, int]:
    counts = {}
    for table in table_names(cursor, vendor):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - a quoted table name
        counts[table] = cursor.fetchone()[0]
    return counts


def latest_migrations(cursor, vendor: str) -> dict[str, str]:
    """The latest migration applied to each app (by name: migrations are numbered)."""
    if "django_migrations" not in table_names(cursor, vendor):
        return {}
    cursor.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app ORDER BY app")
    return dict(cursor.fetchall())
