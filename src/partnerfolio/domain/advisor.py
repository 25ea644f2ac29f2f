"""The opportunity advisor: strategic, tactical or hybrid? (framework.md §3)."""

from __future__ import annotations

from dataclasses import dataclass

from partnerfolio.domain.enums import (
    FIT_SIGNALS,
    STRATEGIC_SIGNALS,
    TACTICAL_SIGNALS,
    Factor,
    PartnershipType,
    RecommendedType,
)
from partnerfolio.domain.findings import Trigger
from partnerfolio.domain.governance import GovernanceModel, governance_model
from partnerfolio.domain.playbook import Playbook
from partnerfolio.domain.snapshot import PartnershipSnapshot


@dataclass(frozen=True, slots=True)
class Recommendation:
    type: RecommendedType
    reasons: tuple[Trigger, ...]
    # factors left unanswered that could still decide an `undecided` recommendation
    questions: tuple[Factor, ...]
    governance_model: GovernanceModel | None
    metric_set: tuple[str, ...]


def _codes(factors: list[Factor]) -> tuple[str, ...]:
    return tuple(f.value for f in factors)


def recommend(snapshot: PartnershipSnapshot, playbook: Playbook) -> Recommendation | None:
    """The advisor's answer for the document's `opportunity`; None when it has none."""
    if snapshot.opportunity is None:
        return None
    answers = dict(snapshot.opportunity)
    strategic = [f for f in STRATEGIC_SIGNALS if answers.get(f) is True]
    tactical = [f for f in TACTICAL_SIGNALS if answers.get(f) is True]
    need = playbook.advisor.min_signals
    counts = {"strategic_count": len(strategic), "tactical_count": len(tactical), "min": need}
    reasons: list[Trigger] = []
    questions: tuple[Factor, ...] = ()

    if len(strategic) >= need and len(strategic) > len(tactical):
        reasons.append(Trigger("strategic_signals", {**counts, "signals": _codes(strategic)}))
        unproven = [f for f in FIT_SIGNALS if answers.get(f) is not True]
        if unproven:
            kind = RecommendedType.HYBRID
            reasons.append(Trigger("fit_unproven", {"missing": _codes(unproven)}))
        else:
            kind = RecommendedType.STRATEGIC
            reasons.append(Trigger("fit_proven", {"signals": _codes(list(FIT_SIGNALS))}))
    elif len(tactical) >= need and len(tactical) >= len(strategic):
        kind = RecommendedType.TACTICAL
        reasons.append(Trigger("tactical_signals", {**counts, "signals": _codes(tactical)}))
    else:
        kind = RecommendedType.UNDECIDED
        questions = tuple(f for f in (*STRATEGIC_SIGNALS, *TACTICAL_SIGNALS) if f not in answers)
        reasons.append(
            Trigger(
                "undecided",
                {**counts, "strategic": _codes(strategic), "tactical": _codes(tactical)},
            )
        )
        if questions:
            reasons.append(Trigger("open_questions", {"questions": _codes(list(questions))}))

    if kind is RecommendedType.UNDECIDED:
        return Recommendation(kind, tuple(reasons), questions, None, ())
    chosen = PartnershipType(kind.value)
    return Recommendation(
        type=kind,
        reasons=tuple(reasons),
        questions=questions,
        governance_model=governance_model(chosen, snapshot, playbook.governance),
        metric_set=playbook.advisor.metric_sets.get(chosen, ()),
    )
