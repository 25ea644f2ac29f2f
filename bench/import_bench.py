"""A large spreadsheet import and its preview, and how long they keep other writers out.

Builds a realistic CSV of ROWS mixed rows (tests/spreadsheets/big_file.py: organizations,
partnerships, evidence of every kind, metric observations), then on each database runs
its preview (a dry run), the import, and the same import again (every row unchanged),
while a second process measures how long a writer waits:

- SQLite: the probe takes the write lock (`BEGIN IMMEDIATE`, then rolls back) every
  50 ms; its longest wait is how long the import held the lock at a stretch;
- PostgreSQL: the probe reads `pg_stat_activity` every 50 ms; the longest transaction
  of another connection is the import's write transaction.

Each database runs in its own process, on a database this script creates (a temporary
SQLite file; `partnerfolio_import_bench` on the server of BENCH_PG_URL, dropped and
created anew). Prints figures; asserts nothing.

    python bench/import_bench.py [--rows 15000] [--db sqlite,postgres] [--profile]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from databases import fresh_postgres  # bench/databases.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get(
    "BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/partnerfolio_import_bench"
)


def _probe(database: dict[str, Any], stop: Any, result: Any) -> None:
    """Runs in its own process: the longest wait of a writer (SQLite) or the longest
    transaction of another connection (PostgreSQL), until `stop` is set."""
    longest = 0.0
    if database["vendor"] == "sqlite":
        import sqlite3

        connection = sqlite3.connect(database["name"], timeout=3600, isolation_level=None)
        while not stop.is_set():
            started = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            longest = max(longest, time.perf_counter() - started)
            connection.execute("ROLLBACK")
            time.sleep(0.05)
    else:
        import psycopg

        with psycopg.connect(database["url"], autocommit=True) as connection:
            while not stop.is_set():
                row = connection.execute(
                    "SELECT coalesce(max(extract(epoch FROM now() - xact_start)), 0) "
                    "FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
                ).fetchone()
                longest = max(longest, float(row[0]))
                time.sleep(0.05)
    result.value = longest


def _measured(database: dict[str, Any], run: Any) -> tuple[Any, float, float]:
    """(what `run` returns, seconds it took, the probe's longest wait)."""
    context = multiprocessing.get_context("spawn")
    stop, result = context.Event(), context.Value("d", 0.0)
    probe = context.Process(target=_probe, args=(database, stop, result))
    probe.start()
    time.sleep(1.0)  # the probe is connected and running
    started = time.perf_counter()
    answer = run()
    took = time.perf_counter() - started
    time.sleep(0.2)
    stop.set()
    probe.join(60)
    return answer, took, result.value


def worker(rows: int, profile: bool) -> dict[str, Any]:
    """Runs in a child process whose environment names the database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from tests.spreadsheets.big_file import realistic_csv

    from partnerfolio.spreadsheets.importing import run_import
    from partnerfolio.spreadsheets.mappings import Mapping
    from partnerfolio.spreadsheets.reading import read_file

    call_command("migrate", verbosity=0)
    data = realistic_csv(rows)
    started = time.perf_counter()
    workbook = read_file(data, "portfolio.csv")
    reading = time.perf_counter() - started
    database = {
        "vendor": connection.vendor,
        "name": str(connection.settings_dict["NAME"]),
        "url": os.environ.get("DATABASE_URL", ""),
    }
    connection.close()  # the probe connects on its own
    figures: dict[str, Any] = {
        "database": connection.vendor,
        "rows": rows,
        "megabytes": len(data) / 2**20,
        "read_s": reading,
    }

    def step(name: str, **options: Any) -> None:
        def run() -> Any:
            return run_import(workbook, Mapping(), actor="bench", **options)

        if profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            report, took, held = _measured(database, lambda: profiler.runcall(run))
            stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
            print(f"\n=== profile of the {name} ({took:.1f} s) ===", file=sys.stderr)
            stats.print_stats(30)
        else:
            report, took, held = _measured(database, run)
        figures[name] = {
            "s": took,
            "held_s": held,
            "summary": report.summary(),
            "issues": len(report.issues),
            "written": report.written,
        }
        connection.close()

    step("preview", dry_run=True)
    step("import")
    step("again")
    return figures


def run_child(database: str, rows: int, profile: bool) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env["DJANGO_SETTINGS_MODULE"] = "partnerfolio.config.settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    with tempfile.TemporaryDirectory() as data_dir:
        env["PARTNERFOLIO_DATA_DIR"] = data_dir
        if database == "postgres":
            fresh_postgres(PG_URL)
            env["DATABASE_URL"] = PG_URL
        command = [sys.executable, __file__, "--worker", "--rows", str(rows)]
        result = subprocess.run(
            command + (["--profile"] if profile else []),
            env=env,
            stdout=subprocess.PIPE,
            stderr=None if profile else subprocess.PIPE,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise SystemExit(f"{database} run failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(r: dict[str, Any]) -> None:
    print(
        f"\n{r['database']}: {r['rows']:,} rows ({r['megabytes']:.1f} MiB), "
        f"read in {r['read_s']:.1f} s"
    )
    held = "longest wait of a writer" if r["database"] == "sqlite" else "longest transaction"
    for name in ("preview", "import", "again"):
        step = r[name]
        print(
            f"  {name:<8} {step['s']:7.1f} s   {held}: {step['held_s']:6.2f} s   "
            f"{step['summary'][:90]}{' …' if len(step['summary']) > 90 else ''}"
            + (f"  ({step['issues']} problems)" if step["issues"] else "")
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=15_000)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--profile", action="store_true", help="cProfile each step (stderr)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.rows, args.profile)))
        return
    for database in args.db.split(","):
        report(run_child(database, args.rows, args.profile))


if __name__ == "__main__":
    main()
