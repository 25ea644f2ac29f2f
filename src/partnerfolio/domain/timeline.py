"""Reading evidence in time: the view as of a date, absences, and survey rounds (§5)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from partnerfolio.domain.enums import SurveySide
from partnerfolio.domain.snapshot import (
    Commitment,
    Engagement,
    Event,
    PartnershipSnapshot,
    Review,
    Survey,
)

# Comparisons of means and ratios against thresholds tolerate float rounding (4.1 - 3.1).
EPSILON = 1e-9


def exact_sum(values: Iterable[float]) -> float:
    """An order-independent sum (math.fsum); inf rather than an error when it overflows."""
    items = list(values)
    try:
        return math.fsum(items)
    except (OverflowError, ValueError):  # beyond float range, or inf - inf on the way
        return sum(items)


def at_least(value: float, threshold: float) -> bool:
    return value >= threshold - EPSILON


def at_most(value: float, threshold: float) -> bool:
    return value <= threshold + EPSILON


def as_of_view(snapshot: PartnershipSnapshot, as_of: date) -> PartnershipSnapshot:
    """The partnership as it was known on `as_of`: evidence dated later is dropped.

    A commitment delivered after `as_of` was not yet delivered then. Collections with
    nothing dated later are kept as they are, so the common case copies little.
    """

    def known(on: date | None) -> bool:
        return on is None or on <= as_of

    changes: dict[str, object] = {}
    if not all(known(a.signed_on) for a in snapshot.agreements):
        changes["agreements"] = tuple(a for a in snapshot.agreements if known(a.signed_on))
    if not all(known(c.due_on) and known(c.delivered_on) for c in snapshot.commitments):
        changes["commitments"] = tuple(
            _undelivered(c) if c.delivered_on and c.delivered_on > as_of else c
            for c in snapshot.commitments
            if known(c.due_on)
        )
    for name in ("surveys", "engagements", "reviews", "events"):
        items: tuple[Survey | Engagement | Review | Event, ...] = getattr(snapshot, name)
        if not all(item.on <= as_of for item in items):
            changes[name] = tuple(item for item in items if item.on <= as_of)
    if not all(known(o.on) for o in snapshot.joint_outcomes):
        changes["joint_outcomes"] = tuple(o for o in snapshot.joint_outcomes if known(o.on))
    if not all(o.on <= as_of for m in snapshot.metrics for o in m.observations):
        changes["metrics"] = tuple(
            dataclasses.replace(m, observations=tuple(o for o in m.observations if o.on <= as_of))
            for m in snapshot.metrics
        )
    return dataclasses.replace(snapshot, **changes) if changes else snapshot  # type: ignore[arg-type]


def _undelivered(commitment: Commitment) -> Commitment:
    return dataclasses.replace(commitment, delivered_on=None, met_quality=None)


@dataclass(frozen=True, slots=True)
class Quiet:
    """How long since something last happened, counted from `since` (the record or the start)."""

    days: int
    since: date
    from_start: bool


def quiet_since(latest: date | None, started_on: date | None, as_of: date) -> Quiet | None:
    """Days without a record, counted from the start when there is none since it began.

    A record from before `started_on` (talks during negotiation) does not make a young
    partnership look neglected. None when neither a record nor the start is known.
    """
    if latest is not None and (started_on is None or latest >= started_on):
        return Quiet((as_of - latest).days, latest, from_start=False)
    if started_on is not None:
        return Quiet((as_of - started_on).days, started_on, from_start=True)
    return None


def in_window(on: date, as_of: date, days: int) -> bool:
    """Whether `on` falls in the window (as_of - days, as_of]."""
    return 0 <= (as_of - on).days < days


@dataclass(frozen=True, slots=True)
class SurveyRound:
    """All surveys of one date: each side's mean score per question."""

    on: date
    sides: Mapping[SurveySide, Mapping[str, float]]

    def side_score(self, side: SurveySide, question: str) -> float | None:
        return self.sides.get(side, {}).get(question)

    def both_sides(self, question: str) -> bool:
        return all(question in self.sides.get(side, {}) for side in _SIDES)

    def score(self, question: str) -> float | None:
        """The round's score: the mean of the side scores present."""
        present = [s[question] for s in self.sides.values() if question in s]
        return exact_sum(present) / len(present) if present else None

    def questions(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for side in (SurveySide.OURS, SurveySide.PARTNER):
            for question in self.sides.get(side, {}):
                seen[question] = None
        return tuple(seen)


def survey_rounds(surveys: Iterable[Survey]) -> tuple[SurveyRound, ...]:
    """Survey rounds in date order."""
    grouped: dict[date, dict[SurveySide, dict[str, list[float]]]] = {}
    for survey in surveys:
        per_date = grouped.get(survey.on)
        if per_date is None:
            per_date = grouped[survey.on] = {}
        per_side = per_date.get(survey.side)
        if per_side is None:
            per_side = per_date[survey.side] = {}
        for question, score in survey.scores:
            scores = per_side.get(question)
            if scores is None:
                per_side[question] = [score]
            else:
                scores.append(score)
    return tuple(
        SurveyRound(
            on,
            {
                side: {q: _mean(v) for q, v in grouped[on][side].items()}
                for side in _SIDES
                if side in grouped[on]
            },
        )
        for on in sorted(grouped)
    )


_SIDES = (SurveySide.OURS, SurveySide.PARTNER)


def _mean(values: list[float]) -> float:
    # fsum is exact, so the mean does not depend on the order of the answers
    return values[0] if len(values) == 1 else exact_sum(values) / len(values)
