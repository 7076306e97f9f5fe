"""Timing the CSV import (issue 14): a dry run, then the real import, of a generated file.

python -m benchmarks.imports --rows 100000             # on a SQLite file under var/bench
python -m benchmarks.imports --rows 100000 --postgres  # on <DATABASE_URL's name>_import

Each run starts from an empty database (migrated, reference data loaded) of its own, never the
one DATABASE_URL names, and runs `manage.py import_feedback` in a child process, as an
administrator would, for its wall time and peak memory. `make bench` runs the Postgres one.
"""

import argparse
import os
import resource
import subprocess
import sys
from pathlib import Path

from benchmarks.database import ROOT, make_empty, manage, sibling_url
from benchmarks.processes import run_measured

OUT = ROOT / "var" / "bench"
DEFAULT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))


def environment(url: str) -> dict:
    env = dict(os.environ)
    env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="careprog.settings.local")
    env.pop("REDIS_URL", None)
    return env


def empty_database(postgres: bool) -> dict:
    """A migrated database with the reference data and no items; its environment."""
    if postgres:
        url = sibling_url(os.environ.get("DATABASE_URL", ""), "import")
        make_empty(url)
    else:
        path = OUT / "import.sqlite3"
        for leftover in OUT.glob("import.sqlite3*"):
            leftover.unlink()
        url = f"sqlite:///{path}"
    env = environment(url)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_reference_data")
    return env


def csv_file(rows: int) -> Path:
    """The generated file, made once per size and kept (it is the same every time)."""
    path = OUT / f"import-{rows}.csv"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        env = environment("sqlite://:memory:")
        with path.open("w", newline="", encoding="utf-8") as out:
            subprocess.run(  # noqa: S603 - our own generator
                [sys.executable, "-m", "benchmarks.import_rows", str(rows)],
                cwd=ROOT, env=env, stdout=out, check=True,
            )  # fmt: skip
    return path


def measure(rows: int, *, postgres: bool) -> dict:
    path = csv_file(rows)
    env = empty_database(postgres)
    results = {"rows": rows, "database": "Postgres" if postgres else "SQLite"}
    for name, extra in (("dry_run", ["--dry-run"]), ("import", [])):
        # CPU time beside wall time: on a shared machine the wall time includes waiting.
        cpu_before = _children_cpu()
        done = run_measured(
            [sys.executable, "manage.py", "import_feedback", str(path), *extra], cwd=ROOT, env=env
        )
        cpu = _children_cpu() - cpu_before
        results[name] = {"seconds": done.seconds, "cpu_seconds": cpu, "peak_mb": done.peak_mb}
        print(
            f"  import {rows:,} rows on {results['database']}, {name.replace('_', ' ')}: "
            f"{done.seconds:.1f} s ({cpu:.1f} s CPU), peak {done.peak_mb:.0f} MB "
            f"({done.stdout.strip()})",
            flush=True,
        )
    return results


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--postgres", action="store_true", help="on Postgres, not SQLite")
    arguments = parser.parse_args()
    measure(arguments.rows, postgres=arguments.postgres)


if __name__ == "__main__":
    main()
