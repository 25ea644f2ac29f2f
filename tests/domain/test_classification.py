"""§2: the profile, the classification and its drivers."""

from __future__ import annotations

from datetime import date

import pytest

from partnerfolio.domain import default_playbook
from partnerfolio.domain.classification import (
    classify,
    planned_term_months,
    time_horizon_from_term,
)
from partnerfolio.domain.enums import ClassifiedType, Dimension, Pole
from tests.factories import partnership, profile

RULES = default_playbook().classification


def classified(*scores: int):
    return classify(partnership(profile=profile(*scores), started_on=None), RULES)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((4, 4, 4, 4, 3, 3, 3, 3), ClassifiedType.STRATEGIC),  # 3.5 exactly
        ((4, 4, 4, 3, 3, 3, 3, 3), ClassifiedType.HYBRID),  # 3.375
        ((3, 3, 3, 3, 2, 2, 2, 2), ClassifiedType.TACTICAL),  # 2.5 exactly
        ((3, 3, 3, 3, 3, 2, 2, 2), ClassifiedType.HYBRID),  # 2.625
        ((1, 1, 1, 1, 1, 1, 1, 1), ClassifiedType.TACTICAL),
        ((5, 5, 5, 5, 5, 5, 5, 5), ClassifiedType.STRATEGIC),
    ],
)
def test_it_classifies_by_the_weighted_mean_at_the_thresholds(scores, expected):
    result = classified(*scores)
    assert result.type is expected
    assert result.score == pytest.approx(sum(scores) / 8)


def test_it_needs_four_scored_dimensions():
    three = classified(5, 5, 5)
    assert three.type is ClassifiedType.UNKNOWN
    assert three.score is None
    assert three.missing == tuple(list(Dimension)[3:])
    four = classified(5, 5, 5, 5)
    assert four.type is ClassifiedType.STRATEGIC
    assert four.score == 5


def test_weights_come_from_the_playbook():
    import dataclasses

    heavy = dataclasses.replace(RULES, weights={**RULES.weights, Dimension.TIME_HORIZON: 5.0})
    result = classify(partnership(profile=profile(5, 1, 1, 1), started_on=None), heavy)
    assert result.score == pytest.approx((5 * 5 + 1 + 1 + 1) / 8)
    assert result.type is ClassifiedType.STRATEGIC


def test_drivers_name_the_dimensions_pulling_hardest_toward_each_pole():
    result = classified(5, 4, 3, 1, 2, 3, 3, 4)
    poles = [(d.dimension, d.pole) for d in result.drivers]
    assert poles[:2] == [
        (Dimension.TIME_HORIZON, Pole.STRATEGIC),
        (Dimension.RISK_REWARD, Pole.TACTICAL),
    ]
    assert (Dimension.RESOURCE_COMMITMENT, Pole.STRATEGIC) not in poles  # a 3 pulls nowhere
    strategic = [d.dimension for d in result.drivers if d.pole is Pole.STRATEGIC]
    assert strategic == [
        Dimension.TIME_HORIZON,
        Dimension.OBJECTIVE_ALIGNMENT,
        Dimension.INNOVATION_POTENTIAL,
    ]
    assert [d.dimension for d in result.drivers if d.pole is Pole.TACTICAL] == [
        Dimension.RISK_REWARD,
        Dimension.RELATIONSHIP_DEPTH,
    ]


def test_drivers_are_capped_per_pole():
    result = classified(5, 5, 5, 5, 5, 5, 5, 5)
    assert len(result.drivers) == RULES.drivers_per_pole


@pytest.mark.parametrize(
    ("months", "score"),
    [(0, 1), (6, 1), (7, 2), (12, 2), (13, 3), (24, 3), (25, 4), (36, 4), (37, 5), (120, 5)],
)
def test_time_horizon_bands(months, score):
    assert time_horizon_from_term(months, RULES.time_horizon_months) == score


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2025, 1, 15), date(2025, 7, 15), 6),
        (date(2025, 1, 15), date(2025, 7, 16), 7),
        (date(2025, 1, 15), date(2025, 12, 31), 12),
        (date(2025, 1, 31), date(2025, 2, 28), 1),
        (date(2025, 1, 1), date(2028, 1, 1), 36),
    ],
)
def test_planned_term_counts_a_started_month_as_whole(start, end, months):
    assert planned_term_months(start, end) == months


def test_time_horizon_is_derived_from_the_planned_term_when_not_scored():
    snapshot = partnership(
        profile=profile(0, 4, 4, 4)[1:],
        started_on=date(2025, 1, 1),
        planned_end_on=date(2028, 6, 30),
    )
    result = classify(snapshot, RULES)
    assert result.derived_time_horizon == 5
    assert result.term_months == 42
    assert result.scored == 4
    assert Dimension.TIME_HORIZON not in result.missing


def test_a_scored_time_horizon_wins_over_the_term():
    snapshot = partnership(
        profile=profile(1, 1, 1, 1), started_on=date(2025, 1, 1), planned_end_on=date(2030, 1, 1)
    )
    result = classify(snapshot, RULES)
    assert result.derived_time_horizon is None
    assert result.type is ClassifiedType.TACTICAL
