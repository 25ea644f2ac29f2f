"""A snapshot as a §8 document, in normal form: the inverse of `parse_document`.

Normal form: keys in the order of §8, metric observations in date order, and nothing that
says "not given" (null, an empty list or object) is written, except an empty
`opportunity`, which asks the advisor. `normalize` brings any valid document to the same form, so a
round trip can be compared: `normalize(doc) == to_document(parse_document(doc))`.
"""

from __future__ import annotations

import json
from datetime import date
from enum import Enum
from typing import Any

from partnerfolio.domain.snapshot import PartnershipSnapshot

JSON = dict[str, Any]

# Key order of §8; keys not listed there follow in the order they are written.
_ORDER = [
    "name",
    "partners",
    "type",
    "category",
    "stage",
    "started_on",
    "planned_end_on",
    "agreements",
    "profile",
    "opportunity",
    "governance",
    "due_diligence",
    "commitments",
    "surveys",
    "engagements",
    "reviews",
    "opportunities",
    "joint_outcomes",
    "metrics",
    "events",
]


def json_value(value: Any) -> Any:
    """A code or a date as the document writes it (a `default=` for json.dumps)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a document value")


def _plain(value: Any) -> Any:
    return json_value(value) if isinstance(value, Enum | date) else value


def _object(**fields: Any) -> JSON:
    """The fields that carry a value, JSON-ready."""
    return {k: _plain(v) for k, v in fields.items() if v is not None and v != () and v != []}


def to_document(snapshot: PartnershipSnapshot) -> JSON:
    """The normalized §8 document of a snapshot."""
    g = snapshot.governance
    document = _object(
        name=snapshot.name,
        partners=[
            _object(
                name=p.name,
                sector=p.sector,
                assets=list(p.assets),
                competes_with_us=p.competes_with_us,
                competes_in=list(p.competes_in),
            )
            for p in snapshot.partners
        ],
        type=snapshot.type,
        category=snapshot.category,
        stage=snapshot.stage,
        started_on=snapshot.started_on,
        planned_end_on=snapshot.planned_end_on,
        agreements=[
            _object(
                kind=a.kind,
                title=a.title,
                signed_on=a.signed_on,
                ends_on=a.ends_on,
                renewal_on=a.renewal_on,
                covers_ip=a.covers_ip,
            )
            for a in snapshot.agreements
        ],
        profile={d.value: score for d, score in snapshot.profile} or None,
        opportunity=None
        if snapshot.opportunity is None
        else {f.value: answer for f, answer in snapshot.opportunity},
        governance=_object(
            owner=g.owner,
            executive_sponsor=g.executive_sponsor,
            partner_executive_sponsor=g.partner_executive_sponsor,
            steering_committee=g.steering_committee,
            relationship_manager=g.relationship_manager,
            escalation_path=list(g.escalation_path),
            joint_plan=g.joint_plan,
            success_metrics_defined=g.success_metrics_defined,
            review_cadence_days=g.review_cadence_days,
            partner_governance_commitment=g.partner_governance_commitment,
            our_governance_commitment=g.our_governance_commitment,
        )
        or None,
        due_diligence={a.value: s.value for a, s in snapshot.due_diligence} or None,
        commitments=[
            _object(
                title=c.title,
                due_on=c.due_on,
                delivered_on=c.delivered_on,
                met_quality=c.met_quality,
            )
            for c in snapshot.commitments
        ],
        surveys=[
            _object(on=s.on, side=s.side, respondent=s.respondent, scores=dict(s.scores))
            for s in snapshot.surveys
        ],
        engagements=[
            _object(on=e.on, kind=e.kind, summary=e.summary) for e in snapshot.engagements
        ],
        reviews=[_object(on=r.on, decision=r.decision, notes=r.notes) for r in snapshot.reviews],
        opportunities=[
            _object(
                title=o.title,
                stage=o.stage,
                requires_deeper_collaboration=o.requires_deeper_collaboration,
                value=o.value,
                attribution=o.attribution,
            )
            for o in snapshot.opportunities
        ],
        joint_outcomes=[
            _object(title=o.title, on=o.on, value=o.value) for o in snapshot.joint_outcomes
        ],
        metrics=[
            _object(
                key=m.key,
                name=m.name,
                category=m.category,
                direction=m.direction,
                leading=m.leading,
                unit=m.unit,
                target=m.target,
                observations=[
                    {"on": o.on.isoformat(), "value": o.value}
                    for o in sorted(m.observations, key=lambda o: o.on)
                ],
            )
            for m in snapshot.metrics
        ],
        events=[
            _object(on=e.on, kind=e.kind, **{"from": e.from_}, to=e.to, by=e.by, reason=e.reason)
            for e in snapshot.events
        ],
    )
    return document


def normalize(document: JSON) -> JSON:
    """A valid document in normal form: §8 key order, no nulls or empty values."""

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            cleaned = {k: clean(v) for k, v in value.items()}
            return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    cleaned = clean(json.loads(json.dumps(document)))
    for metric in cleaned.get("metrics") or ():
        if "observations" in metric:  # kept in date order, as the record keeps them
            metric["observations"].sort(key=lambda o: o["on"])
    if document.get("opportunity") is not None:
        # An empty answer sheet still asks the advisor (and gets `undecided`).
        cleaned["opportunity"] = clean(document["opportunity"])
    ordered = {key: cleaned[key] for key in _ORDER if key in cleaned}
    return ordered | {k: v for k, v in cleaned.items() if k not in ordered}
