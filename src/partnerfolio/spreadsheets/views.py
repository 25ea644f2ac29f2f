"""Spreadsheet pages: upload, map columns, preview (a dry run), confirm; and downloads.

Imports are for managers and administrators (`access.can_create`); downloads for
everyone on our side, of what they may see (a partnership they may not see answers 404).
A confirmed import of more rows than `tasks.background_rows()` is queued as an
`ImportJob`: its page polls a small progress partial until the job ends (a job whose
worker stopped is failed when viewed; its starter may run it again).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerfolio.accounts import access
from partnerfolio.partnerships import selectors
from partnerfolio.partnerships.models import Partnership
from partnerfolio.partnerships.views import playbook
from partnerfolio.spreadsheets import exporting, liveness, tasks
from partnerfolio.spreadsheets.fields import KINDS
from partnerfolio.spreadsheets.importing import run_import
from partnerfolio.spreadsheets.mappings import (
    Mapping,
    MappingError,
    field_choices,
    mapping_save,
    ready_mappings,
    resolve_columns,
    saved_mapping,
)
from partnerfolio.spreadsheets.models import ImportJob, PendingImport, SavedMapping
from partnerfolio.spreadsheets.reading import RefusedFile, max_bytes, read_file

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "zip": "application/zip",
}


def _importer(request: HttpRequest) -> None:
    if not access.on_our_side(request.user):
        raise Http404
    if not access.can_create(request.user):
        raise PermissionDenied("importing is for managers and administrators")


def _mapping_named(name: str) -> Mapping:
    ready = ready_mappings()
    if name in ready:
        return ready[name]
    saved = SavedMapping.objects.filter(name=name).first()
    return saved_mapping(saved) if saved else Mapping()


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    _importer(request)
    context: dict[str, Any] = {
        "ready": list(ready_mappings()),
        "saved": SavedMapping.objects.all(),
        "kinds": KINDS,
        "limit": max_bytes(),
    }
    if request.method == "GET":
        return render(request, "spreadsheets/upload.html", context)
    upload = request.FILES.get("file")
    if upload is None:
        context["error"] = "choose a .csv or .xlsx file"
        return render(request, "spreadsheets/upload.html", context, status=400)
    if upload.size is not None and upload.size > max_bytes():
        context["error"] = (
            f"file too large: {upload.size:,} bytes, the limit is {max_bytes():,} bytes"
        )
        return render(request, "spreadsheets/upload.html", context, status=400)
    data = upload.read()
    try:
        read_file(data, upload.name or "upload")
    except RefusedFile as error:
        context["error"] = f"{upload.name}: {error}"
        return render(request, "spreadsheets/upload.html", context, status=400)
    mapping = _mapping_named(request.POST.get("mapping", ""))
    if request.POST.get("kind") in KINDS:
        mapping.kind = request.POST["kind"]
    PendingImport.objects.filter(
        user=request.user, created_at__lt=timezone.now() - timezone.timedelta(days=1)
    ).delete()
    pending = PendingImport.objects.create(
        user=request.user,
        filename=(upload.name or "upload")[:255],
        content=data,
        kind=mapping.kind,
        source=mapping.source,
        columns=mapping.columns,
        values=mapping.values,
    )
    return redirect("spreadsheet_import_review", pk=pending.pk)


@require_http_methods(["GET", "POST"])
def import_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The columns and their fields, the dry run's preview; then the import itself."""
    _importer(request)
    pending = get_object_or_404(PendingImport, pk=pk, user=request.user)
    mapping = Mapping("", pending.kind, pending.source, dict(pending.columns), dict(pending.values))
    try:
        workbook = read_file(bytes(pending.content), pending.filename)
    except RefusedFile as error:  # limits lowered since the upload
        return HttpResponse(str(error), status=400, content_type="text/plain")
    error = ""
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        mapping.kind = kind if kind in KINDS else ""
        for table in workbook.tables:
            for index, header in enumerate(table.headers):
                chosen = request.POST.get(f"col-{table.name}-{index}")
                if chosen is not None:
                    mapping.columns[header] = chosen if chosen in field_choices(None) else ""
        pending.kind, pending.columns = mapping.kind, mapping.columns
        pending.save(update_fields=["kind", "columns"])
        if request.POST.get("save_as", "").strip():
            try:
                mapping_save(mapping, request.POST["save_as"], request.user)
            except MappingError as refused:
                error = str(refused)
    confirm = request.method == "POST" and request.POST.get("action") == "import"
    skip = request.POST.get("skip_invalid") == "on"
    rows = sum(len(table.rows) for table in workbook.tables)
    if confirm and not error and rows > tasks.background_rows():
        job = tasks.start_job(pending, mapping, user=request.user, skip_invalid=skip, rows=rows)
        return redirect("spreadsheet_import_job", pk=job.pk)
    report = run_import(
        workbook,
        mapping,
        actor=request.user,
        user=request.user,
        dry_run=not confirm,
        skip_invalid=skip,
    )
    if confirm and report.written:
        pending.delete()
    tables = []
    for table in workbook.tables:
        columns = resolve_columns(table, mapping)
        tables.append(
            {
                "name": table.name,
                "rows": len(table.rows),
                "columns": [(i, h, columns.fields.get(i, "")) for i, h in enumerate(table.headers)],
                "choices": field_choices(columns.kind),
            }
        )
    context = {
        "pending": pending,
        "tables": tables,
        "report": report,
        "kinds": KINDS,
        "kind": mapping.kind,
        "confirmed": confirm,
        "skip": skip,
        "error": error,
    }
    status = 400 if confirm and not report.written else 200
    return render(request, "spreadsheets/review.html", context, status=status)


def _job(request: HttpRequest, pk: int) -> ImportJob:
    """A job, for the person who started it and administrators; for others it is not there."""
    if not access.on_our_side(request.user):
        raise Http404
    jobs = ImportJob.objects.all()
    if not access.is_admin(request.user):
        jobs = jobs.filter(user=request.user)
    return get_object_or_404(jobs.defer("content"), pk=pk)


def _job_context(job: ImportJob) -> dict[str, Any]:
    liveness.import_job_fail_if_silent(job)  # a worker that stopped: say so, offer a re-run
    done, total = tasks.progress_of(job)
    return {"job": job, "percent": tasks.percent(job), "done": done, "total": total}


@require_GET
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "spreadsheets/job.html", _job_context(job))


@require_POST
def import_job_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    """Run a failed job's file again, as a new job: for the person who started it only."""
    job = _job(request, pk)
    if job.user_id != request.user.pk:
        raise PermissionDenied("only the person who started an import can run it again")
    _importer(request)
    try:
        again = tasks.rerun_job(job)
    except tasks.CannotRunAgain as refused:
        context = {**_job_context(job), "error": str(refused)}
        return render(request, "spreadsheets/job.html", context, status=409)
    return redirect("spreadsheet_import_job", pk=again.pk)


@require_GET
def import_job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress partial, polled every second; 286 (htmx: stop polling) once finished."""
    job = _job(request, pk)
    response = render(request, "spreadsheets/_job_progress.html", _job_context(job))
    if job.finished:
        response.status_code = 286
    response["Cache-Control"] = "no-store"
    return response


# --- downloads --------------------------------------------------------------------------


def _reader(request: HttpRequest) -> None:
    if not access.on_our_side(request.user):
        raise Http404


def _download(data: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _scorecard(partnership: Partnership) -> list[dict[str, Any]]:
    return exporting.scorecard_rows(
        selectors.partnership_assessment(partnership, timezone.localdate(), playbook())
    )


@require_GET
def export_partnership(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A partnership's records (importable), with its scorecard in the workbook."""
    _reader(request)
    partnership = get_object_or_404(access.visible_partnerships(request.user), pk=pk)
    name = slugify(partnership.name) or "partnership"
    if fmt == "json":
        import json

        document = selectors.partnership_document(partnership)
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        return _download(text.encode("utf-8"), f"{name}.json", fmt)
    rows = list(exporting.record_rows([partnership.pk]))
    if fmt == "csv":
        return _download(exporting.csv_bytes(exporting.wide_columns(), rows), f"{name}.csv", fmt)
    scorecard = ("Scorecard", exporting.SCORECARD_COLUMNS, _scorecard(partnership))
    return _download(exporting.records_xlsx(rows, [scorecard]), f"{name}.xlsx", fmt)


@require_GET
def export_scorecard(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    _reader(request)
    partnership = get_object_or_404(access.visible_partnerships(request.user), pk=pk)
    name = f"{slugify(partnership.name) or 'partnership'}-scorecard.{fmt}"
    rows = _scorecard(partnership)
    if fmt == "csv":
        return _download(exporting.csv_bytes(exporting.SCORECARD_COLUMNS, rows), name, fmt)
    return _download(
        exporting.xlsx_bytes([("Scorecard", exporting.SCORECARD_COLUMNS, rows)]), name, fmt
    )
