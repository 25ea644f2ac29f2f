"""POST /partnerships/{id}/promote: one operation, the formalization asked for, the roles."""

from __future__ import annotations

import json

import pytest

from partnerfolio.partnerships.models import Event, Partnership
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db
FORMALIZATION = {
    "executive_sponsor": "Dana Chen",
    "partner_executive_sponsor": "Kim Varga",
    "steering_committee": True,
    "success_metrics_defined": True,
    "escalation_path": ["Alliance managers", "Sponsors"],
}


def promote(world, person: str, record: str, **body) -> object:
    version = Partnership.objects.get(pk=world[record]).version
    payload = {"on": "2026-11-20", "reason": "the pilot proved the fit", "version": version, **body}
    return token_client(world, person).post(
        f"/api/v1/partnerships/{world[record]}/promote",
        data=json.dumps(payload),
        content_type="application/json",
    )


def test_a_manager_promotes_with_the_formalization_and_the_event_is_recorded(world):
    response = promote(world, "mia", "Atlas", formalization=FORMALIZATION)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["type"] == "strategic"
    assert body["governance"]["steering_committee"] is True
    event = Event.objects.get(partnership_id=world["Atlas"], kind="type_changed")
    assert (event.from_value, event.to_value) == ("tactical", "strategic")
    again = promote(world, "mia", "Atlas", formalization=FORMALIZATION)
    assert again.status_code == 409
    assert "only a tactical or hybrid partnership can be promoted" in again.json()["detail"]


def test_without_the_formalization_the_guard_says_what_is_missing(world):
    response = promote(world, "mia", "Atlas")
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    assert "executive sponsor" in response.json()["detail"]
    assert Partnership.objects.get(pk=world["Atlas"]).type == "tactical"


@pytest.mark.parametrize(
    ("person", "record", "expected"),
    [
        ("cole", "Atlas", 403),  # a contributor on the team may not override a guard
        ("vic", "Atlas", 403),
        ("mia", "Cobalt", 404),  # confidential, not on its team
        ("pat", "Atlas", 403),
        ("anonymous", "Atlas", 401),
    ],
)
def test_who_may_promote_or_override(world, person, record, expected):
    response = promote(world, person, record, override_reason="the board decided")
    assert response.status_code == expected
    assert Partnership.objects.get(pk=world[record]).type == "tactical"


def test_a_manager_may_override_the_guard_with_a_reason(world):
    response = promote(world, "mia", "Birch", override_reason="signed at board level")
    assert response.status_code == 200
    event = Event.objects.get(partnership_id=world["Birch"], kind="type_changed")
    assert "signed at board level" in event.reason


def test_a_stale_if_match_is_refused_with_412(world):
    client = token_client(world, "mia")
    url = f"/api/v1/partnerships/{world['Atlas']}/promote"
    payload = {"on": "2026-11-20", "reason": "ready", "formalization": FORMALIZATION}
    response = client.post(
        url, data=json.dumps(payload), content_type="application/json", HTTP_IF_MATCH='W/"0"'
    )
    assert response.status_code == 412
    assert Partnership.objects.get(pk=world["Atlas"]).type == "tactical"
