"""Builders for the partnerships tests talk about: sensible defaults, named overrides."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from partnerfolio.domain.enums import (
    AgreementKind,
    Category,
    Dimension,
    DueDiligenceArea,
    DueDiligenceStatus,
    EngagementKind,
    EventKind,
    PartnershipType,
    Stage,
    SurveySide,
)
from partnerfolio.domain.snapshot import (
    Agreement,
    Commitment,
    Engagement,
    Event,
    Governance,
    Metric,
    Observation,
    PartnershipSnapshot,
    Review,
    Survey,
)

AS_OF = date(2026, 6, 30)


def days_ago(days: int, as_of: date = AS_OF) -> date:
    return as_of - timedelta(days=days)


def days_ahead(days: int, as_of: date = AS_OF) -> date:
    return as_of + timedelta(days=days)


def profile(*scores: int) -> tuple[tuple[Dimension, int], ...]:
    """Scores for the first len(scores) dimensions, in the spec's order."""
    return tuple(zip(Dimension, scores, strict=False))


def uniform_profile(score: int) -> tuple[tuple[Dimension, int], ...]:
    return profile(*([score] * len(Dimension)))


def partnership(**overrides: Any) -> PartnershipSnapshot:
    """An unremarkable partnership started a year before AS_OF; override what a test is about."""
    defaults: dict[str, Any] = {"name": "Northwind × Contoso", "started_on": days_ago(365)}
    return PartnershipSnapshot(**{**defaults, **overrides})


def strategic(**overrides: Any) -> PartnershipSnapshot:
    """A healthy, fully governed strategic partnership; tests break one thing at a time."""
    defaults: dict[str, Any] = {
        "type": PartnershipType.STRATEGIC,
        "category": Category.COMMERCIAL,
        "stage": Stage.ACTIVE,
        "profile": uniform_profile(4),
        "governance": Governance(
            owner="Ana Ruiz",
            executive_sponsor="Dana Chen",
            partner_executive_sponsor="Mark Obi",
            steering_committee=True,
            relationship_manager="Ana Ruiz",
            escalation_path=("Alliance managers", "Steering committee"),
            joint_plan=True,
            success_metrics_defined=True,
        ),
        "due_diligence": tuple((a, DueDiligenceStatus.DONE) for a in DueDiligenceArea),
        "engagements": (Engagement(days_ago(20), EngagementKind.EXECUTIVE_MEETING),),
        "reviews": (Review(days_ago(30)),),
    }
    return partnership(**{**defaults, **overrides})


def tactical(**overrides: Any) -> PartnershipSnapshot:
    """A well-run tactical engagement."""
    defaults: dict[str, Any] = {
        "type": PartnershipType.TACTICAL,
        "category": Category.OPERATIONAL,
        "stage": Stage.ACTIVE,
        "profile": uniform_profile(2),
        "governance": Governance(owner="Sam Lee"),
        "agreements": (
            Agreement(AgreementKind.SOW, signed_on=days_ago(370), ends_on=days_ahead(200)),
        ),
        "commitments": (Commitment("Phase 1", days_ago(100), days_ago(101), True),),
        "engagements": (Engagement(days_ago(10), EngagementKind.CHECK_IN),),
        "reviews": (Review(days_ago(15)),),
    }
    return partnership(**{**defaults, **overrides})


def with_governance(snapshot: PartnershipSnapshot, **changes: Any) -> PartnershipSnapshot:
    return dataclasses.replace(
        snapshot, governance=dataclasses.replace(snapshot.governance, **changes)
    )


def survey_round(on: date, ours: dict[str, float], partner: dict[str, float]) -> tuple[Survey, ...]:
    """One round: one respondent per side (a side left empty is absent)."""
    surveys = []
    if ours:
        surveys.append(Survey(on, SurveySide.OURS, tuple(ours.items())))
    if partner:
        surveys.append(Survey(on, SurveySide.PARTNER, tuple(partner.items())))
    return tuple(surveys)


def promoted(on: date) -> Event:
    return Event(on, EventKind.TYPE_CHANGED, "tactical", "strategic")


def metric(key: str, target: float | None, *values: tuple[date, float], **fields: Any) -> Metric:
    return Metric(
        key, target=target, observations=tuple(Observation(d, v) for d, v in values), **fields
    )
