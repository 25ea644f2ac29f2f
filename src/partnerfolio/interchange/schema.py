"""The JSON interchange document of framework.md §8, as strict pydantic models.

Strict: no type coercion ("3" is not 3, 1 is not true), unknown keys rejected, dates only
as YYYY-MM-DD, numbers finite. `null` stands for "not given" wherever a key is optional.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from partnerfolio.domain.enums import (
    AgreementKind,
    Attribution,
    Category,
    Direction,
    DueDiligenceStatus,
    EngagementKind,
    EventKind,
    MetricCategory,
    OpportunityStage,
    PartnershipType,
    ReviewDecision,
    Sector,
    Stage,
    SurveySide,
)

CODE_PATTERN = r"^[a-z][a-z0-9_]{0,62}$"


def _between(low: float, high: float) -> AfterValidator:
    def check(value: float) -> float:
        if not low <= value <= high:
            raise PydanticCustomError(
                "out_of_range", "must be between {low} and {high}", {"low": low, "high": high}
            )
        return value

    return AfterValidator(check)


def _at_least(low: float) -> AfterValidator:
    def check(value: float) -> float:
        if value < low:
            raise PydanticCustomError("too_small", "must be at least {low}", {"low": low})
        return value

    return AfterValidator(check)


def _text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be blank")
    return value


Text = Annotated[str, Field(max_length=500), AfterValidator(_text)]
Name = Annotated[str, Field(max_length=200), AfterValidator(_text)]
Code = Annotated[str, Field(pattern=CODE_PATTERN)]
ProfileScore = Annotated[int, _between(1, 5)]
SurveyScore = Annotated[float, _between(1, 5)]
Amount = Annotated[float, _at_least(0)]
Days = Annotated[int, _at_least(1)]


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", strict=True, allow_inf_nan=False, frozen=True, populate_by_name=False
    )


class PartnerIn(Strict):
    name: Name
    sector: Sector | None = None
    assets: list[Text] | None = None
    competes_with_us: bool | None = None
    competes_in: list[Text] | None = None


class AgreementIn(Strict):
    kind: AgreementKind | None = None
    title: Text | None = None
    signed_on: date | None = None
    ends_on: date | None = None
    renewal_on: date | None = None
    covers_ip: bool | None = None


class ProfileIn(Strict):
    time_horizon: ProfileScore | None = None
    objective_alignment: ProfileScore | None = None
    resource_commitment: ProfileScore | None = None
    risk_reward: ProfileScore | None = None
    relationship_depth: ProfileScore | None = None
    governance: ProfileScore | None = None
    exit_difficulty: ProfileScore | None = None
    innovation_potential: ProfileScore | None = None


class OpportunityAnswersIn(Strict):
    sustained_collaboration: bool | None = None
    new_market_entry: bool | None = None
    platform_codevelopment: bool | None = None
    ip_sharing: bool | None = None
    joint_capability: bool | None = None
    well_defined_need: bool | None = None
    time_bound: bool | None = None
    no_deep_integration: bool | None = None
    outsourced_deliverable: bool | None = None
    capacity_supplement: bool | None = None
    joint_campaign: bool | None = None
    proven_track_record: bool | None = None
    due_diligence_complete: bool | None = None


class GovernanceIn(Strict):
    owner: Text | None = None
    executive_sponsor: Text | None = None
    partner_executive_sponsor: Text | None = None
    steering_committee: bool | None = None
    relationship_manager: Text | None = None
    escalation_path: list[Text] | None = None
    joint_plan: bool | None = None
    success_metrics_defined: bool | None = None
    review_cadence_days: Days | None = None
    partner_governance_commitment: bool | None = None
    our_governance_commitment: bool | None = None


class DueDiligenceIn(Strict):
    culture: DueDiligenceStatus | None = None
    capabilities: DueDiligenceStatus | None = None
    incentives: DueDiligenceStatus | None = None


class CommitmentIn(Strict):
    title: Text | None = None
    due_on: date | None = None
    delivered_on: date | None = None
    met_quality: bool | None = None


class SurveyIn(Strict):
    on: date
    side: SurveySide
    respondent: Text | None = None
    scores: Annotated[dict[Code, SurveyScore], Field(min_length=1)]


class EngagementIn(Strict):
    on: date
    kind: EngagementKind
    summary: Text | None = None


class ReviewIn(Strict):
    on: date
    decision: ReviewDecision | None = None
    notes: Annotated[str, Field(max_length=5000)] | None = None


class OpportunityIn(Strict):
    title: Text | None = None
    stage: OpportunityStage | None = None
    requires_deeper_collaboration: bool | None = None
    value: Amount | None = None
    attribution: Attribution | None = None


class JointOutcomeIn(Strict):
    title: Text | None = None
    on: date | None = None
    value: float | None = None


class ObservationIn(Strict):
    on: date
    value: float


class MetricIn(Strict):
    key: Code
    name: Text | None = None
    category: MetricCategory | None = None
    direction: Direction | None = None
    leading: bool | None = None
    unit: Text | None = None
    target: float | None = None
    observations: list[ObservationIn] | None = None


class EventIn(Strict):
    on: date
    kind: EventKind
    from_: Annotated[str | None, Field(alias="from")] = None
    to: str
    by: Text | None = None
    reason: Annotated[str, Field(max_length=5000)] | None = None


class DocumentIn(Strict):
    name: Name
    partners: list[PartnerIn] | None = None
    type: PartnershipType | None = None
    category: Category | None = None
    stage: Stage | None = None
    started_on: date | None = None
    planned_end_on: date | None = None
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
    events: list[EventIn] | None = None
