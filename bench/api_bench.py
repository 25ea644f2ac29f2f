"""The API under load: `GET /api/v1/partnerships?limit=50` with a token, beside a bare
Django view answering the same JSON from memory, in the same run.

Serves the application with gunicorn on a free 127.0.0.1 port against a temporary SQLite
database (PARTNERFOLIO_DATA_DIR in a temporary directory, `partnerfolio migrate`, then
`partnerfolio demo`), or PostgreSQL with `--postgres`, and drives it with 16 client
threads, each on one keep-alive http.client connection. Prints requests per second and
p50/p99 latency for both, and the ratios against the goal (API ≥ 0.5× the bare throughput,
p99 ≤ 3× the bare p99). Then the API once more with nothing kept
(PARTNERFOLIO_API_CACHE_KB=0): every answer computed, as the first request after a change
is. Figures only; asserts nothing.

    python bench/api_bench.py [--clients 16] [--seconds 10] [--workers 2×cores]
                              [--threads 1] [--conn-max-age SECONDS] [--postgres [URL]]

Both views are served by the same gunicorn (same workers, worker class and threads), so
the comparison is fair. `--conn-max-age` overrides how long a worker keeps its database
connection (settings.py keeps it 60 s, PARTNERFOLIO_DB_CONN_MAX_AGE).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
URL = "/api/v1/partnerships?limit=50"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "partnerfolio"), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def drive(port: int, path: str, headers: dict[str, str], clients: int, seconds: float):
    """(requests per second, p50 ms, p99 ms, errors) with `clients` keep-alive threads."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start_line = threading.Barrier(clients + 1)
    stop = [0.0]

    def client(n: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start_line.wait()
        while time.perf_counter() < stop[0]:
            began = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            latencies[n].append(time.perf_counter() - began)
            if response.status != 200:
                errors[n] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    stop[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start_line.wait()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    every = sorted(x for per in latencies for x in per)
    q = statistics.quantiles(every, n=100)
    return len(every) / elapsed, q[49] * 1000, q[98] * 1000, sum(errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--threads", type=int, default=1, help="gthread worker when above 1")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=None,
        help="seconds a worker keeps its database connection (CONN_MAX_AGE); as settings.py "
        "when left out",
    )
    parser.add_argument(
        "--postgres",
        nargs="?",
        const="postgres://postgres@127.0.0.1:5432/partnerfolio_api_bench",
        metavar="URL",
        help="serve from PostgreSQL (the database is created afresh, then dropped)",
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "PARTNERFOLIO_DATA_DIR": data,
            "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT / "src")]),
        }
        env.pop("DATABASE_URL", None)
        env.pop("PARTNERFOLIO_API_CACHE_KB", None)
        if options.postgres:
            _create_database(options.postgres)
            env["DATABASE_URL"] = options.postgres
        run(env, "migrate")
        run(env, "demo")
        secret = (
            subprocess.run(
                [
                    str(BIN / "python"),
                    "-c",
                    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
                    "'partnerfolio.config.settings'; django.setup();"
                    "from partnerfolio.accounts.models import User;"
                    "from partnerfolio.api.tokens import token_create;"
                    "u = User.objects.create_superuser('bench', 'b@example.org', None);"
                    "print(token_create(user=u, name='bench', scope='read', days=1)[1])",
                ],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        port = free_port()
        headers = {"Authorization": f"Bearer {secret}", "Host": "127.0.0.1"}
        canned = Path(data) / "canned.json"
        server_env = {
            **env,
            "DJANGO_SETTINGS_MODULE": "api_bench_settings",
            "API_BENCH_CANNED": str(canned),
            "API_BENCH_CONN_MAX_AGE": ""
            if options.conn_max_age is None
            else str(options.conn_max_age),
        }
        gunicorn = [
            str(BIN / "gunicorn"),
            "partnerfolio.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(options.workers),
            "--threads",
            str(options.threads),
            "--log-level",
            "warning",
        ]
        # the bare view's body: the API's own answer, captured once
        server = subprocess.Popen(
            gunicorn,
            env={**server_env, "API_BENCH_CANNED": os.devnull},
        )
        try:
            body = _wait_and_get(port, URL, headers)
        finally:
            server.terminate()
            server.wait()
        canned.write_bytes(body)
        count = len(json.loads(body)["items"])
        server = subprocess.Popen(gunicorn, env=server_env)
        try:
            _wait_and_get(port, URL, headers)
            drive(port, URL, headers, options.clients, 1.0)  # warm every worker
            drive(port, "/bench/bare/", headers, options.clients, 1.0)
            api = drive(port, URL, headers, options.clients, options.seconds)
            bare = drive(port, "/bench/bare/", headers, options.clients, options.seconds)
        finally:
            server.terminate()
            server.wait()
        # the same endpoint computing every answer (nothing kept): what a request right
        # after a change costs
        server = subprocess.Popen(gunicorn, env={**server_env, "PARTNERFOLIO_API_CACHE_KB": "0"})
        try:
            _wait_and_get(port, URL, headers)
            drive(port, URL, headers, options.clients, 1.0)
            computed = drive(port, URL, headers, options.clients, options.seconds)
        finally:
            server.terminate()
            server.wait()
        if options.postgres:
            _drop_database(options.postgres)
    kept_for = "as settings" if options.conn_max_age is None else f"{options.conn_max_age} s"
    print(
        f"{'PostgreSQL' if options.postgres else 'SQLite'}; {options.clients} clients, "
        f"{options.workers} gunicorn workers × {options.threads} threads, connections kept "
        f"{kept_for}, {options.seconds:g} s each; {count} partnerships a page, {len(body):,} bytes"
    )
    for label, (rps, p50, p99, errors) in (
        ("API (token)", api),
        ("bare view", bare),
        ("API, nothing kept", computed),
    ):
        print(
            f"{label:18} {rps:8.0f} req/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   errors {errors}"
        )
    ratio = api[0] / bare[0]
    tail = api[2] / bare[2]
    print(f"throughput ratio {ratio:.2f}× (goal ≥ 0.5×): {'met' if ratio >= 0.5 else 'NOT met'}")
    print(f"p99 ratio        {tail:.2f}× (goal ≤ 3×):   {'met' if tail <= 3 else 'NOT met'}")
    print(
        f"nothing kept: {computed[0] / bare[0]:.2f}× the bare throughput, "
        f"p99 {computed[2] / bare[2]:.2f}× (every answer computed, as after each change)"
    )


def _create_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')


def _drop_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _wait_and_get(port: int, path: str, headers: dict[str, str]) -> bytes:
    deadline = time.monotonic() + 30
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status}: {body[:300]!r}")
            return body
        except (ConnectionRefusedError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


if __name__ == "__main__":
    main()
