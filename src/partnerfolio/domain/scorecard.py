"""Metrics against targets, their trends, the category roll-up and health (§6)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from partnerfolio.domain.enums import (
    METRIC_CATEGORIES,
    METRIC_CATEGORY_RANK,
    Direction,
    MetricCategory,
    Trend,
)
from partnerfolio.domain.playbook import Playbook
from partnerfolio.domain.snapshot import Metric, Observation, PartnershipSnapshot
from partnerfolio.domain.timeline import SurveyRound, exact_sum

# Metrics that completed survey rounds feed, with the question whose round score they take.
SURVEY_FED_METRICS = {"trust_score": "trust", "satisfaction_score": "satisfaction"}


@dataclass(frozen=True, slots=True)
class MetricLine:
    key: str
    name: str | None
    category: MetricCategory | None
    direction: Direction
    leading: bool
    unit: str | None
    target: float | None
    catalog: bool
    observations: tuple[Observation, ...]  # in date order, survey rounds included
    attainment: float | None  # 0–1, of the latest observation against the target
    trend: Trend | None

    @property
    def latest(self) -> Observation | None:
        return self.observations[-1] if self.observations else None


@dataclass(frozen=True, slots=True)
class CategoryLine:
    category: MetricCategory
    weight: float
    attainment: float | None  # mean attainment of the metrics with a target and an observation
    metrics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Scorecard:
    health: float | None  # 0–100
    categories: tuple[CategoryLine, ...]
    metrics: tuple[MetricLine, ...]


def attainment(value: float, target: float, direction: Direction) -> float:
    """min(value/target, 1) for higher-is-better, min(target/value, 1) for lower; within 0–1."""
    if direction is Direction.HIGHER:
        if target == 0:
            return 1.0 if value >= 0 else 0.0
        ratio = value / target
    else:
        if value == 0:
            return 1.0
        ratio = target / value
    return min(max(ratio, 0.0), 1.0)


def trend(values: list[float], direction: Direction, tolerance: float) -> Trend | None:
    """Least-squares direction of the last observations; steady when the change is small."""
    n = len(values)
    if n < 2:
        return None
    mean_x = (n - 1) / 2
    mean_y = exact_sum(values) / n
    slope = exact_sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values)) / exact_sum(
        (i - mean_x) ** 2 for i in range(n)
    )
    change = slope * (n - 1)
    level = exact_sum(abs(v) for v in values) / n
    if not (math.isfinite(change) and math.isfinite(level)):
        return None  # values too large to tell a direction
    if abs(change) <= tolerance * level + 1e-12:
        return Trend.STEADY
    rising = change > 0
    return Trend.IMPROVING if rising == (direction is Direction.HIGHER) else Trend.WORSENING


def _observations(metric: Metric, rounds: tuple[SurveyRound, ...]) -> tuple[Observation, ...]:
    by_date = {o.on: o for o in metric.observations}
    question = SURVEY_FED_METRICS.get(metric.key)
    if question is not None:
        for survey_round in rounds:
            if not survey_round.both_sides(question):
                continue  # a round is complete when both sides have answered
            score = survey_round.score(question)
            if score is not None and survey_round.on not in by_date:
                by_date[survey_round.on] = Observation(survey_round.on, score)
    return tuple(by_date[on] for on in sorted(by_date))


def _line(metric: Metric, playbook: Playbook, rounds: tuple[SurveyRound, ...]) -> MetricLine:
    spec = playbook.metrics.get(metric.key)
    unit: str | None
    if spec is not None:
        category: MetricCategory | None = spec.category
        direction, leading, unit = Direction.HIGHER, spec.leading, metric.unit or spec.unit
    else:
        category = metric.category
        direction = metric.direction or Direction.HIGHER
        leading, unit = bool(metric.leading), metric.unit
    observations = _observations(metric, rounds)
    latest = observations[-1] if observations else None
    reached = None
    if latest is not None and metric.target is not None:
        reached = attainment(latest.value, metric.target, direction)
    recent = [o.value for o in observations[-playbook.scorecard.trend_points :]]
    return MetricLine(
        key=metric.key,
        name=metric.name,
        category=category,
        direction=direction,
        leading=leading,
        unit=unit,
        target=metric.target,
        catalog=spec is not None,
        observations=observations,
        attainment=reached,
        trend=trend(recent, direction, playbook.scorecard.steady_tolerance),
    )


def scorecard(
    snapshot: PartnershipSnapshot, playbook: Playbook, rounds: tuple[SurveyRound, ...]
) -> Scorecard:
    """Every tracked metric, rolled up by category into health."""

    def position(line: MetricLine) -> tuple[int, str]:
        rank = METRIC_CATEGORY_RANK[line.category] if line.category else len(METRIC_CATEGORIES)
        return (rank, line.key)

    lines = tuple(sorted((_line(m, playbook, rounds) for m in snapshot.metrics), key=position))
    categories = []
    for category in METRIC_CATEGORIES:
        members = [line for line in lines if line.category is category]
        reached = [line.attainment for line in members if line.attainment is not None]
        categories.append(
            CategoryLine(
                category=category,
                weight=playbook.scorecard.weights[category],
                attainment=exact_sum(reached) / len(reached) if reached else None,
                metrics=tuple(line.key for line in members),
            )
        )
    rated = [(c.weight, c.attainment) for c in categories if c.attainment is not None]
    total_weight = exact_sum(w for w, _ in rated)
    health = None
    if rated and total_weight > 0:
        health = 100 * exact_sum(w * a for w, a in rated) / total_weight
    return Scorecard(health, tuple(categories), lines)
