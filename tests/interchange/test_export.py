"""Export is the inverse of parsing: documents survive the round trip in normal form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given

from partnerfolio.interchange import parse_document
from partnerfolio.interchange.export import normalize, to_document
from tests import strategies as gen

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_survives_the_round_trip(path):
    document = json.loads(path.read_text("utf-8"))
    assert to_document(parse_document(json.dumps(document))) == normalize(document)


def test_normal_form_drops_what_says_not_given_and_orders_keys():
    document = {
        "stage": "active",
        "name": "N",
        "governance": {"owner": None, "escalation_path": []},
        "partners": [],
        "opportunity": {},
        "profile": {"governance": 2},
        "reviews": [{"on": "2024-01-01", "notes": ""}],
    }
    assert list(normalize(document).items()) == [
        ("name", "N"),
        ("stage", "active"),
        ("profile", {"governance": 2}),
        ("opportunity", {}),
        ("reviews", [{"on": "2024-01-01"}]),
    ]


@given(gen.document_snapshots)
def test_generated_snapshots_survive_export_and_parse(snapshot):
    document = to_document(snapshot)
    again = parse_document(json.dumps(document))
    assert to_document(again) == document
