"""Hypothesis strategies for partnership snapshots around an `as_of` date."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hypothesis import strategies as st

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
from partnerfolio.domain.snapshot import (
    Agreement,
    Commitment,
    Engagement,
    Event,
    Governance,
    JointOutcome,
    Metric,
    Observation,
    Opportunity,
    Partner,
    PartnershipSnapshot,
    Review,
    Survey,
)

AS_OF = date(2026, 6, 30)
QUESTIONS = ("trust", "satisfaction", "communication", "fairness")
CATALOG_KEYS = (
    "revenue_growth",
    "trust_score",
    "joint_pipeline",
    "satisfaction_score",
    "sla_compliance",
)

names = st.sampled_from(["Globex", "Initech", "Umbrella", "Stark", "Wayne", "Acme"])
maybe_bool = st.none() | st.booleans()
maybe_person = st.none() | st.sampled_from(["Dana Chen", "Mark Obi", "Sam Lee"])


def dates(before: int = 900, after: int = 0) -> st.SearchStrategy[date]:
    """Dates from `before` days before AS_OF to `after` days after it."""
    return st.integers(-before, after).map(lambda n: AS_OF + timedelta(days=n))


def later_dates() -> st.SearchStrategy[date]:
    return st.integers(1, 400).map(lambda n: AS_OF + timedelta(days=n))


partners = st.builds(
    Partner,
    name=names,
    sector=st.none() | st.sampled_from(Sector),
    competes_with_us=maybe_bool,
    competes_in=st.lists(st.sampled_from(["APM", "EMEA", "storage"]), max_size=2).map(tuple),
)
agreements = st.builds(
    Agreement,
    kind=st.none() | st.sampled_from(AgreementKind),
    title=st.none() | st.sampled_from(["MSA", "SOW 1", "Licence"]),
    signed_on=st.none() | dates(),
    ends_on=st.none() | dates(600, 200),
    covers_ip=maybe_bool,
)
commitments = st.builds(
    Commitment,
    title=st.none() | st.sampled_from(["Pilot", "Release", "Training"]),
    due_on=st.none() | dates(),
    delivered_on=st.none() | dates(),
    met_quality=maybe_bool,
)
scores = st.floats(1, 5, allow_nan=False).map(lambda x: round(x * 4) / 4)
surveys = st.builds(
    Survey,
    on=dates(500).map(lambda d: d - timedelta(days=d.toordinal() % 30)),  # rounds share dates
    side=st.sampled_from(SurveySide),
    scores=st.dictionaries(st.sampled_from(QUESTIONS), scores, min_size=1).map(
        lambda d: tuple(d.items())
    ),
)
engagements = st.builds(Engagement, on=dates(), kind=st.sampled_from(EngagementKind))
reviews = st.builds(Review, on=dates(), decision=st.none() | st.sampled_from(ReviewDecision))
opportunities = st.builds(
    Opportunity,
    title=st.none() | st.sampled_from(["Banks", "Retail", "Public sector"]),
    stage=st.none() | st.sampled_from(OpportunityStage),
    requires_deeper_collaboration=maybe_bool,
    value=st.none() | st.floats(0, 1e6),
    attribution=st.none() | st.sampled_from(Attribution),
)
outcomes = st.builds(
    JointOutcome,
    title=st.none() | st.just("Outcome"),
    on=st.none() | dates(),
    value=st.none() | st.floats(-1e5, 1e6),
)
observations = st.lists(
    st.builds(Observation, on=dates(), value=st.floats(-10, 1000)),
    max_size=6,
    unique_by=lambda o: o.on,
)


@st.composite
def metrics(draw: st.DrawFn) -> tuple[Metric, ...]:
    keys = draw(
        st.lists(st.sampled_from((*CATALOG_KEYS, "custom_a", "custom_b")), unique=True, max_size=4)
    )
    found = []
    for key in keys:
        custom = key.startswith("custom")
        found.append(
            Metric(
                key=key,
                category=draw(st.sampled_from(MetricCategory)) if custom else None,
                direction=draw(st.sampled_from(Direction)) if custom else None,
                leading=draw(st.booleans()) if custom else None,
                target=draw(st.none() | st.floats(0.5, 500)),
                observations=tuple(draw(observations)),
            )
        )
    return tuple(found)


events = st.one_of(
    st.builds(
        Event,
        on=dates(),
        kind=st.just(EventKind.STAGE_CHANGED),
        from_=st.sampled_from([s.value for s in Stage]),
        to=st.sampled_from([s.value for s in Stage]),
    ),
    st.builds(
        Event,
        on=dates(),
        kind=st.just(EventKind.TYPE_CHANGED),
        from_=st.sampled_from([t.value for t in PartnershipType]),
        to=st.sampled_from([t.value for t in PartnershipType]),
    ),
)
governance = st.builds(
    Governance,
    owner=maybe_person,
    executive_sponsor=maybe_person,
    partner_executive_sponsor=maybe_person,
    steering_committee=maybe_bool,
    relationship_manager=maybe_person,
    escalation_path=st.lists(st.sampled_from(["Managers", "Sponsors"]), max_size=2).map(tuple),
    joint_plan=maybe_bool,
    success_metrics_defined=maybe_bool,
    review_cadence_days=st.none() | st.integers(14, 120),
    partner_governance_commitment=maybe_bool,
    our_governance_commitment=maybe_bool,
)
profiles = st.dictionaries(st.sampled_from(Dimension), st.integers(1, 5)).map(
    lambda d: tuple((dim, d[dim]) for dim in Dimension if dim in d)
)
opportunity_answers = st.none() | st.dictionaries(st.sampled_from(Factor), st.booleans()).map(
    lambda d: tuple((f, d[f]) for f in Factor if f in d)
)
due_diligence = st.dictionaries(
    st.sampled_from(DueDiligenceArea), st.sampled_from(DueDiligenceStatus)
).map(lambda d: tuple((a, d[a]) for a in DueDiligenceArea if a in d))


def lists_of(strategy: st.SearchStrategy, size: int = 6) -> st.SearchStrategy[tuple]:
    return st.lists(strategy, max_size=size).map(tuple)


snapshots = st.builds(
    PartnershipSnapshot,
    name=st.just("Generated"),
    partners=st.lists(partners, max_size=3, unique_by=lambda p: p.name).map(tuple),
    type=st.none() | st.sampled_from(PartnershipType),
    category=st.none() | st.sampled_from(Category),
    stage=st.none() | st.sampled_from(Stage),
    started_on=st.none() | dates(900),
    planned_end_on=st.none() | dates(0, 2000),
    agreements=lists_of(agreements, 3),
    profile=profiles,
    opportunity=opportunity_answers,
    governance=governance,
    due_diligence=due_diligence,
    commitments=lists_of(commitments, 8),
    surveys=lists_of(surveys, 8),
    engagements=lists_of(engagements, 8),
    reviews=lists_of(reviews, 4),
    opportunities=lists_of(opportunities, 3),
    joint_outcomes=lists_of(outcomes, 3),
    metrics=metrics(),
    events=lists_of(events, 4),
)


def _consistent(snapshot: PartnershipSnapshot) -> PartnershipSnapshot:
    """Drop the date pairs a document may not contradict (end before start)."""
    planned = snapshot.planned_end_on
    if planned and snapshot.started_on and planned < snapshot.started_on:
        planned = None
    agreements = tuple(
        dataclasses.replace(a, ends_on=None)
        if a.ends_on and a.signed_on and a.ends_on < a.signed_on
        else a
        for a in snapshot.agreements
    )
    return dataclasses.replace(snapshot, planned_end_on=planned, agreements=agreements)


# Snapshots that a valid document can describe (for round trips through JSON).
document_snapshots = snapshots.map(_consistent)
