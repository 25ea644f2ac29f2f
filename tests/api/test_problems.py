"""Problem details (RFC 9457) naming each field at fault; ETags and If-Match."""

from __future__ import annotations

import pytest

from partnerfolio.partnerships.models import Partnership
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


def _fields(response):
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail", "errors"} <= set(body)
    assert body["status"] == response.status_code
    return {e["field"]: e["message"] for e in body["errors"]}


def test_a_refused_document_names_every_field_with_its_path(world):
    response = token_client(world, "ada").post(
        "/api/v1/partnerships",
        {
            "name": "Bad",
            "started_on": "2026-02-30",
            "surveys": [
                {"on": "2026-01-01", "side": "ours", "scores": {"trust": 4}},
                {"on": "2026-01-01", "side": "ours", "scores": {"trust": "4"}},
            ],
            "governance": {"steering_comittee": True},
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = _fields(response)
    assert "started_on" in fields
    assert "surveys[1].scores.trust" in fields
    assert fields["governance.steering_comittee"].startswith("unknown key")


def test_the_services_rules_name_the_field_too(world):
    client = token_client(world, "ada")
    pk = world["Atlas"]
    response = client.post(
        f"/api/v1/partnerships/{pk}/agreements",
        {"signed_on": "2026-05-01", "ends_on": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "ends_on" in _fields(response)
    response = client.patch(
        f"/api/v1/partnerships/{pk}",
        {"profile": {"governance": 9}},
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert _fields(response) == {"profile.governance": "must be at most 5"}
    response = client.post(
        f"/api/v1/partnerships/{pk}/metrics",
        {"key": "sla_compliance"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "key" in _fields(response)


def test_a_stale_if_match_answers_412_and_changes_nothing(world):
    client = token_client(world, "mia")
    url = f"/api/v1/partnerships/{world['Atlas']}"
    read = client.get(url)
    assert read["ETag"] == 'W/"1"'
    first = client.patch(
        url,
        {"governance": {"owner": "A"}},
        content_type="application/json",
        HTTP_IF_MATCH=read["ETag"],
    )
    assert first.status_code == 200
    assert first["ETag"] == 'W/"2"'
    second = client.patch(
        url,
        {"governance": {"owner": "B"}},
        content_type="application/json",
        HTTP_IF_MATCH=read["ETag"],
    )
    assert second.status_code == 412
    assert _fields(second) == {}
    assert Partnership.objects.get(pk=world["Atlas"]).owner == "A"


def test_a_stale_version_in_the_body_answers_409_and_none_at_all_428(world):
    client = token_client(world, "mia")
    url = f"/api/v1/partnerships/{world['Atlas']}"
    assert (
        client.patch(
            url, {"governance": {"owner": "A"}, "version": 1}, content_type="application/json"
        ).status_code
        == 200
    )
    stale = client.patch(
        url, {"governance": {"owner": "B"}, "version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert "changed by someone else" in stale.json()["detail"]
    assert (
        client.patch(
            url, {"governance": {"owner": "C"}}, content_type="application/json"
        ).status_code
        == 428
    )


def test_evidence_has_its_own_etag(world):
    client = token_client(world, "ada")
    url = f"/api/v1/partnerships/{world['Atlas']}/commitments/{world['items']['Atlas']['commitments']}"
    assert client.get(url)["ETag"] == 'W/"1"'
    done = client.patch(
        url, {"delivered_on": "2026-03-02"}, content_type="application/json", HTTP_IF_MATCH='W/"1"'
    )
    assert done.status_code == 200
    assert done["ETag"] == 'W/"2"'
    assert client.delete(url + "?reason=twice", HTTP_IF_MATCH='W/"1"').status_code == 412
    assert client.delete(url + "?reason=twice", HTTP_IF_MATCH='W/"2"').status_code == 204
    assert client.get(url).status_code == 404


def test_an_observation_is_corrected_against_the_value_seen(world):
    client = token_client(world, "ada")
    items = world["items"]["Atlas"]
    url = f"/api/v1/partnerships/{world['Atlas']}/metrics/{items['metrics']}/observations/{items['observations']}"
    assert client.get(url)["ETag"] == 'W/"0.97"'
    assert (
        client.patch(
            url,
            {"value": 0.5, "reason": "typo"},
            content_type="application/json",
            HTTP_IF_MATCH='W/"0.9"',
        ).status_code
        == 412
    )
    assert (
        client.patch(
            url,
            {"value": 0.5, "reason": "typo"},
            content_type="application/json",
            HTTP_IF_MATCH='W/"0.97"',
        ).json()["value"]
        == 0.5
    )


@pytest.mark.parametrize(
    ("body", "status"),
    [(b"{not json", 400), (b"[1, 2]", 422), (b'{"on": "2026-01-01", "kind": "chat"}', 422)],
)
def test_bodies_that_are_not_objects_of_the_schema(world, body, status):
    response = token_client(world, "ada").post(
        f"/api/v1/partnerships/{world['Atlas']}/engagements", body, content_type="application/json"
    )
    assert response.status_code == status
    _fields(response)


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"name": "x", "type": "grand"}'])
def test_the_stateless_assessment_refuses_what_the_command_refuses(world, body):
    response = token_client(world, "ada").post(
        "/api/v1/assess", body, content_type="application/json"
    )
    assert response.status_code == 422  # as `partnerfolio assess` calls it an invalid document
    assert _fields(response)


def test_pages_and_limits(world):
    client = token_client(world, "ada")
    first = client.get("/api/v1/partnerships?limit=2&ordering=-name").json()
    assert (first["count"], [p["name"] for p in first["items"]]) == (3, ["Cobalt", "Birch"])
    rest = client.get("/api/v1/partnerships?limit=2&offset=2&ordering=-name").json()
    assert [p["name"] for p in rest["items"]] == ["Atlas"]
    too_many = client.get("/api/v1/partnerships?limit=201")
    assert too_many.status_code == 422
    assert "limit" in _fields(too_many)
    assert client.get("/api/v1/partnerships?type=strategic").json()["count"] == 0
    assert client.get("/api/v1/partnerships?q=birch+partner").json()["items"][0]["name"] == "Birch"
