"""Is a running import job's worker still there? Its heartbeat, and failing a silent job.

While `import_spreadsheet` runs, a thread of the worker puts a heartbeat (the time, the
host and the process) in the queue's own storage every `beat_seconds()`: that storage is
outside the database, so the beat is renewed while the import's transaction is open. A
`running` job not heard from for longer than `grace_seconds()` has lost its worker
(killed, the machine restarted): `import_job_fail_if_silent` marks it failed with the
reason. It runs when the job's page or its progress is viewed, when a worker starts and
every minute in the worker (`tasks.fail_silent_jobs`).

Nothing is half-written by a worker that stopped: the import writes in one transaction,
and `ImportJob.written` is set inside that same transaction, so the job row says whether
the records were committed even when the worker stopped before recording its report.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone
from huey.contrib.djhuey import HUEY as huey

from partnerfolio.spreadsheets.models import ImportJob, PendingImport
from partnerfolio.spreadsheets.reading import _limit

log = logging.getLogger(__name__)


def grace_seconds() -> int:
    """How long a running job may go unheard before it counts as stopped
    (PARTNERFOLIO_IMPORT_WORKER_GRACE, seconds, default 120)."""
    return max(1, _limit("PARTNERFOLIO_IMPORT_WORKER_GRACE", 120))


def beat_seconds() -> float:
    """How often the worker renews a job's heartbeat: six beats to the grace period."""
    return grace_seconds() / 6


def heartbeat_key(job_id: int) -> str:
    return f"spreadsheet-import-{job_id}-heartbeat"


def put_heartbeat(job_id: int, at: float | None = None) -> None:
    """Record that the worker running this job is alive (now, or at `at`, a Unix time)."""
    beat = {"at": time.time() if at is None else at, "host": socket.gethostname()}
    beat["pid"] = os.getpid()
    try:
        huey.put(heartbeat_key(job_id), beat)
    except Exception:  # the next beat may get through; a missed one is not a death
        log.warning("import job %s: cannot record its heartbeat", job_id, exc_info=True)


def last_heard(job: ImportJob) -> tuple[datetime, dict[str, Any]] | None:
    """When the job's worker was last heard from, and its last beat ({} when there is none:
    then the job's start counts); None when the queue's storage cannot be read."""
    try:
        beat = huey.get(heartbeat_key(job.pk), peek=True)
    except Exception:
        log.warning("import job %s: cannot read its heartbeat", job.pk, exc_info=True)
        return None
    if beat:
        return datetime.fromtimestamp(float(beat["at"]), tz=UTC), dict(beat)
    if job.started_at is None:
        return None
    return job.started_at, {}


def forget(job_id: int) -> None:
    """Remove a finished job's live count and heartbeat from the queue's storage."""
    from partnerfolio.spreadsheets.tasks import progress_key

    for key in (progress_key(job_id), heartbeat_key(job_id)):
        try:
            huey.delete(key)
        except Exception:
            log.warning("import job %s: cannot clear %s", job_id, key, exc_info=True)


def _stopped_reason(heard: datetime, beat: dict[str, Any], written: bool) -> str:
    when = timezone.localtime(heard).strftime("%Y-%m-%d %H:%M:%S %Z")
    where = f", process {beat['pid']} on {beat['host']}" if beat.get("host") else ""
    if written:
        return (
            f"the worker stopped after writing the records (last heard from at {when}{where}); "
            "they are all in, but its report was lost"
        )
    return f"the worker stopped while importing (last heard from at {when}{where}); nothing was written"


def import_job_fail_if_silent(job: ImportJob, *, now: datetime | None = None) -> bool:
    """Mark a running job whose worker has been silent past the grace period as failed
    (or done, when its records were committed); answer whether it was. Updates `job`."""
    if job.status != ImportJob.Status.RUNNING:
        return False
    heard = last_heard(job)
    if heard is None:
        return False  # cannot tell: never fail a job on a guess
    at, beat = heard
    now = now or timezone.now()
    if now - at <= timedelta(seconds=grace_seconds()):
        return False
    written = ImportJob.objects.filter(pk=job.pk).values_list("written", flat=True).first()
    fields: dict[str, Any] = {"summary": _stopped_reason(at, beat, bool(written))}
    fields["finished_at"] = now
    if written:
        fields.update(status=ImportJob.Status.DONE, content=b"", rows_done=job.rows_total)
        fields["result"] = {"written": True, "issues": []}
    else:  # the file is kept: the page offers to run it again
        fields.update(status=ImportJob.Status.FAILED, failure=ImportJob.Failure.WORKER_LOST)
        fields["result"] = {"written": False, "issues": []}
    if not ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(**fields):
        job.refresh_from_db(fields=["status", "failure", "summary", "result", "finished_at"])
        return False  # it ended meanwhile
    if written and job.pending_id:
        PendingImport.objects.filter(pk=job.pending_id).delete()
        job.pending_id = None
    log.warning("import job %s: %s", job.pk, fields["summary"])
    for name, value in fields.items():
        if name != "content":
            setattr(job, name, value)
    forget(job.pk)
    return True


def import_jobs_fail_silent() -> int:
    """Every running job whose worker has been silent past the grace period, failed;
    answer how many."""
    running = ImportJob.objects.filter(status=ImportJob.Status.RUNNING).defer("content")
    return sum(import_job_fail_if_silent(job) for job in running)
