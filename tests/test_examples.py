"""The bundled examples keep telling the stories they were written for (as of 2026-11-30)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from partnerfolio.domain import assess, default_playbook
from partnerfolio.domain.enums import ClassifiedType, ReadinessVerdict
from partnerfolio.interchange import read_document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AS_OF = date(2026, 11, 30)
PLAYBOOK = default_playbook()


@pytest.mark.parametrize(
    ("file", "classified", "readiness", "pitfalls"),
    [
        ("cloud-cosell-alliance.json", "strategic", "not_applicable", ["coopetition_tension"]),
        ("system-integration-project.json", "tactical", "not_ready", []),
        (
            "public-private-renewal.json",
            "strategic",
            "not_applicable",
            ["agreement_expiring", "review_overdue"],
        ),
        ("hybrid-pilot-ready.json", "hybrid", "ready", []),
        (
            "sliding-into-inertia.json",
            "strategic",
            "not_applicable",
            ["collaborative_inertia", "perception_gap", "lagging_only_measurement"],
        ),
    ],
)
def test_each_example_tells_its_story(file, classified, readiness, pitfalls):
    result = assess(read_document(str(EXAMPLES / file)), AS_OF, PLAYBOOK)
    assert result.classification.type is ClassifiedType(classified)
    assert result.readiness.verdict is ReadinessVerdict(readiness)
    assert [p.code.value for p in result.pitfalls] == pitfalls
    assert result.scorecard.health is not None


def test_every_example_is_listed_above():
    assert len(list(EXAMPLES.glob("*.json"))) == 5
