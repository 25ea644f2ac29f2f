"""The worker's share in keeping the summaries current (`summary_upkeep`, docs/summaries.md):
the portfolio's re-assessment in batches, hourly and on demand, and the worker's heartbeat.
Found by the worker's `autodiscover_modules("tasks")`; a server imports it to queue."""

from __future__ import annotations

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import close_db, db_periodic_task, db_task, on_startup

from partnerfolio.partnerships import summaries, summary_upkeep

log = logging.getLogger(__name__)


@db_task()
def refresh_summaries() -> None:
    """Re-assess every partnership whose summary is stale, in batches."""
    summary_upkeep.refresh_portfolio(timezone.localdate(), summary_upkeep.playbook())


@db_periodic_task(crontab(minute="5"))
def hourly_summaries() -> None:
    """Every hour at :05 (the first run of a day starts it): what is stale, re-assessed;
    nothing to do most hours."""
    summary_upkeep.refresh_portfolio(timezone.localdate(), summary_upkeep.playbook())


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat() -> None:
    """Every minute: a worker is running, so pages leave stale summaries to it."""
    summary_upkeep.worker_seen()


@on_startup()
@close_db
def summaries_at_start() -> None:
    """When a worker starts: it is here, and a run is queued if the last complete one is of
    another day or playbook (a new playbook takes a restart)."""
    try:
        summary_upkeep.worker_seen()
        key = summaries.playbook_key(summary_upkeep.playbook())
        if not summary_upkeep.assessed_in_full(summary_upkeep.status(), timezone.localdate(), key):
            refresh_summaries()
    except Exception:  # the worker must start all the same; the hourly run tries again
        log.exception("cannot check the summaries when starting")
