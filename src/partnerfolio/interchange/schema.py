"""The JSON interchange document of framework.md §8, as a strict pydantic schema.

Strict: no type coercion ("3" is not 3, 1 is not true), unknown keys rejected, dates only
as YYYY-MM-DD, numbers finite. `null` stands for "not given" wherever a key is optional.
The parts are TypedDicts: validated in pydantic's compiled core straight into plain dicts,
which costs a fraction of building model instances that would only be copied into the
domain snapshot anyway.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Required

from pydantic import ConfigDict, Field, TypeAdapter, with_config
from typing_extensions import TypedDict

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
NOT_BLANK = r"\S"


# Constraints stay declarative so pydantic's compiled core checks them; errors.py words
# the failures (a range reads "must be between 1 and 5", a NOT_BLANK miss "must not be blank").
Text = Annotated[str, Field(max_length=500, pattern=NOT_BLANK)]
Name = Annotated[str, Field(max_length=200, pattern=NOT_BLANK)]
Code = Annotated[str, Field(pattern=CODE_PATTERN)]
ProfileScore = Annotated[int, Field(ge=1, le=5)]
SurveyScore = Annotated[float, Field(ge=1, le=5)]
Amount = Annotated[float, Field(ge=0)]
Days = Annotated[int, Field(ge=1, le=3650)]  # up to ten years


STRICT = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


@with_config(STRICT)
class PartnerIn(TypedDict, total=False):
    name: Required[Name]
    sector: Sector | None
    assets: list[Text] | None
    competes_with_us: bool | None
    competes_in: list[Text] | None


@with_config(STRICT)
class AgreementIn(TypedDict, total=False):
    kind: AgreementKind | None
    title: Text | None
    signed_on: date | None
    ends_on: date | None
    renewal_on: date | None
    covers_ip: bool | None


@with_config(STRICT)
class ProfileIn(TypedDict, total=False):
    time_horizon: ProfileScore | None
    objective_alignment: ProfileScore | None
    resource_commitment: ProfileScore | None
    risk_reward: ProfileScore | None
    relationship_depth: ProfileScore | None
    governance: ProfileScore | None
    exit_difficulty: ProfileScore | None
    innovation_potential: ProfileScore | None


@with_config(STRICT)
class OpportunityAnswersIn(TypedDict, total=False):
    sustained_collaboration: bool | None
    new_market_entry: bool | None
    platform_codevelopment: bool | None
    ip_sharing: bool | None
    joint_capability: bool | None
    well_defined_need: bool | None
    time_bound: bool | None
    no_deep_integration: bool | None
    outsourced_deliverable: bool | None
    capacity_supplement: bool | None
    joint_campaign: bool | None
    proven_track_record: bool | None
    due_diligence_complete: bool | None


@with_config(STRICT)
class GovernanceIn(TypedDict, total=False):
    owner: Text | None
    executive_sponsor: Text | None
    partner_executive_sponsor: Text | None
    steering_committee: bool | None
    relationship_manager: Text | None
    escalation_path: list[Text] | None
    joint_plan: bool | None
    success_metrics_defined: bool | None
    review_cadence_days: Days | None
    partner_governance_commitment: bool | None
    our_governance_commitment: bool | None


@with_config(STRICT)
class DueDiligenceIn(TypedDict, total=False):
    culture: DueDiligenceStatus | None
    capabilities: DueDiligenceStatus | None
    incentives: DueDiligenceStatus | None


@with_config(STRICT)
class CommitmentIn(TypedDict, total=False):
    title: Text | None
    due_on: date | None
    delivered_on: date | None
    met_quality: bool | None


@with_config(STRICT)
class SurveyIn(TypedDict, total=False):
    on: Required[date]
    side: Required[SurveySide]
    respondent: Text | None
    scores: Required[Annotated[dict[Code, SurveyScore], Field(min_length=1)]]


@with_config(STRICT)
class EngagementIn(TypedDict, total=False):
    on: Required[date]
    kind: Required[EngagementKind]
    summary: Text | None


@with_config(STRICT)
class ReviewIn(TypedDict, total=False):
    on: Required[date]
    decision: ReviewDecision | None
    notes: Annotated[str, Field(max_length=5000)] | None


@with_config(STRICT)
class OpportunityIn(TypedDict, total=False):
    title: Text | None
    stage: OpportunityStage | None
    requires_deeper_collaboration: bool | None
    value: Amount | None
    attribution: Attribution | None


@with_config(STRICT)
class JointOutcomeIn(TypedDict, total=False):
    title: Text | None
    on: date | None
    value: float | None


@with_config(STRICT)
class ObservationIn(TypedDict, total=False):
    on: Required[date]
    value: Required[float]


@with_config(STRICT)
class MetricIn(TypedDict, total=False):
    key: Required[Code]
    name: Text | None
    category: MetricCategory | None
    direction: Direction | None
    leading: bool | None
    unit: Text | None
    target: float | None
    observations: list[ObservationIn] | None


# Functional form: the document's key `from` is a Python keyword.
EventIn = TypedDict(
    "EventIn",
    {
        "on": Required[date],
        "kind": Required[EventKind],
        "from": str | None,
        "to": Required[str],
        "by": Text | None,
        "reason": Annotated[str, Field(max_length=5000)] | None,
    },
    total=False,
)
EventIn.__pydantic_config__ = STRICT  # type: ignore[attr-defined]


@with_config(STRICT)
class DocumentIn(TypedDict, total=False):
    name: Required[Name]
    partners: list[PartnerIn] | None
    type: PartnershipType | None
    category: Category | None
    stage: Stage | None
    started_on: date | None
    planned_end_on: date | None
    agreements: list[AgreementIn] | None
    profile: ProfileIn | None
    opportunity: OpportunityAnswersIn | None
    governance: GovernanceIn | None
    due_diligence: DueDiligenceIn | None
    commitments: list[CommitmentIn] | None
    surveys: list[SurveyIn] | None
    engagements: list[EngagementIn] | None
    reviews: list[ReviewIn] | None
    opportunities: list[OpportunityIn] | None
    joint_outcomes: list[JointOutcomeIn] | None
    metrics: list[MetricIn] | None
    events: list[EventIn] | None


DOCUMENT = TypeAdapter(DocumentIn)
