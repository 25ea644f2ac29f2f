"""What pages read of the summaries: as they stand, with which rows are "updating".

No request assesses more than the partnerships it shows. With a worker running
(`summary_upkeep.worker_running`), a page assesses nothing: a row whose partnership
changed since its summary, or whose summary is of another day or playbook, is marked
updating (the write's own re-assessment or the worker's run is on its way). Without
one (the tests, `runserver`, a cron drain), nothing else would bring a new day's
verdicts, so a page assesses the stale rows it shows, at most SHOWN of them (a page of
the list); the dashboard, which shows a few rows from across the portfolio, assesses
the SHOWN most recently changed. docs/summaries.md.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet

from partnerfolio.domain import Playbook
from partnerfolio.partnerships import models, summaries, summary_upkeep

log = logging.getLogger(__name__)
SHOWN = 25  # the most stale rows a request assesses, without a worker (the list's page)

DASHBOARD_FIELDS = (
    "revision",
    "as_of",
    "playbook",
    "partnership__name",
    "partnership__type",
    "partnership__stage",
    "partnership__revision",
    "classified_type",
    "classification_score",
    "health",
    "readiness",
    "pitfall_count",
    "worst_severity",
    "findings",
    "next_review_on",
    "renewal_on",
)


@dataclass(frozen=True)
class Freshness:
    """How current the summaries a page shows are."""

    as_of: date
    updating: frozenset[int] = field(default_factory=frozenset)  # partnership ids shown stale
    unassessed: int = 0  # partnerships (among those asked about) with no summary yet
    assessed_on: date | None = None  # the day every summary not updating is of
    progress: tuple[int, int] | None = None  # (done, total) of the worker's run under way

    @property
    def updating_total(self) -> int:
        return len(self.updating) + self.unassessed


@dataclass(frozen=True)
class PortfolioSummaries:
    """The summaries of a set of partnerships, for the dashboard's lists and counts."""

    rows: list[models.AssessmentSummary]
    freshness: Freshness


def _freshness(
    as_of: date,
    updating: frozenset[int],
    unassessed: int,
    status: models.SummaryStatus | None,
    some_current: bool,
) -> Freshness:
    """The day of the last complete run when some rows are updating (before any, today's
    if some row is current)."""
    if not updating and not unassessed:
        return Freshness(as_of, assessed_on=as_of)
    last = status.assessed_on if status is not None else None
    progress = None
    if status is not None and status.run_as_of == as_of and status.run_finished_at is None:
        progress = (status.run_done, status.run_total)
    return Freshness(
        as_of,
        updating,
        unassessed,
        assessed_on=last or (as_of if some_current else None),
        progress=progress,
    )


def _assess_some(ids: Sequence[int], as_of: date, book: Playbook) -> None:
    """Assess a page's stale rows; a failure leaves them stale (shown updating), logged."""
    try:
        summaries.refresh(list(ids)[:SHOWN], as_of, book)
    except Exception:
        log.exception("summaries of partnership(s) %s not re-assessed for the page", list(ids))


def freshness_of(
    partnerships: QuerySet[models.Partnership], as_of: date, book: Playbook
) -> Freshness:
    """How current the summaries of `partnerships` are, for a page that reads them in SQL
    (counts, the first rows of a list): without a worker, the SHOWN most recently changed
    stale ones assessed first. Two or three queries and a page's assessment at most; the
    ids of the stale ones come back whole (a new day: all of them, one integer each)."""
    key = summaries.playbook_key(book)
    status = summary_upkeep.status()
    stale = summaries.stale(partnerships, as_of, key)
    if not summary_upkeep.worker_running(status):
        ids = list(stale.order_by("-updated_at", "-id").values_list("id", flat=True)[:SHOWN])
        if ids:
            _assess_some(ids, as_of, book)
    pending = dict(stale.order_by().values_list("id", "summary__partnership_id"))
    updating = frozenset(pid for pid, has in pending.items() if has is not None)
    unassessed = len(pending) - len(updating)
    some_current = partnerships.count() > len(pending) if pending else True
    return _freshness(as_of, updating, unassessed, status, some_current)


def summaries_of(
    partnerships: QuerySet[models.Partnership], as_of: date, book: Playbook
) -> PortfolioSummaries:
    """The summaries of `partnerships` as they stand (DASHBOARD_FIELDS loaded), with
    `freshness_of` them; for a page that goes through every row in Python."""
    freshness = freshness_of(partnerships, as_of, book)
    rows = list(
        models.AssessmentSummary.objects.filter(partnership__in=partnerships.values("pk"))
        .select_related("partnership")
        .only(*DASHBOARD_FIELDS)
    )
    return PortfolioSummaries(rows, freshness)


def summary_of(partnership: models.Partnership) -> models.AssessmentSummary | None:
    try:
        return partnership.summary  # type: ignore[no-any-return]
    except ObjectDoesNotExist:
        return None


def shown(partnerships: list[models.Partnership], as_of: date, book: Playbook) -> Freshness:
    """Which of the partnerships a page shows (loaded with their `summary`) are updating;
    without a worker, the stale ones (at most SHOWN) assessed first and their new
    summaries put in place."""
    key = summaries.playbook_key(book)

    def stale() -> list[models.Partnership]:
        return [
            p
            for p in partnerships
            if not summaries.is_current(summary_of(p), p.revision, as_of, key)
        ]

    pending = stale()
    if not pending:
        return Freshness(as_of, assessed_on=as_of)
    status = summary_upkeep.status()
    if not summary_upkeep.worker_running(status):
        ids = [p.pk for p in pending[:SHOWN]]
        _assess_some(ids, as_of, book)
        fresh = models.AssessmentSummary.objects.in_bulk(ids)
        for p in pending:
            if p.pk in fresh:
                p.summary = fresh[p.pk]
        pending = stale()
    some_current = len(partnerships) > len(pending)
    return _freshness(as_of, frozenset(p.pk for p in pending), 0, status, some_current)
