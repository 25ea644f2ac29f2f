"""Server time and queries of the main pages, with a large portfolio, on SQLite and PostgreSQL.

Imports generated partnerships with two years of evidence (bench/record_bench.py's
documents: about 300 observations each), signs in, and times the dashboard, the
partnerships list (first page, and filtered by pitfall and sorted by severity), a
partnership page, a partner's page and the pages that keep the record (new partnership,
edit, team, people, type, promote, partners, records, metrics, history) through
Django's request handler in-process (the
server's whole work: middleware, views, queries, templates, charts; no network). Each
page is asked for once cold (assessment summaries and charts computed) and then
REPEAT times; the median of those is the figure. Query counts are printed for a
small and the large portfolio, to show they do not grow with it.

    python bench/pages_bench.py [--count 2000] [--db sqlite,postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from record_bench import AS_OF, documents, run_child  # noqa: E402

GOAL_MS = 300
REPEAT = 15
SMALL = 50


def worker(database: str, count: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from partnerfolio.accounts.models import User
    from partnerfolio.charts import warm_up
    from partnerfolio.interchange import validate_document
    from partnerfolio.partners.models import PartnerOrganization
    from partnerfolio.partnerships import services
    from partnerfolio.partnerships.models import AssessmentSummary, Partnership
    from partnerfolio.partnerships.records import EVIDENCE_MODELS

    call_command("migrate", verbosity=0)
    warm_up()
    user = User.objects.create_superuser(username="bench", password="a long enough passphrase")
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    texts = [json.dumps(d) for d in documents(count)]

    def load(start: int, stop: int) -> None:
        for at in range(start, stop, 200):
            with transaction.atomic():
                batch = [dict(validate_document(t)) for t in texts[at : min(at + 200, stop)]]
                services.partnerships_import(actor="bench", documents=batch)

    def pages(rich: bool = False) -> dict[str, str]:
        flagged = AssessmentSummary.objects.exclude(pitfall_codes="").order_by("pk").first()
        code = flagged.pitfall_codes.strip(",").split(",")[0] if flagged else ""
        first = Partnership.objects.order_by("pk").first()
        organization = PartnerOrganization.objects.order_by("pk").first()
        found = {
            "dashboard": "/",
            "list": "/partnerships/",
            "list, by pitfall, by severity": f"/partnerships/?pitfall={code}&sort=severity",
            "partnership": f"/partnerships/{first.pk}/",
            "partner": f"/partners/{organization.pk}/",
        }
        # the pages that keep the record (issue 12), on the first partnership's items
        base = f"/partnerships/{first.pk}"
        metric = first.metrics.order_by("pk").first()
        value = metric.observations.order_by("pk").first() if metric else None
        found.update(
            {
                "my partnerships (dashboard)": "/?mine=1",
                "new partnership": "/partnerships/new/",
                "edit details": f"{base}/edit/",
                "team": f"{base}/team/",
                "people": f"{base}/people/",
                "declared type": f"{base}/type/",
                "partners of a partnership": f"{base}/partners/",
                "partner organization, edit": f"/partners/{organization.pk}/edit/",
                "history": f"{base}/history/",
                "site history": "/history/",
                "metrics": f"{base}/metrics/",
            }
        )
        for section in ("agreements", "commitments", "engagements", "reviews", "surveys",
                        "opportunities", "joint_outcomes"):  # fmt: skip
            found[f"records: {section}"] = f"{base}/records/{section}/"
            item = EVIDENCE_MODELS[section].objects.filter(partnership=first).order_by("pk").first()
            if item is not None and section in ("agreements", "commitments"):
                found[f"records: {section}, edit"] = f"{base}/records/{section}/{item.pk}/"
        if metric is not None:
            found["metric, target"] = f"{base}/metrics/{metric.pk}/"
            found["metric, values"] = f"{base}/metrics/{metric.pk}/values/"
            if value is not None:
                found["metric, value correct"] = f"{base}/metrics/{metric.pk}/values/{value.pk}/"
        promotable = Partnership.objects.filter(type__in=("tactical", "hybrid")).order_by("pk")
        if promotable.exists():
            found["promote"] = f"/partnerships/{promotable.first().pk}/promote/"
        if rich:  # the example with the most charts: radar, surveys, five metric trends
            stratus = Partnership.objects.get(name="Stratus Cloud strategic co-sell alliance")
            found["partnership, 8 charts (example)"] = f"/partnerships/{stratus.pk}/"
        return found

    def measure(url: str) -> tuple[float, float, int]:
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        cold = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                client.get(url, HTTP_HOST="127.0.0.1")
                times.append(time.perf_counter() - started)
        return cold, statistics.median(times), len(queries.captured_queries)

    load(0, SMALL)
    client.get("/")  # summaries of the small portfolio
    small = {name: measure(url)[2] for name, url in pages().items()}
    load(SMALL, count)
    examples = sorted((HERE.parent / "examples").glob("*.json"))
    with transaction.atomic():
        services.partnerships_import(
            actor="bench",
            documents=[dict(validate_document(path.read_text("utf-8"))) for path in examples],
        )
    started = time.perf_counter()
    client.get("/")
    first_dashboard = time.perf_counter() - started  # assesses every imported partnership
    large = {name: measure(url) for name, url in pages(rich=True).items()}
    return {
        "database": connection.vendor,
        "partnerships": count,
        "first_dashboard_s": first_dashboard,
        "pages": {
            name: {
                "cold_ms": c * 1000,
                "median_ms": m * 1000,
                "queries": q,
                "queries_small": small.get(name, q),
            }
            for name, (c, m, q) in large.items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.count)))
        return
    print(f"Partnerfolio page benchmark: Python {sys.version.split()[0]}, as of {AS_OF}")
    for database in args.db.split(","):
        r = run_child(database.strip(), args.count, script=__file__)
        print(f"\n{r['database']}: {r['partnerships']:,} partnerships")
        print(
            f"  first dashboard after the import (assesses all of them once): "
            f"{r['first_dashboard_s']:.2f} s"
        )
        print(
            f"  {'page':34} {'median':>9} {'first':>9}  queries ({SMALL} → {r['partnerships']:,})  goal <= {GOAL_MS} ms"
        )
        for name, p in r["pages"].items():
            verdict = "PASS" if p["median_ms"] <= GOAL_MS else "ABOVE"
            same = "same" if p["queries"] == p["queries_small"] else "GROWS"
            print(
                f"  {name:34} {p['median_ms']:7.1f} ms {p['cold_ms']:7.1f} ms  "
                f"{p['queries_small']:>3} → {p['queries']:<3} {same:5}  {verdict}"
            )
    print("\nServer time measured in-process (Django's handler, no network). Figures only.")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerfolio.config.settings")
    main()
