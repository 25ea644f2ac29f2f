"""The portfolio-wide pages at scale, the way people meet them: through gunicorn, signed in.

For each database (its own process and a database of its own: `partnerfolio_scale` on the
PostgreSQL server of BENCH_PG_URL, dropped and made anew, or a SQLite file in a temporary
folder): generates --count partnerships with the project's generator (bench/generate.py),
imports them with `partnerfolio import`, creates an administrator, starts gunicorn
(2 workers × 4 threads, as deploy/systemd/partnerfolio@.service) on 127.0.0.1 and the task
queue's worker beside it, signs in through the login form, and waits for the worker to
have assessed every partnership (the import leaves that to it). Then, for each
portfolio-wide page (the dashboard, the list, the portfolio report's HTML, the list's CSV
and XLSX exports of all; the records' exports of all when asked for) and a bare view:

- warm: the median of --repeat requests, nothing changing in between;
- right after a write: the median of --repeat requests, each after a check-in recorded on
  a partnership through the page's own form (a new revision: its summary must be redone);
- 8 clients at once (--clients) for --seconds: requests a second and p50;

beside the floor: one SQL query computing the dashboard's aggregates
(web/dashboard_selectors.portfolio_figures), timed on the same database in the same run.
Each page's size, its query count (in-process, Django's test client, same database) and
its ratios to the floor are printed. Figures only; nothing is asserted.

    make bench-scale                                     # 10,000 on PostgreSQL and SQLite
    # --pages picks among dashboard, list, report, csv, xlsx, records-csv, records-xlsx,
    # bare (all but the records exports by default)
    .venv/bin/python bench/scale_bench.py --count 2000 --database sqlite --pages dashboard,bare
    # --keep DIR keeps the imported portfolio (the SQLite file in DIR, the PostgreSQL
    # database named after the count) and reuses it when a later run asks for the same count
    .venv/bin/python bench/scale_bench.py --keep /tmp/scale --pages dashboard
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from databases import fresh_postgres  # noqa: E402
from generate import generate_documents  # noqa: E402
from team_bench import Client, drive, timed  # noqa: E402

BIN = Path(sys.executable).parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/partnerfolio_scale")
ADMIN = "bench"
PASSWORD = "a long enough passphrase for the bench"
PAGES = {
    "dashboard": "/",
    "list": "/partnerships/",
    "portfolio report (HTML)": "/reports/portfolio/",
    "list CSV, all": "/spreadsheets/export/partnerships.csv",
    "list XLSX, all": "/spreadsheets/export/partnerships.xlsx",
    "records CSV, all": "/spreadsheets/export/portfolio.csv",
    "records XLSX, all": "/spreadsheets/export/portfolio.xlsx",
    "bare view (/healthz)": "/healthz",
}
KEYS = ("dashboard", "list", "report", "csv", "xlsx", "records-csv", "records-xlsx", "bare")
PAGES_BY_KEY = dict(zip(KEYS, PAGES, strict=True))
# every evidence row and observation of every partnership: tens of seconds each at
# 10,000, so only when asked for (bench/export_bench.py measures them in-process)
HEAVY = ("records-csv", "records-xlsx")
EXPORTS = ("list CSV, all", "list XLSX, all", "records CSV, all", "records XLSX, all")
GOALS_MS = {"dashboard": (100, 300)}  # issue 15: warm, right after a write (PostgreSQL)


def kept_postgres_url(count: int) -> str:
    return f"{PG_URL}_{count}"


def environment(database: str, data_dir: Path, pg_url: str | None) -> dict[str, str]:
    """The server's environment; a fresh PostgreSQL database unless `pg_url` is kept."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "partnerfolio.config.settings",
            "PARTNERFOLIO_DATA_DIR": str(data_dir),
            "PARTNERFOLIO_SECRET_KEY": "scale-bench-secret-key-not-for-production",
            # the whole portfolio streamed in the request, so that the stream is measured
            # (beyond the limit an export goes to the worker: bench/export_bench.py)
            "PARTNERFOLIO_EXPORT_INLINE_ROWS": "1000000",
        }
    )
    if database == "postgres":
        if pg_url is None:
            fresh_postgres(PG_URL)
        env["DATABASE_URL"] = pg_url or PG_URL
    return env


def kept_count(env: dict[str, str]) -> int | None:
    """How many partnerships a kept database holds, or None when it is not there."""
    url = env.get("DATABASE_URL")
    if url:
        import dj_database_url
        import psycopg

        config = dj_database_url.parse(url)
        try:
            with psycopg.connect(
                host=config["HOST"], port=config["PORT"], user=config["USER"],
                dbname=config["NAME"], autocommit=True,
            ) as db:  # fmt: skip
                row = db.execute("SELECT count(*) FROM partnerships_partnership").fetchone()
        except psycopg.Error:
            return None
        return int(row[0]) if row else None
    import sqlite3

    path = Path(env["PARTNERFOLIO_DATA_DIR"]) / "partnerfolio.sqlite3"
    if not path.exists():
        return None
    try:
        with sqlite3.connect(path) as db:
            return int(db.execute("SELECT count(*) FROM partnerships_partnership").fetchone()[0])
    except sqlite3.Error:
        return None


def partnerfolio(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [str(BIN / "partnerfolio"), *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"partnerfolio {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def load(env: dict[str, str], count: int, folder: Path) -> dict[str, float]:
    """Generate and import `count` partnerships; the seconds each step took."""
    started = time.perf_counter()
    paths = []
    for n, document in enumerate(generate_documents(count, 2026)):
        document["name"] = f"{document['name']} #{n}"
        for partner in document.get("partners") or ():  # one organization per partnership
            partner["name"] = f"{partner['name']} #{n}"
        path = folder / f"{n:05d}.json"
        path.write_text(json.dumps(document))
        paths.append(str(path))
    generated = time.perf_counter()
    partnerfolio(env, "import", *paths)
    imported = time.perf_counter()
    return {"generate_s": generated - started, "import_s": imported - generated}


def serve(env: dict[str, str], folder: Path) -> tuple[list[subprocess.Popen], int]:
    """gunicorn and the task queue's worker, as a server runs them (deploy/systemd)."""
    from tests.topology.servers import free_port, wait_for

    port = free_port()
    log = (folder / "gunicorn.log").open("a")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "partnerfolio.config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--threads", "4", "--timeout", "600"],
        env=env, cwd=folder, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    worker = subprocess.Popen(
        [str(BIN / "partnerfolio"), "worker", "--workers", "2"],
        env=env, cwd=folder, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    wait_for(
        "gunicorn",
        lambda: Client(f"http://127.0.0.1:{port}", None).request("GET", "/healthz")[0] == 200,
        process=server,
    )
    return [server, worker], port


def assessed(database: str, timeout: float = 1800) -> float:
    """Wait for the worker to have assessed every partnership; the seconds it took."""
    from partnerfolio.partnerships import summaries
    from partnerfolio.partnerships.models import Partnership
    from partnerfolio.partnerships.views import playbook, today

    started = time.perf_counter()
    key = summaries.playbook_key(playbook())
    while (left := summaries.stale(Partnership.objects.all(), today(), key).count()) > 0:
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"{database}: {left} partnerships still not assessed")
        time.sleep(1)
    return time.perf_counter() - started


class Writer:
    """Records a check-in on the next partnership through its page's form."""

    def __init__(self, ids: list[int]) -> None:
        self.ids, self.at = ids, 0

    def __call__(self, client: Client) -> None:
        pk = self.ids[self.at % len(self.ids)]
        self.at += 1
        form = (
            f"on={date.today().isoformat()}&kind=check_in&summary=Bench+check-in+{self.at}"
            f"&csrfmiddlewaretoken={client.cookies['csrftoken']}"
        )
        status, _, body = client.request(
            "POST",
            f"/partnerships/{pk}/evidence/engagements/",
            form.encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                # as team_bench signs in: the header that says HTTPS ended at a proxy goes along
                "Referer": f"https://127.0.0.1:{client.port}/partnerships/{pk}/",
            },
        )
        assert status in (200, 302), f"the check-in answered {status}: {body[:300]!r}"


def report_made(client: Client, path: str, fmt: str, timeout: float = 900) -> float:
    """Ask for the portfolio report and wait for the worker to make it: the seconds from
    its being queued to its being kept (the request answers a progress page at once)."""
    from partnerfolio.reports.models import KeptReport

    last = KeptReport.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    status, _, _ = client.request("GET", path)
    assert status == 200, f"{path} answered {status}"
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        made = KeptReport.objects.filter(pk__gt=last, kind="portfolio", fmt=fmt).first()
        if made is not None and made.status in ("done", "failed"):
            assert made.status == "done", f"the report failed: {made.failure}"
            assert made.finished_at is not None
            return (made.finished_at - made.created_at).total_seconds()
        time.sleep(0.05)
    raise SystemExit(f"the {fmt} portfolio report was not made within {timeout:.0f} s")


def change_to_all(database: str, client: Client) -> dict[str, float]:
    """Every partnership changed at once (as a large import or a new day leaves them) and
    the worker's run queued: the first dashboard after it (ms, and how many it said were
    updating), and the seconds the worker took to assess them all again."""
    import re

    from django.db.models import F

    from partnerfolio.audit import revision
    from partnerfolio.partnerships import tasks
    from partnerfolio.partnerships.models import Partnership

    Partnership.objects.update(revision=F("revision") + 1)
    revision.raise_on_commit()  # outside a transaction: at once
    tasks.refresh_summaries()
    started = time.perf_counter()
    status, _, body = client.request("GET", "/")
    elapsed = time.perf_counter() - started
    assert status == 200, f"the dashboard answered {status}"
    found = re.search(rb"(\d+) updating", body)
    return {
        "first_ms": elapsed * 1000,
        "updating": int(found.group(1)) if found else 0,
        "reassessed_s": assessed(database),
    }


def floor_ms(repeat: int) -> tuple[float, int]:
    """The median time of the dashboard's one aggregate query, run bare on the database."""
    from django.db import connection

    from partnerfolio.partnerships.models import Partnership
    from partnerfolio.partnerships.views import today
    from partnerfolio.web import dashboard_selectors

    statements: list[tuple[str, Any]] = []

    def keep(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        dashboard_selectors.portfolio_figures(Partnership.objects.all(), today())
    ((sql, params),) = statements
    times = []
    with connection.cursor() as cursor:
        for _ in range(repeat + 1):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            times.append(time.perf_counter() - started)
    return statistics.median(times[1:]) * 1000, len(sql)


def queries(user: Any, pages: dict[str, str]) -> dict[str, int]:
    """Each page's SQL queries when warm, through Django's handler in this process."""
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    client = DjangoClient(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    found = {}
    for name, url in pages.items():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        found[name] = len(captured.captured_queries)
    return found


def step(database: str, what: str, since: float) -> float:
    print(
        f"  {database}: {what} ({time.perf_counter() - since:.1f} s)", file=sys.stderr, flush=True
    )
    return time.perf_counter()


def worker(database: str, options: argparse.Namespace) -> dict[str, Any]:
    figures: dict[str, Any] = {"database": database, "partnerships": options.count}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "documents").mkdir()
        kept = Path(options.keep) / f"{database}-{options.count}" if options.keep else None
        pg_url = kept_postgres_url(options.count) if kept and database == "postgres" else None
        env = environment(database, (kept or folder) / "var", pg_url)
        reused = kept is not None and kept_count(env) == options.count
        if kept is not None and not reused:
            if pg_url:
                fresh_postgres(pg_url)
            (kept / "var").mkdir(parents=True, exist_ok=True)
            (kept / "var" / "partnerfolio.sqlite3").unlink(missing_ok=True)
        os.environ.update(env)
        if database != "postgres":
            os.environ.pop("DATABASE_URL", None)
        started = time.perf_counter()
        partnerfolio(env, "migrate", "--noinput", "-v", "0")
        figures["migrate_s"] = time.perf_counter() - started
        figures["reused"] = reused
        if reused:
            at = step(database, f"reused the {options.count} kept in {kept}", started)
        else:
            figures.update(load(env, options.count, folder / "documents"))
            at = step(database, f"generated and imported {options.count}", started)
            partnerfolio(
                env, "createuser", ADMIN, "--role", "admin", "--password-stdin", stdin=PASSWORD
            )

        import django

        django.setup()
        from partnerfolio.accounts.models import User
        from partnerfolio.partnerships.models import Partnership

        servers, port = serve(env, folder)
        try:
            client = Client(f"http://127.0.0.1:{port}", None)
            client.sign_in(ADMIN)
            started = time.perf_counter()
            status, _, _ = client.request("GET", "/")
            figures["first_dashboard_s"] = time.perf_counter() - started
            assert status == 200, f"the first dashboard answered {status}"
            at = step(database, "served and signed in; the first dashboard", at)
            figures["assessed_s"] = assessed(database)
            at = step(database, "the worker's assessment of every partnership", at)
            ids = list(Partnership.objects.order_by("pk").values_list("pk", flat=True)[:500])
            write = Writer(ids)
            figures["floor_ms"], _ = floor_ms(options.repeat)
            chosen = {
                PAGES_BY_KEY[key]: PAGES[PAGES_BY_KEY[key]] for key in options.pages.split(",")
            }
            figures["queries"] = queries(User.objects.get(username=ADMIN), chosen)
            at = step(database, "the floor and each page's queries, in-process", at)
            crowd_clients = []
            for _ in range(options.clients):  # signed in once, kept for every page
                crowd_clients.append(Client(f"http://127.0.0.1:{port}", None))
                crowd_clients[-1].sign_in(ADMIN)
            pages: dict[str, dict[str, float]] = {}
            for name, url in chosen.items():
                status, _, body = client.request("GET", url)  # warm this worker's caches
                assert status == 200, f"{url} answered {status}"
                warm = []
                for _ in range(options.repeat):
                    warm.append(timed(client, "GET", url)[2])
                after = []
                for _ in range(options.repeat):
                    write(client)
                    after.append(timed(client, "GET", url)[2])

                crowd = drive(
                    crowd_clients.__getitem__,
                    options.clients,
                    options.seconds,
                    lambda c, n, u=url: timed(c, "GET", u),
                )
                pages[name] = {
                    "bytes": len(body),
                    "warm_ms": statistics.median(warm) * 1000,
                    "after_write_ms": statistics.median(after) * 1000,
                    "rps": crowd["rps"],
                    "p50_ms": crowd["p50"],
                    "errors": crowd["errors"],
                }
                at = step(database, f"measured {name}", at)
            figures["pages"] = pages
            if PAGES["portfolio report (HTML)"] in chosen.values():
                figures["report_made"] = {}
                for fmt, path in (
                    ("html", "/reports/portfolio/"),
                    ("pdf", "/reports/portfolio/pdf/"),
                ):
                    write(client)  # a new revision: the report is made anew
                    figures["report_made"][fmt] = report_made(client, path, fmt)
                at = step(database, "the portfolio report made by the worker", at)
            if "/" in chosen.values():
                figures["change_to_all"] = change_to_all(database, client)
                at = step(database, "a change to every partnership", at)
        finally:
            for process in servers:
                process.terminate()
            for process in servers:
                process.wait(timeout=60)
    return figures


def run_child(database: str, options: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable, __file__, "--worker", database, "--count", str(options.count),
        "--repeat", str(options.repeat), "--clients", str(options.clients),
        "--seconds", str(options.seconds), "--pages", options.pages,
        *(["--keep", options.keep] if options.keep else []),
    ]  # fmt: skip
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the {database} run failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(r: dict[str, Any], clients: int) -> None:
    floor = r["floor_ms"]
    print(f"\n{r['database']}: {r['partnerships']:,} partnerships")
    if r["reused"]:
        print(f"  reused the kept portfolio; first dashboard {r['first_dashboard_s']:.2f} s")
    else:
        print(
            f"  generate {r['generate_s']:.1f} s, import {r['import_s']:.1f} s "
            f"({r['partnerships'] / r['import_s']:.0f} a second), migrate "
            f"{r['migrate_s']:.1f} s; first dashboard after the import "
            f"{r['first_dashboard_s']:.2f} s"
        )
    print(f"  the worker's assessment of what was stale, after: {r['assessed_s']:.1f} s")
    print(f"  floor: the dashboard's aggregates in one SQL query: {floor:.1f} ms")
    print(
        f"  {'page':26} {'size':>9} {'queries':>7} {'warm':>9} {'÷floor':>6} "
        f"{'after write':>11} {'÷floor':>6} {f'{clients} clients':>11} {'p50':>9}"
    )
    for name, p in r["pages"].items():
        print(
            f"  {name:26} {p['bytes'] / 1024:7.0f} KB {r['queries'][name]:>7} "
            f"{p['warm_ms']:7.1f} ms {p['warm_ms'] / floor:5.1f}× "
            f"{p['after_write_ms']:8.1f} ms {p['after_write_ms'] / floor:5.1f}× "
            f"{p['rps']:7.1f} r/s {p['p50_ms']:7.0f} ms"
            + (f"  ({p['errors']} errors)" if p["errors"] else "")
        )
        if name == "portfolio report (HTML)" and "report_made" in r:
            made = r["report_made"]
            print(
                f"  {'':26} made by the worker: HTML {made['html']:.2f} s, PDF "
                f"{made['pdf']:.2f} s (from queued to kept; the request answers at once)"
            )
        if name == "dashboard" and "change_to_all" in r:
            c = r["change_to_all"]
            print(
                f"  {'':26} after a change to all: {c['first_ms']:.0f} ms ({c['updating']:,} "
                f"shown updating); the worker re-assessed them in {c['reassessed_s']:.1f} s"
            )
        if name in EXPORTS:
            rate = r["partnerships"] / (p["warm_ms"] / 1000)
            print(f"  {'':26} {rate:,.0f} partnerships a second, warm, streamed whole")
        if name in GOALS_MS:
            warm_goal, after_goal = GOALS_MS[name]
            print(
                f"  {'':26} goal (PostgreSQL, 10,000): ≤ 300 KB, warm ≤ {warm_goal} ms and "
                f"≤ 3× floor, after a write ≤ {after_goal} ms, ≥ 20 r/s with 8 clients"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="partnerships (10,000)")
    parser.add_argument(
        "--database", default="postgres,sqlite", help="postgres, sqlite or both (the default)"
    )
    parser.add_argument("--repeat", type=int, default=15, help="requests per median (15)")
    parser.add_argument("--clients", type=int, default=8, help="clients at once (8)")
    parser.add_argument("--seconds", type=float, default=8.0, help="of the clients' run (8)")
    parser.add_argument(
        "--pages",
        default=",".join(k for k in PAGES_BY_KEY if k not in HEAVY),
        help=f"which pages, comma-separated: {', '.join(PAGES_BY_KEY)} (all but "
        f"{', '.join(HEAVY)})",
    )
    parser.add_argument(
        "--keep", help="a folder to keep the imported portfolio in and reuse it from (none)"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.count < 1:
        parser.error("--count must be at least 1")
    databases = [d.strip() for d in options.database.split(",") if d.strip()]
    unknown = [d for d in databases if d not in ("postgres", "sqlite")]
    if unknown or not databases:
        parser.error(f"--database: {', '.join(unknown) or 'none'}: choose postgres, sqlite")
    chosen = [p.strip() for p in options.pages.split(",") if p.strip()]
    wrong = [p for p in chosen if p not in PAGES_BY_KEY]
    if wrong or not chosen:
        parser.error(
            f"--pages: {', '.join(wrong) or 'none'}: choose among {', '.join(PAGES_BY_KEY)}"
        )
    options.pages = ",".join(chosen)
    if options.worker:
        print(json.dumps(worker(options.worker, options)))
        return
    print(
        f"Partnerfolio at scale: Python {sys.version.split()[0]}, {os.cpu_count()} cores; "
        f"gunicorn 2 workers × 4 threads on 127.0.0.1, signed in as an administrator"
    )
    for database in databases:
        report(run_child(database, options), options.clients)
    print("\nThe clients, the server and the database share this machine's cores. Figures only.")


if __name__ == "__main__":
    main()
