"""Large confirmed imports, run by the queue's worker rather than in the request.

`start_job` records an `ImportJob` and queues `import_spreadsheet`; the task runs
`run_import` (all or nothing as ever: its plan, then one write transaction) and records
the outcome on the job. While it runs, the records checked so far are put in the queue's
own storage (SQLite in
the data directory, or Redis) every PROGRESS_EVERY records, and a thread renews the job's
heartbeat there (`liveness`): that storage is outside the database, so the page polling
for progress sees both although the import's transaction has not committed yet. A job
whose worker stopped is failed by `liveness`; `rerun_job` queues its file again.
Registered by `SpreadsheetsConfig.ready`, so the worker knows the tasks.
"""

from __future__ import annotations

import logging
import threading
from types import TracebackType
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY as huey
from huey.contrib.djhuey import close_db, db_periodic_task, db_task, on_startup

from partnerfolio.spreadsheets import liveness
from partnerfolio.spreadsheets.mappings import Mapping, mapping_from_json
from partnerfolio.spreadsheets.models import ImportJob, PendingImport
from partnerfolio.spreadsheets.reading import _limit, read_file

log = logging.getLogger(__name__)
PROGRESS_EVERY = 25


def background_rows() -> int:
    """Imports of more rows than this run in the background
    (PARTNERFOLIO_SPREADSHEET_BACKGROUND_ROWS, default 2,000)."""
    return _limit("PARTNERFOLIO_SPREADSHEET_BACKGROUND_ROWS", 2_000)


def progress_key(job_id: int) -> str:
    return f"spreadsheet-import-{job_id}-progress"


def put_progress(job_id: int, done: int, total: int) -> None:
    try:
        huey.put(progress_key(job_id), (done, total))
    except Exception:  # progress is a courtesy: never fail an import for it
        log.warning("import job %s: cannot record progress", job_id, exc_info=True)


def progress_of(job: ImportJob) -> tuple[int, int]:
    """(records done, records in all) of a job: the live count while it runs."""
    if job.status == ImportJob.Status.RUNNING:
        try:
            live = huey.get(progress_key(job.pk), peek=True)
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


class CannotRunAgain(Exception):
    """A job that may not be run again (not failed, refused rows, its file gone)."""


def rerun_job(job: ImportJob) -> ImportJob:
    """A failed job's file, mapping and options queued again as a new job, which takes the
    file over; a job already run again answers the job that did (pressing twice is once)."""
    new: ImportJob | None
    with transaction.atomic():
        source = ImportJob.objects.get(pk=job.pk)
        if source.rerun_as_id is not None:
            return ImportJob.objects.get(pk=source.rerun_as_id)
        if not source.can_run_again:
            raise CannotRunAgain(
                f"{source.filename}: only a job whose worker stopped or that "
                "met an error can be run again"
            )
        content = bytes(source.content)
        if not content:
            raise CannotRunAgain(f"{source.filename}: its file is no longer kept; upload it again")
        new = ImportJob.objects.create(
            user_id=source.user_id,
            pending_id=source.pending_id,
            filename=source.filename,
            content=content,
            mapping=source.mapping,
            skip_invalid=source.skip_invalid,
            rows_total=source.rows_total,
        )
        claimed = ImportJob.objects.filter(pk=source.pk, rerun_as__isnull=True)
        if not claimed.update(rerun_as=new, content=b""):
            transaction.set_rollback(True)  # another press won the race: its job stands
            new = None
    if new is None:
        return ImportJob.objects.get(rerun_of__pk=job.pk)
    import_spreadsheet(new.pk)
    return new


class _Heartbeat:
    """While open, a thread puts the job's heartbeat every `liveness.beat_seconds()`."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.stopping = threading.Event()
        self.thread = threading.Thread(
            target=self._beat, name=f"import-job-{job_id}-heartbeat", daemon=True
        )

    def _beat(self) -> None:
        while not self.stopping.wait(liveness.beat_seconds()):
            liveness.put_heartbeat(self.job_id)

    def __enter__(self) -> _Heartbeat:
        liveness.put_heartbeat(self.job_id)
        self.thread.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stopping.set()
        self.thread.join()


@db_task()
def import_spreadsheet(job_id: int) -> str:
    """Run a queued import; answer its status."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED)
    if not claimed.update(status=ImportJob.Status.RUNNING, started_at=timezone.now()):
        return "gone"
    job = ImportJob.objects.get(pk=job_id)
    put_progress(job.pk, 0, job.rows_total)
    with _Heartbeat(job_id):
        fields = _run(job)
        _finish(job, fields)
    liveness.forget(job_id)
    return str(fields["status"])


def _run(job: ImportJob) -> dict[str, Any]:
    """The import itself; answer the job's fields that say how it ended."""
    from partnerfolio.accounts.models import User
    from partnerfolio.spreadsheets.importing import run_import

    outside = len(connection.atomic_blocks)
    marked = False

    def progress(done: int, total: int) -> None:
        nonlocal marked
        if not marked and len(connection.atomic_blocks) > outside:
            # inside the import's own transaction: committed with its records or not at all,
            # so a job whose worker stopped says truly whether they were written
            ImportJob.objects.filter(pk=job.pk).update(written=True)
            marked = True
        if done == 0 or done == total or done % PROGRESS_EVERY == 0:
            put_progress(job.pk, done, total)

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
        log.exception("import job %s failed", job.pk)
        return {  # the file is kept, to run it again
            "status": ImportJob.Status.FAILED,
            "failure": ImportJob.Failure.ERROR,
            "written": False,
            "summary": "the import stopped on an error; nothing was written",
            "result": {"issues": [{"sheet": "", "row": 0, "column": "", "reason": str(error)}]},
        }
    fields: dict[str, Any] = {
        "result": {**report.as_json(), "counts": _counts(report.outcomes)},
        "summary": report.summary(),
        "written": report.written,
        "rows_done": job.rows_total,
        "content": b"",
    }
    if report.written:
        fields.update(status=ImportJob.Status.DONE, failure="")
    else:  # the upload is kept, to correct the columns
        fields.update(status=ImportJob.Status.FAILED, failure=ImportJob.Failure.REFUSED)
    return fields


def _finish(job: ImportJob, fields: dict[str, Any]) -> None:
    """Record how the job ended (over a guess that its worker had stopped, if one was made:
    this is what happened)."""
    fields["finished_at"] = timezone.now()
    if fields["status"] == ImportJob.Status.DONE and job.pending_id:
        PendingImport.objects.filter(pk=job.pending_id).delete()
        fields["pending"] = None
    ImportJob.objects.filter(pk=job.pk).update(**fields)


@db_periodic_task(crontab(minute="*"))
def fail_silent_jobs() -> int:
    """Every minute: running imports whose worker has stopped are marked failed."""
    return liveness.import_jobs_fail_silent()


@on_startup()
@close_db
def fail_silent_jobs_at_start() -> None:
    """When a worker starts: imports left running by a worker that stopped are failed."""
    try:
        liveness.import_jobs_fail_silent()
    except Exception:  # the worker must start all the same; the minute's run tries again
        log.exception("cannot check the running import jobs")


def _counts(outcomes: list[Any]) -> dict[str, int]:
    counts = {"create": 0, "update": 0, "unchanged": 0}
    for outcome in outcomes:
        counts[outcome.verb] = counts.get(outcome.verb, 0) + 1
    return counts
