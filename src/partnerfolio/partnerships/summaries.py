"""Assessment summaries: what the dashboard and the lists show of each assessment.

A page that lists partnerships must not assess each one on every request. A summary
row holds one partnership's verdicts for one day under one playbook, and the revision
of the partnership it was computed from; it is stale after any change since, on another
day, under another playbook. `refresh` recomputes the rows of given partnerships (and
raises the data revision: what pages keep of the summaries is kept by revision);
who calls it when is `summary_upkeep` (a write, the worker) and `summary_selectors`
(what a page may do); docs/summaries.md.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet

from partnerfolio.audit import revision
from partnerfolio.domain import Playbook, assess
from partnerfolio.domain.assessment import Assessment
from partnerfolio.domain.enums import PartnershipType, Trend
from partnerfolio.domain.governance import review_cadence_days
from partnerfolio.domain.messages import pitfall_message
from partnerfolio.domain.snapshot import PartnershipSnapshot
from partnerfolio.partnerships import models, selectors

BATCH = 500
BULK = 100  # from this many partnerships on, `refresh` pauses the garbage collector


# What a summary holds: raised whenever a field is added, so that rows written before,
# which lack it, are stale (their digest differs) and re-assessed before being read.
# 2: the readiness indicators met and missing, the metric trends (the portfolio report).
SHAPE = 2
_KEYS: dict[int, tuple[Playbook, str]] = {}


def playbook_key(playbook: Playbook) -> str:
    """A digest of the playbook's every number and of the summaries' SHAPE: summaries made
    under another playbook, or before the summary held what it holds now, are stale."""
    known = _KEYS.get(id(playbook))
    if known is None or known[0] is not playbook:
        digest = hashlib.sha256(f"{SHAPE}:{playbook!r}".encode()).hexdigest()[:32]
        known = (playbook, digest)
        if len(_KEYS) > 16:
            _KEYS.clear()
        _KEYS[id(playbook)] = known
    return known[1]


def _next_review(
    snapshot: PartnershipSnapshot, assessment: Assessment, playbook: Playbook
) -> date | None:
    """The last review (or the start) plus the cadence; None before a partnership starts."""
    classified = assessment.classification.type.value
    kind = snapshot.type or PartnershipType._value2member_map_.get(classified)
    reviews = [r.on for r in snapshot.reviews if r.on <= assessment.as_of]
    last = max(reviews, default=snapshot.started_on)
    if last is None or snapshot.stage is None or snapshot.stage.value in ("ended", "proposed"):
        return None
    return last + timedelta(days=review_cadence_days(snapshot, playbook.governance, kind))


def _renewal(snapshot: PartnershipSnapshot, as_of: date) -> date | None:
    """The next agreement renewal or end on or after `as_of`."""
    days = [
        d
        for a in snapshot.agreements
        for d in (a.renewal_on, a.ends_on)
        if d is not None and d >= as_of
    ]
    return min(days, default=None)


def listed(codes: Iterable[str]) -> str:
    """',a,b,' (empty for none): codes a query can match (`,a,` in it) and `codes_of` read."""
    codes = list(codes)
    return "".join(f",{code}" for code in codes) + ("," if codes else "")


def codes_of(text: str) -> list[str]:
    return text.strip(",").split(",") if text else []


def summary_row(
    pid: int, revision: int, snapshot: PartnershipSnapshot, as_of: date, playbook: Playbook
) -> models.AssessmentSummary:
    assessment = assess(snapshot, as_of, playbook)
    pitfalls = assessment.pitfalls
    met, indicators, missing = readiness_counts(assessment)
    improving, steady, worsening = trend_counts(assessment)
    return models.AssessmentSummary(
        partnership_id=pid,
        revision=revision,
        as_of=as_of,
        playbook=playbook_key(playbook),
        classified_type=assessment.classification.type.value,
        classification_score=assessment.classification.score,
        health=assessment.scorecard.health,
        readiness=assessment.readiness.verdict.value,
        pitfall_codes=listed(p.code.value for p in pitfalls),
        pitfall_count=len(pitfalls),
        worst_severity=min((p.severity.rank for p in pitfalls), default=None),
        findings=[
            {"code": p.code.value, "severity": p.severity.value, "message": pitfall_message(p)}
            for p in pitfalls
        ],
        next_review_on=_next_review(snapshot, assessment, playbook),
        renewal_on=_renewal(snapshot, as_of),
        readiness_met=met,
        readiness_indicators=indicators,
        readiness_missing=listed(missing),
        trends_improving=improving,
        trends_steady=steady,
        trends_worsening=worsening,
    )


TRENDS = (Trend.IMPROVING, Trend.STEADY, Trend.WORSENING)


def readiness_counts(assessment: Assessment) -> tuple[int, int, tuple[str, ...]]:
    """The readiness indicators met, in all, and the codes of those not met, in order."""
    indicators = assessment.readiness.indicators
    missing = tuple(i.code.value for i in indicators if not i.met)
    return len(indicators) - len(missing), len(indicators), missing


def trend_counts(assessment: Assessment) -> tuple[int, int, int]:
    """The assessment's metrics improving, steady and worsening."""
    counts = Counter(m.trend for m in assessment.scorecard.metrics if m.trend is not None)
    improving, steady, worsening = (counts[t] for t in TRENDS)
    return improving, steady, worsening


def stale(
    partnerships: QuerySet[models.Partnership], as_of: date, key: str
) -> QuerySet[models.Partnership]:
    """Those of `partnerships` with no summary current for `as_of` under the playbook `key`."""
    return partnerships.filter(
        Q(summary__isnull=True)
        | ~Q(summary__revision=F("revision"))
        | ~Q(summary__as_of=as_of)
        | ~Q(summary__playbook=key)
    )


def is_current(
    summary: models.AssessmentSummary | None, revision: int, as_of: date, key: str
) -> bool:
    """Whether `summary` is the assessment of the partnership at `revision` on `as_of`."""
    return (
        summary is not None
        and summary.revision == revision
        and summary.as_of == as_of
        and summary.playbook == key
    )


def refresh(ids: Iterable[int], as_of: date, playbook: Playbook) -> int:
    """Recompute the summaries of these partnerships; answer how many were written."""
    ids = list(ids)
    written = 0
    recent = selectors.RecentObservations(as_of, playbook.scorecard.trend_points)
    # a full collection after a handful costs more than the handful (hundreds of ms in a
    # large process): the collector is paused only over a bulk run
    paused = selectors.collector_paused() if len(ids) > BULK else contextlib.nullcontext()
    with paused:
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            revisions = dict(
                models.Partnership.objects.filter(id__in=chunk).values_list("id", "revision")
            )
            loaded = selectors.cached_snapshots(list(revisions), recent)
            rows = [
                summary_row(pid, revisions[pid], snapshot, as_of, playbook)
                for pid, snapshot in loaded.items()
            ]
            _store(rows)
            written += len(rows)
    return written


_META = models.AssessmentSummary._meta
_FIELDS = [_META.pk, *(f for f in _META.concrete_fields if not f.primary_key)]


def _store(rows: list[models.AssessmentSummary]) -> None:
    """Write summary rows, never over one computed from a later revision.

    A write's own re-assessment and the worker's batch may cross: the batch read revision
    N, the write committed N+1 and stored its summary first. Upserting unconditionally
    would put N's verdict back and leave the row stale until the next run. Plain SQL, as
    Django's upsert has no condition; values prepared by each field for this database.
    """
    if not rows:
        return
    table = connection.ops.quote_name(models.AssessmentSummary._meta.db_table)
    columns = [connection.ops.quote_name(f.column) for f in _FIELDS]
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != columns[0])
    column = connection.ops.quote_name("revision")
    query = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({columns[0]}) DO UPDATE SET {updates} "
        f"WHERE excluded.{column} >= {table}.{column}"
    )
    values = [
        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in _FIELDS] for row in rows
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(query, values)
        revision.raise_on_commit()  # what is read from the summaries is kept by revision


def portfolio_summaries(as_of: date, playbook: Playbook) -> QuerySet[models.AssessmentSummary]:
    """Every partnership's summary for `as_of`, brought up to date first.

    For the worker and the commands (the daily alerts, `partnerfolio scan`), which need
    all of them: never call it in a request (`summary_selectors` is what pages read).
    """
    stale_ids = list(
        stale(models.Partnership.objects.all(), as_of, playbook_key(playbook)).values_list(
            "id", flat=True
        )
    )
    if stale_ids:
        refresh(stale_ids, as_of, playbook)
    return models.AssessmentSummary.objects.all()
