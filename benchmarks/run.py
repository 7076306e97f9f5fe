"""make bench: careprog at scale, measured from an empty Postgres database (issue 13).

python -m benchmarks.run --items 100000

1. Makes the database <DATABASE_URL's name>_bench from empty (BENCH_REUSE=1 keeps one already
   seeded with the same number of items), migrates it, loads the reference data and runs
   seed_volume, timed.
2. Counts each page's queries and measures its SQL floor (benchmarks/queries.py).
3. Serves the app with gunicorn and production settings on loopback, and times each page
   (median and p95 of 20 requests after 3 warm-ups), the admin change list asked the same
   question, and the register under 10 and 50 concurrent users.
4. Builds a trust-wide month's board pack and exports a year's and a month's CSV, each in its
   own process for its peak memory.
5. Times a dry run and an import of a generated CSV file (BENCH_IMPORT_ROWS, 100,000 rows)
   into an empty database of its own (benchmarks/imports.py, which also measures SQLite).
6. Writes var/bench/results-<N>.md (the tables docs/performance.md quotes) and .json.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict

from benchmarks.database import ROOT, bench_url, build, manage, seeded_items
from benchmarks.processes import run_measured

WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
PORT = int(os.environ.get("BENCH_PORT", "8931"))
LOAD_SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "20"))
OUT = ROOT / "var" / "bench"


def environment(url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        SECRET_KEY=env.get("SECRET_KEY", "benchmark-only-not-a-secret-" + "x" * 40),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_CONN_MAX_AGE="60",
    )
    # Production serves without Redis only in the benchmark: the pages measured do not use it.
    env.pop("REDIS_URL", None)
    return env


def start_gunicorn(env: dict) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 - gunicorn, with our own arguments
        [
            sys.executable, "-m", "gunicorn", "careprog.wsgi:application",
            "--bind", f"127.0.0.1:{PORT}", "--workers", str(WORKERS), "--timeout", "600",
            "--log-level", "warning",
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip
    from benchmarks.client import get

    for _ in range(100):
        try:
            if get(PORT, "/healthz", "")[0] in (200, 503):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def measure_pages(people, pages, env):
    from benchmarks.client import time_page
    from benchmarks.queries import page_sql

    rows = []
    for page in pages:
        sql = page_sql(people.users[page.who], page.url, floor=page.is_list)
        if sql.status != 200:
            raise SystemExit(f"{page.name}: {page.url} answered {sql.status} for {page.who}")
        row = {
            "page": page.name,
            "who": page.who,
            "queries": sql.queries,
            "sql_floor_ms": sql.floor_ms,
        }
        row.update(asdict(time_page(PORT, page.url, people.cookies[page.who], workers=WORKERS)))
        if page.admin_url:
            admin = time_page(PORT, page.admin_url, people.cookies["admin"], workers=WORKERS)
            row["admin_median_ms"], row["admin_p95_ms"] = admin.median_ms, admin.p95_ms
        print(f"  {page.name:<40} {row['median_ms']:8.1f} ms median {row['p95_ms']:8.1f} ms p95 "
              f"{row['queries']:3d} queries", flush=True)  # fmt: skip
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=int(os.environ.get("BENCH_ITEMS", 10_000)))
    items = parser.parse_args().items
    database_url = os.environ.get("DATABASE_URL", "")
    url = bench_url(database_url)
    env = environment(url)
    os.environ.update(env)
    results = {"items": items, "workers": WORKERS, "cpus": os.cpu_count()}

    print(f"Benchmark database {url} with {items:,} items", flush=True)
    if os.environ.get("BENCH_REUSE") and seeded_items(url) == items:
        print("  reusing the database seeded by an earlier run", flush=True)
        manage(env, "migrate", "--no-input", "-v", "0")  # any migration added since
        results["seeding"] = None
    else:
        seeding = build(url, env, items)
        results["seeding"] = asdict(seeding)
        print(f"  seeded in {seeding.seconds:.0f} s, peak {seeding.peak_mb:.0f} MB", flush=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip

    import django

    django.setup()
    from benchmarks.client import load
    from benchmarks.pages import exports, pages, people

    everyone = people()
    chosen = pages(items)
    server = start_gunicorn(env)
    try:
        results["pages"] = measure_pages(everyone, chosen, env)
        register = next(page for page in chosen if page.name == "register, no filter")
        results["load"] = []
        for users in (10, 50):
            measured = load(PORT, register.url, everyone.cookies["PALS officer"], users=users,
                            seconds=LOAD_SECONDS)  # fmt: skip
            print(f"  {users} users: {measured.per_second:.0f} requests/s, p95 "
                  f"{measured.p95_ms:.0f} ms, {measured.failures} failed", flush=True)  # fmt: skip
            results["load"].append(asdict(measured))
    finally:
        server.terminate()
        server.wait()

    results["exports"] = []
    for name, export_url in exports().items():
        done = run_measured(
            [sys.executable, "-m", "benchmarks.probe", "export", "volume-officer-0", export_url],
            cwd=ROOT, env=env,
        )  # fmt: skip
        fields = dict(part.split("=") for part in done.stdout.split())
        rows, seconds = int(fields["rows"]), float(fields["seconds"])
        results["exports"].append({
            "export": name, "rows": rows, "seconds": seconds, "rows_per_second": rows / seconds,
            "peak_mb": done.peak_mb, "baseline_mb": int(fields["baseline_kib"]) / 1024,
        })  # fmt: skip
        print(
            f"  CSV {name}: {rows:,} rows in {seconds:.1f} s, peak {done.peak_mb:.0f} MB",
            flush=True,
        )

    results["board_pack"] = board_pack(env)
    # Into an empty database of its own, so the seeded one stays as it is for BENCH_REUSE.
    from benchmarks.imports import DEFAULT_ROWS, measure

    results["import"] = measure(DEFAULT_ROWS, postgres=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"results-{items}.json").write_text(json.dumps(results, indent=2, default=str))
    from benchmarks.report import markdown

    (OUT / f"results-{items}.md").write_text(markdown(results))
    print(markdown(results))
    print(f"Written to {OUT / f'results-{items}.md'}")


def board_pack(env: dict) -> dict:
    """A trust-wide pack for last month, built in its own process (no Celery: the same build)."""
    from django.db import connection
    from django.utils import timezone

    from benchmarks.pages import last_month

    month = last_month(timezone.localdate())[0]
    with connection.cursor() as cursor:  # the benchmark's own database: a rerun builds anew
        cursor.execute("DELETE FROM reports_packdownload")
        cursor.execute("DELETE FROM reports_boardpack")
    done = run_measured(
        [sys.executable, "manage.py", "build_board_pack", "--month", f"{month:%Y-%m}"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    print(
        f"  board pack {month:%B %Y}: {done.seconds:.1f} s, peak {done.peak_mb:.0f} MB", flush=True
    )
    return {"month": f"{month:%Y-%m}", "seconds": done.seconds, "peak_mb": done.peak_mb}


if __name__ == "__main__":
    main()
