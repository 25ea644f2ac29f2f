"""Reading evidence in time: the view as of a date, absences, and survey rounds (§5)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from partnerfolio.domain.enums import SurveySide
from partnerfolio.domain.snapshot import Commitment, PartnershipSnapshot, Survey

# Comparisons of means and ratios against thresholds tolerate float rounding (4.1 - 3.1).
EPSILON = 1e-9


def at_least(value: float, threshold: float) -> bool:
    return value >= threshold - EPSILON


def at_most(value: float, threshold: float) -> bool:
    return value <= threshold + EPSILON


def as_of_view(snapshot: PartnershipSnapshot, as_of: date) -> PartnershipSnapshot:
    """The partnership as it was known on `as_of`: evidence dated later is dropped."""

    def known(on: date | None) -> bool:
        return on is None or on <= as_of

    def commitment(item: Commitment) -> Commitment:
        if item.delivered_on is not None and item.delivered_on > as_of:
            return dataclasses.replace(item, delivered_on=None, met_quality=None)
        return item

    return dataclasses.replace(
        snapshot,
        agreements=tuple(a for a in snapshot.agreements if known(a.signed_on)),
        commitments=tuple(commitment(c) for c in snapshot.commitments if known(c.due_on)),
        surveys=tuple(s for s in snapshot.surveys if s.on <= as_of),
        engagements=tuple(e for e in snapshot.engagements if e.on <= as_of),
        reviews=tuple(r for r in snapshot.reviews if r.on <= as_of),
        joint_outcomes=tuple(o for o in snapshot.joint_outcomes if known(o.on)),
        metrics=tuple(
            dataclasses.replace(m, observations=tuple(o for o in m.observations if o.on <= as_of))
            for m in snapshot.metrics
        ),
        events=tuple(e for e in snapshot.events if e.on <= as_of),
    )


@dataclass(frozen=True, slots=True)
class Quiet:
    """How long since something last happened, counted from `since` (the record or the start)."""

    days: int
    since: date
    from_start: bool


def quiet_since(latest: date | None, started_on: date | None, as_of: date) -> Quiet | None:
    """Days without a record; from `started_on` when there is none; None when neither is known."""
    if latest is not None:
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

    def score(self, question: str) -> float | None:
        """The round's score: the mean of the side scores present."""
        present = [s[question] for s in self.sides.values() if question in s]
        return math.fsum(present) / len(present) if present else None

    def questions(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for side in (SurveySide.OURS, SurveySide.PARTNER):
            for question in self.sides.get(side, {}):
                seen[question] = None
        return tuple(seen)


def survey_rounds(surveys: Iterable[Survey]) -> tuple[SurveyRound, ...]:
    """Survey rounds in date order."""
    answers: dict[date, dict[SurveySide, dict[str, list[float]]]] = {}
    for survey in surveys:
        per_side = answers.setdefault(survey.on, {}).setdefault(survey.side, {})
        for question, score in survey.scores:
            per_side.setdefault(question, []).append(score)
    rounds = []
    for on in sorted(answers):
        sides = {
            side: {q: math.fsum(values) / len(values) for q, values in sorted(per_q.items())}
            for side, per_q in sorted(answers[on].items())
        }
        rounds.append(SurveyRound(on, sides))
    return tuple(rounds)
