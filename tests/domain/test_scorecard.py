"""§6: attainment, trends, the category roll-up and health."""

from __future__ import annotations

import dataclasses

import pytest

from partnerfolio.domain import assess, default_playbook
from partnerfolio.domain.enums import Direction, MetricCategory, Trend
from partnerfolio.domain.scorecard import attainment, trend
from tests.factories import AS_OF, days_ago, metric, partnership, survey_round

PLAYBOOK = default_playbook()
H, L = Direction.HIGHER, Direction.LOWER


def card(*metrics, **overrides):
    return assess(partnership(metrics=metrics, **overrides), AS_OF, PLAYBOOK).scorecard


@pytest.mark.parametrize(
    ("value", "target", "direction", "expected"),
    [
        (0.97, 0.95, H, 1.0),
        (45, 50, H, 0.9),
        (-5, 10, H, 0.0),
        (0, 0, H, 1.0),
        (10, 8, L, 0.8),
        (6, 8, L, 1.0),
        (0, 8, L, 1.0),
    ],
)
def test_attainment_is_capped_and_follows_the_direction(value, target, direction, expected):
    assert attainment(value, target, direction) == pytest.approx(expected)


def test_the_latest_observation_is_scored_against_the_target():
    line = card(
        metric("sla_compliance", 0.95, (days_ago(60), 0.99), (days_ago(30), 0.855))
    ).metrics[0]
    assert line.latest.value == 0.855
    assert line.attainment == pytest.approx(0.9)


def test_trend_reads_the_last_observations_in_the_metric_direction():
    assert trend([1, 2, 3, 4], H, 0.02) is Trend.IMPROVING
    assert trend([1, 2, 3, 4], L, 0.02) is Trend.WORSENING
    assert trend([4, 3, 2, 1], L, 0.02) is Trend.IMPROVING
    assert trend([100, 101, 100, 100.5], H, 0.02) is Trend.STEADY
    assert trend([5], H, 0.02) is None


def test_trend_uses_only_the_last_points():
    values = [(days_ago(d), v) for d, v in [(200, 100), (150, 1), (100, 2), (60, 3), (30, 4)]]
    line = card(metric("revenue_growth", 5, *values)).metrics[0]
    assert line.trend is Trend.IMPROVING


def test_health_is_the_mean_of_the_rated_categories():
    result = card(
        metric("revenue_growth", 10, (days_ago(10), 5)),  # financial 50 %
        metric("joint_roi", 2, (days_ago(10), 2)),  # financial 100 % -> category 75 %
        metric("trust_score", 4, (days_ago(10), 4)),  # relationship 100 %
        metric("joint_patents", None, (days_ago(10), 3)),  # innovation: no target, unrated
        metric("joint_pipeline", 1000),  # strategic value: no observation, unrated
    )
    categories = {c.category: c.attainment for c in result.categories}
    assert categories[MetricCategory.FINANCIAL_IMPACT] == pytest.approx(0.75)
    assert categories[MetricCategory.RELATIONSHIP_HEALTH] == pytest.approx(1.0)
    assert categories[MetricCategory.INNOVATION] is None
    assert categories[MetricCategory.STRATEGIC_VALUE] is None
    assert result.health == pytest.approx(87.5)


def test_category_weights_come_from_the_playbook():
    weights = {**PLAYBOOK.scorecard.weights, MetricCategory.FINANCIAL_IMPACT: 3.0}
    playbook = dataclasses.replace(
        PLAYBOOK, scorecard=dataclasses.replace(PLAYBOOK.scorecard, weights=weights)
    )
    snapshot = partnership(
        metrics=(
            metric("revenue_growth", 10, (days_ago(1), 5)),
            metric("trust_score", 4, (days_ago(1), 4)),
        )
    )
    assert assess(snapshot, AS_OF, playbook).scorecard.health == pytest.approx((3 * 50 + 100) / 4)


def test_no_rated_metric_means_no_health():
    assert card().health is None
    assert card(metric("revenue_growth", None, (days_ago(1), 5))).health is None


def test_custom_metrics_bring_their_own_category_and_direction():
    churn = metric(
        "partner_churn",
        5,
        (days_ago(1), 10),
        category=MetricCategory.RELATIONSHIP_HEALTH,
        direction=L,
        leading=False,
    )
    line = card(churn).metrics[0]
    assert line.attainment == pytest.approx(0.5)
    assert line.category is MetricCategory.RELATIONSHIP_HEALTH
    assert not line.catalog


def test_survey_rounds_feed_the_trust_score_metric():
    surveys = survey_round(days_ago(90), {"trust": 3}, {"trust": 4}) + survey_round(
        days_ago(10), {"trust": 4}, {"trust": 5}
    )
    explicit = (days_ago(90), 2.0)  # recorded by hand for that round: it wins
    line = card(metric("trust_score", 4, explicit), surveys=surveys).metrics[0]
    assert [(o.on, o.value) for o in line.observations] == [
        (days_ago(90), 2.0),
        (days_ago(10), 4.5),
    ]
    assert line.attainment == 1.0


def test_metrics_are_listed_by_category_then_key():
    result = card(
        metric("trust_score", 1), metric("revenue_growth", 1), metric("cost_synergies", 1)
    )
    assert [m.key for m in result.metrics] == ["cost_synergies", "revenue_growth", "trust_score"]
