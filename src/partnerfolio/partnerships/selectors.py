"""Reads: stored partnerships as domain snapshots, their assessments and documents.

`snapshots` loads any number of partnerships with all their evidence in a fixed number of
queries (one per table), reading plain rows rather than model instances, so a portfolio
scan costs little beside the engine.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction

from partnerfolio.audit.history import describe, entry_text
from partnerfolio.audit.models import AuditRecord
from partnerfolio.domain import Assessment, PartnershipSnapshot, Playbook, assess
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
    Review,
    Survey,
)
from partnerfolio.evidence import models as evidence
from partnerfolio.interchange.export import to_document
from partnerfolio.metrics.models import Metric as MetricRow
from partnerfolio.metrics.models import Observation as ObservationRow
from partnerfolio.partnerships import models, snapshot_codec

# model column -> profile dimension (`governance` is a governance section too)
PROFILE_COLUMNS = {
    Dimension.TIME_HORIZON: "time_horizon",
    Dimension.OBJECTIVE_ALIGNMENT: "objective_alignment",
    Dimension.RESOURCE_COMMITMENT: "resource_commitment",
    Dimension.RISK_REWARD: "risk_reward",
    Dimension.RELATIONSHIP_DEPTH: "relationship_depth",
    Dimension.GOVERNANCE: "governance_score",
    Dimension.EXIT_DIFFICULTY: "exit_difficulty",
    Dimension.INNOVATION_POTENTIAL: "innovation_potential",
}
DILIGENCE_COLUMNS = {
    DueDiligenceArea.CULTURE: "diligence_culture",
    DueDiligenceArea.CAPABILITIES: "diligence_capabilities",
    DueDiligenceArea.INCENTIVES: "diligence_incentives",
}
GOVERNANCE_TEXT = (
    "owner",
    "executive_sponsor",
    "partner_executive_sponsor",
    "relationship_manager",
)
GOVERNANCE_FLAGS = (
    "steering_committee",
    "joint_plan",
    "success_metrics_defined",
    "partner_governance_commitment",
    "our_governance_commitment",
)
BATCH = 500


def _code(enum: Any, value: str) -> Any:
    return enum(value) if value else None


def _text(value: str) -> str | None:
    return value or None


def _columns(model: Any) -> list[str]:
    """The columns a snapshot reads: everything but bookkeeping."""
    skip = {"version", "revision", "created_at", "updated_at", "author"}
    return [f.attname for f in model._meta.concrete_fields if f.name not in skip]


def _grouped(
    rows: Iterable[dict[str, Any]], key: str = "partnership_id"
) -> dict[int, list[dict[str, Any]]]:
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


@dataclass(frozen=True, slots=True)
class RecentObservations:
    """Load only each metric's last `count` observations on or before `as_of`.

    Enough for a verdict on `as_of`: attainment reads the latest observation and the
    trend the last `trend_points`; the scan uses it, exports never do.
    """

    as_of: date
    count: int


def snapshots(
    ids: Iterable[int], recent: RecentObservations | None = None
) -> dict[int, PartnershipSnapshot]:
    """Snapshots of the given partnerships: 12 queries for any number of them."""
    return {pid: snapshot for pid, (snapshot, _metrics) in _load(list(ids), recent).items()}


def _load(
    ids: list[int], recent: RecentObservations | None
) -> dict[int, tuple[PartnershipSnapshot, list[int]]]:
    """Snapshots with the ids of their metrics' rows, in the snapshot's order."""
    if not ids:
        return {}
    scope = {"partnership_id__in": ids}
    rows = models.Partnership.objects.filter(id__in=ids).values(*_columns(models.Partnership))
    partners = _grouped(
        models.PartnershipPartner.objects.filter(**scope)
        .order_by("position", "id")
        .values(
            "partnership_id",
            "partner__name",
            "partner__sector",
            "partner__assets",
            "partner__competes_with_us",
            "partner__competes_in",
        )
    )
    agreements = _grouped(
        models.Agreement.objects.filter(**scope).order_by("id").values(*_columns(models.Agreement))
    )
    events = _grouped(
        models.Event.objects.filter(**scope).order_by("id").values(*_columns(models.Event))
    )
    commitments = _grouped(
        evidence.Commitment.objects.filter(**scope)
        .order_by("id")
        .values(*_columns(evidence.Commitment))
    )
    engagements = _grouped(
        evidence.Engagement.objects.filter(**scope)
        .order_by("id")
        .values(*_columns(evidence.Engagement))
    )
    reviews = _grouped(
        evidence.Review.objects.filter(**scope).order_by("id").values(*_columns(evidence.Review))
    )
    surveys = _grouped(
        evidence.SurveyResponse.objects.filter(**scope)
        .order_by("id")
        .values(*_columns(evidence.SurveyResponse))
    )
    opportunities = _grouped(
        evidence.Opportunity.objects.filter(**scope)
        .order_by("id")
        .values(*_columns(evidence.Opportunity))
    )
    outcomes = _grouped(
        evidence.JointOutcome.objects.filter(**scope)
        .order_by("id")
        .values(*_columns(evidence.JointOutcome))
    )
    metric_rows = _grouped(
        MetricRow.objects.filter(**scope).order_by("id").values(*_columns(MetricRow))
    )
    observations = _observations([m["id"] for rows_ in metric_rows.values() for m in rows_], recent)

    found: dict[int, tuple[PartnershipSnapshot, list[int]]] = {}
    for row in rows:
        pid = row["id"]
        found[pid] = (
            PartnershipSnapshot(
                name=row["name"],
                partners=tuple(
                    Partner(
                        name=p["partner__name"],
                        sector=_code(Sector, p["partner__sector"]),
                        assets=tuple(p["partner__assets"] or ()),
                        competes_with_us=p["partner__competes_with_us"],
                        competes_in=tuple(p["partner__competes_in"] or ()),
                    )
                    for p in partners.get(pid, ())
                ),
                type=_code(PartnershipType, row["type"]),
                category=_code(Category, row["category"]),
                stage=_code(Stage, row["stage"]),
                started_on=row["started_on"],
                planned_end_on=row["planned_end_on"],
                agreements=tuple(
                    Agreement(
                        _code(AgreementKind, a["kind"]),
                        _text(a["title"]),
                        a["signed_on"],
                        a["ends_on"],
                        a["renewal_on"],
                        a["covers_ip"],
                    )
                    for a in agreements.get(pid, ())
                ),
                profile=tuple(
                    (d, row[column])
                    for d, column in PROFILE_COLUMNS.items()
                    if row[column] is not None
                ),
                opportunity=None
                if row["opportunity"] is None
                else tuple(
                    (f, row["opportunity"][f.value])
                    for f in Factor
                    if f.value in row["opportunity"]
                ),
                governance=Governance(
                    **{name: _text(row[name]) for name in GOVERNANCE_TEXT},
                    **{name: row[name] for name in GOVERNANCE_FLAGS},
                    escalation_path=tuple(row["escalation_path"] or ()),
                    review_cadence_days=row["review_cadence_days"],
                ),
                due_diligence=tuple(
                    (area, DueDiligenceStatus(row[column]))
                    for area, column in DILIGENCE_COLUMNS.items()
                    if row[column]
                ),
                commitments=tuple(
                    Commitment(_text(c["title"]), c["due_on"], c["delivered_on"], c["met_quality"])
                    for c in commitments.get(pid, ())
                ),
                surveys=tuple(
                    Survey(
                        s["on"],
                        SurveySide(s["side"]),
                        tuple(s["scores"].items()),
                        _text(s["respondent"]),
                    )
                    for s in surveys.get(pid, ())
                ),
                engagements=tuple(
                    Engagement(e["on"], EngagementKind(e["kind"]), _text(e["summary"]))
                    for e in engagements.get(pid, ())
                ),
                reviews=tuple(
                    Review(r["on"], _code(ReviewDecision, r["decision"]), _text(r["notes"]))
                    for r in reviews.get(pid, ())
                ),
                opportunities=tuple(
                    Opportunity(
                        _text(o["title"]),
                        _code(OpportunityStage, o["stage"]),
                        o["requires_deeper_collaboration"],
                        o["value"],
                        _code(Attribution, o["attribution"]),
                    )
                    for o in opportunities.get(pid, ())
                ),
                joint_outcomes=tuple(
                    JointOutcome(_text(o["title"]), o["on"], o["value"])
                    for o in outcomes.get(pid, ())
                ),
                metrics=tuple(
                    Metric(
                        key=m["key"],
                        name=_text(m["name"]),
                        category=_code(MetricCategory, m["category"]),
                        direction=_code(Direction, m["direction"]),
                        leading=m["leading"],
                        unit=_text(m["unit"]),
                        target=m["target"],
                        observations=tuple(observations.get(m["id"], ())),
                    )
                    for m in metric_rows.get(pid, ())
                ),
                events=tuple(
                    Event(
                        e["on"],
                        EventKind(e["kind"]),
                        _text(e["from_value"]),
                        e["to_value"],
                        _text(e["by"]),
                        _text(e["reason"]),
                    )
                    for e in events.get(pid, ())
                ),
            ),
            [m["id"] for m in metric_rows.get(pid, ())],
        )
    return found


def _observations(
    metric_ids: list[int], recent: RecentObservations | None = None
) -> dict[int, list[Observation]]:
    """Observations by metric, in date order.

    Plain SQL: a scan reads hundreds of thousands of these, and the ORM's per-row
    conversion would cost more than the engine's whole assessment.
    """
    found: dict[int, list[Observation]] = defaultdict(list)
    if not metric_ids or (recent is not None and recent.count == 0):
        return found
    table = connection.ops.quote_name(ObservationRow._meta.db_table)
    on = connection.ops.quote_name("on")
    # SQLite: read the ISO text as it is (no declared type, so no per-row converter).
    day_column = f"{on} || ''" if connection.vendor == "sqlite" else on
    dates: dict[Any, date] = {}  # the same days recur across metrics; parse each once
    with connection.cursor() as cursor:
        for start in range(0, len(metric_ids), 900):
            chunk = metric_ids[start : start + 900]
            marks = ", ".join(["%s"] * len(chunk))
            query = (
                f"SELECT metric_id, {day_column}, value FROM {table} WHERE metric_id IN ({marks})"
            )
            parameters: list[Any] = list(chunk)
            if recent is not None:
                # Per metric, an index seek to its last `count` values up to as_of.
                metric = connection.ops.quote_name(MetricRow._meta.db_table)
                if connection.vendor == "postgresql":
                    query = (
                        f"SELECT m.id, r.{on}, r.value FROM {metric} m CROSS JOIN LATERAL "
                        f"(SELECT {on}, value FROM {table} WHERE metric_id = m.id AND {on} <= %s "
                        f"ORDER BY {on} DESC LIMIT %s) AS r WHERE m.id IN ({marks})"
                    )
                else:
                    query = (
                        f"SELECT o.metric_id, o.{on} || '', o.value FROM {metric} m "
                        f"JOIN {table} o ON o.id IN (SELECT o2.id FROM {table} o2 "
                        f"WHERE o2.metric_id = m.id AND o2.{on} <= %s ORDER BY o2.{on} DESC LIMIT %s) "
                        f"WHERE m.id IN ({marks})"
                    )
                parameters = [recent.as_of, recent.count, *chunk]
            cursor.execute(f"{query} ORDER BY 1, 2", parameters)
            for metric_id, day, value in cursor.fetchall():
                parsed = dates.get(day)
                if parsed is None:
                    parsed = dates[day] = day if isinstance(day, date) else date.fromisoformat(day)
                found[metric_id].append(Observation(parsed, value))
    return found


def partnership_snapshot(partnership: models.Partnership) -> PartnershipSnapshot:
    return snapshots([partnership.pk])[partnership.pk]


def partnership_document(partnership: models.Partnership) -> dict[str, Any]:
    """The partnership as a normalized §8 document."""
    return to_document(partnership_snapshot(partnership))


def partnership_assessment(
    partnership: models.Partnership, as_of: date, playbook: Playbook
) -> Assessment:
    """Always current: computed from what is stored now."""
    return assess(partnership_snapshot(partnership), as_of, playbook)


def partnership_by_name(name: str) -> models.Partnership:
    return models.Partnership.objects.get(name=name)


def cached_snapshots(
    ids: Iterable[int], recent: RecentObservations
) -> dict[int, PartnershipSnapshot]:
    """What `snapshots` answers, read from the snapshot cache where it is current.

    Two queries for the partnerships whose cache holds their current revision (the rows
    with their cache, then the recent observations), and `snapshots`' twelve for the
    rest, whose cache is then written anew. The revision is read before the evidence, so
    a change committed meanwhile leaves the new cache row already stale, never wrong.
    """
    rows = list(
        models.Partnership.objects.filter(id__in=list(ids)).values_list(
            "id", "revision", "snapshot_cache__revision", "snapshot_cache__data"
        )
    )
    current = {
        pid: parsed
        for pid, revision, cached, data in rows
        if cached == revision and (parsed := snapshot_codec.parse(data)) is not None
    }
    observations = _observations(
        [m for data in current.values() for m in snapshot_codec.metric_ids(data)], recent
    )
    found = {pid: snapshot_codec.decode(data, observations) for pid, data in current.items()}
    revisions = {pid: revision for pid, revision, _c, _d in rows if pid not in found}
    if revisions:
        loaded = _load(list(revisions), recent)
        for pid, (snapshot, _metrics) in loaded.items():
            found[pid] = snapshot
        _cache_write(
            (pid, revisions[pid], snapshot_codec.encode(snapshot, metric_ids))
            for pid, (snapshot, metric_ids) in loaded.items()
        )
    return found


def snapshot_cache_fill(ids: Iterable[int]) -> None:
    """Write the cache rows of these partnerships, so that the next scan finds them.

    An import calls it for what it wrote: reading back costs it far less than the scan
    that would otherwise rebuild them.
    """
    revisions = dict(
        models.Partnership.objects.filter(id__in=list(ids)).values_list("id", "revision")
    )
    loaded = _load(list(revisions), RecentObservations(date.max, 0))
    _cache_write(
        (pid, revisions[pid], snapshot_codec.encode(snapshot, metric_ids))
        for pid, (snapshot, metric_ids) in loaded.items()
    )


def _cache_write(rows: Iterable[tuple[int, int, str]]) -> None:
    """Store (partnership id, revision, data) rows, never over a later revision's.

    Best effort: a partnership removed meanwhile just goes without. Plain SQL, as Django's
    bulk insert on PostgreSQL escapes every text into an array literal in Python.
    """
    table = connection.ops.quote_name(models.SnapshotCache._meta.db_table)
    query = (
        f"INSERT INTO {table} (partnership_id, revision, data) VALUES (%s, %s, %s) "
        f"ON CONFLICT (partnership_id) DO UPDATE SET revision = excluded.revision, "
        f"data = excluded.data WHERE excluded.revision >= {table}.revision"
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(query, list(rows))
    except IntegrityError:
        pass


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector over a bulk read such as the scan.

    Building thousands of snapshots allocates millions of objects, each allocation
    counting toward a collection that walks everything alive; snapshots hold no cycles,
    so reference counting frees them anyway. Collects once at the end.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect()


def portfolio_snapshots(
    batch: int = BATCH, recent: RecentObservations | None = None, cached: bool = False
) -> Iterator[tuple[int, PartnershipSnapshot]]:
    """Every stored partnership, loaded `batch` at a time, by name.

    `cached` reads through the snapshot cache (`cached_snapshots`; needs `recent`).
    """
    ids = list(models.Partnership.objects.order_by("name").values_list("id", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        if cached and recent is not None:
            loaded = cached_snapshots(chunk, recent)
        else:
            loaded = snapshots(chunk, recent)
        for pid in chunk:
            if pid in loaded:  # removed since the list was read: skip it
                yield pid, loaded[pid]


def timeline(
    partnership: models.Partnership, snapshot: PartnershipSnapshot | None = None
) -> list[dict[str, Any]]:
    """The partnership's history: dated evidence, events and audit records, oldest first.

    `snapshot`, when the caller has loaded it already, saves reading it again.
    """
    if snapshot is None:
        snapshot = partnership_snapshot(partnership)
    entries: list[dict[str, Any]] = []
    document = to_document(snapshot)
    for section in (
        "commitments",
        "surveys",
        "engagements",
        "reviews",
        "joint_outcomes",
        "events",
        "agreements",
    ):
        for item in document.get(section) or ():
            on = item.get("on") or item.get("due_on") or item.get("signed_on")
            if on:
                entries.append(
                    {"on": on, "kind": section, "item": item, "text": entry_text(section, item)}
                )
    for record in AuditRecord.objects.filter(partnership_id=partnership.pk).order_by("at", "id"):
        item = {
            "action": record.action,
            "by": record.actor_name,
            "at": record.at.isoformat(),
            "what": describe(record),
        }
        entries.append(
            {
                "on": record.at.date().isoformat(),
                "kind": "audit",
                "item": item,
                "text": entry_text("audit", item),
            }
        )
    entries.sort(key=lambda e: (e["on"], e["kind"] != "audit"))
    return entries
