"""Exports of more partnerships than PARTNERFOLIO_EXPORT_INLINE_ROWS, written by the worker.

`export_job_start` records an `ExportJob` for the person who asked (the list's filters as
they gave them, the data revision they saw) and queues `export_file`. The task reads
what that person may see, as the download in the request would (`access`), writes the
file with `streaming` into a temporary file and stores it in the database in parts of
PART bytes, so that any application server hands it out a part at a time. The same
request asked again at the same revision answers the same job (a second click queues
nothing). Only its asker may see a job or download its file; a file is removed
KEEP_HOURS after it was asked for (when any export job page is viewed, and every hour
by the worker).
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from typing import IO, Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from partnerfolio.spreadsheets import streaming
from partnerfolio.spreadsheets.models import ExportJob, ExportPart
from partnerfolio.spreadsheets.reading import _limit

log = logging.getLogger(__name__)
KEEP_HOURS = 24
PART = 1024 * 1024


def inline_rows() -> int:
    """Exports of more partnerships than this go to the worker
    (PARTNERFOLIO_EXPORT_INLINE_ROWS, default 5,000)."""
    return _limit("PARTNERFOLIO_EXPORT_INLINE_ROWS", 5_000)


def file_name(what: str, fmt: str) -> str:
    stem = "partnerships" if what == ExportJob.What.LIST else "portfolio"
    return f"{stem}.{'zip' if fmt == 'json' else fmt}"


def kept(user: Any) -> QuerySet[ExportJob]:
    """This person's export jobs whose file is still kept (or still being written)."""
    since = timezone.now() - timedelta(hours=KEEP_HOURS)
    return ExportJob.objects.filter(user=user, created_at__gte=since)


def export_job_start(
    *, user: Any, what: str, fmt: str, query: str, revision: int | None, partnerships: int
) -> ExportJob:
    """The job writing this export for this person: the one already asked for at the same
    data revision (not failed), or a new one, queued."""
    if revision is not None:
        same = kept(user).filter(what=what, fmt=fmt, query=query, revision=revision)
        found = same.exclude(status=ExportJob.Status.FAILED).first()
        if found is not None:
            return found
    job = ExportJob.objects.create(
        user=user,
        what=what,
        fmt=fmt,
        query=query,
        revision=revision,
        partnerships=partnerships,
        filename=file_name(what, fmt),
    )
    export_file(job.pk)  # committed already: the views run in autocommit
    return job


def partnerships_for(job: ExportJob) -> QuerySet[Any]:
    """What the job's asker may see, filtered as they asked (the list's filters)."""
    from partnerfolio.accounts import access
    from partnerfolio.partnerships.views import filtered as list_filters

    visible = access.visible_partnerships(job.user)
    if job.what == ExportJob.What.PORTFOLIO:
        return visible
    query = list_filters(visible.select_related("summary"), QueryDict(job.query), job.user)
    return query.order_by("name").distinct().prefetch_related("partners")


def write_export(what: str, fmt: str, partnerships: QuerySet[Any], out: IO[bytes]) -> None:
    """The export's file (as the request would answer it) written into `out`."""
    if what == ExportJob.What.LIST and fmt == "csv":
        streaming.to_file(streaming.list_csv(partnerships), out)
    elif what == ExportJob.What.LIST and fmt == "xlsx":
        streaming.list_xlsx(partnerships, out)
    elif fmt == "json":
        ids = (
            streaming.ids_of(partnerships)
            if what == ExportJob.What.PORTFOLIO
            else (p.pk for p in partnerships.iterator(chunk_size=streaming.CHUNK))
        )
        streaming.documents_zip(ids, out)
    elif fmt == "csv":
        streaming.to_file(streaming.records_csv(streaming.ids_of(partnerships)), out)
    else:
        streaming.records_xlsx(streaming.ids_of(partnerships), out)


@db_task()
def export_file(job_id: int) -> str:
    """Write a queued export and store it; answer its status."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED)
    if not claimed.update(status=ExportJob.Status.RUNNING):
        return "gone"
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        if job.what == ExportJob.What.LIST:
            from partnerfolio.partnerships import summaries
            from partnerfolio.partnerships.views import playbook

            summaries.portfolio_summaries(timezone.localdate(), playbook())
        with tempfile.TemporaryFile() as out:
            write_export(job.what, job.fmt, partnerships_for(job), out)
            size = out.tell()
            out.seek(0)
            with transaction.atomic():
                index = 0
                while part := out.read(PART):
                    ExportPart.objects.create(job_id=job.pk, index=index, data=part)
                    index += 1
                ExportJob.objects.filter(pk=job.pk).update(
                    status=ExportJob.Status.DONE, size=size, finished_at=timezone.now()
                )
    except Exception as error:
        log.exception("export job %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, failure=str(error), finished_at=timezone.now()
        )
        return ExportJob.Status.FAILED
    return ExportJob.Status.DONE


def parts(job: ExportJob) -> Iterator[bytes]:
    """The job's file, a part at a time (one part in memory)."""
    for pk in job.parts.order_by("index").values_list("pk", flat=True):
        data = ExportPart.objects.filter(pk=pk).values_list("data", flat=True).first()
        if data is not None:
            yield bytes(data)


def export_jobs_forget_old() -> int:
    """Remove the export jobs (and their files) asked for more than KEEP_HOURS ago."""
    since = timezone.now() - timedelta(hours=KEEP_HOURS)
    removed, _by_model = ExportJob.objects.filter(created_at__lt=since).delete()
    return removed


@db_periodic_task(crontab(minute="7"))
def forget_old_exports() -> int:
    """Every hour: exports kept past their time are removed."""
    return export_jobs_forget_old()
