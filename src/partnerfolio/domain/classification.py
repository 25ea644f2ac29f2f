"""The eight-dimension profile and what it says the partnership is (framework.md §2)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from partnerfolio.domain.enums import DIMENSION_RANK, DIMENSIONS, ClassifiedType, Dimension, Pole
from partnerfolio.domain.playbook import ClassificationRules
from partnerfolio.domain.snapshot import PartnershipSnapshot
from partnerfolio.domain.timeline import at_least, at_most

NEUTRAL_SCORE = 3  # the middle of the 1–5 scale pulls toward neither pole


@dataclass(frozen=True, slots=True)
class Driver:
    """A dimension pulling toward one pole; `pull` is weight × distance from the middle."""

    dimension: Dimension
    score: int
    weight: float
    pole: Pole
    pull: float


@dataclass(frozen=True, slots=True)
class Classification:
    type: ClassifiedType
    score: float | None
    drivers: tuple[Driver, ...]
    missing: tuple[Dimension, ...]
    scored: int
    min_scored: int
    strategic_min: float
    tactical_max: float
    # time_horizon derived from the planned term, when the profile did not score it
    term_months: int | None = None
    derived_time_horizon: int | None = None


def planned_term_months(started_on: date, planned_end_on: date) -> int:
    """Calendar months from start to planned end, a started month counting as a whole one."""
    months = (planned_end_on.year - started_on.year) * 12 + planned_end_on.month - started_on.month
    if planned_end_on.day > started_on.day:
        months += 1
    return max(months, 0)


def time_horizon_from_term(months: int, bands: tuple[int, ...]) -> int:
    """1 for the shortest band, one more for each band exceeded (5 past the last)."""
    for score, upper in enumerate(bands, start=1):
        if months <= upper:
            return score
    return len(bands) + 1


def classify(snapshot: PartnershipSnapshot, rules: ClassificationRules) -> Classification:
    """Weighted mean of the scored dimensions against the playbook's thresholds."""
    profile = dict(snapshot.profile)
    term_months = derived = None
    if (
        Dimension.TIME_HORIZON not in profile
        and snapshot.started_on is not None
        and snapshot.planned_end_on is not None
    ):
        term_months = planned_term_months(snapshot.started_on, snapshot.planned_end_on)
        derived = time_horizon_from_term(term_months, rules.time_horizon_months)
        profile[Dimension.TIME_HORIZON] = derived

    scored = [(d, profile[d], rules.weights[d]) for d in DIMENSIONS if d in profile]
    missing = tuple(d for d in DIMENSIONS if d not in profile)
    total_weight = math.fsum(w for _, _, w in scored)
    score: float | None = None
    if len(scored) < rules.min_scored_dimensions or total_weight <= 0:
        kind = ClassifiedType.UNKNOWN
    else:
        score = math.fsum(w * s for _, s, w in scored) / total_weight
        if at_least(score, rules.strategic_min):
            kind = ClassifiedType.STRATEGIC
        elif at_most(score, rules.tactical_max):
            kind = ClassifiedType.TACTICAL
        else:
            kind = ClassifiedType.HYBRID
    return Classification(
        type=kind,
        score=score,
        drivers=_drivers(scored, rules.drivers_per_pole),
        missing=missing,
        scored=len(scored),
        min_scored=rules.min_scored_dimensions,
        strategic_min=rules.strategic_min,
        tactical_max=rules.tactical_max,
        term_months=term_months,
        derived_time_horizon=derived,
    )


def _drivers(scored: list[tuple[Dimension, int, float]], per_pole: int) -> tuple[Driver, ...]:
    pulls = [
        Driver(d, s, w, Pole.STRATEGIC if s > NEUTRAL_SCORE else Pole.TACTICAL, w * (s - 3))
        for d, s, w in scored
        if s != NEUTRAL_SCORE and w > 0
    ]
    chosen: list[Driver] = []
    for pole in (Pole.STRATEGIC, Pole.TACTICAL):
        of_pole = [p for p in pulls if p.pole is pole]
        of_pole.sort(key=lambda p: (-abs(p.pull), DIMENSION_RANK[p.dimension]))
        chosen.extend(of_pole[:per_pole])
    chosen.sort(key=lambda p: (-abs(p.pull), DIMENSION_RANK[p.dimension]))
    return tuple(chosen)
