"""People, records and clients for the API tests (the personas of tests/web/test_access.py).

Ada the administrator, Mia a manager, Cole a contributor on the teams of Atlas and of the
confidential Cobalt, Vic a viewer, Pat a partner user at Atlas's partner, and someone
anonymous. Each record has one item of every kind of evidence and a metric with a value.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from partnerfolio.accounts.models import User
from partnerfolio.api.tokens import token_create
from partnerfolio.evidence import services as evidence
from partnerfolio.metrics import services as metrics
from partnerfolio.partnerships import services
from partnerfolio.partnerships.models import Partnership
from tests.people import personas

PEOPLE = ("ada", "mia", "cole", "vic", "pat", "anonymous")
RECORDS = ("Atlas", "Birch", "Cobalt")
EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))
HOST = {"SERVER_NAME": "localhost"}

# Who may see each record (else 404) and change it (else 403), docs/access.md.
SEE = {
    "Atlas": {"ada", "mia", "cole", "vic"},
    "Birch": {"ada", "mia", "cole", "vic"},
    "Cobalt": {"ada", "cole"},
}
EDIT = {"Atlas": {"ada", "mia", "cole"}, "Birch": {"ada", "mia"}, "Cobalt": {"ada", "cole"}}

ITEMS: dict[str, dict[str, Any]] = {
    "agreements": {"kind": "sow", "signed_on": "2026-01-10", "ends_on": "2026-12-31"},
    "commitments": {"title": "Pilot", "due_on": "2026-03-01"},
    "surveys": {"on": "2026-06-30", "side": "ours", "scores": {"trust": 4}},
    "engagements": {"on": "2026-05-02", "kind": "check_in"},
    "reviews": {"on": "2026-06-30", "decision": "continue"},
    "opportunities": {"title": "Banks", "stage": "qualified", "value": 1000},
    "joint_outcomes": {"title": "First customer", "on": "2026-04-10", "value": 100},
}
# a valid correction of each kind of item
CHANGES: dict[str, dict[str, Any]] = {
    "agreements": {"title": "Statement of work"},
    "commitments": {"delivered_on": "2026-02-27", "met_quality": True},
    "surveys": {"respondent": "J. Doe"},
    "engagements": {"summary": "went well"},
    "reviews": {"notes": "fine"},
    "opportunities": {"stage": "won"},
    "joint_outcomes": {"value": 200},
}


def example(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))


def add_evidence(partnership: Partnership) -> dict[str, int]:
    """One item of every kind, a metric and a value; their ids by section."""
    found = {}
    for section, item in ITEMS.items():
        row = evidence.evidence_record(
            actor="test", partnership=partnership, section=section, item=item
        )
        found[section] = row.pk
    metric = metrics.metric_define(
        actor="test", partnership=partnership, key="sla_compliance", target=0.95
    )
    found["metrics"] = metric.pk
    found["observations"] = metrics.observation_record(
        actor="test", metric=metric, on=date(2026, 6, 30), value=0.97
    ).pk
    return found


@pytest.fixture(autouse=True)
def _fresh_budgets(settings) -> Iterator[None]:
    """Request budgets are counted in the default cache, which outlives a test: every test
    starts with the whole of its budgets (and with nothing kept). They are large here, and
    still counted: one test sends more in a minute than anyone would (schemathesis sends
    hundreds of requests without credentials); test_throttling.py sets its own."""
    settings.PARTNERFOLIO_API_RATE_TOKEN = "100000/min"
    settings.PARTNERFOLIO_API_RATE_ADDRESS = "100000/min"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db) -> dict[str, Any]:
    """{record name: partnership id, "items": {record: {section: id}}, "tokens": {person: secret}}."""
    records: dict[str, Any] = {"items": {}, "tokens": {}}
    for name, partner, confidential in (
        ("Atlas", "Atlas Partner Co", False),
        ("Birch", "Birch Partner Co", False),
        ("Cobalt", "Cobalt Secret Co", True),
    ):
        p = services.partnership_import(
            actor="test",
            document={
                "name": name,
                "type": "tactical",
                "category": "commercial",
                "stage": "active",
                "started_on": "2026-01-01",
                "partners": [{"name": partner}],
            },
        )
        Partnership.objects.filter(pk=p.pk).update(confidential=confidential)
        records[name] = p.pk
        records["items"][name] = add_evidence(p)
    personas(partner_of="Atlas Partner Co", teams=(records["Atlas"], records["Cobalt"]))
    for person in PEOPLE[:-1]:
        _token, secret = token_create(
            user=User.objects.get(username=person), name="tests", scope="read-write", days=30
        )
        records["tokens"][person] = secret
    return records


def token_client(world: dict[str, Any], person: str) -> Client:
    if person == "anonymous":
        return Client(**HOST)
    return Client(HTTP_AUTHORIZATION=f"Bearer {world['tokens'][person]}", **HOST)


def session_client(person: str) -> Client:
    """A browser: signed in, and sending the CSRF token as the pages' scripts do."""
    client = Client(enforce_csrf_checks=True, **HOST)
    if person != "anonymous":
        client.force_login(User.objects.get(username=person))
    client.cookies["csrftoken"] = CSRF_SECRET  # as a page of the application would have set
    return client


CSRF_SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF"  # 32 characters of Django's alphabet
CSRF = {"HTTP_X_CSRFTOKEN": CSRF_SECRET}
