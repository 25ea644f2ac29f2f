"""People, partnerships and a loopback webhook receiver for the alert tests.

People: Ada the administrator, Mia a manager, Olive a contributor who owns Atlas, Cole a
contributor on the teams of Atlas and the confidential Dune, Vic a viewer, Pat a partner
user. Partnerships (all tactical, active since 2025-01-01, reviews every 30 days and
none recorded, so each has pitfalls and an overdue review): Atlas (public; Olive owner,
Cole member), Birch (public, no team), Cobalt (confidential, no team), Dune
(confidential; Cole member, no owner).
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from partnerfolio.accounts.models import User
from partnerfolio.domain import load_playbook
from partnerfolio.notifications import addresses, webhooks
from partnerfolio.notifications.alerts import RunResult, run_alerts
from partnerfolio.notifications.queue import huey
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import services
from partnerfolio.partnerships.models import Partnership, TeamMember

AS_OF = date(2026, 3, 2)
PASSWORD = "a long enough passphrase"


# What host names resolve to in these tests (anything else: a public address); no test
# asks a DNS server, and none sends anything anywhere but to 127.0.0.1.
NAMES: dict[str, str] = {}
PUBLIC = "93.184.215.14"


def _resolve(host: str, port: Any, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
    try:  # an address written as one (127.0.0.1, ::1, 2130706433): no lookup
        return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST)
    except socket.gaierror:
        address = NAMES.get(host, PUBLIC)
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    return [(family, socket.SOCK_STREAM, 6, "", (address, port))]


@pytest.fixture(autouse=True)
def webhook_addresses(settings, monkeypatch) -> Iterator[dict[str, str]]:
    """Host names resolve through NAMES; the receiver's 127.0.0.1 is allowed by name."""
    monkeypatch.setattr(addresses, "_getaddrinfo", _resolve)
    settings.PARTNERFOLIO_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    yield NAMES
    NAMES.clear()


@pytest.fixture(autouse=True)
def immediate_queue() -> Iterator[None]:
    before = huey.immediate
    huey.immediate = True
    huey.storage.flush_all()
    yield
    huey.storage.flush_all()
    huey.immediate = before


def document(name: str, **extra: Any) -> dict[str, Any]:
    doc = {
        "name": name,
        "type": "tactical",
        "stage": "active",
        "started_on": "2025-01-01",
        "partners": [{"name": f"{name} Partner Co"}],
        "governance": {"review_cadence_days": 30},
    }
    doc.update(extra)
    return doc


def add(name: str, *, confidential: bool = False, **extra: Any) -> Partnership:
    p = services.partnership_import(actor="test", document=document(name, **extra))
    Partnership.objects.filter(pk=p.pk).update(confidential=confidential)
    p.refresh_from_db()
    return p


@pytest.fixture
def world(db) -> dict[str, Partnership]:
    records = {
        "Atlas": add("Atlas"),
        "Birch": add("Birch"),
        "Cobalt": add("Cobalt", confidential=True),
        "Dune": add("Dune", confidential=True),
    }
    User.objects.create_superuser(username="ada", password=PASSWORD, email="ada@example.org")
    User.objects.create_user(
        username="mia", password=PASSWORD, role="manager", email="mia@example.org"
    )
    olive = User.objects.create_user(
        username="olive", password=PASSWORD, role="contributor", email="olive@example.org"
    )
    cole = User.objects.create_user(
        username="cole", password=PASSWORD, role="contributor", email="cole@example.org"
    )
    User.objects.create_user(
        username="vic", password=PASSWORD, role="viewer", email="vic@example.org"
    )
    User.objects.create_user(
        username="pat",
        password=PASSWORD,
        role="partner",
        email="pat@example.org",
        organization=PartnerOrganization.objects.get(name="Atlas Partner Co"),
    )
    TeamMember.objects.create(partnership=records["Atlas"], user=olive, owner=True)
    TeamMember.objects.create(partnership=records["Atlas"], user=cole)
    TeamMember.objects.create(partnership=records["Dune"], user=cole)
    return records


def alerts(as_of: date = AS_OF) -> RunResult:
    return run_alerts(as_of, load_playbook(None))


def later(days: int) -> date:
    return AS_OF + timedelta(days=days)


def verified(secret: str | bytes, body: bytes, headers: dict[str, str]) -> bool:
    """What a receiver holding `secret` makes of a delivery, with the Standard Webhooks
    library: the id, the timestamp (within five minutes) and the body all signed."""
    try:
        Webhook(secret).verify(body, headers)
    except WebhookVerificationError:
        return False
    return True


class Receiver:
    """A webhook receiver on 127.0.0.1: records each request and checks its signature."""

    def __init__(self, secret: str | None = None, statuses: list[int] | None = None) -> None:
        self.secret = secret or webhooks.secret_new()
        self.statuses = list(statuses or [])
        self.requests: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(
                    {
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                        "event": json.loads(body),
                        "verified": verified(receiver.secret, body, dict(self.headers)),
                    }
                )
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/partnerfolio"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()
