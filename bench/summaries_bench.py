"""What keeping the summaries current costs (docs/summaries.md), on SQLite and PostgreSQL.

Imports generated partnerships (bench/record_bench.py's documents), then times, in-process:
- one write (an owner changed through `partnership_update`, committed), with the
  re-assessment of its partnership after the commit and without it;
- the worker's run over the whole portfolio on a new day (`refresh_portfolio`), in
  batches, and its rate;
- what the dashboard reads (`summary_selectors.summaries_of`) with every summary
  stale, with a worker running (nothing assessed) and without one (a page's worth).

    python bench/summaries_bench.py [--count 2000] [--db sqlite,postgres]

Figures only, never asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from record_bench import documents, run_child  # noqa: E402

REPEAT = 15


def worker(database: str, count: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from partnerfolio.interchange import validate_document
    from partnerfolio.partnerships import services, summaries, summary_selectors, summary_upkeep
    from partnerfolio.partnerships.models import Partnership, SummaryStatus

    call_command("migrate", verbosity=0)
    texts = [json.dumps(d) for d in documents(count)]
    for at in range(0, count, 200):
        with transaction.atomic():
            batch = [dict(validate_document(t)) for t in texts[at : at + 200]]
            services.partnerships_import(actor="bench", documents=batch)
    book = summary_upkeep.playbook()
    today = timezone.localdate()

    def timed(run: Any) -> float:
        started = time.perf_counter()
        run()
        return (time.perf_counter() - started) * 1000

    full_ms = timed(lambda: summary_upkeep.refresh_portfolio(today, book))
    target = Partnership.objects.order_by("pk")[count // 2]

    def write(n: int) -> None:
        target.refresh_from_db()
        services.partnership_update(
            actor="bench",
            partnership=target,
            expected_version=target.version,
            changes={"governance": {"owner": f"Owner {n}"}},
        )

    with_reassessment = [timed(lambda n=n: write(n)) for n in range(REPEAT)]
    current = summaries.is_current(
        target.summary, Partnership.objects.get(pk=target.pk).revision, today,
        summaries.playbook_key(book),
    )  # fmt: skip
    real = summary_upkeep.reassess
    summary_upkeep.reassess = lambda *args: None  # type: ignore[assignment]
    without = [timed(lambda n=n: write(REPEAT + n)) for n in range(REPEAT)]
    summary_upkeep.reassess = real  # type: ignore[assignment]

    everything = Partnership.objects.all()
    tomorrow = today + timedelta(days=1)
    SummaryStatus.objects.update_or_create(pk=1, defaults={"worker_seen_at": timezone.now()})
    read_worker = statistics.median(
        timed(lambda: summary_selectors.summaries_of(everything, tomorrow, book)) for _ in range(5)
    )
    SummaryStatus.objects.filter(pk=1).update(worker_seen_at=None)
    read_alone = timed(lambda: summary_selectors.summaries_of(everything, tomorrow, book))
    return {
        "database": database,
        "count": count,
        "full_run_ms": full_ms,
        "write_ms": statistics.median(with_reassessment),
        "write_without_ms": statistics.median(without),
        "write_left_summary_current": current,
        "read_with_worker_ms": read_worker,
        "read_without_worker_ms": read_alone,
    }


def report(r: dict[str, Any]) -> None:
    print(f"\n{r['database']}, {r['count']} partnerships")
    print(
        f"  worker's run over all (new day): {r['full_run_ms']:.0f} ms "
        f"({r['count'] / r['full_run_ms'] * 1000:.0f} partnerships/s)"
    )
    print(
        f"  one write, committed: {r['write_ms']:.1f} ms with its re-assessment, "
        f"{r['write_without_ms']:.1f} ms without (median of {REPEAT}); "
        f"summary current after it: {r['write_left_summary_current']}"
    )
    print(
        f"  dashboard's read, every summary stale: {r['read_with_worker_ms']:.1f} ms with a "
        f"worker (nothing assessed), {r['read_without_worker_ms']:.1f} ms without "
        f"(the {25} most recent assessed)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--db", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.count)))
        return
    for database in args.db.split(","):
        report(run_child(database.strip(), args.count, __file__))
    print("\nFigures only, never asserted.")


if __name__ == "__main__":
    main()
