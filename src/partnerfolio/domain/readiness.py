"""Transition readiness: has a tactical partner earned a strategic commitment? (§7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partnerfolio.domain.enums import (
    Indicator,
    OpportunityStage,
    PartnershipType,
    ReadinessVerdict,
    SurveySide,
)
from partnerfolio.domain.findings import Fact, Trigger
from partnerfolio.domain.playbook import ReadinessRules
from partnerfolio.domain.snapshot import PartnershipSnapshot
from partnerfolio.domain.timeline import SurveyRound, at_least, exact_sum, in_window

TRUST = "trust"


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """One indicator; `evidence.rule` is `met` or names what is lacking."""

    code: Indicator
    met: bool
    evidence: Trigger


@dataclass(frozen=True, slots=True)
class Readiness:
    verdict: ReadinessVerdict
    indicators: tuple[IndicatorResult, ...]

    @property
    def unmet(self) -> tuple[IndicatorResult, ...]:
        return tuple(i for i in self.indicators if not i.met)


def readiness(
    snapshot: PartnershipSnapshot,
    as_of: date,
    rules: ReadinessRules,
    rounds: tuple[SurveyRound, ...],
) -> Readiness:
    """The five indicators for tactical, hybrid and untyped partnerships."""
    if snapshot.type is PartnershipType.STRATEGIC:
        return Readiness(ReadinessVerdict.NOT_APPLICABLE, ())
    results = (
        _consistent_delivery(snapshot, as_of, rules),
        _growing_trust(rounds, as_of, rules),
        _new_opportunities(snapshot, rules),
        _governance_willingness(snapshot),
        _combined_value(snapshot, rules),
    )
    ready = all(r.met for r in results)
    return Readiness(ReadinessVerdict.READY if ready else ReadinessVerdict.NOT_READY, results)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _consistent_delivery(
    snapshot: PartnershipSnapshot, as_of: date, rules: ReadinessRules
) -> IndicatorResult:
    r = rules.consistent_delivery
    due = [
        c
        for c in snapshot.commitments
        if c.due_on is not None and in_window(c.due_on, as_of, r.window_days)
    ]
    on_time = sum(
        1 for c in due if c.delivered_on is not None and c.due_on and c.delivered_on <= c.due_on
    )
    # Quality is judged on what was delivered (by as_of).
    quality = sum(1 for c in due if c.delivered_on is not None and c.met_quality is True)
    facts = {
        "window_days": r.window_days,
        "due": len(due),
        "min_commitments": r.min_commitments,
        "on_time": on_time,
        "on_time_pct": _percent(on_time, len(due)),
        "min_on_time_pct": round(100 * r.min_on_time, 1),
        "quality": quality,
        "quality_pct": _percent(quality, len(due)),
        "min_quality_pct": round(100 * r.min_quality, 1),
        "short_by": max(r.min_commitments - len(due), 0),
    }
    if not due:
        rule = "none_due"
    elif len(due) < r.min_commitments:
        rule = "too_few"
    elif not at_least(on_time / len(due), r.min_on_time):
        rule = "late"
    elif not at_least(quality / len(due), r.min_quality):
        rule = "quality"
    else:
        rule = "met"
    return IndicatorResult(Indicator.CONSISTENT_DELIVERY, rule == "met", Trigger(rule, facts))


def _growing_trust(
    rounds: tuple[SurveyRound, ...], as_of: date, rules: ReadinessRules
) -> IndicatorResult:
    r = rules.growing_trust
    code = Indicator.GROWING_TRUST
    if not rounds:
        return IndicatorResult(code, False, Trigger("no_rounds", {"min_trust": r.min_trust}))
    latest = rounds[-1]
    ours = latest.side_score(SurveySide.OURS, TRUST)
    partner = latest.side_score(SurveySide.PARTNER, TRUST)
    facts: dict[str, float | int | date | None] = {
        "latest_on": latest.on,
        "ours": ours,
        "partner": partner,
        "min_trust": r.min_trust,
        "window_days": r.window_days,
    }
    if ours is None or partner is None:
        return IndicatorResult(code, False, Trigger("one_sided", facts))
    mean = (ours + partner) / 2
    facts["mean"] = mean
    earliest = next(
        (x for x in rounds if in_window(x.on, as_of, r.window_days) and x.score(TRUST) is not None),
        latest,
    )
    earliest_mean = earliest.score(TRUST)
    facts["earliest_on"] = earliest.on
    facts["earliest_mean"] = earliest_mean
    if not at_least(mean, r.min_trust):
        rule = "low"
    elif earliest_mean is not None and not at_least(mean, earliest_mean):
        rule = "declining"
    else:
        rule = "met"
    return IndicatorResult(code, rule == "met", Trigger(rule, facts))


def _new_opportunities(snapshot: PartnershipSnapshot, rules: ReadinessRules) -> IndicatorResult:
    need = rules.new_opportunities.min_opportunities
    # A lost deal is no longer an opportunity to deepen the relationship.
    deeper = [
        o
        for o in snapshot.opportunities
        if o.requires_deeper_collaboration is True and o.stage is not OpportunityStage.LOST
    ]
    titles = tuple(sorted(o.title or "untitled" for o in deeper))
    facts: dict[str, Fact] = {
        "count": len(deeper),
        "min": need,
        "titles": titles,
        "recorded": len(snapshot.opportunities),
    }
    met = len(deeper) >= need
    return IndicatorResult(
        Indicator.NEW_OPPORTUNITIES, met, Trigger("met" if met else "none", facts)
    )


def _governance_willingness(snapshot: PartnershipSnapshot) -> IndicatorResult:
    g = snapshot.governance
    ours = (
        bool(g.executive_sponsor and g.executive_sponsor.strip())
        or g.our_governance_commitment is True
    )
    partner = (
        bool(g.partner_executive_sponsor and g.partner_executive_sponsor.strip())
        or g.partner_governance_commitment is True
    )
    facts: dict[str, Fact] = {
        "executive_sponsor": g.executive_sponsor,
        "partner_executive_sponsor": g.partner_executive_sponsor,
        "our_commitment": g.our_governance_commitment is True,
        "partner_commitment": g.partner_governance_commitment is True,
    }
    if ours and partner:
        rule = "met"
    elif ours:
        rule = "partner_missing"
    elif partner:
        rule = "ours_missing"
    else:
        rule = "both_missing"
    return IndicatorResult(Indicator.GOVERNANCE_WILLINGNESS, rule == "met", Trigger(rule, facts))


def _combined_value(snapshot: PartnershipSnapshot, rules: ReadinessRules) -> IndicatorResult:
    need = rules.combined_value.min_outcomes
    positive = [o for o in snapshot.joint_outcomes if o.value is not None and o.value > 0]
    facts = {
        "count": len(positive),
        "min": need,
        "total": exact_sum(o.value for o in positive if o.value is not None),
        "recorded": len(snapshot.joint_outcomes),
    }
    met = len(positive) >= need
    return IndicatorResult(Indicator.COMBINED_VALUE, met, Trigger("met" if met else "none", facts))
