"""The pitfalls of §5: one small rule per code, each returning the triggers it found.

A rule takes the snapshot (already cut to `as_of`) and the shared context and returns the
reasons it fires, as data; an empty tuple means it does not fire. Adding a pitfall is one
function and one entry in RULES.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from partnerfolio.domain.classification import Classification
from partnerfolio.domain.enums import (
    DUE_DILIGENCE_AREAS,
    EXECUTIVE_ENGAGEMENTS,
    AgreementKind,
    Category,
    ClassifiedType,
    DueDiligenceStatus,
    EventKind,
    GovernanceElement,
    PartnershipType,
    PitfallCode,
    Stage,
    SurveySide,
)
from partnerfolio.domain.findings import Pitfall, Trigger
from partnerfolio.domain.governance import has_element
from partnerfolio.domain.playbook import Playbook
from partnerfolio.domain.scorecard import Scorecard
from partnerfolio.domain.snapshot import PartnershipSnapshot
from partnerfolio.domain.timeline import SurveyRound, at_least, at_most, in_window, quiet_since

E = GovernanceElement
SURVEYED_STAGES = frozenset({Stage.NEGOTIATION, Stage.ACTIVE, Stage.UNDER_REVIEW})
RUNNING_STAGES = frozenset({Stage.ACTIVE, Stage.UNDER_REVIEW})


@dataclass(frozen=True, slots=True)
class Context:
    as_of: date
    playbook: Playbook
    classification: Classification
    rounds: tuple[SurveyRound, ...]
    scorecard: Scorecard
    cadence_days: int

    @property
    def latest_round(self) -> SurveyRound | None:
        return self.rounds[-1] if self.rounds else None


Triggers = tuple[Trigger, ...]
Rule = Callable[[PartnershipSnapshot, Context], Triggers]


def premature_strategic_commitment(p: PartnershipSnapshot, ctx: Context) -> Triggers:
    if p.type is not PartnershipType.STRATEGIC or p.stage not in SURVEYED_STAGES:
        return ()
    known = dict(p.due_diligence)
    open_areas = tuple(
        a.value for a in DUE_DILIGENCE_AREAS if known.get(a) is not DueDiligenceStatus.DONE
    )
    if not open_areas:
        return ()
    statuses = {a.value: (known[a].value if a in known else None) for a in DUE_DILIGENCE_AREAS}
    return (
        Trigger("due_diligence_open", {"stage": p.stage.value, "open": open_areas, **statuses}),
    )


def underinvested_tactical(p: PartnershipSnapshot, ctx: Context) -> Triggers:
    if (
        p.type not in (PartnershipType.TACTICAL, PartnershipType.HYBRID)
        or p.stage is not Stage.ACTIVE
    ):
        return ()
    rules = ctx.playbook.pitfalls.underinvested_tactical
    found: list[Trigger] = []
    if not has_element(p, E.OWNER):
        found.append(Trigger("no_owner", {"type": p.type.value}))
    latest = max((e.on for e in p.engagements), default=None)
    quiet = quiet_since(latest, p.started_on, ctx.as_of)
    limit = rules.quiet_cadences * ctx.cadence_days
    if quiet is not None and quiet.days > limit:
        found.append(
            Trigger(
                "quiet_since_start" if quiet.from_start else "quiet",
                {
                    "days": quiet.days,
                    "since": quiet.since,
                    "limit": limit,
                    "multiple": rules.quiet_cadences,
                    "cadence": ctx.cadence_days,
                },
            )
        )
    low = _low_sides(
        ctx.latest_round, "satisfaction", lambda s: not at_least(s, rules.min_satisfaction)
    )
    if low is not None:
        found.append(Trigger("low_satisfaction", {**low, "min": rules.min_satisfaction}))
    return tuple(found)


def misclassified(p: PartnershipSnapshot, ctx: Context) -> Triggers:
    c = ctx.classification
    contradictions = {
        (PartnershipType.STRATEGIC, ClassifiedType.TACTICAL),
        (PartnershipType.TACTICAL, ClassifiedType.STRATEGIC),
    }
    if (p.type, c.type) not in contradictions or p.type is None:
        return ()
    return (
        Trigger(
            "contradicts",
            {
                "declared": p.type.value,
                "classified": c.type.value,
                "score": c.score,
                "strategic_min": c.strategic_min,
                "tactical_max": c.tactical_max,
            },
        ),
    )


def governance_mismatch(p: PartnershipSnapshot, ctx: Context) -> Triggers:
    if p.stage not in RUNNING_STAGES:
        return ()
    if p.type is PartnershipType.STRATEGIC:
        missing = tuple(
            e.value for e in (E.EXECUTIVE_SPONSOR, E.STEERING_COMMITTEE) if not has_element(p, e)
        )
        return (Trigger("under_governed", {"missing": missing}),) if missing else ()
    if p.type is PartnershipType.TACTICAL and has_element(p, E.STEERING_COMMITTEE):
        sponsors = tuple(
            e.value for e in (E.EXECUTIVE_SPONSOR, E.PARTNER_EXECUTIVE_SPONSOR) if has_element(p, e)
        )
        if sponsors:
            return (Trigger("over_governed", {"sponsors": sponsors}),)
    return ()


def neglected_transition(p: PartnershipSnapshot, ctx: Context) -> Triggers:
    if p.type is not PartnershipType.STRATEGIC:
        return ()
    # On a day with several type changes, the one that matches the declared type is last.
    changes = sorted(
        (e for e in p.events if e.kind is EventKind.TYPE_CHANGED),
        key=lambda e: (e.on, e.to == PartnershipType.STRATEGIC.value, e.to or ""),
    )
    if not changes or changes[-1].to != PartnershipType.STRATEGIC.value:
        return ()
    promoted_on = changes[-1].on
    days = (ctx.as_of - promoted_on).days
    grace = ctx.playbook.pitfalls.neglected_transition.grace_days
    if days <= grace:
        return ()
    needed = (E.EXECUTIVE_SPONSOR, E.STEERING_COMMITTEE, E.SUCCESS_METRICS, E.ESCALATION_PATH)
    missing = tuple(e.value for e in needed if not has_element(p, e))
    if not missing:
        return ()
    return (
        Trigger(
            "unformalized",
            {"promoted_on": promoted_on, "days": days, "grace_days": grace, "missing": missing},
        ),
    )


def collaborative_inertia(p: PartnershipSnapshot, ctx: Context) -> Triggers:
    if p.type is not PartnershipType.STRATEGIC or p.stage is not Stage.ACTIVE:
        return ()
    rules = ctx.playbook.pitfalls.collaborative_inertia
    window = rules.window_days
    found: list[Trigger] = []
    executive = [e.on for e in p.engagements if e.kind in EXECUTIVE_ENGAGEMENTS]
    quiet = quiet_since(max(executive, default=None), p.started_on, ctx.as_of)
    absent = quiet is not None and quiet.days > window
    if quiet is not None and absent:
        found.append(
            Trigger(
                "no_executive_engagement_since_start"
                if quiet.from_start
                else "no_executive_engagement",
                {"days": quiet.days, "since": quiet.since, "window": window},
            )
        )
    recent = sum(1 for on in executive if in_window(on, ctx.as_of, window))
    prior = sum(1 for on in executive if window <= (ctx.as_of - on).days < 2 * window)
    declining = prior > 0 and not at_least(recent, rules.min_engagement_ratio * prior)
    if declining and not (absent and recent == 0):
        found.append(
            Trigger(
                "declining_engagement",
                {
                    "recent": recent,
                    "prior": prior,
                    "window": window,
                    "ratio_pct": round(100 * rules.min_engagement_ratio, 1),
                },
            )
        )
    low = _low_sides(ctx.latest_round, "trust", lambda s: at_most(s, rules.max_trust))
    if low is not None:
        found.append(Trigger("low_trust", {**low, "max": rules.max_trust}))
    return tuple(found)


def coopetition_tension(p: PartnershipSnapshot, ctx: Context) -> Triggers:
    found: list[Trigger] = []
    rivals = [partner for partner in p.partners if partner.competes_with_us is True]
    if rivals:
        markets = sorted({market for partner in rivals for market in partner.competes_in})
        found.append(
            Trigger(
                "competitor",
                {
                    "partners": tuple(sorted(r.name for r in rivals)),
                    "markets": tuple(markets) or None,
                },
            )
        )
    if p.category is Category.TECHNOLOGICAL and not any(
        a.kind is AgreementKind.LICENCE or a.covers_ip is True for a in p.agreements
    ):
        found.append(Trigger("ip_unprotected", {"agreements": len(p.agreements)}))
    return tuple(found)


def lagging_only_measurement(p: PartnershipSnapshot, ctx: Context) -> Triggers:
    lines = ctx.scorecard.metrics
    if p.type is not PartnershipType.STRATEGIC or not lines or any(m.leading for m in lines):
        return ()
    leading = tuple(sorted(k for k, spec in ctx.playbook.metrics.items() if spec.leading))
    return (
        Trigger(
            "lagging_only",
            {"metrics": tuple(sorted(m.key for m in lines)), "leading": leading},
        ),
    )


def review_overdue(p: PartnershipSnapshot, ctx: Context) -> Triggers:
    if p.stage not in RUNNING_STAGES:
        return ()
    multiple = ctx.playbook.pitfalls.review_overdue.cadence_multiple
    limit = multiple * ctx.cadence_days
    quiet = quiet_since(max((r.on for r in p.reviews), default=None), p.started_on, ctx.as_of)
    if quiet is None or quiet.days <= limit:
        return ()
    return (
        Trigger(
            "never_reviewed" if quiet.from_start else "overdue",
            {
                "days": quiet.days,
                "since": quiet.since,
                "limit": limit,
                "multiple": multiple,
                "cadence": ctx.cadence_days,
            },
        ),
    )


def agreement_expiring(p: PartnershipSnapshot, ctx: Context) -> Triggers:
    rules = ctx.playbook.pitfalls.agreement_expiring
    found = []
    for agreement in p.agreements:
        if agreement.ends_on is None:
            continue
        days_left = (agreement.ends_on - ctx.as_of).days
        if not 0 <= days_left <= rules.horizon_days:
            continue
        review_from = date.fromordinal(agreement.ends_on.toordinal() - rules.review_lead_days)
        if any(r.on >= review_from for r in p.reviews):
            continue
        found.append(
            Trigger(
                "expiring",
                {
                    "agreement": agreement.title
                    or (agreement.kind.value if agreement.kind else "agreement"),
                    "ends_on": agreement.ends_on,
                    "days_left": days_left,
                    "horizon": rules.horizon_days,
                    "review_from": review_from,
                },
            )
        )
    found.sort(key=lambda t: (str(t.facts["ends_on"]), str(t.facts["agreement"])))
    return tuple(found)


def perception_gap(p: PartnershipSnapshot, ctx: Context) -> Triggers:
    latest = ctx.latest_round
    if latest is None:
        return ()
    min_gap = ctx.playbook.pitfalls.perception_gap.min_gap
    gaps: list[tuple[float, str, float, float]] = []
    for question in sorted(latest.questions()):
        ours = latest.side_score(SurveySide.OURS, question)
        partner = latest.side_score(SurveySide.PARTNER, question)
        if ours is not None and partner is not None and at_least(abs(ours - partner), min_gap):
            gaps.append((abs(ours - partner), question, ours, partner))
    gaps.sort(key=lambda g: (-g[0], g[1]))
    found = [
        Trigger(
            "gap",
            {
                "question": question,
                "on": latest.on,
                "ours": ours,
                "partner": partner,
                "gap": gap,
                "min_gap": min_gap,
            },
        )
        for gap, question, ours, partner in gaps
    ]
    return tuple(found)


def _low_sides(
    survey_round: SurveyRound | None, question: str, is_low: Callable[[float], bool]
) -> dict[str, date | float | None] | None:
    """The latest round's side scores on `question` when either side's is low."""
    if survey_round is None:
        return None
    ours = survey_round.side_score(SurveySide.OURS, question)
    partner = survey_round.side_score(SurveySide.PARTNER, question)
    if not any(score is not None and is_low(score) for score in (ours, partner)):
        return None
    return {"on": survey_round.on, "ours": ours, "partner": partner}


RULES: tuple[tuple[PitfallCode, Rule], ...] = (
    (PitfallCode.PREMATURE_STRATEGIC_COMMITMENT, premature_strategic_commitment),
    (PitfallCode.UNDERINVESTED_TACTICAL, underinvested_tactical),
    (PitfallCode.MISCLASSIFIED, misclassified),
    (PitfallCode.GOVERNANCE_MISMATCH, governance_mismatch),
    (PitfallCode.NEGLECTED_TRANSITION, neglected_transition),
    (PitfallCode.COLLABORATIVE_INERTIA, collaborative_inertia),
    (PitfallCode.COOPETITION_TENSION, coopetition_tension),
    (PitfallCode.LAGGING_ONLY_MEASUREMENT, lagging_only_measurement),
    (PitfallCode.REVIEW_OVERDUE, review_overdue),
    (PitfallCode.AGREEMENT_EXPIRING, agreement_expiring),
    (PitfallCode.PERCEPTION_GAP, perception_gap),
)


def pitfalls(snapshot: PartnershipSnapshot, ctx: Context) -> tuple[Pitfall, ...]:
    """Every pitfall that fires, high severity first, then by code; none once ended."""
    if snapshot.stage is Stage.ENDED:
        return ()
    found = []
    for code, rule in RULES:
        triggers = rule(snapshot, ctx)
        if triggers:
            found.append(Pitfall(code, ctx.playbook.pitfalls.severity(code), triggers))
    found.sort(key=lambda f: (f.severity.rank, f.code.value))
    return tuple(found)
