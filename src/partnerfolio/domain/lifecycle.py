"""The partnership life cycle: which stage moves are allowed, and what each one needs (§1, §4, §7).

Moves are a table; guards return what is missing as data. An illegal move can never be
made; a guard can be overridden by a manager with a written reason, which is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from partnerfolio.domain.enums import GovernanceElement, PartnershipType, Stage
from partnerfolio.domain.governance import has_element
from partnerfolio.domain.snapshot import PartnershipSnapshot

S = Stage
E = GovernanceElement

ALLOWED: dict[Stage | None, frozenset[Stage]] = {
    # A partnership recorded without a stage may be placed where it stands today.
    None: frozenset({S.PROPOSED, S.DUE_DILIGENCE, S.NEGOTIATION, S.ACTIVE, S.UNDER_REVIEW}),
    S.PROPOSED: frozenset({S.DUE_DILIGENCE, S.ENDED}),
    S.DUE_DILIGENCE: frozenset({S.NEGOTIATION, S.ENDED}),
    S.NEGOTIATION: frozenset({S.ACTIVE, S.ENDED}),
    S.ACTIVE: frozenset({S.UNDER_REVIEW, S.WINDING_DOWN}),
    S.UNDER_REVIEW: frozenset({S.ACTIVE, S.WINDING_DOWN}),
    S.WINDING_DOWN: frozenset({S.ENDED}),
    S.ENDED: frozenset(),
}

# The formalization the source demands of a strategic partnership in operation.
STRATEGIC_FORMALIZATION = (
    E.EXECUTIVE_SPONSOR,
    E.STEERING_COMMITTEE,
    E.SUCCESS_METRICS,
    E.ESCALATION_PATH,
)
EXIT_STAGES = frozenset({S.WINDING_DOWN, S.ENDED})


class LifecycleError(Exception):
    """A move the life cycle refuses; the message says why."""


class IllegalMove(LifecycleError):
    def __init__(self, current: Stage | None, wanted: Stage) -> None:
        self.current, self.wanted = current, wanted
        allowed = ", ".join(sorted(s.value for s in ALLOWED[current])) or "none (it has ended)"
        here = current.value if current else "no stage"
        super().__init__(f"cannot move from {here} to {wanted.value}; allowed: {allowed}")


@dataclass(frozen=True, slots=True)
class GuardProblem:
    """Something a move needs that the partnership lacks: `code` and what is missing."""

    code: str
    missing: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.code == "strategic_formalization":
            return (
                "a strategic partnership needs "
                + ", ".join(m.replace("_", " ") for m in self.missing)
                + " before it runs"
            )
        if self.code == "exit_plan":
            return "ending a strategic partnership needs an exit plan"
        return self.code  # pragma: no cover


class GuardsNotMet(LifecycleError):
    def __init__(self, problems: tuple[GuardProblem, ...]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def formalization_missing(snapshot: PartnershipSnapshot) -> tuple[str, ...]:
    return tuple(e.value for e in STRATEGIC_FORMALIZATION if not has_element(snapshot, e))


def stage_guards(
    snapshot: PartnershipSnapshot, wanted: Stage, *, exit_plan: str | None = None
) -> tuple[GuardProblem, ...]:
    """What moving to `wanted` needs and the partnership lacks; raises IllegalMove."""
    if wanted not in ALLOWED[snapshot.stage]:
        raise IllegalMove(snapshot.stage, wanted)
    problems = []
    strategic = snapshot.type is PartnershipType.STRATEGIC
    if strategic and wanted is S.ACTIVE:
        missing = formalization_missing(snapshot)
        if missing:
            problems.append(GuardProblem("strategic_formalization", missing))
    if strategic and wanted in EXIT_STAGES and not (exit_plan and exit_plan.strip()):
        problems.append(GuardProblem("exit_plan"))
    return tuple(problems)


def promotion_guards(
    promoted: PartnershipSnapshot, current_type: PartnershipType | None
) -> tuple[GuardProblem, ...]:
    """What a promotion to strategic lacks, read on the partnership as it would be after it."""
    if current_type not in (PartnershipType.TACTICAL, PartnershipType.HYBRID):
        kind = current_type.value if current_type else "not typed"
        raise LifecycleError(
            f"only a tactical or hybrid partnership can be promoted; this one is {kind}"
        )
    missing = formalization_missing(promoted)
    return (GuardProblem("strategic_formalization", missing),) if missing else ()
