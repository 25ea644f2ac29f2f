"""The partnership record under load: import, then scan, on SQLite and on PostgreSQL.

Generates 2,000 partnerships with two years of evidence each (weekly metric observations:
about 500,000 in all), imports them through the import service from JSON text (what
`partnerfolio import` does), then scans the portfolio (load every partnership with its
evidence and assess it, what `partnerfolio scan` does), twice; the import leaves each
partnership's snapshot cached, so both read the cache. A third scan runs after the cache
is emptied, as after an upgrade that changed its format (it rebuilds every row). Compares
the scan with the pure engine on the same snapshots. Each database runs in its own process, on a database
this script creates (a temporary SQLite file; `partnerfolio_bench` on the PostgreSQL
server of BENCH_PG_URL, dropped and created anew). Prints figures; asserts nothing.

    python bench/record_bench.py [--count 2000] [--db sqlite,postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from databases import fresh_postgres  # bench/databases.py, beside this script

HERE = Path(__file__).resolve().parent
GOAL_IMPORT = 20_000  # observations per second
GOAL_SCAN = 1_000  # partnerships per second
AS_OF = date(2026, 11, 30)
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/partnerfolio_bench")
METRIC_KEYS = (
    "revenue_growth",
    "joint_pipeline",
    "trust_score",
    "on_time_completion",
    "sla_compliance",
)


def documents(count: int, seed: int = 2026) -> list[dict[str, Any]]:
    """Realistic documents (bench/generate.py) with two years of weekly metric observations."""
    sys.path.insert(0, str(HERE))
    from generate import generate_documents

    rng = random.Random(seed)
    found = []
    for n, document in enumerate(generate_documents(count, seed)):
        document["name"] = f"{document['name']} #{n}"
        for partner in document.get("partners") or ():  # one organization per partnership
            partner["name"] = f"{partner['name']} #{n}"
        start = AS_OF - timedelta(days=730)
        keys = METRIC_KEYS[: rng.choice((2, 3))]
        document["metrics"] = [
            {
                "key": key,
                "target": 100.0,
                "observations": [
                    {
                        "on": (start + timedelta(days=d)).isoformat(),
                        "value": round(rng.uniform(40, 120), 2),
                    }
                    for d in range(0, 730, 7 if len(keys) == 3 else 5)
                ],
            }
            for key in keys
        ]
        found.append(document)
    return found


def worker(database: str, count: int) -> dict[str, Any]:
    """Runs in a child process whose environment names the database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from partnerfolio.domain import assess, default_playbook
    from partnerfolio.interchange import validate_document
    from partnerfolio.partnerships import selectors, services

    call_command("migrate", verbosity=0)
    playbook = default_playbook()
    texts = [json.dumps(d) for d in documents(count)]
    observations = sum(len(m["observations"]) for t in texts for m in json.loads(t)["metrics"])

    started = time.perf_counter()
    for start in range(0, len(texts), 200):  # as `partnerfolio import` does
        with transaction.atomic():
            batch = [dict(validate_document(text)) for text in texts[start : start + 200]]
            services.partnerships_import(actor="bench", documents=batch)
    imported = time.perf_counter() - started

    # The scan as `partnerfolio scan` runs it: load a batch, assess, let it go.
    recent = selectors.RecentObservations(AS_OF, playbook.scorecard.trend_points)

    def scan() -> tuple[float, int]:
        started = time.perf_counter()
        findings = 0
        with selectors.collector_paused():
            for _pid, snapshot in selectors.portfolio_snapshots(recent=recent, cached=True):
                findings += len(assess(snapshot, AS_OF, playbook).pitfalls)
        return time.perf_counter() - started, findings

    scanned, findings = scan()
    again, _ = scan()
    from partnerfolio.partnerships.models import SnapshotCache

    SnapshotCache.objects.all().delete()
    cold, _ = scan()

    # The engine alone on the same snapshots, loaded beforehand (untimed).
    loaded = [snapshot for _pid, snapshot in selectors.portfolio_snapshots(recent=recent)]
    with selectors.collector_paused():  # as the scan runs it
        started = time.perf_counter()
        for snapshot in loaded:
            assess(snapshot, AS_OF, playbook)
        engine = time.perf_counter() - started
    return {
        "database": f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else connection.pg_version}",
        "partnerships": len(texts),
        "observations": observations,
        "import_s": imported,
        "cold_scan_s": cold,
        "again_s": again,
        "scan_s": scanned,
        "engine_s": engine,
        "findings": findings,
    }


def run_child(database: str, count: int, script: str = __file__) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "partnerfolio.config.settings"
    with tempfile.TemporaryDirectory() as data_dir:
        env["PARTNERFOLIO_DATA_DIR"] = data_dir
        if database == "postgres":
            fresh_postgres(PG_URL)
            env["DATABASE_URL"] = PG_URL
        result = subprocess.run(
            [sys.executable, script, "--worker", database, "--count", str(count)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise SystemExit(f"{database} run failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(r: dict[str, Any]) -> None:
    import_rate = r["observations"] / r["import_s"]
    scan_rate = r["partnerships"] / r["scan_s"]
    engine_rate = r["partnerships"] / r["engine_s"]
    database_share = (r["scan_s"] - r["engine_s"]) / r["scan_s"]
    verdict = lambda rate, goal: "PASS" if rate >= goal else "BELOW"  # noqa: E731
    print(
        f"\n{r['database']}: {r['partnerships']:,} partnerships, {r['observations']:,} observations"
    )
    print(
        f"  import   {r['import_s']:8.2f} s  {import_rate:>10,.0f} observations/s  "
        f"goal >= {GOAL_IMPORT:,}  {verdict(import_rate, GOAL_IMPORT)}"
    )
    print(
        f"  scan     {r['scan_s']:8.2f} s  {scan_rate:>10,.0f} partnerships/s   "
        f"goal >= {GOAL_SCAN:,}  {verdict(scan_rate, GOAL_SCAN)}  ({r['findings']:,} findings)"
    )
    cold_rate = r["partnerships"] / r["cold_scan_s"]
    print(
        f"  (scanned again: {r['again_s']:.2f} s; with the snapshot cache emptied, "
        f"rebuilding it: {r['cold_scan_s']:.2f} s, {cold_rate:,.0f} partnerships/s)"
    )
    print(
        f"  engine   {r['engine_s']:8.2f} s  {engine_rate:>10,.0f} partnerships/s   (same snapshots, no database)"
    )
    share = "PASS" if database_share <= 0.5 else "ABOVE"
    print(f"  database share of the scan: {100 * database_share:.0f} % (goal <= 50 %)  {share}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--db", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.count)))
        return
    print(f"Partnerfolio record benchmark: Python {sys.version.split()[0]}, as of {AS_OF}")
    for database in args.db.split(","):
        report(run_child(database.strip(), args.count))
    print("\nFigures only, never asserted.")


if __name__ == "__main__":
    main()
