"""The API's assessments are the command line's, object for object."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from partnerfolio.partnerships import services
from tests.api.conftest import EXAMPLES, example, token_client

pytestmark = pytest.mark.django_db
AS_OF = "2026-11-30"


def _cli(*args: str) -> list[dict]:
    out = StringIO()
    call_command(*args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_stateless_assessment_is_the_commands(world, path):
    response = token_client(world, "vic").post(
        f"/api/v1/assess?as_of={AS_OF}", path.read_bytes(), content_type="application/json"
    )
    assert response.status_code == 200
    (expected,) = _cli("assess", str(path), "--as-of", AS_OF, "--json")
    assert response.json() == expected
    assert json.loads(response.content) == expected


def test_stored_assessments_and_the_scan_are_the_commands(world):
    for path in EXAMPLES[:2]:
        stored = services.partnership_import(actor="test", document=example(path))
        response = token_client(world, "ada").get(
            f"/api/v1/partnerships/{stored.pk}/assessment?as_of={AS_OF}"
        )
        (expected,) = _cli("assess", "--stored", stored.name, "--as-of", AS_OF, "--json")
        assert response.json() == expected
    scan = token_client(world, "ada").get(f"/api/v1/scan?as_of={AS_OF}").json()
    assert scan["findings"] == _cli("scan", "--as-of", AS_OF, "--json")
    assert scan["count"] == len(scan["findings"]) > 0
    ranks = {"high": 0, "medium": 1, "low": 2}
    severities = [ranks[f["severity"]] for f in scan["findings"]]
    assert severities == sorted(severities)


def test_an_invalid_document_is_refused_with_the_commands_paths(world):
    document = example(EXAMPLES[0])
    document["surveys"] = [{"on": "2026-01-01", "side": "ours", "scores": {"trust": 7}}]
    response = token_client(world, "vic").post(
        "/api/v1/assess", json.dumps(document), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "surveys[0].scores.trust", "message": "must be between 1 and 5, got 7"}
    ]
