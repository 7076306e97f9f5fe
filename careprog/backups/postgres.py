"""pg_dump and pg_restore, run with the connection settings Django uses.

Every connection detail goes to them in PG* environment variables, never on the command line,
where any user of the server could read the password in the process list.
"""

import os
import shutil
import subprocess
from pathlib import Path

from careprog.backups import BackupError

# Connection OPTIONS that libpq also reads from the environment.
OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def client_environment(database: dict) -> dict[str, str]:
    settings_variables = {
        "PGDATABASE": database.get("NAME"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGHOST": database.get("HOST"),
        "PGPORT": str(database.get("PORT") or ""),
    }
    options = database.get("OPTIONS") or {}
    option_variables = {
        variable: options.get(option) for option, variable in OPTION_VARIABLES.items()
    }
    given = {k: str(v) for k, v in {**settings_variables, **option_variables}.items() if v}
    return {**os.environ, **given}


def program(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found: install the PostgreSQL client programs "
            "(postgresql-client), of the same major version as the server or newer."
        )
    return found


def version(name: str) -> str:
    return _run([program(name), "--version"], environment=dict(os.environ)).strip()


def dump(database: dict, path: Path, *, snapshot: str) -> None:
    """Dump in pg_dump's custom format, from the exported ``snapshot`` so that the dump shows
    the database at the same instant as the row counts read in that snapshot's transaction."""
    _run(
        [program("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={path}"],
        environment=client_environment(database),
    )


def restore(database: dict, path: Path) -> None:
    """Restore into the configured database, dropping what the dump replaces.

    In one transaction: if anything fails, the database is left as it was, never half-restored.
    --no-owner, because the server restored to may not have the role that owned the tables.
    """
    _run(
        [
            program("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={database['NAME']}",
            str(path),
        ],
        environment=client_environment(database),
    )


def _run(command: list[str], *, environment: dict[str, str]) -> str:
    name = Path(command[0]).name
    # Our own fixed arguments; the program is found on PATH by program().
    done = subprocess.run(  # noqa: S603
        command, env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{name} failed (exit code {done.returncode}): {done.stderr.strip()}")
    return done.stdout
