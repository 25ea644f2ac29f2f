"""A compact JSON form of a partnership snapshot, for the snapshot cache.

The scan reads every partnership with all its evidence; rebuilding a snapshot from one
cached text costs a fraction of reading a dozen tables. The form is positional (each
object a list of its fields in declaration order), dates are day ordinals and codes
their values. Metric observations are left out: the scan reads only the recent ones it
needs, as of the day it assesses, and `decode` is given them.

`FORMAT` names this layout; a cache row of another format is ignored and rebuilt.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

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

FORMAT = 1
_day = date.fromordinal


def _o(day: date | None) -> int | None:
    return None if day is None else day.toordinal()


def _members(enum: Any) -> dict[str | None, Any]:
    return {None: None, **enum._value2member_map_}


_SECTOR = _members(Sector)
_AGREEMENT = _members(AgreementKind)
_TYPE = _members(PartnershipType)
_CATEGORY = _members(Category)
_STAGE = _members(Stage)
_DIMENSION = _members(Dimension)
_FACTOR = _members(Factor)
_AREA = _members(DueDiligenceArea)
_STATUS = _members(DueDiligenceStatus)
_SIDE = _members(SurveySide)
_ENGAGEMENT = _members(EngagementKind)
_DECISION = _members(ReviewDecision)
_OPPORTUNITY = _members(OpportunityStage)
_ATTRIBUTION = _members(Attribution)
_METRIC_CATEGORY = _members(MetricCategory)
_DIRECTION = _members(Direction)
_EVENT = _members(EventKind)


def encode(snapshot: PartnershipSnapshot, metric_ids: Sequence[int]) -> str:
    """The snapshot without observations; `metric_ids` name its metrics' rows, in order."""
    s = snapshot
    g = s.governance
    return json.dumps(
        [
            FORMAT,
            s.name,
            [[p.name, p.sector, p.assets, p.competes_with_us, p.competes_in] for p in s.partners],
            s.type,
            s.category,
            s.stage,
            _o(s.started_on),
            _o(s.planned_end_on),
            [
                [a.kind, a.title, _o(a.signed_on), _o(a.ends_on), _o(a.renewal_on), a.covers_ip]
                for a in s.agreements
            ],
            s.profile,
            s.opportunity,
            [
                g.owner,
                g.executive_sponsor,
                g.partner_executive_sponsor,
                g.steering_committee,
                g.relationship_manager,
                g.escalation_path,
                g.joint_plan,
                g.success_metrics_defined,
                g.review_cadence_days,
                g.partner_governance_commitment,
                g.our_governance_commitment,
            ],
            s.due_diligence,
            [[c.title, _o(c.due_on), _o(c.delivered_on), c.met_quality] for c in s.commitments],
            [[v.on.toordinal(), v.side, v.scores, v.respondent] for v in s.surveys],
            [[e.on.toordinal(), e.kind, e.summary] for e in s.engagements],
            [[r.on.toordinal(), r.decision, r.notes] for r in s.reviews],
            [
                [o.title, o.stage, o.requires_deeper_collaboration, o.value, o.attribution]
                for o in s.opportunities
            ],
            [[j.title, _o(j.on), j.value] for j in s.joint_outcomes],
            [
                [mid, m.key, m.name, m.category, m.direction, m.leading, m.unit, m.target]
                for mid, m in zip(metric_ids, s.metrics, strict=True)
            ],
            [[e.on.toordinal(), e.kind, e.from_, e.to, e.by, e.reason] for e in s.events],
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def parse(text: str) -> list[Any] | None:
    """The parsed form of what `encode` wrote; None when written in another format."""
    data = json.loads(text)
    return data if isinstance(data, list) and data and data[0] == FORMAT else None


def metric_ids(data: list[Any]) -> list[int]:
    return [m[0] for m in data[19]]


def decode(
    data: list[Any], observations: Mapping[int, Sequence[Observation]]
) -> PartnershipSnapshot:
    """The snapshot `encode` wrote (as `parse` read it), with its metrics' given observations."""
    (
        _format,
        name,
        partners,
        type_,
        category,
        stage,
        started_on,
        planned_end_on,
        agreements,
        profile,
        opportunity,
        g,
        diligence,
        commitments,
        surveys,
        engagements,
        reviews,
        opportunities,
        outcomes,
        metrics,
        events,
    ) = data
    day = _day
    return PartnershipSnapshot(
        name=name,
        partners=tuple(
            Partner(n, _SECTOR[sector], tuple(assets), competes, tuple(markets))
            for n, sector, assets, competes, markets in partners
        ),
        type=_TYPE[type_],
        category=_CATEGORY[category],
        stage=_STAGE[stage],
        started_on=None if started_on is None else day(started_on),
        planned_end_on=None if planned_end_on is None else day(planned_end_on),
        agreements=tuple(
            Agreement(
                _AGREEMENT[kind],
                title,
                None if signed is None else day(signed),
                None if ends is None else day(ends),
                None if renewal is None else day(renewal),
                ip,
            )
            for kind, title, signed, ends, renewal, ip in agreements
        ),
        profile=tuple((_DIMENSION[d], v) for d, v in profile),
        opportunity=None if opportunity is None else tuple((_FACTOR[f], v) for f, v in opportunity),
        governance=Governance(
            g[0], g[1], g[2], g[3], g[4], tuple(g[5]), g[6], g[7], g[8], g[9], g[10]
        ),
        due_diligence=tuple((_AREA[a], _STATUS[v]) for a, v in diligence),
        commitments=tuple(
            Commitment(
                title,
                None if due is None else day(due),
                None if delivered is None else day(delivered),
                quality,
            )
            for title, due, delivered, quality in commitments
        ),
        surveys=tuple(
            Survey(day(on), _SIDE[side], tuple((q, v) for q, v in scores), respondent)
            for on, side, scores, respondent in surveys
        ),
        engagements=tuple(
            Engagement(day(on), _ENGAGEMENT[kind], summary) for on, kind, summary in engagements
        ),
        reviews=tuple(Review(day(on), _DECISION[d], notes) for on, d, notes in reviews),
        opportunities=tuple(
            Opportunity(title, _OPPORTUNITY[st], deeper, value, _ATTRIBUTION[attribution])
            for title, st, deeper, value, attribution in opportunities
        ),
        joint_outcomes=tuple(
            JointOutcome(title, None if on is None else day(on), value)
            for title, on, value in outcomes
        ),
        metrics=tuple(
            Metric(
                key,
                m_name,
                _METRIC_CATEGORY[m_category],
                _DIRECTION[direction],
                leading,
                unit,
                target,
                tuple(observations.get(mid, ())),
            )
            for mid, key, m_name, m_category, direction, leading, unit, target in metrics
        ),
        events=tuple(
            Event(day(on), _EVENT[kind], from_, to, by, reason)
            for on, kind, from_, to, by, reason in events
        ),
    )
