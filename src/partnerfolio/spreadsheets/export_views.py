"""Downloads of many partnerships: the list (with its filters) and the portfolio's records.

What the person may see only (`access.visible_partnerships`). Up to
`export_jobs.inline_rows()` partnerships the file is written in the request, in constant
memory: CSV streamed as it is written, XLSX and the zip of JSON written to a temporary
file that is then streamed. Beyond, the export goes to the worker: the person is sent to
the job's page, which says it is being prepared (refreshing itself every few seconds,
with or without JavaScript) and links the file once it is ready. A job and its file are
for the person who asked only: anyone else gets 404.
"""

from __future__ import annotations

import tempfile

from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partnerfolio.accounts import access
from partnerfolio.audit import revision
from partnerfolio.partnerships import summary_selectors
from partnerfolio.partnerships.models import Partnership
from partnerfolio.partnerships.views import filtered as list_filters
from partnerfolio.partnerships.views import playbook
from partnerfolio.spreadsheets import export_jobs, streaming
from partnerfolio.spreadsheets.models import ExportJob
from partnerfolio.spreadsheets.views import CONTENT_TYPES

REFRESH_SECONDS = 3


def _reader(request: HttpRequest) -> None:
    if not access.on_our_side(request.user):
        raise Http404


def _headers(response: HttpResponse | StreamingHttpResponse, name: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"


def filtered(request: HttpRequest) -> QuerySet[Partnership]:
    """The partnerships the /partnerships/ list shows for the same query string."""
    query = list_filters(
        access.visible_partnerships(request.user).select_related("summary"),
        request.GET,
        request.user,
    )
    return query.order_by("name").prefetch_related("partners")


def _answer(
    request: HttpRequest, what: str, fmt: str, partnerships: QuerySet[Partnership]
) -> HttpResponse | StreamingHttpResponse:
    name = export_jobs.file_name(what, fmt)
    count = partnerships.count()
    if count > export_jobs.inline_rows():
        job = export_jobs.export_job_start(
            user=request.user,
            what=what,
            fmt=fmt,
            query=request.GET.urlencode() if what == ExportJob.What.LIST else "",
            revision=revision.seen_by(request),
            partnerships=count,
        )
        return redirect("spreadsheet_export_job", pk=job.pk)
    content_type = CONTENT_TYPES["zip" if fmt == "json" else fmt]
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        pieces = (
            streaming.list_csv(partnerships)
            if what == ExportJob.What.LIST
            else streaming.records_csv(streaming.ids_of(partnerships))
        )
        response = StreamingHttpResponse(pieces, content_type=content_type)
    else:
        out = tempfile.TemporaryFile()  # noqa: SIM115  (the response closes it, so removes it)
        export_jobs.write_export(what, fmt, partnerships, out)
        out.seek(0)
        response = FileResponse(out, content_type=content_type)
    _headers(response, name)
    return response


@require_GET
def export_list(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    _reader(request)
    partnerships = filtered(request)
    # the summaries as they stand, as the list shows them (docs/summaries.md): never the
    # whole portfolio assessed in a request; without a worker, a page of stale ones first
    summary_selectors.freshness_of(partnerships, timezone.localdate(), playbook())
    return _answer(request, ExportJob.What.LIST, fmt, partnerships)


@require_GET
def export_portfolio(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    _reader(request)
    return _answer(
        request, ExportJob.What.PORTFOLIO, fmt, access.visible_partnerships(request.user)
    )


def _job(request: HttpRequest, pk: int) -> ExportJob:
    """The person's own export job, still kept; for anyone else it is not there."""
    _reader(request)
    export_jobs.export_jobs_forget_old()
    return get_object_or_404(export_jobs.kept(request.user), pk=pk)


@require_GET
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    context = {"job": job, "refresh": REFRESH_SECONDS, "keep_hours": export_jobs.KEEP_HOURS}
    response = render(request, "spreadsheets/export_job.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def export_job_file(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    job = _job(request, pk)
    if job.status != ExportJob.Status.DONE:
        raise Http404("this export is not ready")
    content_type = CONTENT_TYPES["zip" if job.fmt == "json" else job.fmt]
    response = StreamingHttpResponse(export_jobs.parts(job), content_type=content_type)
    response["Content-Length"] = str(job.size)
    _headers(response, job.filename)
    return response
