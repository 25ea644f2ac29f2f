"""Keeping the assessment summaries current: after each write, and by the worker.

A write. Every change passes through `audit_record` (a spreadsheet import through its
writer's `finish`), which bumps the revision of each partnership it touches and calls
`reassess_on_commit`. Once the transaction commits, those partnerships alone are
re-assessed in the same process (`summaries.refresh`), so the next page finds them
current. More than INLINE at once (an import, an organization in many partnerships) go to
the worker instead. A re-assessment that fails is logged and undoes nothing: the write
stands, its row is stale and shown "updating" until the worker's next run.

The whole portfolio. On a new day (time-based rules) or under another playbook every
summary is stale. The worker re-assesses them BATCH at a time, each batch its own
transaction (`refresh_portfolio`, run by `tasks.refresh_summaries`: every hour at :05,
so first just after midnight, and when a worker starts and finds the last complete run
of another day or playbook). Pages meanwhile read the summaries as they stand.

Is there a worker? It writes `SummaryStatus.worker_seen_at` every minute. Without one
(the tests, `partnerfolio runserver`, a cron `worker --drain`), nothing re-assesses the
portfolio on a new day, so a page assesses the stale rows it shows itself, never more
than its page (`summary_selectors`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from partnerfolio.domain import Playbook, load_playbook
from partnerfolio.partnerships import models, summaries

log = logging.getLogger(__name__)
INLINE = 50  # partnerships one commit re-assesses itself; more go to the worker
BATCH = 200  # partnerships per transaction of the worker's run
WORKER_GRACE = timedelta(minutes=5)  # a worker not heard from for longer is gone
STALLED = timedelta(minutes=2)  # a run with no batch done for longer may be taken over


def playbook() -> Playbook:
    return load_playbook(settings.PARTNERFOLIO_PLAYBOOK)


# -- after a write -----------------------------------------------------------------


class _Reassessment:
    """What one transaction changed: called once, when it commits."""

    def __init__(self) -> None:
        self.partnerships: set[int] = set()
        self.organizations: set[int] = set()

    def __call__(self) -> None:
        try:
            reassess(self.partnerships, self.organizations)
        except Exception:  # the write is committed: it stands, its summary is stale
            log.exception(
                "summaries of partnership(s) %s (organization(s) %s) not re-assessed after "
                "their change: shown as updating until the worker's next run",
                sorted(self.partnerships)[:20],
                sorted(self.organizations)[:20],
            )


def reassess_on_commit(
    *, partnerships: Iterable[int] = (), organizations: Iterable[int] = ()
) -> None:
    """Re-assess these partnerships, and every partnership of these organizations, once
    the current transaction commits (at once outside one). The calls of one transaction
    make one re-assessment."""
    pending = None
    if connection.in_atomic_block:
        # Any one still registered will do: a savepoint it was registered under that is
        # still open encloses this change too, so a rollback drops both; one rolled
        # back since is gone from the list. (A change of ours rolled back in an inner
        # savepoint leaves its id behind: its partnership is re-assessed for nothing.)
        pending = next(
            (f for _s, f, _r in connection.run_on_commit if isinstance(f, _Reassessment)),
            None,
        )
    registered = pending is not None
    pending = pending or _Reassessment()
    pending.partnerships.update(partnerships)
    pending.organizations.update(organizations)
    if not registered:
        transaction.on_commit(pending, robust=True)


def reassess(partnerships: Iterable[int], organizations: Iterable[int] = ()) -> None:
    """Re-assess these partnerships (and those of these organizations) now, or ask the
    worker when they are more than INLINE."""
    ids = set(partnerships)
    organizations = list(organizations)
    if organizations:
        ids.update(
            models.Partnership.objects.filter(partners__id__in=organizations).values_list(
                "id", flat=True
            )
        )
    if not ids:
        return
    if len(ids) > INLINE:
        enqueue_run()
        return
    summaries.refresh(sorted(ids), timezone.localdate(), playbook())


def enqueue_run() -> None:
    """Queue the worker's run over every stale summary (a worker, or a cron drain, runs it)."""
    from partnerfolio.partnerships import tasks

    try:
        tasks.refresh_summaries()
    except Exception:
        log.exception("cannot queue the re-assessment of the portfolio's summaries")


# -- the worker ----------------------------------------------------------------------


def status() -> models.SummaryStatus | None:
    return models.SummaryStatus.objects.filter(pk=1).first()


def worker_seen() -> None:
    """Record that a worker is running (it calls this every minute)."""
    models.SummaryStatus.objects.update_or_create(pk=1, defaults={"worker_seen_at": timezone.now()})


def worker_running(current: models.SummaryStatus | None) -> bool:
    seen = current.worker_seen_at if current is not None else None
    return seen is not None and timezone.now() - seen < WORKER_GRACE


def assessed_in_full(current: models.SummaryStatus | None, as_of: date, key: str) -> bool:
    """Whether the last complete run was of `as_of` under the playbook `key`."""
    return current is not None and (current.assessed_on, current.assessed_playbook) == (as_of, key)


def refresh_portfolio(as_of: date, book: Playbook, batch: int = BATCH) -> int | None:
    """Re-assess every partnership whose summary is not current for `as_of` and `book`,
    `batch` at a time, each batch committed on its own; answer how many, or None when
    another worker's run of the same day and playbook is under way."""
    key = summaries.playbook_key(book)
    everything = models.Partnership.objects.all()
    total = summaries.stale(everything, as_of, key).count()
    now = timezone.now()
    models.SummaryStatus.objects.get_or_create(pk=1)
    claimed = (
        models.SummaryStatus.objects.filter(pk=1)
        .exclude(
            run_as_of=as_of,
            run_playbook=key,
            run_finished_at__isnull=True,
            run_progress_at__gte=now - STALLED,
        )
        .update(
            run_as_of=as_of,
            run_playbook=key,
            run_total=total,
            run_done=0,
            run_progress_at=now,
            run_finished_at=None,
        )
    )
    if not claimed:
        return None
    try:
        done = _batches(everything, as_of, book, key, batch)
    except BaseException:  # let the next run take over at once; the batches done stand
        models.SummaryStatus.objects.filter(pk=1).update(run_progress_at=None)
        raise
    models.SummaryStatus.objects.filter(pk=1).update(
        run_finished_at=timezone.now(), assessed_on=as_of, assessed_playbook=key
    )
    log.info("summaries: %d of %d partnership(s) re-assessed as of %s", done, total, as_of)
    return done


def _batches(
    everything: QuerySet[models.Partnership], as_of: date, book: Playbook, key: str, batch: int
) -> int:
    done, last = 0, 0
    while True:
        # by id from where the last batch ended: a row that stays stale (a write
        # meanwhile re-assesses it) is not taken again
        chunk = list(
            summaries.stale(everything.filter(id__gt=last), as_of, key)
            .order_by("id")
            .values_list("id", flat=True)[:batch]
        )
        if not chunk:
            return done
        # assessed outside any transaction, written in refresh's own short one: on SQLite
        # a transaction holds the write lock from its start, and every page's write
        # (a sign-in, a check-in) would wait for the batch's whole assessment
        summaries.refresh(chunk, as_of, book)
        models.SummaryStatus.objects.filter(pk=1).update(
            run_done=F("run_done") + len(chunk), run_progress_at=timezone.now()
        )
        done += len(chunk)
        last = chunk[-1]
