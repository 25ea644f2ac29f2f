"""The framework's codes (framework.md): stable public identifiers, spelled once here."""

from __future__ import annotations

from enum import StrEnum


class PartnershipType(StrEnum):
    STRATEGIC = "strategic"
    TACTICAL = "tactical"
    HYBRID = "hybrid"


# The types that may earn a strategic commitment: the transition pipeline's partnerships.
TRANSITION_TYPES = (PartnershipType.TACTICAL, PartnershipType.HYBRID)


class ClassifiedType(StrEnum):
    """What the profile says a partnership is; `unknown` when too few dimensions are scored."""

    STRATEGIC = "strategic"
    TACTICAL = "tactical"
    HYBRID = "hybrid"
    UNKNOWN = "unknown"


class RecommendedType(StrEnum):
    STRATEGIC = "strategic"
    TACTICAL = "tactical"
    HYBRID = "hybrid"
    UNDECIDED = "undecided"


class Category(StrEnum):
    COMMERCIAL = "commercial"
    TECHNOLOGICAL = "technological"
    PUBLIC_PRIVATE = "public_private"
    OPERATIONAL = "operational"


class Stage(StrEnum):
    PROPOSED = "proposed"
    DUE_DILIGENCE = "due_diligence"
    NEGOTIATION = "negotiation"
    ACTIVE = "active"
    UNDER_REVIEW = "under_review"
    WINDING_DOWN = "winding_down"
    ENDED = "ended"


class Sector(StrEnum):
    PRIVATE = "private"
    PUBLIC = "public"
    NONPROFIT = "nonprofit"
    ACADEMIC = "academic"


class AgreementKind(StrEnum):
    MOU = "mou"
    CONTRACT = "contract"
    SOW = "sow"
    JOINT_VENTURE = "joint_venture"
    LICENCE = "licence"
    OTHER = "other"


class DueDiligenceStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class DueDiligenceArea(StrEnum):
    CULTURE = "culture"
    CAPABILITIES = "capabilities"
    INCENTIVES = "incentives"


class SurveySide(StrEnum):
    OURS = "ours"
    PARTNER = "partner"


class ReviewDecision(StrEnum):
    CONTINUE = "continue"
    RENEW = "renew"
    EXTEND = "extend"
    ESCALATE = "escalate"
    PROMOTE = "promote"
    WIND_DOWN = "wind_down"
    EXIT = "exit"


class OpportunityStage(StrEnum):
    IDENTIFIED = "identified"
    QUALIFIED = "qualified"
    PROPOSAL = "proposal"
    WON = "won"
    LOST = "lost"


class Attribution(StrEnum):
    PARTNER_SOURCED = "partner_sourced"
    PARTNER_INFLUENCED = "partner_influenced"
    OURS = "ours"


class EngagementKind(StrEnum):
    EXECUTIVE_MEETING = "executive_meeting"
    STEERING_COMMITTEE = "steering_committee"
    CHECK_IN = "check_in"
    WORKSHOP = "workshop"


EXECUTIVE_ENGAGEMENTS = frozenset(
    {EngagementKind.EXECUTIVE_MEETING, EngagementKind.STEERING_COMMITTEE}
)


class EventKind(StrEnum):
    STAGE_CHANGED = "stage_changed"
    TYPE_CHANGED = "type_changed"


class Dimension(StrEnum):
    TIME_HORIZON = "time_horizon"
    OBJECTIVE_ALIGNMENT = "objective_alignment"
    RESOURCE_COMMITMENT = "resource_commitment"
    RISK_REWARD = "risk_reward"
    RELATIONSHIP_DEPTH = "relationship_depth"
    GOVERNANCE = "governance"
    EXIT_DIFFICULTY = "exit_difficulty"
    INNOVATION_POTENTIAL = "innovation_potential"


class Pole(StrEnum):
    STRATEGIC = "strategic"
    TACTICAL = "tactical"


class Factor(StrEnum):
    """The opportunity advisor's yes/no decision factors (§3)."""

    SUSTAINED_COLLABORATION = "sustained_collaboration"
    NEW_MARKET_ENTRY = "new_market_entry"
    PLATFORM_CODEVELOPMENT = "platform_codevelopment"
    IP_SHARING = "ip_sharing"
    JOINT_CAPABILITY = "joint_capability"
    WELL_DEFINED_NEED = "well_defined_need"
    TIME_BOUND = "time_bound"
    NO_DEEP_INTEGRATION = "no_deep_integration"
    OUTSOURCED_DELIVERABLE = "outsourced_deliverable"
    CAPACITY_SUPPLEMENT = "capacity_supplement"
    JOINT_CAMPAIGN = "joint_campaign"
    PROVEN_TRACK_RECORD = "proven_track_record"
    DUE_DILIGENCE_COMPLETE = "due_diligence_complete"


STRATEGIC_SIGNALS: tuple[Factor, ...] = (
    Factor.SUSTAINED_COLLABORATION,
    Factor.NEW_MARKET_ENTRY,
    Factor.PLATFORM_CODEVELOPMENT,
    Factor.IP_SHARING,
    Factor.JOINT_CAPABILITY,
)
TACTICAL_SIGNALS: tuple[Factor, ...] = (
    Factor.WELL_DEFINED_NEED,
    Factor.TIME_BOUND,
    Factor.NO_DEEP_INTEGRATION,
    Factor.OUTSOURCED_DELIVERABLE,
    Factor.CAPACITY_SUPPLEMENT,
    Factor.JOINT_CAMPAIGN,
)
FIT_SIGNALS: tuple[Factor, ...] = (Factor.PROVEN_TRACK_RECORD, Factor.DUE_DILIGENCE_COMPLETE)


class GovernanceElement(StrEnum):
    """What a type's governance model expects a partnership to have (§4)."""

    EXECUTIVE_SPONSOR = "executive_sponsor"
    PARTNER_EXECUTIVE_SPONSOR = "partner_executive_sponsor"
    STEERING_COMMITTEE = "steering_committee"
    RELATIONSHIP_MANAGER = "relationship_manager"
    ESCALATION_PATH = "escalation_path"
    JOINT_PLAN = "joint_plan"
    SUCCESS_METRICS = "success_metrics"
    REVIEW_CADENCE = "review_cadence"
    OWNER = "owner"
    SCOPED_AGREEMENT = "scoped_agreement"
    DELIVERABLES = "deliverables"
    STATUS_CHECK_INS = "status_check_ins"
    SUCCESS_CRITERIA = "success_criteria"


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for the most severe, so sorting by rank lists high first."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


class PitfallCode(StrEnum):
    PREMATURE_STRATEGIC_COMMITMENT = "premature_strategic_commitment"
    UNDERINVESTED_TACTICAL = "underinvested_tactical"
    MISCLASSIFIED = "misclassified"
    GOVERNANCE_MISMATCH = "governance_mismatch"
    NEGLECTED_TRANSITION = "neglected_transition"
    COLLABORATIVE_INERTIA = "collaborative_inertia"
    COOPETITION_TENSION = "coopetition_tension"
    LAGGING_ONLY_MEASUREMENT = "lagging_only_measurement"
    REVIEW_OVERDUE = "review_overdue"
    AGREEMENT_EXPIRING = "agreement_expiring"
    PERCEPTION_GAP = "perception_gap"


class MetricCategory(StrEnum):
    FINANCIAL_IMPACT = "financial_impact"
    INNOVATION = "innovation"
    RELATIONSHIP_HEALTH = "relationship_health"
    STRATEGIC_VALUE = "strategic_value"


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Trend(StrEnum):
    IMPROVING = "improving"
    STEADY = "steady"
    WORSENING = "worsening"


class Indicator(StrEnum):
    """The five transition-readiness indicators (§7)."""

    CONSISTENT_DELIVERY = "consistent_delivery"
    GROWING_TRUST = "growing_trust"
    NEW_OPPORTUNITIES = "new_opportunities"
    GOVERNANCE_WILLINGNESS = "governance_willingness"
    COMBINED_VALUE = "combined_value"


class ReadinessVerdict(StrEnum):
    READY = "ready"
    NOT_READY = "not_ready"
    NOT_APPLICABLE = "not_applicable"


# Members in declaration order, for hot loops (iterating an Enum class is slow) and ranks.
DIMENSIONS: tuple[Dimension, ...] = tuple(Dimension)
DIMENSION_RANK = {d: i for i, d in enumerate(DIMENSIONS)}
METRIC_CATEGORIES: tuple[MetricCategory, ...] = tuple(MetricCategory)
METRIC_CATEGORY_RANK = {c: i for i, c in enumerate(METRIC_CATEGORIES)}
DUE_DILIGENCE_AREAS: tuple[DueDiligenceArea, ...] = tuple(DueDiligenceArea)
