from __future__ import annotations

import pytest

from partnerfolio.domain.enums import PartnershipType, PitfallCode
from tests.domain.pitfalls.helpers import pitfalls, rules_fired
from tests.factories import partnership, uniform_profile

CODE = PitfallCode.MISCLASSIFIED
T = PartnershipType


@pytest.mark.parametrize(
    ("declared", "score", "fires"),
    [
        (T.STRATEGIC, 2, True),  # classified tactical
        (T.STRATEGIC, 3, False),  # classified hybrid: a neighbour
        (T.TACTICAL, 4, True),
        (T.TACTICAL, 3, False),
        (T.HYBRID, 1, False),
        (T.HYBRID, 5, False),
        (T.STRATEGIC, 5, False),
    ],
)
def test_it_flags_a_declared_type_the_profile_contradicts(declared, score, fires):
    snapshot = partnership(type=declared, profile=uniform_profile(score))
    assert (CODE in pitfalls(snapshot)) is fires


def test_an_unclassifiable_profile_contradicts_nothing():
    assert rules_fired(partnership(type=T.STRATEGIC, profile=uniform_profile(1)[:3]), CODE) == []


def test_the_evidence_names_the_score_and_thresholds():
    found = pitfalls(partnership(type=T.STRATEGIC, profile=uniform_profile(2)))[CODE]
    assert dict(found.triggers[0].facts) == {
        "declared": "strategic",
        "classified": "tactical",
        "score": 2.0,
        "strategic_min": 3.5,
        "tactical_max": 2.5,
    }
