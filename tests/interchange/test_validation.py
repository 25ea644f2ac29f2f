"""§8 documents: every kind of bad input gets a message naming the path and what was expected."""

from __future__ import annotations

import json
from datetime import date

import pytest

from partnerfolio.domain.enums import Dimension, Factor, PartnershipType, Stage, SurveySide
from partnerfolio.interchange import InvalidDocument, parse_document, read_document

MINIMAL = {"name": "Northwind × Globex"}


def problems(document) -> list[str]:
    text = document if isinstance(document, str | bytes) else json.dumps(document)
    with pytest.raises(InvalidDocument) as caught:
        parse_document(text)
    return [str(p) for p in caught.value.problems]


def test_a_name_alone_is_a_valid_document():
    snapshot = parse_document(json.dumps(MINIMAL))
    assert snapshot.name == "Northwind × Globex"
    assert snapshot.type is None
    assert snapshot.opportunity is None


def test_the_spec_example_converts_to_a_snapshot(spec_example):
    snapshot = parse_document(json.dumps(spec_example))
    assert snapshot.type is PartnershipType.TACTICAL
    assert snapshot.stage is Stage.ACTIVE
    assert snapshot.started_on == date(2025, 1, 15)
    assert dict(snapshot.profile)[Dimension.RISK_REWARD] == 1
    assert dict(snapshot.opportunity) == {
        Factor.SUSTAINED_COLLABORATION: True,
        Factor.NEW_MARKET_ENTRY: True,
        Factor.PROVEN_TRACK_RECORD: False,
        Factor.DUE_DILIGENCE_COMPLETE: False,
    }
    assert snapshot.governance.executive_sponsor is None
    assert snapshot.surveys[1].side is SurveySide.PARTNER
    assert snapshot.surveys[1].scores == (
        ("trust", 5.0),
        ("satisfaction", 4.0),
        ("communication", 4.0),
    )
    assert snapshot.events[0].from_ == "negotiation"
    assert snapshot.metrics[0].observations[0].value == 0.97


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ('{"name": "x",', "not valid JSON: EOF while parsing a value at line 1 column 13"),
        ("[1, 2]", "must be an object, got [1, 2]"),
        ({}, "name: required"),
        ({"name": "   "}, "name: must not be blank"),
        ({"name": 42}, "name: must be text, got 42"),
        ({**MINIMAL, "colour": "red"}, "colour: unknown key"),
        (
            {**MINIMAL, "governance": {"steering_comittee": True}},
            "governance.steering_comittee: unknown key (did you mean 'steering_committee'?)",
        ),
        (
            {
                **MINIMAL,
                "surveys": [
                    {"on": "2025-01-01", "side": "ours", "scores": {"trust": 4}, "mood": 1}
                ],
            },
            "surveys[0].mood: unknown key",
        ),
        (
            {
                **MINIMAL,
                "surveys": [{"on": "2025-01-01", "side": "ours", "scores": {}}] * 2
                + [{"on": "2025-01-01", "side": "ours", "scores": {"trust": 7}}],
            },
            "surveys[2].scores.trust: must be between 1 and 5, got 7",
        ),
        (
            {
                **MINIMAL,
                "surveys": [{"on": "2025-01-01", "side": "ours", "scores": {"Trust Level": 4}}],
            },
            'surveys[0].scores["Trust Level"]: key "Trust Level" is not allowed: it must be a lower_snake_case code',
        ),
        (
            {**MINIMAL, "surveys": [{"on": "2025-01-01", "side": "them", "scores": {"trust": 4}}]},
            "surveys[0].side: must be one of 'ours' or 'partner', got \"them\"",
        ),
        (
            {**MINIMAL, "stage": "actve"},
            "stage: must be one of 'proposed', 'due_diligence', 'negotiation', 'active', 'under_review', 'winding_down' or 'ended', got \"actve\"",
        ),
        (
            {**MINIMAL, "started_on": "2025-02-30"},
            'started_on: must be a date as YYYY-MM-DD (day value is outside expected range), got "2025-02-30"',
        ),
        ({**MINIMAL, "started_on": "15/01/2025"}, "started_on: must be a date as YYYY-MM-DD"),
        (
            {**MINIMAL, "started_on": 20250115},
            "started_on: must be a date as YYYY-MM-DD, got 20250115",
        ),
        (
            {**MINIMAL, "profile": {"governance": 3.5}},
            "profile.governance: must be a whole number, got 3.5",
        ),
        (
            {**MINIMAL, "profile": {"governance": "3"}},
            'profile.governance: must be a whole number, got "3"',
        ),
        (
            {**MINIMAL, "profile": {"governance": 0}},
            "profile.governance: must be between 1 and 5, got 0",
        ),
        ({**MINIMAL, "profile": {"trust": 3}}, "profile.trust: unknown key"),
        (
            {**MINIMAL, "opportunity": {"ip_sharing": "yes"}},
            'opportunity.ip_sharing: must be true or false, got "yes"',
        ),
        (
            {**MINIMAL, "opportunity": {"ip_sharing": 1}},
            "opportunity.ip_sharing: must be true or false, got 1",
        ),
        ({**MINIMAL, "partners": {"name": "Globex"}}, "partners: must be a list"),
        ({**MINIMAL, "partners": [{"sector": "private"}]}, "partners[0].name: required"),
        (
            {**MINIMAL, "governance": {"review_cadence_days": 0}},
            "governance.review_cadence_days: must be between 1 and 3650, got 0",
        ),
        (
            {**MINIMAL, "opportunities": [{"value": -5}]},
            "opportunities[0].value: must be at least 0, got -5",
        ),
        (
            {
                **MINIMAL,
                "metrics": [
                    {
                        "key": "x",
                        "category": "innovation",
                        "direction": "higher",
                        "leading": False,
                        "target": "high",
                    }
                ],
            },
            'metrics[0].target: must be a number, got "high"',
        ),
        (
            '{"name": "x", "metrics": [{"key": "sla_compliance", "target": NaN}]}',
            "metrics[0].target: must be a finite number",
        ),
        (
            {**MINIMAL, "events": [{"on": "2025-01-01", "kind": "stage_changed"}]},
            "events[0].to: required",
        ),
    ],
)
def test_each_kind_of_bad_value_is_named_with_its_path(document, expected):
    found = problems(document)
    assert any(p.startswith(expected) for p in found), found


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            {**MINIMAL, "started_on": "2025-06-01", "planned_end_on": "2025-01-01"},
            'planned_end_on: must be on or after started_on (2025-06-01), got "2025-01-01"',
        ),
        (
            {**MINIMAL, "agreements": [{"signed_on": "2025-06-01", "ends_on": "2024-01-01"}]},
            'agreements[0].ends_on: must be on or after signed_on (2025-06-01), got "2024-01-01"',
        ),
        (
            {
                **MINIMAL,
                "events": [{"on": "2025-01-01", "kind": "stage_changed", "to": "strategic"}],
            },
            "events[0].to: must be a stage for a stage_changed event",
        ),
        (
            {
                **MINIMAL,
                "events": [
                    {
                        "on": "2025-01-01",
                        "kind": "type_changed",
                        "from": "active",
                        "to": "strategic",
                    }
                ],
            },
            'events[0].from: must be a type for a type_changed event, one of strategic, tactical, hybrid, got "active"',
        ),
        (
            {**MINIMAL, "metrics": [{"key": "partner_nps"}]},
            "metrics[0].category: required for 'partner_nps', which is not in the metric catalog",
        ),
        (
            {**MINIMAL, "metrics": [{"key": "trust_score", "leading": False}]},
            "metrics[0].leading: 'trust_score' is a catalog metric with leading true, got false",
        ),
        (
            {**MINIMAL, "metrics": [{"key": "trust_score"}, {"key": "trust_score"}]},
            'metrics[1].key: duplicates metrics[0], got "trust_score"',
        ),
        (
            {
                **MINIMAL,
                "metrics": [
                    {
                        "key": "trust_score",
                        "observations": [
                            {"on": "2025-01-01", "value": 1},
                            {"on": "2025-01-01", "value": 2},
                        ],
                    }
                ],
            },
            "metrics[0].observations[1].on: a second observation on 2025-01-01 (see observations[0])",
        ),
    ],
)
def test_values_that_contradict_each_other_are_named(document, expected):
    found = problems(document)
    assert any(p.startswith(expected) for p in found), found


def test_every_bad_value_is_reported_at_once():
    found = problems({"stage": "actve", "profile": {"governance": 9}, "extra": 1})
    assert found == [
        "name: required",
        "stage: must be one of 'proposed', 'due_diligence', 'negotiation', 'active', 'under_review', 'winding_down' or 'ended', got \"actve\"",
        "profile.governance: must be between 1 and 5, got 9",
        "extra: unknown key",
    ]


def test_null_means_not_given():
    snapshot = parse_document(
        json.dumps({**MINIMAL, "type": None, "governance": {"owner": None}, "partners": None})
    )
    assert snapshot.type is None
    assert snapshot.governance.owner is None
    assert snapshot.partners == ()


def test_files_that_cannot_be_read_are_reported(tmp_path):
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"name": "Café"}'.encode("cp1252"))
    with pytest.raises(InvalidDocument, match="not UTF-8 text"):
        read_document(str(latin))
    with pytest.raises(InvalidDocument, match="cannot read the file"):
        read_document(str(tmp_path / "missing.json"))


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(MINIMAL).encode())
    assert read_document(str(path)).name == MINIMAL["name"]


def test_oversized_documents_are_refused_before_parsing():
    huge = json.dumps({**MINIMAL, "reviews": [{"on": "2025-01-01", "notes": "x" * 4000}] * 1400})
    assert problems(huge)[0].startswith("document too large")


def test_a_partner_appears_once_per_partnership():
    found = problems({**MINIMAL, "partners": [{"name": "Globex"}, {"name": "Globex"}]})
    assert found == ['partners[1].name: duplicates partners[0], got "Globex"']
