"""The team installation of docs/deploy.md, for real: nginx with TLS in front of two gunicorn
application servers, PostgreSQL, Redis as the shared cache and the queue's broker, and one
worker (tests/topology/servers.py starts and stops them all).

One topology, so this module runs once, in the PostgreSQL pass (tests/topology/conftest.py).
"""

from __future__ import annotations

import json
import pickle
import re
import signal
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import redis as redis_client
import requests
from requests.adapters import HTTPAdapter

from tests.topology.servers import Installation, installation, stop, wait_for

PASSWORD = "a long enough passphrase for the team"


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Installation:
    directory = tmp_path_factory.mktemp("team")
    with installation(
        directory,
        PARTNERFOLIO_SPREADSHEET_BACKGROUND_ROWS="5",  # a 12-row import goes to the worker
        PARTNERFOLIO_LOGIN_FAILURE_LIMIT="3",
    ) as running:
        for name in ("ada", "mia"):
            running.command(
                "createuser", name, "--role", "manager", "--password-stdin", stdin=PASSWORD
            )
        yield running


class FromAddress(HTTPAdapter):
    """Connections from another loopback address (127.0.0.0/8 is all this machine's)."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


def browser(team: Installation, address: str = "127.0.0.1") -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy, and no CA bundle from the environment over ours
    session.verify = str(team.cert)
    session.mount("https://", FromAddress(address))
    return session


def sign_in(team: Installation, session: requests.Session, username: str, password: str):
    session.get(f"{team.url}/accounts/login/", timeout=30)
    return session.post(
        f"{team.url}/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{team.url}/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )


def signed_in(team: Installation, username: str = "ada") -> requests.Session:
    session = browser(team)
    answer = sign_in(team, session, username, PASSWORD)
    assert answer.status_code == 302, answer.text[:500]
    return session


def add_partner(team: Installation, session: requests.Session, name: str) -> requests.Response:
    return session.post(
        f"{team.url}/partners/new/",
        data={"name": name, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{team.url}/partners/new/"},
        allow_redirects=False,
        timeout=30,
    )


def served_by(team: Installation) -> dict[int, set[str]]:
    """Which request ids each application server logged (one JSON line a request)."""
    found: dict[int, set[str]] = {}
    for port in team.app_ports:
        ids = set()
        for line in team.log(port).read_text().splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                if entry.get("logger") == "partnerfolio.request":
                    ids.add(entry["request_id"])
        found[port] = ids
    return found


def kept_body(cache, key) -> bytes | None:
    try:
        value = pickle.loads(cache.get(key))
    except (TypeError, pickle.UnpicklingError):
        return None
    return value if isinstance(value, bytes) else None


def partner_names(team: Installation) -> set[str]:
    with psycopg.connect(team.environment["DATABASE_URL"]) as db:
        return {row[0] for row in db.execute("SELECT name FROM partners_partnerorganization")}


def test_plain_http_is_sent_to_https_and_answers_carry_hsts(team):
    answer = browser(team).get(
        f"http://127.0.0.1:{team.http_port}/partnerships/", allow_redirects=False, timeout=10
    )
    assert answer.status_code == 301
    assert answer.headers["Location"] == f"{team.url}/partnerships/"
    page = browser(team).get(f"{team.url}/accounts/login/", timeout=10)
    assert page.status_code == 200
    assert "max-age=60" in page.headers["Strict-Transport-Security"]
    assert "Secure" in page.headers["Set-Cookie"]


def test_a_session_works_on_both_servers_in_turn(team):
    session = signed_in(team)
    ids = []
    for n in range(12):
        page = session.get(f"{team.url}/partnerships/", timeout=30)
        assert page.status_code == 200
        assert "Sign in" not in page.text.split("<main", 1)[-1][:2000]
        ids.append(page.headers["X-Request-ID"])
        if n % 4 == 0:
            assert add_partner(team, session, f"Alternating {n}").status_code == 302
    logged = served_by(team)
    # nginx's request ids reached the application's log lines, and both servers answered
    assert re.fullmatch(r"[0-9a-f]{32}", ids[0])
    assert all(set(ids) & logged[port] for port in team.app_ports)
    assert set(ids) <= set().union(*logged.values())
    assert {"Alternating 0", "Alternating 4", "Alternating 8"} <= partner_names(team)


def test_a_write_on_one_server_retires_the_kept_answer_on_the_other(team):
    secret = team.command("token", "create", "mia", "--name", "topology", "--scope", "read-write")
    secret = re.search(r"pf_[A-Za-z0-9_-]+", secret).group(0)
    # straight to each server, as nginx would pass it on (HTTPS ended at the proxy)
    headers = {"Authorization": f"Bearer {secret}", "X-Forwarded-Proto": "https"}
    first, second = (f"http://127.0.0.1:{port}" for port in team.app_ports)
    cache = redis_client.Redis.from_url(team.environment["PARTNERFOLIO_REDIS_URL"])

    url = "/api/v1/partnerships?limit=50"
    computed = requests.get(f"{first}{url}", headers=headers, timeout=30)
    assert computed.status_code == 200
    # the answer the first server kept, found in Redis (Django's RedisCache pickles bytes)
    [key] = [
        k
        for k in cache.scan_iter("partnerfolio:*api-answer*")
        if kept_body(cache, k) == computed.content
    ]
    assert requests.get(f"{second}{url}", headers=headers, timeout=30).content == computed.content
    # the second server answers with what the first one kept: marked there, it answers the mark
    cache.set(key, pickle.dumps(b'{"kept": "by the first server"}'), keepttl=True)
    assert requests.get(f"{second}{url}", headers=headers, timeout=30).json() == {
        "kept": "by the first server"
    }

    name = f"Written on the second {uuid.uuid4().hex[:6]}"
    made = requests.post(
        f"{second}/api/v1/partnerships", headers=headers, json={"name": name}, timeout=30
    )
    assert made.status_code == 201, made.text
    # at once, the first server no longer serves what was kept: it computes the new answer
    fresh = requests.get(f"{first}{url}", headers=headers, timeout=30).json()
    assert name in {item["name"] for item in fresh["items"]}


def test_a_large_import_queued_by_a_server_is_run_by_the_worker(team):
    session = signed_in(team, "mia")
    rows = "Name,Sector\n" + "".join(f"Imported {n:02d},private\n" for n in range(12))
    upload = session.post(
        f"{team.url}/spreadsheets/import/",
        data={"kind": "organization", "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        files={"file": ("orgs.csv", rows.encode(), "text/csv")},
        headers={"Referer": f"{team.url}/spreadsheets/import/"},
        allow_redirects=False,
        timeout=30,
    )
    assert upload.status_code == 302, upload.text[:500]
    review = team.url + upload.headers["Location"]
    queued = session.post(
        review,
        data={
            "kind": "organization",
            "action": "import",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": review},
        allow_redirects=False,
        timeout=30,
    )
    assert queued.status_code == 302
    assert "/spreadsheets/import/jobs/" in queued.headers["Location"]
    wait_for(
        "the worker to run the import",
        lambda: {f"Imported {n:02d}" for n in range(12)} <= partner_names(team),
        timeout=90,
    )
    job = session.get(team.url + queued.headers["Location"], timeout=30)
    assert "12" in job.text


def test_the_proxy_address_is_the_one_login_throttling_counts(team):
    """PARTNERFOLIO_PROXY_COUNT=1: the address nginx saw, not one a client claims."""
    limit = int(team.environment["PARTNERFOLIO_LOGIN_FAILURE_LIMIT"])
    attacker = browser(team, "127.0.0.2")
    answers = []
    for n in range(limit):
        # a forged X-Forwarded-For does not give the attacker a new address each time
        attacker.headers["X-Forwarded-For"] = f"198.51.100.{n + 1}"
        answers.append(sign_in(team, attacker, "ada", "wrong guess").status_code)
    assert answers == [200] * (limit - 1) + [429]
    attacker.headers["X-Forwarded-For"] = "198.51.100.99"
    assert sign_in(team, attacker, "ada", PASSWORD).status_code == 429
    # Ada, from her own address, is not locked out by the attacker
    assert sign_in(team, browser(team, "127.0.0.3"), "ada", PASSWORD).status_code == 302


def test_one_server_killed_mid_load_the_other_answers_and_no_write_is_lost(team):
    session = signed_in(team)
    victim = team.app_ports[0]
    answered: list[tuple[str, int]] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        if n % 3 == 0:
            name = f"Under load {n:03d}"
            try:
                status = add_partner(team, session, name).status_code
            except requests.RequestException:
                status = 0
            with lock:
                answered.append((name, status))
        else:
            status = session.get(f"{team.url}/partners/", timeout=60).status_code
            with lock:
                answered.append(("read", status))
        if n == 30:
            stop(team.apps[victim], signal.SIGKILL)

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(work, range(120)))
    assert team.apps[victim].poll() is not None  # it was killed
    reads = [status for what, status in answered if what == "read"]
    writes = {what: status for what, status in answered if what != "read"}
    assert all(status == 200 for status in reads), reads  # nginx retried the dead one's reads
    saved = partner_names(team)
    assert {name for name, status in writes.items() if status == 302} <= saved  # none lost
    assert sum(status == 302 for status in writes.values()) >= len(writes) - 6  # in flight
    # and it comes back
    team.start_app(victim)
