"""What the portfolio report reads of each partnership, from one of two sources.

- `from_summaries`: the assessment summaries (`partnerships.summaries`), for the day they
  are for. The stale ones of the partnerships given are brought up to date first, and
  only those are assessed; then one row of a few columns per partnership is read, and the
  value delivered is read from the evidence tables in SQL.
- `from_assessment`: every partnership given, loaded (from the snapshot cache) and
  assessed as of the day asked for: a report of a past day, which no summary is for.

Both answer the same `Line`s and `Delivered` for the same record on the same day, so
`reports.portfolio` makes the same figures from either (tests/reports/
test_portfolio_summaries.py compares them).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from partnerfolio.domain import Playbook, assess
from partnerfolio.domain.assessment import Assessment
from partnerfolio.domain.enums import OpportunityStage
from partnerfolio.domain.messages import pitfall_message
from partnerfolio.domain.snapshot import PartnershipSnapshot
from partnerfolio.evidence import models as evidence
from partnerfolio.partnerships import models, selectors, summaries
from partnerfolio.reports.period import Period

Progress = Callable[[int, int], None]
OPEN_STAGES = (OpportunityStage.IDENTIFIED, OpportunityStage.QUALIFIED, OpportunityStage.PROPOSAL)
REFRESH_BATCH = summaries.BATCH  # stale summaries brought up to date between two progress reports
TRENDS = tuple(t.value for t in summaries.TRENDS)  # the order of `Line.trends`


@dataclass(frozen=True, slots=True)
class Line:
    """One partnership as the report reads it: recorded codes ("" when not set) and verdicts."""

    pk: int
    name: str
    type: str
    category: str
    stage: str
    classified_type: str
    classification_score: float | None
    health: float | None
    readiness: str
    met: int  # readiness indicators met
    indicators: int  # readiness indicators in all
    missing: tuple[str, ...]  # the codes of those not met, in the assessment's order
    findings: tuple[tuple[str, str, str], ...]  # (code, severity, message) per pitfall
    trends: tuple[int, int, int]  # metrics improving, steady, worsening


Values = dict[int, list[float | None]]  # partnership id -> the values, None where not recorded


@dataclass(frozen=True, slots=True)
class Delivered:
    """The value delivered, by partnership: each joint outcome dated in the period, each
    won and each open opportunity, by its recorded value (a missing one is counted, not
    summed)."""

    outcomes: Values = field(default_factory=dict)
    won: Values = field(default_factory=dict)
    open: Values = field(default_factory=dict)


# ---------------------------------------------------------------- from the summaries

SUMMARY_COLUMNS = (
    "partnership_id",
    "partnership__name",
    "partnership__type",
    "partnership__category",
    "partnership__stage",
    "classified_type",
    "classification_score",
    "health",
    "readiness",
    "readiness_met",
    "readiness_indicators",
    "readiness_missing",
    "findings",
    "trends_improving",
    "trends_steady",
    "trends_worsening",
)


def from_summaries(
    partnerships: QuerySet[models.Partnership],
    period: Period,
    playbook: Playbook,
    progress: Progress | None = None,
) -> tuple[list[Line], Delivered]:
    """The summaries of `partnerships` for the period's `as_of`, the stale ones refreshed
    first (`progress` told (refreshed, stale in all) after each batch, (0, 0) when none
    was stale); the value delivered from the evidence tables."""
    as_of = period.as_of
    key = summaries.playbook_key(playbook)
    stale = list(summaries.stale(partnerships, as_of, key).order_by().values_list("id", flat=True))
    # over a bulk, one collection at the end rather than one per batch (`summaries.refresh`);
    # none at all for the few a write left stale: a full collection costs more than they do
    bulk = len(stale) > summaries.BULK
    with selectors.collector_paused() if bulk else contextlib.nullcontext():
        for start in range(0, len(stale), REFRESH_BATCH):
            summaries.refresh(stale[start : start + REFRESH_BATCH], as_of, playbook)
            if progress is not None:
                progress(min(start + REFRESH_BATCH, len(stale)), len(stale))
    if progress is not None and not stale:
        progress(0, 0)
    scope = partnerships.order_by().values("id")
    rows = models.AssessmentSummary.objects.filter(partnership_id__in=scope).values_list(
        *SUMMARY_COLUMNS
    )
    lines = [
        Line(
            pk=pid,
            name=name,
            type=kind,
            category=category,
            stage=stage,
            classified_type=classified,
            classification_score=score,
            health=health,
            readiness=readiness,
            met=met,
            indicators=indicators,
            missing=tuple(summaries.codes_of(missing)),
            findings=tuple((f["code"], f["severity"], f["message"]) for f in findings),
            trends=(improving, steady, worsening),
        )
        for (
            pid,
            name,
            kind,
            category,
            stage,
            classified,
            score,
            health,
            readiness,
            met,
            indicators,
            missing,
            findings,
            improving,
            steady,
            worsening,
        ) in rows
    ]
    return lines, delivered_in_sql(scope, period)


def delivered_in_sql(scope: QuerySet[Any], period: Period) -> Delivered:
    """The value delivered by the partnerships of `scope` (a query of partnership ids).

    SQL picks the rows (joint outcomes dated in the period; won and open opportunities)
    and only the columns needed; the values are summed by the caller with `exact_sum`, as
    from snapshots: SQL's SUM of floats adds in an order of its own, and its last digit
    would differ from the assessment path's.
    """
    found = Delivered()
    outcomes = (
        evidence.JointOutcome.objects.filter(
            partnership_id__in=scope, on__gte=period.start, on__lte=period.as_of
        )
        .order_by("partnership_id", "id")
        .values_list("partnership_id", "value")
    )
    for pid, value in outcomes:
        found.outcomes.setdefault(pid, []).append(value)
    opportunities = (
        evidence.Opportunity.objects.filter(
            partnership_id__in=scope, stage__in=[OpportunityStage.WON, *OPEN_STAGES]
        )
        .order_by("partnership_id", "id")
        .values_list("partnership_id", "stage", "value")
    )
    for pid, stage, value in opportunities:
        kind = found.won if stage == OpportunityStage.WON else found.open
        kind.setdefault(pid, []).append(value)
    return found


# ---------------------------------------------------------------- by assessing


def from_assessment(
    partnerships: QuerySet[models.Partnership],
    period: Period,
    playbook: Playbook,
    progress: Progress | None = None,
) -> tuple[list[Line], Delivered]:
    """Every partnership given, assessed as of the period's `as_of` (`progress` told
    (assessed, in all) after each batch of selectors.BATCH)."""
    as_of = period.as_of
    ids = list(partnerships.order_by("name").values_list("id", flat=True))
    recent = selectors.RecentObservations(as_of, playbook.scorecard.trend_points)
    lines: list[Line] = []
    delivered = Delivered()
    with selectors.collector_paused():
        for start in range(0, len(ids), selectors.BATCH):
            chunk = ids[start : start + selectors.BATCH]
            loaded = selectors.cached_snapshots(chunk, recent)
            for pid in chunk:
                if pid in loaded:  # removed since the list was read: left out
                    snapshot = loaded[pid]
                    lines.append(line_of(pid, snapshot, assess(snapshot, as_of, playbook)))
                    _add_delivered(delivered, pid, snapshot, period)
            if progress is not None:
                progress(min(start + selectors.BATCH, len(ids)), len(ids))
    return lines, delivered


def _code(value: Any) -> str:
    return value.value if value is not None else ""


def line_of(pid: int, snapshot: PartnershipSnapshot, assessment: Assessment) -> Line:
    met, indicators, missing = summaries.readiness_counts(assessment)
    return Line(
        pk=pid,
        name=snapshot.name,
        type=_code(snapshot.type),
        category=_code(snapshot.category),
        stage=_code(snapshot.stage),
        classified_type=assessment.classification.type.value,
        classification_score=assessment.classification.score,
        health=assessment.scorecard.health,
        readiness=assessment.readiness.verdict.value,
        met=met,
        indicators=indicators,
        missing=missing,
        findings=tuple(
            (p.code.value, p.severity.value, pitfall_message(p)) for p in assessment.pitfalls
        ),
        trends=summaries.trend_counts(assessment),
    )


def _add_delivered(
    delivered: Delivered, pid: int, snapshot: PartnershipSnapshot, period: Period
) -> None:
    outcomes = [o.value for o in snapshot.joint_outcomes if o.on is not None and period.holds(o.on)]
    won = [o.value for o in snapshot.opportunities if o.stage == OpportunityStage.WON]
    opens = [o.value for o in snapshot.opportunities if o.stage in OPEN_STAGES]
    for kind, values in (
        (delivered.outcomes, outcomes),
        (delivered.won, won),
        (delivered.open, opens),
    ):
        if values:
            kind[pid] = values


def summaries_day() -> date:
    """The day the summaries are for: today, as their upkeep reckons it (`summary_upkeep`)."""
    return timezone.localdate()
