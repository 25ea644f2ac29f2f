"""Reading a §8 document: JSON text → validated model → frozen domain snapshot."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from partnerfolio.domain.enums import (
    Dimension,
    DueDiligenceArea,
    EventKind,
    Factor,
    PartnershipType,
    Stage,
)
from partnerfolio.domain.playbook import Playbook, default_playbook
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
from partnerfolio.interchange.errors import InvalidDocument, Problem, got, problem_from_error
from partnerfolio.interchange.schema import DocumentIn, MetricIn

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


def parse_document(
    text: str | bytes, *, playbook: Playbook | None = None, source: str | None = None
) -> PartnershipSnapshot:
    """Validate a JSON document and return its snapshot, or raise InvalidDocument."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > MAX_DOCUMENT_BYTES:
        limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
        raise InvalidDocument(
            [Problem("", f"document too large: {size} bytes, limit {limit} MiB")], source
        )
    try:
        document = DocumentIn.model_validate_json(text)
    except ValidationError as error:
        problems = [problem_from_error(e, DocumentIn) for e in error.errors(include_url=False)]
        raise InvalidDocument(problems, source) from None
    problems = list(consistency_problems(document, playbook or default_playbook()))
    if problems:
        raise InvalidDocument(problems, source)
    return to_snapshot(document)


def read_document(path: str, *, playbook: Playbook | None = None) -> PartnershipSnapshot:
    """Read and parse a file; `-` reads standard input."""
    source = "<stdin>" if path == "-" else path
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as error:
        raise InvalidDocument(
            [Problem("", f"cannot read the file: {error.strerror}")], source
        ) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidDocument(
            [Problem("", f"not UTF-8 text (byte {error.start} is {raw[error.start]:#04x})")], source
        ) from None
    return parse_document(text, playbook=playbook, source=source)


def consistency_problems(document: DocumentIn, playbook: Playbook) -> Iterator[Problem]:
    """Values of the right type that contradict each other or the metric catalog."""
    if (
        document.started_on
        and document.planned_end_on
        and document.planned_end_on < document.started_on
    ):
        yield Problem(
            "planned_end_on",
            f"must be on or after started_on ({document.started_on}), got {got(str(document.planned_end_on))}",
        )
    for i, agreement in enumerate(document.agreements or ()):
        if agreement.signed_on and agreement.ends_on and agreement.ends_on < agreement.signed_on:
            yield Problem(
                f"agreements[{i}].ends_on",
                f"must be on or after signed_on ({agreement.signed_on}), got {got(str(agreement.ends_on))}",
            )
    for i, event in enumerate(document.events or ()):
        allowed = Stage if event.kind is EventKind.STAGE_CHANGED else PartnershipType
        values = [member.value for member in allowed]
        for key, value in (("from", event.from_), ("to", event.to)):
            if value is not None and value not in values:
                what = "stage" if allowed is Stage else "type"
                yield Problem(
                    f"events[{i}].{key}",
                    f"must be a {what} for a {event.kind.value} event, one of "
                    f"{', '.join(values)}, got {got(value)}",
                )
    seen: dict[str, int] = {}
    for i, metric in enumerate(document.metrics or ()):
        if metric.key in seen:
            yield Problem(
                f"metrics[{i}].key",
                f"duplicates metrics[{seen[metric.key]}], got {got(metric.key)}",
            )
        seen.setdefault(metric.key, i)
        yield from _metric_problems(i, metric, playbook)


def _metric_problems(i: int, metric: MetricIn, playbook: Playbook) -> Iterator[Problem]:
    spec = playbook.metrics.get(metric.key)
    where = f"metrics[{i}]"
    if spec is None:
        for key in ("category", "direction", "leading"):
            if getattr(metric, key) is None:
                yield Problem(
                    f"{where}.{key}",
                    f"required for {metric.key!r}, which is not in the metric catalog",
                )
    else:
        catalog = {"category": spec.category, "direction": "higher", "leading": spec.leading}
        for key, expected in catalog.items():
            value = getattr(metric, key)
            if value is not None and value != expected:
                yield Problem(
                    f"{where}.{key}",
                    f"{metric.key!r} is a catalog metric with {key} {got(expected)}, got {got(value)}",
                )
    dates: dict[object, int] = {}
    for j, observation in enumerate(metric.observations or ()):
        if observation.on in dates:
            yield Problem(
                f"{where}.observations[{j}].on",
                f"a second observation on {observation.on} (see observations[{dates[observation.on]}])",
            )
        dates.setdefault(observation.on, j)


def to_snapshot(document: DocumentIn) -> PartnershipSnapshot:
    """The frozen domain snapshot of a validated document."""
    g = document.governance
    profile = document.profile
    answers = document.opportunity
    due = document.due_diligence
    return PartnershipSnapshot(
        name=document.name,
        partners=tuple(
            Partner(
                name=p.name,
                sector=p.sector,
                assets=tuple(p.assets or ()),
                competes_with_us=p.competes_with_us,
                competes_in=tuple(p.competes_in or ()),
            )
            for p in document.partners or ()
        ),
        type=document.type,
        category=document.category,
        stage=document.stage,
        started_on=document.started_on,
        planned_end_on=document.planned_end_on,
        agreements=tuple(
            Agreement(a.kind, a.title, a.signed_on, a.ends_on, a.renewal_on, a.covers_ip)
            for a in document.agreements or ()
        ),
        profile=tuple(
            (d, score)
            for d in Dimension
            if profile is not None and (score := getattr(profile, d.value)) is not None
        ),
        opportunity=None
        if answers is None
        else tuple((f, value) for f in Factor if (value := getattr(answers, f.value)) is not None),
        governance=Governance()
        if g is None
        else Governance(
            owner=g.owner,
            executive_sponsor=g.executive_sponsor,
            partner_executive_sponsor=g.partner_executive_sponsor,
            steering_committee=g.steering_committee,
            relationship_manager=g.relationship_manager,
            escalation_path=tuple(g.escalation_path or ()),
            joint_plan=g.joint_plan,
            success_metrics_defined=g.success_metrics_defined,
            review_cadence_days=g.review_cadence_days,
            partner_governance_commitment=g.partner_governance_commitment,
            our_governance_commitment=g.our_governance_commitment,
        ),
        due_diligence=tuple(
            (area, status)
            for area in DueDiligenceArea
            if due is not None and (status := getattr(due, area.value)) is not None
        ),
        commitments=tuple(
            Commitment(c.title, c.due_on, c.delivered_on, c.met_quality)
            for c in document.commitments or ()
        ),
        surveys=tuple(
            Survey(s.on, s.side, tuple(s.scores.items()), s.respondent)
            for s in document.surveys or ()
        ),
        engagements=tuple(Engagement(e.on, e.kind, e.summary) for e in document.engagements or ()),
        reviews=tuple(Review(r.on, r.decision, r.notes) for r in document.reviews or ()),
        opportunities=tuple(
            Opportunity(o.title, o.stage, o.requires_deeper_collaboration, o.value, o.attribution)
            for o in document.opportunities or ()
        ),
        joint_outcomes=tuple(
            JointOutcome(o.title, o.on, o.value) for o in document.joint_outcomes or ()
        ),
        metrics=tuple(
            Metric(
                key=m.key,
                name=m.name,
                category=m.category,
                direction=m.direction,
                leading=m.leading,
                unit=m.unit,
                target=m.target,
                observations=tuple(Observation(o.on, o.value) for o in m.observations or ()),
            )
            for m in document.metrics or ()
        ),
        events=tuple(
            Event(e.on, e.kind, e.from_, e.to, e.by, e.reason) for e in document.events or ()
        ),
    )
