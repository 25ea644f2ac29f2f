"""Throughput of the framework engine on one core (single process).

Generates realistic §8 documents (bench/generate.py), serialises them to JSON text up
front, then times three pipelines over all of them, several runs each:

1. the pure engine: `assess` on snapshots parsed beforehand;
2. parse + validate + assess, from JSON text;
3. parse + validate + assess + render the §8 output (`assessment_json`) + `json.dumps`.

It prints figures and PASS/BELOW against the goals; it never fails on timings.

    python bench/assess_bench.py [--count 10000] [--as-of 2026-11-30] [--runs 3]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# Run as a script, this file's folder is on sys.path, so `generate` (beside it) imports.
from generate import generate_documents
from partnerfolio.domain import (
    Assessment,
    PartnershipSnapshot,
    Playbook,
    assess,
    default_playbook,
)
from partnerfolio.interchange import assessment_json, parse_document

GOAL_ENGINE = 5_000  # assessments per second, pure engine
GOAL_PARSE_ASSESS = 2_000  # documents per second, parse + validate + assess


@dataclass(frozen=True, slots=True)
class Result:
    label: str
    documents: int
    seconds: list[float]
    goal: int | None

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def pin_to_one_core(cpu: int | None) -> str:
    """Pin this process to one CPU (the first allowed unless given) where the OS allows it."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity); single process, single thread"
    cpus = sorted(os.sched_getaffinity(0))
    chosen = cpus[0] if cpu is None else cpu
    os.sched_setaffinity(0, {chosen})
    return f"pinned to CPU {chosen} (of {len(cpus)} allowed); single process, single thread"


def time_runs(work: Callable[[], object], runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        gc.collect()  # start each run from the same heap
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Partnerfolio assessment throughput benchmark")
    parser.add_argument("--count", type=int, default=10_000, help="documents (default 10000)")
    parser.add_argument(
        "--as-of", type=date.fromisoformat, default=date(2026, 11, 30), help="YYYY-MM-DD"
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs per measurement")
    parser.add_argument("--seed", type=int, default=2026, help="generator seed")
    parser.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: first)")
    args = parser.parse_args(argv)
    count: int = args.count
    as_of: date = args.as_of
    runs: int = max(1, args.runs)

    pinning = pin_to_one_core(args.cpu)
    print("Partnerfolio assessment benchmark")
    print(f"  Python   {platform.python_implementation()} {platform.python_version()}")
    print(f"  CPU      {cpu_model()}")
    print(f"  process  {pinning}")
    print(f"  as_of    {as_of.isoformat()}, {runs} timed runs per measurement, seed {args.seed}")
    print("  gc       enabled; inputs frozen out of collection (gc.freeze), results discarded")

    playbook: Playbook = default_playbook()
    start = time.perf_counter()
    documents = generate_documents(count, args.seed)
    texts = [json.dumps(d, ensure_ascii=False) for d in documents]
    prepared = time.perf_counter() - start
    total_bytes = sum(len(t.encode("utf-8")) for t in texts)
    snapshots: list[PartnershipSnapshot] = [parse_document(t, playbook=playbook) for t in texts]
    print(
        f"  input    {count} documents, {total_bytes / count / 1024:.1f} KiB mean JSON, "
        f"generated and serialised in {prepared:.1f} s (untimed)"
    )

    # Each pipeline discards its results as a server would: keeping 10,000 assessments
    # alive would make the cyclic GC rescan them all and time the benchmark, not the engine.
    def engine() -> None:
        for snapshot in snapshots:
            assess(snapshot, as_of, playbook)

    def parse_assess() -> None:
        for text in texts:
            assess(parse_document(text, playbook=playbook), as_of, playbook)

    def parse_assess_render() -> None:
        for text in texts:
            assessment = assess(parse_document(text, playbook=playbook), as_of, playbook)
            json.dumps(assessment_json(assessment, playbook), ensure_ascii=False)

    # Warm up every path (imports, caches, the playbook) before timing.
    warm = min(count, 200)
    for t in texts[:warm]:
        json.dumps(
            assessment_json(assess(parse_document(t, playbook=playbook), as_of, playbook), playbook)
        )

    # The inputs live for the whole run: move them out of the GC's way (gc stays enabled).
    del documents
    gc.collect()
    gc.freeze()

    results = [
        Result("pure engine: assess(snapshot)", count, time_runs(engine, runs), GOAL_ENGINE),
        Result(
            "parse + validate + assess", count, time_runs(parse_assess, runs), GOAL_PARSE_ASSESS
        ),
        Result(
            "... + assessment_json + json.dumps", count, time_runs(parse_assess_render, runs), None
        ),
    ]

    assessments: list[Assessment] = [assess(s, as_of, playbook) for s in snapshots]
    pitfall_counts = Counter(p.code.value for a in assessments for p in a.pitfalls)
    verdicts = Counter(a.readiness.verdict.value for a in assessments)
    print(
        f"  workload {sum(pitfall_counts.values()) / count:.2f} pitfalls per document "
        f"({len(pitfall_counts)} codes seen); readiness "
        + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items()))
    )
    print()

    header = (
        f"{'measurement':<38} {'docs':>7} {'best s':>8} {'median s':>9} "
        f"{'best /s':>9} {'median /s':>10} {'µs/doc':>8}  goal"
    )
    print(header)
    print("-" * (len(header) + 16))
    for r in results:
        best_rate = r.documents / r.best
        median_rate = r.documents / r.median
        if r.goal is None:
            verdict = "(no goal)"
        else:
            status = "PASS" if median_rate >= r.goal else "BELOW"
            verdict = f">= {r.goal:,}/s  {status}"
        print(
            f"{r.label:<38} {r.documents:>7} {r.best:>8.3f} {r.median:>9.3f} "
            f"{best_rate:>9,.0f} {median_rate:>10,.0f} {1e6 * r.best / r.documents:>8.1f}  {verdict}"
        )
    print()
    for r in results:
        print(f"  runs, {r.label}: " + ", ".join(f"{s:.3f} s" for s in r.seconds))
    print(
        "µs/doc is from the best run; PASS/BELOW compares the median rate with the goal. "
        "Figures only, never asserted."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
