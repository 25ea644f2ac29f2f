"""Every endpoint × every person × records they may and may not see: the expected status
in each cell, generated from docs/access.md's rules (SEE and EDIT in conftest).

Reads answer 200 to those who may see the record and 404 to the others (as if it did not
exist); writes 2xx to those who may change it, 403 to those who only see it, 404 to the
rest; partner users get 403 from everything, and anonymous callers 401. Each cell is
tried with a personal token and with a browser session (CSRF token sent).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction

from partnerfolio.evidence import services as evidence
from partnerfolio.metrics import services as metrics
from partnerfolio.metrics.models import Metric, Observation
from partnerfolio.partnerships.models import Partnership
from partnerfolio.partnerships.records import EVIDENCE_MODELS
from tests.api.conftest import (
    CHANGES,
    CSRF,
    EDIT,
    ITEMS,
    PEOPLE,
    RECORDS,
    SEE,
    session_client,
    token_client,
)

pytestmark = pytest.mark.django_db
_counter = itertools.count()


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # with {pk}, {item}, {metric}, {observation}
    success: int
    write: bool
    body: Callable[[], dict[str, Any]] | None = None
    prepare: Callable[[int, dict[str, int]], dict[str, Any]] | None = None  # fresh targets, headers
    managers: bool = False  # a write only managers and administrators make

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _fresh_item(section: str) -> Callable[[int, dict[str, int]], dict[str, Any]]:
    def prepare(pk: int, _items: dict[str, int]) -> dict[str, Any]:
        row = evidence.evidence_record(
            actor="test",
            partnership=Partnership.objects.get(pk=pk),
            section=section,
            item=ITEMS[section],
        )
        return {"item": row.pk, "headers": {"HTTP_IF_MATCH": f'W/"{row.version}"'}}

    return prepare


def _partnership_version(pk: int, _items: dict[str, int]) -> dict[str, Any]:
    return {"headers": {"HTTP_IF_MATCH": f'W/"{Partnership.objects.get(pk=pk).version}"'}}


def _stage_body(pk: int, items: dict[str, int]) -> dict[str, Any]:
    stage = Partnership.objects.get(pk=pk).stage
    found = _partnership_version(pk, items)
    found["body"] = {
        "to": "under_review" if stage == "active" else "active",
        "on": "2026-11-20",
        "reason": "quarterly review",
    }
    return found


def _team_body(pk: int, items: dict[str, int]) -> dict[str, Any]:
    """The team as it is (Cole on it), set again by the caller."""
    found = _partnership_version(pk, items)
    found["body"] = {
        "confidential": Partnership.objects.get(pk=pk).confidential,
        "members": [{"username": "cole", "owner": True}],
    }
    return found


def _promotion(pk: int, items: dict[str, int]) -> dict[str, Any]:
    found = _partnership_version(pk, items)
    found["body"] = {"on": "2026-11-20", "reason": "it has earned it"}
    return found


def _fresh_metric(pk: int, _items: dict[str, int]) -> dict[str, Any]:
    metric = metrics.metric_define(
        actor="test",
        partnership=Partnership.objects.get(pk=pk),
        key=f"custom_{next(_counter)}",
        category="financial_impact",
        direction="higher",
        leading=False,
    )
    return {"metric": metric.pk, "headers": {"HTTP_IF_MATCH": f'W/"{metric.version}"'}}


def _fresh_observation(pk: int, items: dict[str, int]) -> dict[str, Any]:
    metric = Metric.objects.get(pk=items["metrics"])
    row = metrics.observation_record(
        actor="test", metric=metric, on=date(2020, 1, 1) + timedelta(days=next(_counter)), value=2.0
    )
    return {"observation": row.pk, "headers": {"HTTP_IF_MATCH": 'W/"2.0"'}}


def _new_observation(pk: int, items: dict[str, int]) -> dict[str, Any]:
    on = (date(2010, 1, 1) + timedelta(days=next(_counter))).isoformat()
    return {"body": {"on": on, "value": 1.5}}


def _new_metric(pk: int, items: dict[str, int]) -> dict[str, Any]:
    return {
        "body": {
            "key": f"new_{next(_counter)}",
            "category": "innovation",
            "direction": "higher",
            "leading": True,
        }
    }


P = "/api/v1/partnerships/{pk}"
ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", P, 200, False),
    Endpoint("GET", P + "/assessment?as_of=2026-11-30", 200, False),
    Endpoint("GET", P + "/document", 200, False),
    Endpoint(
        "PATCH", P, 200, True, lambda: {"governance": {"owner": "J. Rivera"}}, _partnership_version
    ),
    Endpoint("POST", P + "/stage", 200, True, None, _stage_body),
    # The records are not ready to be strategic: whoever may promote reaches the guards.
    Endpoint("POST", P + "/promote", 409, True, None, _promotion),
    Endpoint("GET", P + "/team", 200, False),
    Endpoint("PUT", P + "/team", 200, True, None, _team_body, managers=True),
    Endpoint(
        "DELETE", P + "?reason=created+by+mistake", 204, True, None, _partnership_version, True
    ),
    Endpoint("GET", P + "/metrics", 200, False),
    Endpoint("POST", P + "/metrics", 201, True, None, _new_metric),
    Endpoint("GET", P + "/metrics/{metric}", 200, False),
    Endpoint("DELETE", P + "/metrics/{metric}?reason=mistake", 204, True, None, _fresh_metric),
    Endpoint("GET", P + "/metrics/{metric}/observations", 200, False),
    Endpoint("POST", P + "/metrics/{metric}/observations", 201, True, None, _new_observation),
    Endpoint("GET", P + "/metrics/{metric}/observations/{observations}", 200, False),
    Endpoint(
        "PATCH",
        P + "/metrics/{metric}/observations/{observation}",
        200,
        True,
        lambda: {"value": 2.5, "reason": "typo"},
        _fresh_observation,
    ),
]
for _section in ITEMS:
    ENDPOINTS += [
        Endpoint("GET", P + f"/{_section}", 200, False),
        Endpoint("POST", P + f"/{_section}", 201, True, lambda s=_section: ITEMS[s]),
        Endpoint("GET", P + f"/{_section}/{{{_section}}}", 200, False),
        Endpoint(
            "PATCH",
            P + f"/{_section}/{{item}}",
            200,
            True,
            lambda s=_section: CHANGES[s],
            _fresh_item(_section),
        ),
        Endpoint(
            "DELETE",
            P + f"/{_section}/{{item}}?reason=recorded+twice",
            204,
            True,
            None,
            _fresh_item(_section),
        ),
    ]


def expected(person: str, record: str, endpoint: Endpoint) -> int:
    if person == "anonymous":
        return 401
    if person == "pat":
        return 403
    if person not in SEE[record]:
        return 404
    if endpoint.write and person not in EDIT[record]:
        return 403
    if endpoint.managers and person not in ("ada", "mia"):
        return 403
    return endpoint.success


def call(client: Any, endpoint: Endpoint, world: dict[str, Any], record: str, session: bool) -> Any:
    pk = world[record]
    items = world["items"][record]
    prepared = endpoint.prepare(pk, items) if endpoint.prepare else {}
    ids = {**items, "metric": items["metrics"], "pk": pk, **prepared}
    url = endpoint.path.format(**ids)
    body = prepared.get("body") or (endpoint.body() if endpoint.body else None)
    headers = dict(prepared.get("headers", {}))
    if session and endpoint.write:
        headers.update(CSRF)
    method = getattr(client, endpoint.method.lower())
    if body is None:
        return method(url, **headers)
    return method(url, body, content_type="application/json", **headers)


# Sessions go through the same code after authentication: every endpoint is tried with a
# token, and one of each family (partnership, evidence, metrics) with a browser session.
CELLS = [(e, "token") for e in ENDPOINTS] + [
    (e, "session")
    for e in ENDPOINTS
    if "engagements" in e.path or e.path in (P, P + "/stage", P + "/metrics", P + "/team")
]


@pytest.mark.parametrize(("endpoint", "auth"), CELLS, ids=lambda v: str(v))
def test_every_cell_of_the_matrix(world, endpoint, auth):
    wrong = []
    for person, record in itertools.product(PEOPLE, RECORDS):
        client = token_client(world, person) if auth == "token" else session_client(person)
        with transaction.atomic():  # each cell on the same records (a deletion is undone)
            response = call(client, endpoint, world, record, auth == "session")
            transaction.set_rollback(True)
        want = expected(person, record, endpoint)
        if response.status_code != want:
            wrong.append(
                f"{person} on {record}: {response.status_code}, expected {want}: {response.content[:200]!r}"
            )
        if want >= 400:
            assert response["Content-Type"] == "application/problem+json"
            assert response.json()["status"] == want
        if endpoint.method == "GET" and want == 200 and "/assessment" not in endpoint.path:
            assert "ETag" in response or "items" in response.json() or "/document" in endpoint.path
    assert not wrong, "\n".join(wrong)


def test_a_refused_write_changes_nothing(world):
    before = {m.__name__: m.objects.count() for m in EVIDENCE_MODELS.values()}
    for person in ("vic", "pat", "anonymous", "mia"):
        token_client(world, person).post(
            f"/api/v1/partnerships/{world['Cobalt']}/engagements",
            ITEMS["engagements"],
            content_type="application/json",
        )
    assert before == {m.__name__: m.objects.count() for m in EVIDENCE_MODELS.values()}
    assert Observation.objects.count() == 3


# --- what is hidden never shows ------------------------------------------------------------

TOP_LEVEL = [
    "/api/v1/partnerships",
    "/api/v1/partnerships?q=Cobalt",
    "/api/v1/partnerships?q=Secret",
    "/api/v1/partnerships?type=tactical&stage=active&ordering=-name&limit=200",
    "/api/v1/organizations",
    "/api/v1/organizations?q=Cobalt",
    "/api/v1/scan?as_of=2026-11-30",
    "/api/v1/tokens",
]


@pytest.mark.parametrize("url", TOP_LEVEL)
@pytest.mark.parametrize("person", PEOPLE)
def test_lists_search_and_scan_hold_only_what_one_may_see(world, person, url):
    response = token_client(world, person).get(url)
    assert response.status_code == {"anonymous": 401, "pat": 403}.get(person, 200)
    if response.status_code != 200:
        return
    text = response.content.decode()
    if person in SEE["Cobalt"]:
        if "tokens" not in url and "Birch" not in url:
            assert "Cobalt" in text
    else:
        assert "Cobalt" not in text


def test_the_scan_finds_pitfalls_of_the_visible_partnerships_only(world):
    names = {
        person: {
            f["partnership"]
            for f in token_client(world, person)
            .get("/api/v1/scan?as_of=2026-11-30")
            .json()["findings"]
        }
        for person in ("ada", "mia", "cole", "vic")
    }
    assert "Cobalt" in names["ada"]
    assert "Cobalt" in names["cole"]
    assert names["mia"] == names["vic"] == names["ada"] - {"Cobalt"}


@pytest.mark.parametrize("person", PEOPLE)
def test_organizations_follow_their_partnerships(world, person):
    from partnerfolio.partners.models import PartnerOrganization

    client = token_client(world, person)
    for name, record in (("Atlas Partner Co", "Atlas"), ("Cobalt Secret Co", "Cobalt")):
        org = PartnerOrganization.objects.get(name=name)
        read = client.get(f"/api/v1/organizations/{org.pk}")
        change = client.patch(
            f"/api/v1/organizations/{org.pk}",
            {"sector": "private"},
            content_type="application/json",
            HTTP_IF_MATCH=f'W/"{PartnerOrganization.objects.get(pk=org.pk).version}"',
        )
        if person == "anonymous":
            assert (read.status_code, change.status_code) == (401, 401)
        elif person == "pat":
            assert (read.status_code, change.status_code) == (403, 403)
        elif person not in SEE[record]:
            assert (read.status_code, change.status_code) == (404, 404)
        else:
            assert read.status_code == 200
            assert read["ETag"] == f'W/"{org.version}"'
            assert change.status_code == (200 if person in ("ada", "mia") else 403)


@pytest.mark.parametrize(
    ("person", "status"),
    [("ada", 201), ("mia", 201), ("cole", 403), ("vic", 403), ("pat", 403), ("anonymous", 401)],
)
def test_only_managers_and_administrators_create_partnerships(world, person, status):
    response = token_client(world, person).post(
        "/api/v1/partnerships",
        {"name": f"Created by {person}", "type": "tactical", "partners": [{"name": "Newco"}]},
        content_type="application/json",
    )
    assert response.status_code == status
    assert Partnership.objects.filter(name=f"Created by {person}").exists() == (status == 201)
    if status == 201:
        assert response["Location"] == f"/api/v1/partnerships/{response.json()['id']}"
        assert response["ETag"] == 'W/"1"'


@pytest.mark.parametrize(("person", "status"), [("mia", 200), ("cole", 403)])
def test_only_managers_override_a_guard(world, person, status):
    pk = world["Atlas"]
    Partnership.objects.filter(pk=pk).update(type="strategic", stage="negotiation")
    response = token_client(world, person).post(
        f"/api/v1/partnerships/{pk}/stage",
        {
            "to": "active",
            "on": "2026-11-20",
            "reason": "signed",
            "override_reason": "board decision",
        },
        content_type="application/json",
        HTTP_IF_MATCH='W/"1"',
    )
    assert response.status_code == status
    assert (Partnership.objects.get(pk=pk).stage == "active") == (status == 200)
    if person == "cole":  # without the override the guard speaks: 409, naming what is missing
        refused = token_client(world, person).post(
            f"/api/v1/partnerships/{pk}/stage",
            {"to": "active", "on": "2026-11-20", "reason": "signed"},
            content_type="application/json",
            HTTP_IF_MATCH='W/"1"',
        )
        assert refused.status_code == 409
        assert refused.json()["errors"][0]["field"] == "strategic_formalization"
