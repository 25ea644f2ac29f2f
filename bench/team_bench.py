"""The team installation under load: through nginx (TLS) to two application servers, beside
one application server reached directly, in the same run.

Starts the topology of docs/deploy.md with the test's own harness (tests/topology/servers.py:
PostgreSQL, Redis, two gunicorn servers, the worker, nginx), imports generated
partnerships (bench/generate.py), then drives with --clients clients at once:

- `GET /api/v1/partnerships?limit=50` with personal tokens of four people (four kept
  answers at a time), warm (nothing changes) and cold (each request right after a write
  of the same client, so the revision has just moved and the answer is computed);
- the dashboard, signed in, warm and cold alike.

For each: requests a second, p50 and p99, errors; and, for the API through nginx, the
share of the answers served from the cache that the *other* server had computed. That
share is read from the servers' own request logs: the first request of a key (person and
revision) is the one that computed it, every later one found it kept.

    make bench-team                 # or: .venv/bin/python bench/team_bench.py --seconds 10

Everything runs on this machine's cores: the clients, nginx, both servers, PostgreSQL and
Redis share them, so the figures are a floor for a real installation, not its ceiling.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import ssl
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from tests.topology.servers import installation  # noqa: E402

from generate import generate_documents  # noqa: E402

API = "/api/v1/partnerships?limit=50"
PEOPLE = ("ana", "ben", "cy", "dee")
PASSWORD = "a long enough passphrase for the bench"


class Client:
    """One keep-alive connection, HTTPS to nginx or HTTP to one server."""

    def __init__(self, base: str, context: ssl.SSLContext | None) -> None:
        parts = urlsplit(base)
        self.host, self.port, self.tls = parts.hostname, parts.port, parts.scheme == "https"
        self.context = context
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = dict(headers or {})
        if not self.tls:  # straight to a server: as nginx passes it on, HTTPS ended there
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = (
                    http.client.HTTPSConnection(self.host, self.port, context=self.context)
                    if self.tls
                    else http.client.HTTPConnection(self.host, self.port)
                )
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), data

    def sign_in(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        form = f"username={username}&password={PASSWORD.replace(' ', '+')}"
        form += f"&csrfmiddlewaretoken={self.cookies['csrftoken']}"
        status, _, _ = self.request(
            "POST",
            "/accounts/login/",
            form.encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"https://{self.host}:{self.port}/",
            },
        )
        assert status == 302, f"sign-in answered {status}"


def drive(make_client, clients: int, seconds: float, step) -> dict:
    """`clients` threads, each calling `step(client, n)` until `seconds` are up; `step`
    returns (status, request id) of the request it timed, and the time it took."""
    durations: list[float] = []
    ids: list[tuple[int, str]] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def run(n: int) -> None:
        client = make_client(n)
        while time.monotonic() < deadline:
            try:
                status, identifier, took = step(client, n)
            except (OSError, http.client.HTTPException):
                status, identifier, took = 0, "", 0.0
            with lock:
                if status == 200:
                    durations.append(took)
                    ids.append((n, identifier))
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    ordered = sorted(durations) or [0.0]
    return {
        "rps": len(durations) / elapsed,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "errors": errors[0],
        "ids": ids,
    }


def timed(client: Client, method: str, path: str, headers=None, body=None):
    started = time.perf_counter()
    status, answer_headers, _ = client.request(method, path, body, headers)
    return status, answer_headers.get("X-Request-ID", ""), time.perf_counter() - started


def served(team) -> dict[str, tuple[int, float]]:
    """request id -> (server port, time), from each server's request log."""
    found = {}
    for port in team.app_ports:
        for line in team.log(port).read_text().splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                if entry.get("logger") == "partnerfolio.request":
                    found[entry["request_id"]] = (port, entry["time"])
    return found


def other_server_share(team, ids: list[tuple[int, str]]) -> tuple[float, int]:
    """Of the requests that found a kept answer, the share the other server had made:
    per person the first request computed it (nothing is written in a warm run)."""
    where = served(team)
    first: dict[str, int] = {}
    hits = others = 0
    for n, identifier in sorted(ids, key=lambda item: where.get(item[1], (0, ""))[1]):
        if identifier not in where:
            continue
        person, port = PEOPLE[n % len(PEOPLE)], where[identifier][0]
        if person not in first:
            first[person] = port
            continue
        hits += 1
        others += port != first[person]
    return (others / hits if hits else 0.0), hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--partnerships", type=int, default=500)
    options = parser.parse_args()
    # Budgets no client reaches: sixteen clients on four tokens would spend 600/min in
    # seconds. The throttles still count every request in Redis, as they would.
    unlimited = {
        "PARTNERFOLIO_API_RATE_TOKEN": "1000000/min",
        "PARTNERFOLIO_API_RATE_ADDRESS": "1000000/min",
    }
    with tempfile.TemporaryDirectory() as scratch, installation(Path(scratch), **unlimited) as team:
        documents = Path(scratch) / "documents"
        documents.mkdir()
        for n, document in enumerate(generate_documents(options.partnerships, 2026)):
            document["name"] = f"{document['name']} #{n}"
            for partner in document.get("partners") or ():
                partner["name"] = f"{partner['name']} #{n}"
            (documents / f"{n:05d}.json").write_text(json.dumps(document))
        team.command("import", *sorted(str(p) for p in documents.iterdir()))
        tokens = {}
        for person in PEOPLE:
            team.command(
                "createuser", person, "--role", "admin", "--password-stdin", stdin=PASSWORD
            )
            printed = team.command(
                "token", "create", person, "--name", "bench", "--scope", "read-write"
            )
            tokens[person] = re.search(r"pf_[A-Za-z0-9_-]+", printed).group(0)
        context = team.tls()
        targets = {
            "nginx, 2 servers": team.url,
            "1 server, direct": f"http://127.0.0.1:{team.app_ports[0]}",
        }

        def api_warm(client, n):
            token = tokens[PEOPLE[n % len(PEOPLE)]]
            return timed(client, "GET", API, {"Authorization": f"Bearer {token}"})

        def api_cold(client, n):
            token = {"Authorization": f"Bearer {tokens[PEOPLE[n % len(PEOPLE)]]}"}
            write = {**token, "Content-Type": "application/json"}
            body = json.dumps({"name": f"Bench {n} {time.monotonic_ns()}"}).encode()
            client.request("POST", "/api/v1/organizations", body, write)
            return timed(client, "GET", API, token)

        def dashboard_warm(client, n):
            return timed(client, "GET", "/")

        def dashboard_cold(client, n):
            token = {"Authorization": f"Bearer {tokens[PEOPLE[n % len(PEOPLE)]]}"}
            body = json.dumps({"name": f"Bench {n} {time.monotonic_ns()}"}).encode()
            client.request(
                "POST", "/api/v1/organizations", body, {**token, "Content-Type": "application/json"}
            )
            return timed(client, "GET", "/")

        print(
            f"{options.partnerships} partnerships on PostgreSQL; {options.clients} clients, "
            f"{options.seconds:g} s each; each server gunicorn 2 workers × 4 threads"
        )
        for label, base in targets.items():
            for name, step, signed in (
                ("API list, warm", api_warm, False),
                ("API list, after a write", api_cold, False),
                ("dashboard, warm", dashboard_warm, True),
                ("dashboard, after a write", dashboard_cold, True),
            ):

                def make(n, base=base, signed=signed):
                    client = Client(base, context)
                    if signed:
                        client.sign_in(PEOPLE[n % len(PEOPLE)])
                    return client

                warming = drive(make, options.clients, 3.0, step)  # warm every process
                result = drive(make, options.clients, options.seconds, step)
                line = (
                    f"{label:18} {name:26} {result['rps']:7.1f} req/s  p50 {result['p50']:7.1f} ms"
                    f"  p99 {result['p99']:7.1f} ms  errors {result['errors']}"
                )
                if name == "API list, warm" and base == team.url:
                    share, hits = other_server_share(team, warming["ids"] + result["ids"])
                    line += f"  kept answers made by the other server: {share:.0%} of {hits}"
                print(line, flush=True)


if __name__ == "__main__":
    main()
