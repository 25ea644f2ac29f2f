"""JSON bodies are strict: a number is not a yes/no, a yes/no is not a number, a number is
not a date (schemathesis sent `"on": 0`, `"version": true`, `"confidential": 0`, and they
were taken as 1970-01-01, version 1 and false). Each answers 422 naming the field."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


def _send(world: dict[str, Any], method: str, url: str, body: dict[str, Any]) -> Any:
    client = token_client(world, "ada")
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def _fields(response: Any) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]


def test_the_cases_schemathesis_found_are_refused(world):
    atlas = world["Atlas"]
    base = f"/api/v1/partnerships/{atlas}"
    cases = [
        ("post", f"{base}/stage", {"to": "under_review", "on": 0, "reason": "r"}, "on"),
        ("patch", base, {"name": "Atlas", "version": True}, "version"),
        ("put", f"{base}/team", {"confidential": 0, "members": []}, "confidential"),
        ("post", f"{base}/reviews", {"on": 0}, "on"),
        ("post", f"{base}/reviews", {"on": "1700000000"}, "on"),  # not a timestamp either
        ("post", f"{base}/commitments", {"title": "t", "met_quality": 1}, "met_quality"),
        ("post", f"{base}/opportunities", {"value": True}, "value"),
        ("post", f"{base}/opportunities", {"value": "12"}, "value"),
        ("patch", base, {"profile": {"governance": True}}, "profile.governance"),
        ("patch", base, {"opportunity": {"time_bound": 1}}, "opportunity.time_bound"),
        ("patch", base, {"governance": {"review_cadence_days": "30"}}, "governance.review_cadence_days"),
        ("post", "/api/v1/tokens", {"name": "t", "days": True}, "days"),
        ("post", "/api/v1/organizations", {"name": "New Co", "competes_with_us": 0}, "competes_with_us"),
    ]  # fmt: skip
    for method, url, body, field in cases:
        response = _send(world, method, url, body)
        assert response.status_code == 422, (url, body, response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert field in _fields(response), (url, body, response.json())


def test_well_typed_values_are_still_taken(world):
    atlas = world["Atlas"]
    response = _send(
        world,
        "post",
        f"/api/v1/partnerships/{atlas}/opportunities",
        {
            "title": "Banks",
            "stage": "qualified",
            "value": 1000,
            "requires_deeper_collaboration": False,
        },
    )
    assert response.status_code == 201, response.content
    response = _send(world, "post", f"/api/v1/partnerships/{atlas}/reviews", {"on": "2026-07-01"})
    assert response.status_code == 201, response.content


def _wrong(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A value of the wrong JSON type for a property, or None when it takes anything."""
    options = schema.get("anyOf", [schema])
    if any("$ref" in o for o in options):
        return None
    types = {o.get("type") for o in options} - {"null"}
    formats = {o.get("format") for o in options}
    if types == {"boolean"}:
        return 0
    if types == {"integer"} or types == {"number"}:
        return True
    if types == {"string"} and "date" in formats:
        return 0
    return None


def test_every_body_field_refuses_a_value_of_another_type(world):
    """Walks the OpenAPI schema: every yes/no, number and date of every request body."""
    schema = token_client(world, "ada").get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    items = world["items"]["Atlas"]
    ids = {
        "partnership_id": world["Atlas"],
        "metric_id": items["metrics"],
        "observation_id": items["observations"],
        "organization_id": 1,
        "token_id": 1,
    }
    tried = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = (operation.get("requestBody") or {}).get("content", {})
            ref = content.get("application/json", {}).get("schema", {}).get("$ref")
            if ref is None:
                continue
            section = path.split("/")[5] if path.count("{") > 1 else ""
            url = path.format(**ids, item_id=items.get(section, 1))
            body_schema = components[ref.rsplit("/", 1)[1]]
            for name, prop in body_schema.get("properties", {}).items():
                wrong = _wrong(prop, components)
                if wrong is None:
                    continue
                response = _send(world, method, url, {name: wrong})
                assert response.status_code == 422, (method, url, name, response.content)
                assert name in _fields(response), (method, url, name, response.json())
                tried += 1
    assert tried >= 40
