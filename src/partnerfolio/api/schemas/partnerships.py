"""Partnerships and partner organizations, with §8's field names."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field

from partnerfolio.api.schemas.common import (
    Bool,
    Day,
    Days,
    In,
    LongText,
    Name,
    Out,
    ProfileScore,
    Text,
    Version,
)
from partnerfolio.api.schemas.evidence import (
    AgreementIn,
    CommitmentIn,
    EngagementIn,
    JointOutcomeIn,
    MetricIn,
    OpportunityIn,
    ReviewIn,
    SurveyIn,
)
from partnerfolio.domain.enums import (
    Category,
    DueDiligenceStatus,
    EventKind,
    PartnershipType,
    Sector,
    Stage,
)


class PartnerIn(In):
    name: Name
    sector: Sector | None = None
    assets: list[Text] | None = None
    competes_with_us: Bool | None = None
    competes_in: list[Text] | None = None


class ProfileIn(In):
    time_horizon: ProfileScore | None = None
    objective_alignment: ProfileScore | None = None
    resource_commitment: ProfileScore | None = None
    risk_reward: ProfileScore | None = None
    relationship_depth: ProfileScore | None = None
    governance: ProfileScore | None = None
    exit_difficulty: ProfileScore | None = None
    innovation_potential: ProfileScore | None = None


class OpportunityAnswersIn(In):
    sustained_collaboration: Bool | None = None
    new_market_entry: Bool | None = None
    platform_codevelopment: Bool | None = None
    ip_sharing: Bool | None = None
    joint_capability: Bool | None = None
    well_defined_need: Bool | None = None
    time_bound: Bool | None = None
    no_deep_integration: Bool | None = None
    outsourced_deliverable: Bool | None = None
    capacity_supplement: Bool | None = None
    joint_campaign: Bool | None = None
    proven_track_record: Bool | None = None
    due_diligence_complete: Bool | None = None


class GovernanceIn(In):
    owner: Text | None = None
    executive_sponsor: Text | None = None
    partner_executive_sponsor: Text | None = None
    steering_committee: Bool | None = None
    relationship_manager: Text | None = None
    escalation_path: list[Text] | None = None
    joint_plan: Bool | None = None
    success_metrics_defined: Bool | None = None
    review_cadence_days: Days | None = None
    partner_governance_commitment: Bool | None = None
    our_governance_commitment: Bool | None = None


class DueDiligenceIn(In):
    culture: DueDiligenceStatus | None = None
    capabilities: DueDiligenceStatus | None = None
    incentives: DueDiligenceStatus | None = None


class EventIn(In):
    on: Day
    kind: EventKind
    from_: str | None = Field(None, alias="from")
    to: str
    by: Text | None = None
    reason: LongText | None = None


class PartnershipIn(In):
    """A new partnership: a §8 document, recorded as it stands (docs/record.md)."""

    name: Name
    partners: list[PartnerIn] | None = None
    type: PartnershipType | None = None
    category: Category | None = None
    stage: Stage | None = None
    started_on: Day | None = None
    planned_end_on: Day | None = None
    agreements: list[AgreementIn] | None = None
    profile: ProfileIn | None = None
    opportunity: OpportunityAnswersIn | None = None
    governance: GovernanceIn | None = None
    due_diligence: DueDiligenceIn | None = None
    commitments: list[CommitmentIn] | None = None
    surveys: list[SurveyIn] | None = None
    engagements: list[EngagementIn] | None = None
    reviews: list[ReviewIn] | None = None
    opportunities: list[OpportunityIn] | None = None
    joint_outcomes: list[JointOutcomeIn] | None = None
    metrics: list[MetricIn] | None = None
    events: list[EventIn] | None = Field(None, description="the history so far (§8 events)")


class PartnershipPatch(In):
    """The partnership's own fields; `profile`, `governance`, `due_diligence` merge key by
    key and null clears a value. Type and stage move through `/stage` (and promotion)."""

    name: Name | None = None
    category: Category | None = None
    started_on: Day | None = None
    planned_end_on: Day | None = None
    profile: ProfileIn | None = None
    opportunity: OpportunityAnswersIn | None = None
    governance: GovernanceIn | None = None
    due_diligence: DueDiligenceIn | None = None
    version: Version | None = None


class PartnerRef(Out):
    id: int
    name: str


class PartnershipOut(Out):
    id: int
    version: int
    name: str
    type: PartnershipType | None
    category: Category | None
    stage: Stage | None
    started_on: date | None
    planned_end_on: date | None
    confidential: bool
    partners: list[PartnerRef]
    profile: dict[str, int]
    opportunity: dict[str, bool] | None
    governance: dict[str, Any]
    due_diligence: dict[str, DueDiligenceStatus]
    updated_at: datetime
    can_edit: bool | None = Field(
        None, description="whether the caller may change it (null in lists)"
    )


class PartnershipList(Out):
    count: int
    limit: int
    offset: int
    items: list[PartnershipOut]


class StageChangeIn(In):
    to: Stage
    on: Day
    reason: Text
    exit_plan: Text | None = None
    override_reason: Text | None = None
    version: Version | None = None


class Formalization(In):
    """The governance a strategic partnership needs, set in the same operation."""

    executive_sponsor: Text | None = None
    partner_executive_sponsor: Text | None = None
    steering_committee: Bool | None = None
    success_metrics_defined: Bool | None = None
    escalation_path: list[Text] | None = None
    joint_plan: Bool | None = None
    review_cadence_days: Days | None = None


class PromotionIn(In):
    on: Day
    reason: Text
    formalization: Formalization = Formalization()
    override_reason: Text | None = None
    version: Version | None = None


class OrganizationPatch(In):
    name: Name | None = None
    sector: Sector | None = None
    assets: list[Text] | None = None
    competes_with_us: Bool | None = None
    competes_in: list[Text] | None = None
    version: Version | None = None


class OrganizationOut(Out):
    id: int
    version: int
    name: str
    sector: Sector | None
    assets: list[str]
    competes_with_us: bool | None
    competes_in: list[str]
    partnerships: list[PartnerRef] = Field(description="those the caller may see")


class OrganizationList(Out):
    count: int
    limit: int
    offset: int
    items: list[OrganizationOut]


class OrganizationIn(In):
    name: Name
    sector: Sector | None = None
    assets: list[Text] | None = None
    competes_with_us: Bool | None = None
    competes_in: list[Text] | None = None


Username = Annotated[str, Field(min_length=1, max_length=150)]


class TeamMemberIn(In):
    username: Username
    owner: Bool = False


class TeamIn(In):
    """The whole team: who is not named leaves it. A confidential partnership is known
    only to its team and administrators, so it needs someone on its team, and a person who
    is not an administrator marks it confidential only while on it."""

    confidential: Bool
    members: list[TeamMemberIn] = Field(max_length=200)
    version: Version | None = None


class TeamMemberOut(Out):
    username: str
    name: str
    owner: bool


class TeamOut(Out):
    version: int
    confidential: bool
    members: list[TeamMemberOut]
