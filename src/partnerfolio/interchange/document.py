"""Reading a §8 document: JSON text → validated model → frozen domain snapshot."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TypeVar, cast

from pydantic import ValidationError

from partnerfolio.domain.enums import (
    Dimension,
    DueDiligenceArea,
    DueDiligenceStatus,
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
from partnerfolio.interchange.schema import DOCUMENT, DocumentIn, MetricIn

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024

_M = TypeVar("_M")
_V = TypeVar("_V")

# (member, attribute name) pairs, resolved once rather than per document.
_DIMENSIONS = tuple((d, d.value) for d in Dimension)
_FACTORS = tuple((f, f.value) for f in Factor)
_AREAS = tuple((a, a.value) for a in DueDiligenceArea)
_EVENT_VALUES = {
    EventKind.STAGE_CHANGED: ("stage", tuple(s.value for s in Stage)),
    EventKind.TYPE_CHANGED: ("type", tuple(t.value for t in PartnershipType)),
}


def parse_document(
    text: str | bytes, *, playbook: Playbook | None = None, source: str | None = None
) -> PartnershipSnapshot:
    """Validate a JSON document and return its snapshot, or raise InvalidDocument."""
    return to_snapshot(validate_document(text, playbook=playbook, source=source))


def validate_document(
    text: str | bytes, *, playbook: Playbook | None = None, source: str | None = None
) -> DocumentIn:
    """The validated document (plain dicts with dates and codes), or raise InvalidDocument."""
    size = len(text)
    if isinstance(text, str) and size * 4 > MAX_DOCUMENT_BYTES:  # only long text needs encoding
        size = len(text.encode("utf-8"))
    if size > MAX_DOCUMENT_BYTES:
        limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
        raise InvalidDocument(
            [Problem("", f"document too large: {size} bytes, limit {limit} MiB")], source
        )
    # JSON can carry NUL only escaped, and no database stores it in text.
    if (b"\\u0000" in text) if isinstance(text, bytes) else ("\\u0000" in text):
        raise InvalidDocument(
            [Problem("", "text must not contain the NUL character (\\u0000)")], source
        )
    try:
        document = DOCUMENT.validate_json(text)
    except ValidationError as error:
        problems = [problem_from_error(e, DocumentIn) for e in error.errors(include_url=False)]
        raise InvalidDocument(problems, source) from None
    problems = list(consistency_problems(document, playbook or default_playbook()))
    if problems:
        raise InvalidDocument(problems, source)
    return document


def read_text(path: str) -> tuple[str, str]:
    """(source, text) of a document file; `-` reads standard input. UTF-8, BOM allowed."""
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
        return source, raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidDocument(
            [Problem("", f"not UTF-8 text (byte {error.start} is {raw[error.start]:#04x})")], source
        ) from None


def read_document(path: str, *, playbook: Playbook | None = None) -> PartnershipSnapshot:
    """Read and parse a file; `-` reads standard input."""
    source, text = read_text(path)
    return parse_document(text, playbook=playbook, source=source)


def _after(
    path: str, later: date | None, earlier_key: str, earlier: date | None
) -> Iterator[Problem]:
    if later is not None and earlier is not None and later < earlier:
        yield Problem(path, f"must be on or after {earlier_key} ({earlier}), got {got(str(later))}")


def consistency_problems(document: DocumentIn, playbook: Playbook) -> Iterator[Problem]:
    """Values of the right type that contradict each other or the metric catalog."""
    yield from _after(
        "planned_end_on", document.get("planned_end_on"), "started_on", document.get("started_on")
    )
    for i, agreement in enumerate(document.get("agreements") or ()):
        yield from _after(
            f"agreements[{i}].ends_on",
            agreement.get("ends_on"),
            "signed_on",
            agreement.get("signed_on"),
        )
    for i, event in enumerate(document.get("events") or ()):
        what, values = _EVENT_VALUES[event["kind"]]
        for key in ("from", "to"):
            value = event.get(key)
            if value is not None and value not in values:
                yield Problem(
                    f"events[{i}].{key}",
                    f"must be a {what} for a {event['kind'].value} event, one of "
                    f"{', '.join(values)}, got {got(value)}",
                )
    partners: dict[str, int] = {}
    for i, partner in enumerate(document.get("partners") or ()):
        if partner["name"] in partners:
            yield Problem(
                f"partners[{i}].name",
                f"duplicates partners[{partners[partner['name']]}], got {got(partner['name'])}",
            )
        partners.setdefault(partner["name"], i)
    seen: dict[str, int] = {}
    for i, metric in enumerate(document.get("metrics") or ()):
        key = metric["key"]
        if key in seen:
            yield Problem(f"metrics[{i}].key", f"duplicates metrics[{seen[key]}], got {got(key)}")
        seen.setdefault(key, i)
        yield from _metric_problems(i, metric, playbook)


def _metric_problems(i: int, metric: MetricIn, playbook: Playbook) -> Iterator[Problem]:
    key = metric["key"]
    spec = playbook.metrics.get(key)
    where = f"metrics[{i}]"
    if spec is None:
        for field in ("category", "direction", "leading"):
            if metric.get(field) is None:
                yield Problem(
                    f"{where}.{field}",
                    f"required for {key!r}, which is not in the metric catalog",
                )
    else:
        catalog = {"category": spec.category, "direction": "higher", "leading": spec.leading}
        for field, expected in catalog.items():
            value = metric.get(field)
            if value is not None and value != expected:
                yield Problem(
                    f"{where}.{field}",
                    f"{key!r} is a catalog metric with {field} {got(expected)}, got {got(value)}",
                )
    dates: dict[date, int] = {}
    for j, observation in enumerate(metric.get("observations") or ()):
        on = observation["on"]
        if on in dates:
            yield Problem(
                f"{where}.observations[{j}].on",
                f"a second observation on {on} (see observations[{dates[on]}])",
            )
        dates.setdefault(on, j)


def _present(
    members: tuple[tuple[_M, str], ...], values: Mapping[str, _V | None] | None
) -> tuple[tuple[_M, _V], ...]:
    """(member, value) for each member whose key has a value, in the members' order."""
    if values is None:
        return ()
    return tuple((m, v) for m, key in members if (v := values.get(key)) is not None)


def to_snapshot(document: DocumentIn) -> PartnershipSnapshot:
    """The frozen domain snapshot of a validated document."""
    g = document.get("governance")
    profile = document.get("profile")
    answers = document.get("opportunity")
    due = document.get("due_diligence")
    return PartnershipSnapshot(
        name=document["name"],
        partners=tuple(
            Partner(
                name=p["name"],
                sector=p.get("sector"),
                assets=tuple(p.get("assets") or ()),
                competes_with_us=p.get("competes_with_us"),
                competes_in=tuple(p.get("competes_in") or ()),
            )
            for p in document.get("partners") or ()
        ),
        type=document.get("type"),
        category=document.get("category"),
        stage=document.get("stage"),
        started_on=document.get("started_on"),
        planned_end_on=document.get("planned_end_on"),
        agreements=tuple(
            Agreement(
                a.get("kind"),
                a.get("title"),
                a.get("signed_on"),
                a.get("ends_on"),
                a.get("renewal_on"),
                a.get("covers_ip"),
            )
            for a in document.get("agreements") or ()
        ),
        profile=_present(_DIMENSIONS, cast("Mapping[str, int | None] | None", profile)),
        opportunity=None
        if answers is None
        else _present(_FACTORS, cast("Mapping[str, bool | None]", answers)),
        governance=Governance()
        if g is None
        else Governance(
            owner=g.get("owner"),
            executive_sponsor=g.get("executive_sponsor"),
            partner_executive_sponsor=g.get("partner_executive_sponsor"),
            steering_committee=g.get("steering_committee"),
            relationship_manager=g.get("relationship_manager"),
            escalation_path=tuple(g.get("escalation_path") or ()),
            joint_plan=g.get("joint_plan"),
            success_metrics_defined=g.get("success_metrics_defined"),
            review_cadence_days=g.get("review_cadence_days"),
            partner_governance_commitment=g.get("partner_governance_commitment"),
            our_governance_commitment=g.get("our_governance_commitment"),
        ),
        due_diligence=_present(_AREAS, cast("Mapping[str, DueDiligenceStatus | None] | None", due)),
        commitments=tuple(
            Commitment(c.get("title"), c.get("due_on"), c.get("delivered_on"), c.get("met_quality"))
            for c in document.get("commitments") or ()
        ),
        surveys=tuple(
            Survey(s["on"], s["side"], tuple(s["scores"].items()), s.get("respondent"))
            for s in document.get("surveys") or ()
        ),
        engagements=tuple(
            Engagement(e["on"], e["kind"], e.get("summary"))
            for e in document.get("engagements") or ()
        ),
        reviews=tuple(
            Review(r["on"], r.get("decision"), r.get("notes"))
            for r in document.get("reviews") or ()
        ),
        opportunities=tuple(
            Opportunity(
                o.get("title"),
                o.get("stage"),
                o.get("requires_deeper_collaboration"),
                o.get("value"),
                o.get("attribution"),
            )
            for o in document.get("opportunities") or ()
        ),
        joint_outcomes=tuple(
            JointOutcome(o.get("title"), o.get("on"), o.get("value"))
            for o in document.get("joint_outcomes") or ()
        ),
        metrics=tuple(
            Metric(
                key=m["key"],
                name=m.get("name"),
                category=m.get("category"),
                direction=m.get("direction"),
                leading=m.get("leading"),
                unit=m.get("unit"),
                target=m.get("target"),
                observations=tuple(
                    Observation(o["on"], o["value"]) for o in m.get("observations") or ()
                ),
            )
            for m in document.get("metrics") or ()
        ),
        events=tuple(
            Event(e["on"], e["kind"], e.get("from"), e["to"], e.get("by"), e.get("reason"))
            for e in document.get("events") or ()
        ),
    )
