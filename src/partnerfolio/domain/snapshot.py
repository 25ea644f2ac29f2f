"""The frozen picture of one partnership that every rule reads (framework.md §1, §8).

Snapshots are built by `partnerfolio.interchange` from a document, and later by the
application's selectors from the database. Collections are tuples so a snapshot is
immutable; every date is a `datetime.date`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from partnerfolio.domain.enums import (
    AgreementKind,
    Attribution,
    Category,
    Dimension,
    Direction,
    DueDiligenceArea,
    DueDiligenceStatus,
    EngagementKind,
    EventKind,
    Factor,
    MetricCategory,
    OpportunityStage,
    PartnershipType,
    ReviewDecision,
    Sector,
    Stage,
    SurveySide,
)


@dataclass(frozen=True, slots=True)
class Partner:
    name: str
    sector: Sector | None = None
    assets: tuple[str, ...] = ()
    competes_with_us: bool | None = None
    competes_in: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Agreement:
    kind: AgreementKind | None = None
    title: str | None = None
    signed_on: date | None = None
    ends_on: date | None = None
    renewal_on: date | None = None
    covers_ip: bool | None = None


@dataclass(frozen=True, slots=True)
class Governance:
    owner: str | None = None
    executive_sponsor: str | None = None
    partner_executive_sponsor: str | None = None
    steering_committee: bool | None = None
    relationship_manager: str | None = None
    escalation_path: tuple[str, ...] = ()
    joint_plan: bool | None = None
    success_metrics_defined: bool | None = None
    review_cadence_days: int | None = None
    partner_governance_commitment: bool | None = None
    our_governance_commitment: bool | None = None


@dataclass(frozen=True, slots=True)
class Commitment:
    title: str | None = None
    due_on: date | None = None
    delivered_on: date | None = None
    met_quality: bool | None = None


@dataclass(frozen=True, slots=True)
class Survey:
    """One person's answers; a round is every survey with the same `on` date."""

    on: date
    side: SurveySide
    scores: tuple[tuple[str, float], ...]
    respondent: str | None = None


@dataclass(frozen=True, slots=True)
class Engagement:
    on: date
    kind: EngagementKind
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class Review:
    on: date
    decision: ReviewDecision | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class Opportunity:
    title: str | None = None
    stage: OpportunityStage | None = None
    requires_deeper_collaboration: bool | None = None
    value: float | None = None
    attribution: Attribution | None = None


@dataclass(frozen=True, slots=True)
class JointOutcome:
    title: str | None = None
    on: date | None = None
    value: float | None = None


@dataclass(frozen=True, slots=True)
class Observation:
    on: date
    value: float


@dataclass(frozen=True, slots=True)
class Metric:
    """A tracked metric. Catalog metrics leave category, direction and leading to the catalog."""

    key: str
    name: str | None = None
    category: MetricCategory | None = None
    direction: Direction | None = None
    leading: bool | None = None
    unit: str | None = None
    target: float | None = None
    observations: tuple[Observation, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    """A stage or type change. `from_`/`to` hold a Stage or a PartnershipType by `kind`."""

    on: date
    kind: EventKind
    from_: str | None = None
    to: str | None = None
    by: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class PartnershipSnapshot:
    name: str
    partners: tuple[Partner, ...] = ()
    type: PartnershipType | None = None
    category: Category | None = None
    stage: Stage | None = None
    started_on: date | None = None
    planned_end_on: date | None = None
    agreements: tuple[Agreement, ...] = ()
    profile: tuple[tuple[Dimension, int], ...] = ()
    opportunity: tuple[tuple[Factor, bool], ...] | None = None
    governance: Governance = field(default_factory=Governance)
    due_diligence: tuple[tuple[DueDiligenceArea, DueDiligenceStatus], ...] = ()
    commitments: tuple[Commitment, ...] = ()
    surveys: tuple[Survey, ...] = ()
    engagements: tuple[Engagement, ...] = ()
    reviews: tuple[Review, ...] = ()
    opportunities: tuple[Opportunity, ...] = ()
    joint_outcomes: tuple[JointOutcome, ...] = ()
    metrics: tuple[Metric, ...] = ()
    events: tuple[Event, ...] = ()
