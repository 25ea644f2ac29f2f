"""Assessment summaries: what the dashboard and the lists show, kept current on read.

A page that lists partnerships must not assess each one on every request. A summary
row holds one partnership's verdicts for one day under one playbook, and the revision
of the partnership it was computed from; `portfolio_summaries` recomputes the rows that
are missing or stale (any change since, another day, another playbook) and answers a
query set over all of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import F, Q, QuerySet

from partnerfolio.domain import Playbook, assess
from partnerfolio.domain.assessment import Assessment
from partnerfolio.domain.enums import PartnershipType
from partnerfolio.domain.governance import review_cadence_days
from partnerfolio.domain.messages import pitfall_message
from partnerfolio.domain.snapshot import PartnershipSnapshot
from partnerfolio.partnerships import models, selectors

BATCH = 500


_KEYS: dict[int, tuple[Playbook, str]] = {}


def playbook_key(playbook: Playbook) -> str:
    """A digest of the playbook's every number: summaries made under another are stale."""
    known = _KEYS.get(id(playbook))
    if known is None or known[0] is not playbook:
        known = (playbook, hashlib.sha256(repr(playbook).encode()).hexdigest()[:32])
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


def summary_row(
    pid: int, revision: int, snapshot: PartnershipSnapshot, as_of: date, playbook: Playbook
) -> models.AssessmentSummary:
    assessment = assess(snapshot, as_of, playbook)
    pitfalls = assessment.pitfalls
    return models.AssessmentSummary(
        partnership_id=pid,
        revision=revision,
        as_of=as_of,
        playbook=playbook_key(playbook),
        classified_type=assessment.classification.type.value,
        classification_score=assessment.classification.score,
        health=assessment.scorecard.health,
        readiness=assessment.readiness.verdict.value,
        pitfall_codes="".join(f",{p.code.value}" for p in pitfalls) + ("," if pitfalls else ""),
        pitfall_count=len(pitfalls),
        worst_severity=min((p.severity.rank for p in pitfalls), default=None),
        findings=[
            {"code": p.code.value, "severity": p.severity.value, "message": pitfall_message(p)}
            for p in pitfalls
        ],
        next_review_on=_next_review(snapshot, assessment, playbook),
        renewal_on=_renewal(snapshot, as_of),
    )


def refresh(ids: Iterable[int], as_of: date, playbook: Playbook) -> None:
    """Recompute the summaries of these partnerships."""
    ids = list(ids)
    recent = selectors.RecentObservations(as_of, playbook.scorecard.trend_points)
    with selectors.collector_paused():
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
            models.AssessmentSummary.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["partnership"],
                update_fields=[
                    f.name
                    for f in models.AssessmentSummary._meta.concrete_fields
                    if not f.primary_key
                ],
            )


def portfolio_summaries(as_of: date, playbook: Playbook) -> QuerySet[models.AssessmentSummary]:
    """Every partnership's summary for `as_of`, brought up to date first."""
    key = playbook_key(playbook)
    stale = models.Partnership.objects.filter(
        Q(summary__isnull=True)
        | ~Q(summary__revision=F("revision"))
        | ~Q(summary__as_of=as_of)
        | ~Q(summary__playbook=key)
    ).values_list("id", flat=True)
    stale_ids = list(stale)
    if stale_ids:
        refresh(stale_ids, as_of, playbook)
    return models.AssessmentSummary.objects.all()
