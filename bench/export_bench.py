"""Exports and reports at scale: rows a second and memory of the streamed exports, and the
portfolio report's worker time and kept answer, on SQLite and PostgreSQL.

Imports COUNT generated partnerships (bench/record_bench.py's documents, from
bench/generate.py: about 300 observations each, imported as bench/pages_bench.py does),
then measures in-process:

- the list CSV and XLSX (one row per partnership) and the portfolio's records CSV and XLSX
  (every evidence row and observation), each written whole by `spreadsheets.streaming`:
  partnerships a second, bytes, and the tracemalloc peak, at COUNT and at COUNT/10 (a
  constant-memory export keeps about the same peak);
- the list CSV through the view (a streaming response, read to its end);
- the portfolio report: the worker's time for its HTML and for its PDF, context
  included (`reports.keeping.make_report`), as of today (read from the summaries, kept
  current beforehand as the worker keeps them) and, for the HTML, as of a past day (every
  partnership assessed); and the request answered from the kept report.

    python bench/export_bench.py [--count 10000] [--db sqlite,postgres] [--report-only]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from record_bench import AS_OF, documents, run_child  # noqa: E402

GOAL_CSV = 10_000  # partnerships a second
GOAL_HTML_S = 1.0
GOAL_PDF_S = 10.0
REPORT_ONLY = "EXPORT_BENCH_REPORT_ONLY"


class Counting(io.RawIOBase):
    """A sink that counts the bytes written to it (the file is not kept)."""

    def __init__(self) -> None:
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.size += len(data)
        return len(data)

    def seekable(self) -> bool:
        return False


def _measure(write: Any) -> dict[str, float]:
    """Time of `write(sink)` (no tracing), then its tracemalloc peak (a second run)."""
    sink = Counting()
    start, cpu = time.perf_counter(), time.process_time()
    write(sink)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    tracemalloc.start()
    write(Counting())
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"s": seconds, "cpu": cpu, "bytes": sink.size, "peak": peak}


def worker(database: str, count: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.template.loader import render_to_string
    from django.test import Client
    from django.utils import timezone

    from partnerfolio.accounts.models import User
    from partnerfolio.charts import warm_up
    from partnerfolio.interchange import validate_document
    from partnerfolio.notifications.queue import huey
    from partnerfolio.partnerships import services, summaries
    from partnerfolio.partnerships.models import Partnership
    from partnerfolio.partnerships.views import playbook
    from partnerfolio.reports import documents as report_documents
    from partnerfolio.reports import portfolio
    from partnerfolio.reports.period import period_for
    from partnerfolio.spreadsheets import streaming

    call_command("migrate", verbosity=0)
    warm_up()
    huey.immediate = True  # the report's task runs here, timed as the worker's
    user = User.objects.create_superuser(username="bench", password="a long enough passphrase")
    began = time.perf_counter()
    texts = [json.dumps(d) for d in documents(count)]
    for at in range(0, count, 200):
        with transaction.atomic():
            batch = [dict(validate_document(t)) for t in texts[at : at + 200]]
            services.partnerships_import(actor="bench", documents=batch)
    del texts
    today = timezone.localdate()
    summaries.portfolio_summaries(today, playbook())  # as the worker keeps them

    everything = Partnership.objects.all()
    tenth = list(everything.order_by("name").values_list("id", flat=True)[: max(1, count // 10)])

    def listing(ids: list[int] | None) -> Any:
        query = everything if ids is None else everything.filter(id__in=ids)
        return query.select_related("summary").order_by("name").prefetch_related("partners")

    def ids(subset: list[int] | None) -> Any:
        return streaming.ids_of(everything if subset is None else everything.filter(id__in=subset))

    exports: dict[str, Any] = {}
    for size, subset in () if REPORT_ONLY in os.environ else ((count, None), (len(tenth), tenth)):
        writers = {
            "list CSV": lambda out, s=subset: streaming.to_file(
                streaming.list_csv(listing(s)), out
            ),
            "list XLSX": lambda out, s=subset: streaming.list_xlsx(listing(s), out),
            "records CSV": lambda out, s=subset: streaming.to_file(
                streaming.records_csv(ids(s)), out
            ),
            "records XLSX": lambda out, s=subset: streaming.records_xlsx(ids(s), out),
        }
        for name, write in writers.items():
            exports.setdefault(name, {})[str(size)] = _measure(write)

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    start = time.perf_counter()
    response = client.get("/spreadsheets/export/partnerships.csv")
    # beyond the view's limit it answers a redirect to a background export: nothing streamed
    streamed = sum(len(piece) for piece in response.streaming_content) if response.streaming else 0
    view_s = time.perf_counter() - start
    import_s = start - began if REPORT_ONLY in os.environ else None

    # as the worker's `make_report` does: the context, then the body or the PDF
    period = period_for(None, None, today)  # the default period: read from the summaries
    start, cpu = time.perf_counter(), time.process_time()
    context = portfolio.portfolio_report(everything, period, playbook())
    context_s = time.perf_counter() - start
    body = render_to_string(report_documents.BODY["portfolio"], {**context, "standalone": False})
    html_s, html_cpu = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    context = portfolio.portfolio_report(everything, period, playbook())
    pdf = report_documents.pdf_bytes(report_documents.document_html(context))
    pdf_s, pdf_cpu = time.perf_counter() - start, time.process_time() - cpu
    past = period_for(None, min(AS_OF, today - timedelta(days=1)), today)  # assesses them all
    start, cpu = time.perf_counter(), time.process_time()
    context = portfolio.portfolio_report(everything, past, playbook())
    render_to_string(report_documents.BODY["portfolio"], {**context, "standalone": False})
    past_s, past_cpu = time.perf_counter() - start, time.process_time() - cpu
    url = "/reports/portfolio/"  # the default period: today
    start = time.perf_counter()
    first = client.get(url)  # records the report; the task runs (immediate mode)
    first_s = time.perf_counter() - start
    start = time.perf_counter()
    kept = client.get(url)
    kept_s = time.perf_counter() - start
    appendix = client.get(url + "?appendix=1")
    return {
        "database": database,
        "partnerships": count,
        "exports": exports,
        "view_csv_s": view_s,
        "import_s": import_s,
        "view_csv_bytes": streamed,
        "streaming": response.streaming,
        "report_context_s": context_s,
        "report_html_worker_s": html_s,
        "report_html_worker_cpu_s": html_cpu,
        "report_past_html_worker_s": past_s,
        "report_past_html_worker_cpu_s": past_cpu,
        "report_pdf_worker_cpu_s": pdf_cpu,
        "report_html_bytes": len(body),
        "report_pdf_worker_s": pdf_s,
        "report_pdf_bytes": len(pdf),
        "report_first_request_s": first_s,
        "report_kept_request_s": kept_s,
        "report_kept_page_bytes": len(kept.content),
        "report_appendix_page_bytes": len(appendix.content),
        "first_status": first.status_code,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument(
        "--report-only", action="store_true", help="skip the exports: the report's figures only"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.report_only:
        os.environ[REPORT_ONLY] = "1"  # the child inherits it
    if args.worker:
        print(json.dumps(worker(args.worker, args.count)))
        return
    print(f"Partnerfolio export and report benchmark: Python {sys.version.split()[0]}")
    for database in args.db.split(","):
        r = run_child(database.strip(), args.count, script=__file__)
        n = r["partnerships"]
        print(f"\n{r['database']}: {n:,} partnerships")
        if r["import_s"] is not None:
            print(
                f"  generated, imported and summarized in {r['import_s']:.0f} s; no export measured"
            )
        small = str(max(1, n // 10))
        if r["exports"]:
            print(
                f"  {'export':13} {'time':>8} {'partnerships/s':>15} {'size':>10}  "
                f"peak ({small} → {n:,})"
            )
        for name, sizes in r["exports"].items():
            big, little = sizes[str(n)], sizes[small]
            rate, cpu_rate = n / big["s"], n / max(big["cpu"], 1e-9)
            goal = f"  goal >= {GOAL_CSV:,}/s: {'PASS' if rate >= GOAL_CSV else 'BELOW'}"
            print(
                f"  {name:13} {big['s']:6.2f} s {rate:13,.0f}/s {cpu_rate:9,.0f}/s "
                f"{big['bytes'] / 1e6:7.1f} MB  "
                f"{little['peak'] / 1e6:5.1f} MB → {big['peak'] / 1e6:5.1f} MB "
                f"(×{big['peak'] / max(1, little['peak']):.1f})"
                + (goal if name == "list CSV" else "")
            )
        print(
            f"  list CSV through the view (streaming={r['streaming']}): {r['view_csv_s']:.2f} s, "
            f"{n / r['view_csv_s']:,.0f} partnerships/s, {r['view_csv_bytes'] / 1e6:.1f} MB"
        )
        html, pdf = r["report_html_worker_s"], r["report_pdf_worker_s"]
        print(
            f"  portfolio report as of today (the summaries), worker: HTML {html:.2f} s (CPU "
            f"{r['report_html_worker_cpu_s']:.2f} s, of which the context "
            f"{r['report_context_s']:.2f} s; {r['report_html_bytes'] / 1e6:.2f} MB)  PDF "
            f"{pdf:.2f} s (CPU {r['report_pdf_worker_cpu_s']:.2f} s, context included, "
            f"{r['report_pdf_bytes'] / 1e6:.2f} MB, goal <= {GOAL_PDF_S:.0f} s: "
            f"{'PASS' if pdf <= GOAL_PDF_S else 'ABOVE'})"
        )
        print(
            f"  portfolio report as of a past day (every partnership assessed), worker: HTML "
            f"{r['report_past_html_worker_s']:.2f} s (CPU {r['report_past_html_worker_cpu_s']:.2f} s)"
        )
        kept = r["report_kept_request_s"]
        print(
            f"  portfolio report, request: first {r['report_first_request_s']:.2f} s (made in it: "
            f"immediate mode), kept {kept * 1000:.0f} ms ({r['report_kept_page_bytes'] / 1e3:.0f} KB,"
            f" goal <= {GOAL_HTML_S:.0f} s: {'PASS' if kept <= GOAL_HTML_S else 'ABOVE'}); with "
            f"the appendix {r['report_appendix_page_bytes'] / 1e6:.2f} MB"
        )
    print(
        "\nIn-process (no network); peaks by tracemalloc (Python allocations); CPU: this "
        "process's CPU time (the database server's excluded on PostgreSQL), the fairer figure "
        "on a shared machine. Figures only."
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerfolio.config.settings")
    main()
