"""What governance each type expects, and how a partnership's governance fits it (§4)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from partnerfolio.domain.enums import (
    ClassifiedType,
    DueDiligenceArea,
    DueDiligenceStatus,
    EngagementKind,
    GovernanceElement,
    PartnershipType,
)
from partnerfolio.domain.playbook import GovernanceRules
from partnerfolio.domain.snapshot import PartnershipSnapshot

E = GovernanceElement

EXPECTED_ELEMENTS: dict[PartnershipType, tuple[GovernanceElement, ...]] = {
    PartnershipType.STRATEGIC: (
        E.EXECUTIVE_SPONSOR,
        E.PARTNER_EXECUTIVE_SPONSOR,
        E.STEERING_COMMITTEE,
        E.RELATIONSHIP_MANAGER,
        E.ESCALATION_PATH,
        E.JOINT_PLAN,
        E.SUCCESS_METRICS,
        E.REVIEW_CADENCE,
    ),
    PartnershipType.TACTICAL: (E.OWNER, E.SCOPED_AGREEMENT, E.DELIVERABLES, E.STATUS_CHECK_INS),
    PartnershipType.HYBRID: (
        E.OWNER,
        E.SCOPED_AGREEMENT,
        E.DELIVERABLES,
        E.STATUS_CHECK_INS,
        E.SUCCESS_CRITERIA,
    ),
}

# Strategic machinery that only weighs down a short, scoped tactical engagement.
OVERHEAD_ELEMENTS: dict[PartnershipType, tuple[GovernanceElement, ...]] = {
    PartnershipType.TACTICAL: (
        E.STEERING_COMMITTEE,
        E.EXECUTIVE_SPONSOR,
        E.PARTNER_EXECUTIVE_SPONSOR,
    ),
}


def _named(value: str | None) -> bool:
    return bool(value and value.strip())


def _success_metrics(p: PartnershipSnapshot) -> bool:
    return bool(p.governance.success_metrics_defined) or any(
        m.target is not None for m in p.metrics
    )


_HAS: dict[GovernanceElement, Callable[[PartnershipSnapshot], bool]] = {
    E.EXECUTIVE_SPONSOR: lambda p: _named(p.governance.executive_sponsor),
    E.PARTNER_EXECUTIVE_SPONSOR: lambda p: _named(p.governance.partner_executive_sponsor),
    E.STEERING_COMMITTEE: lambda p: bool(p.governance.steering_committee),
    E.RELATIONSHIP_MANAGER: lambda p: _named(p.governance.relationship_manager),
    E.ESCALATION_PATH: lambda p: any(_named(step) for step in p.governance.escalation_path),
    E.JOINT_PLAN: lambda p: bool(p.governance.joint_plan),
    E.SUCCESS_METRICS: _success_metrics,
    E.SUCCESS_CRITERIA: _success_metrics,
    E.REVIEW_CADENCE: lambda p: p.governance.review_cadence_days is not None or bool(p.reviews),
    E.OWNER: lambda p: _named(p.governance.owner),
    E.SCOPED_AGREEMENT: lambda p: any(a.ends_on is not None for a in p.agreements),
    E.DELIVERABLES: lambda p: bool(p.commitments),
    E.STATUS_CHECK_INS: lambda p: any(e.kind is EngagementKind.CHECK_IN for e in p.engagements),
}


def has_element(snapshot: PartnershipSnapshot, element: GovernanceElement) -> bool:
    """Whether the partnership has this piece of governance in place."""
    return _HAS[element](snapshot)


@dataclass(frozen=True, slots=True)
class GovernanceFit:
    """`expected` is the declared type, or the classified one when none is declared."""

    expected: PartnershipType | None
    declared: bool
    missing: tuple[GovernanceElement, ...]
    overhead: tuple[GovernanceElement, ...]


def governance_fit(
    snapshot: PartnershipSnapshot, classified: ClassifiedType, planned: bool = False
) -> GovernanceFit:
    """Compare what the partnership has with what its type expects.

    `planned`: commitments due after the assessment date are recorded (planned work, so
    the deliverables are there) although the dated view `snapshot` no longer holds them.
    """
    expected = snapshot.type
    declared = expected is not None
    if expected is None and classified is not ClassifiedType.UNKNOWN:
        expected = PartnershipType(classified.value)
    if expected is None:
        return GovernanceFit(None, False, (), ())
    missing = tuple(
        e
        for e in EXPECTED_ELEMENTS[expected]
        if not has_element(snapshot, e) and not (planned and e is E.DELIVERABLES)
    )
    overhead = tuple(e for e in OVERHEAD_ELEMENTS.get(expected, ()) if has_element(snapshot, e))
    return GovernanceFit(expected, declared, missing, overhead)


@dataclass(frozen=True, slots=True)
class GovernanceModel:
    """The starter governance the advisor proposes for a type."""

    type: PartnershipType
    elements: tuple[GovernanceElement, ...]
    review_cadence_days: int
    due_diligence: tuple[tuple[DueDiligenceArea, DueDiligenceStatus], ...]


def governance_model(
    kind: PartnershipType, snapshot: PartnershipSnapshot, rules: GovernanceRules
) -> GovernanceModel:
    """Elements and cadence for `kind`; the due-diligence checklist for strategic and hybrid."""
    checklist: tuple[tuple[DueDiligenceArea, DueDiligenceStatus], ...] = ()
    if kind is not PartnershipType.TACTICAL:
        known = dict(snapshot.due_diligence)
        checklist = tuple(
            (area, known.get(area, DueDiligenceStatus.PENDING)) for area in DueDiligenceArea
        )
    return GovernanceModel(
        kind, EXPECTED_ELEMENTS[kind], rules.review_cadence_days(kind), checklist
    )


def review_cadence_days(
    snapshot: PartnershipSnapshot, rules: GovernanceRules, kind: PartnershipType | None
) -> int:
    """The partnership's own cadence, or the default of `kind` (its declared or classified type)."""
    if snapshot.governance.review_cadence_days is not None:
        return snapshot.governance.review_cadence_days
    return rules.review_cadence_days(kind)
