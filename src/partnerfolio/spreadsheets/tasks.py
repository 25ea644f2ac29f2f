"""Large confirmed imports, run by the queue's worker rather than in the request.

`start_job` records an `ImportJob` and queues `import_spreadsheet`; the task runs
`run_import` (all or nothing as ever: one transaction) and records the outcome on the job.
While it runs, the records written so far are put in the queue's own storage (SQLite in
the data directory, or Redis) every PROGRESS_EVERY records: that storage is outside the
database, so the page polling for progress sees them although the import's transaction
has not committed yet. Registered by `SpreadsheetsConfig.ready`, so the worker knows it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils import timezone

from partnerfolio.notifications.queue import close_db, huey
from partnerfolio.spreadsheets.mappings import Mapping, mapping_from_json
from partnerfolio.spreadsheets.models import ImportJob, PendingImport
from partnerfolio.spreadsheets.reading import _limit, read_file

log = logging.getLogger(__name__)
PROGRESS_EVERY = 25


def background_rows() -> int:
    """Imports of more rows than this run in the background
    (PARTNERFOLIO_SPREADSHEET_BACKGROUND_ROWS, default 2,000)."""
    return _limit("PARTNERFOLIO_SPREADSHEET_BACKGROUND_ROWS", 2_000)


def _key(job_id: int) -> str:
    return f"spreadsheet-import-{job_id}-progress"


def put_progress(job_id: int, done: int, total: int) -> None:
    try:
        huey.put(_key(job_id), (done, total))
    except Exception:  # progress is a courtesy: never fail an import for it
        log.warning("import job %s: cannot record progress", job_id, exc_info=True)


def progress_of(job: ImportJob) -> tuple[int, int]:
    """(records done, records in all) of a job: the live count while it runs."""
    if job.status == ImportJob.Status.RUNNING:
        try:
            live = huey.get(_key(job.pk), peek=True)
        except Exception:
            live = None
        if live:
            return int(live[0]), int(live[1])
    return job.rows_done, job.rows_total


def percent(job: ImportJob) -> int:
    if job.finished:
        return 100
    done, total = progress_of(job)
    return min(99, done * 100 // total) if total else 0


def start_job(
    pending: PendingImport, mapping: Mapping, *, user: Any, skip_invalid: bool, rows: int
) -> ImportJob:
    job = ImportJob.objects.create(
        user=user,
        pending=pending,
        filename=pending.filename,
        content=bytes(pending.content),
        mapping=mapping.as_json(),
        skip_invalid=skip_invalid,
        rows_total=rows,
    )
    import_spreadsheet(job.pk)
    return job


@huey.task()
@close_db
def import_spreadsheet(job_id: int) -> str:
    """Run a queued import; answer its status."""
    from partnerfolio.accounts.models import User
    from partnerfolio.spreadsheets.importing import run_import

    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).first()
    if job is None:
        return "gone"
    job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    put_progress(job.pk, 0, job.rows_total)

    def progress(done: int, total: int) -> None:
        if done == 0 or done == total or done % PROGRESS_EVERY == 0:
            put_progress(job_id, done, total)

    try:
        user = User.objects.get(pk=job.user_id)
        report = run_import(
            read_file(bytes(job.content), job.filename),
            mapping_from_json(job.mapping),
            actor=user,
            user=user,
            skip_invalid=job.skip_invalid,
            progress=progress,
        )
    except Exception as error:  # the transaction is rolled back: nothing written
        log.exception("import job %s failed", job_id)
        job.status = ImportJob.Status.FAILED
        job.summary = "the import stopped on an error; nothing was written"
        job.result = {"issues": [{"sheet": "", "row": 0, "column": "", "reason": str(error)}]}
    else:
        job.result = {**report.as_json(), "counts": _counts(report.outcomes)}
        job.summary = report.summary()
        if report.written:
            job.status = ImportJob.Status.DONE
            if job.pending_id:
                PendingImport.objects.filter(pk=job.pending_id).delete()
                job.pending = None
        else:
            job.status = ImportJob.Status.FAILED
        job.rows_done = job.rows_total
    job.content = b""
    job.finished_at = timezone.now()
    job.save()
    try:
        huey.delete(_key(job_id))  # the live count is not needed any more
    except Exception:
        log.warning("import job %s: cannot clear its progress", job_id, exc_info=True)
    return job.status


def _counts(outcomes: list[Any]) -> dict[str, int]:
    counts = {"create": 0, "update": 0, "unchanged": 0}
    for outcome in outcomes:
        counts[outcome.verb] = counts.get(outcome.verb, 0) + 1
    return counts
