"""The assessment output follows §8 key for key."""

from __future__ import annotations

import json
from datetime import date

from partnerfolio.domain import assess, default_playbook
from partnerfolio.interchange import ASSESSMENT_KEYS, assessment_json, parse_document

PLAYBOOK = default_playbook()


def output(document: dict, as_of: date = date(2025, 7, 1)) -> dict:
    snapshot = parse_document(json.dumps(document))
    result = assessment_json(assess(snapshot, as_of, PLAYBOOK), PLAYBOOK)
    return json.loads(json.dumps(result))  # only JSON types survive


def test_the_top_level_keys_are_exactly_those_of_section_8(spec_example):
    result = output(spec_example)
    assert (
        tuple(result)
        == ASSESSMENT_KEYS
        == (
            "as_of",
            "classification",
            "recommendation",
            "governance_fit",
            "readiness",
            "pitfalls",
            "scorecard",
        )
    )


def test_the_nested_objects_carry_the_keys_section_8_shows(spec_example):
    result = output(spec_example)
    assert result["as_of"] == "2025-07-01"
    assert {"type", "score", "drivers", "missing"} == set(result["classification"])
    assert {"type", "reasons", "governance_model", "metric_set"} <= set(result["recommendation"])
    assert {"expected", "missing", "overhead"} == set(result["governance_fit"])
    assert {"verdict", "indicators"} == set(result["readiness"])
    assert set(result["readiness"]["indicators"]) == {
        "consistent_delivery",
        "growing_trust",
        "new_opportunities",
        "governance_willingness",
        "combined_value",
    }
    for indicator in result["readiness"]["indicators"].values():
        assert {"met", "evidence"} <= set(indicator)
        assert isinstance(indicator["evidence"], str)
    for pitfall in result["pitfalls"]:
        assert set(pitfall) == {"code", "severity", "message", "evidence", "recommendation"}
    assert {"health", "categories", "metrics"} == set(result["scorecard"])


def test_the_spec_example_is_assessed_as_a_person_would_by_hand(spec_example):
    result = output(spec_example)
    assert result["classification"]["type"] == "tactical"
    assert result["classification"]["score"] == 1.625
    assert result["classification"]["missing"] == []
    assert result["recommendation"]["type"] == "hybrid"  # strategic intent, fit unproven
    assert result["governance_fit"] == {"expected": "tactical", "missing": [], "overhead": []}
    indicators = result["readiness"]["indicators"]
    assert result["readiness"]["verdict"] == "not_ready"
    assert [k for k, v in indicators.items() if v["met"]] == [
        "growing_trust",
        "new_opportunities",
        "combined_value",
    ]
    assert [p["code"] for p in result["pitfalls"]] == [
        "perception_gap"
    ]  # trust 4 vs 5, communication 3 vs 4
    assert result["scorecard"]["health"] == 100.0


def test_without_an_opportunity_the_recommendation_is_null(spec_example):
    del spec_example["opportunity"]
    assert output(spec_example)["recommendation"] is None


def test_an_unknown_classification_has_no_score():
    result = output({"name": "Early talks", "profile": {"governance": 2}})
    assert result["classification"]["type"] == "unknown"
    assert result["classification"]["score"] is None
    assert len(result["classification"]["missing"]) == 7
    assert result["scorecard"]["health"] is None
