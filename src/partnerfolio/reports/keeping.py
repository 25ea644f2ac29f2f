"""Reports made by the worker and kept by revision, so the same report asked again is instant.

A request for a report asks `report_kept` for it, under a key: the report (portfolio, or
a partnership's review), whose view of the record it holds (`audience`), the period,
whether the appendix is in, HTML or PDF, and the revision the record is at (the data
revision for the portfolio, `partnerfolio.audit.revision`; the partnership's own revision
for its review, which reads that partnership only). A kept report under that key is
answered at once, made or being made; otherwise a `KeptReport` is recorded (a unique
constraint makes two requests at once record one) and `make_report` queued. Any write
moves the revision, so the next request makes a new one, and the reports kept under an
older revision are removed then (and any kept report older than KEEP).

Who sees what: a portfolio report is kept per person (`user:<id>`), except that every
administrator sees the whole record and shares `all`; a review holds one partnership
and is served only after the view has checked the reader may see it, so it is `all`.
A report made for an administrator is never served to anyone else.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from huey.contrib.djhuey import db_task

from partnerfolio.accounts import access
from partnerfolio.reports.models import KeptReport
from partnerfolio.reports.period import Period

log = logging.getLogger(__name__)
STALE = timedelta(minutes=30)  # a report not made by then is asked of the worker again
KEEP = timedelta(days=7)  # kept reports older than this are removed when a new one is made
# The bar's share for assessing (the stale summaries as of today, every partnership as of
# another day: reports.portfolio); the rest is reading and rendering.
ASSESSED = {"html": 95, "pdf": 60}


def audience(user: Any, kind: str) -> str:
    """Whose view of the record a report holds (see the module's docstring)."""
    if kind == "partnership" or access.is_admin(user):
        return "all"
    return f"user:{user.pk}"


def period_key(period: Period) -> str:
    return f"{period.start}:{period.end}:{period.as_of}:{period.quarter or ''}"


def period_from(key: str) -> Period:
    start, end, as_of, quarter = key.split(":")
    return Period(
        start=date.fromisoformat(start),
        end=date.fromisoformat(end),
        as_of=date.fromisoformat(as_of),
        quarter=quarter or None,
    )


def report_kept(
    *,
    user: Any,
    kind: str,
    subject: int,
    period: Period,
    appendix: bool,
    fmt: str,
    revision: int,
) -> KeptReport:
    """The report under this key: made, being made, or queued now (once)."""
    key = {
        "kind": kind,
        "subject": subject,
        "audience": audience(user, kind),
        "period": period_key(period),
        "appendix": appendix,
        "fmt": fmt,
    }
    found = KeptReport.objects.filter(**key, revision=revision).defer("body", "pdf").first()
    if found is not None and (
        found.status == KeptReport.Status.FAILED
        or (not found.finished and found.created_at < timezone.now() - STALE)
    ):
        found.delete()  # failed, or its worker is gone: make it again
        found = None
    if found is not None:
        return found
    try:
        with transaction.atomic():
            report = KeptReport.objects.create(**key, revision=revision, user=user)
    except IntegrityError:  # asked at the same moment by another request: that one stands
        return KeptReport.objects.defer("body", "pdf").get(**key, revision=revision)
    KeptReport.objects.filter(**key, revision__lt=revision).delete()  # superseded
    KeptReport.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    make_report(report.pk)
    report.refresh_from_db(fields=["status", "percent", "failure"])
    return report


def _context(report: KeptReport) -> dict[str, Any]:
    from partnerfolio.partnerships.models import Partnership
    from partnerfolio.partnerships.views import playbook
    from partnerfolio.reports import content, portfolio

    period = period_from(report.period)
    if report.kind == "partnership":
        partnership = Partnership.objects.get(pk=report.subject)
        return content.partnership_report(partnership, period, playbook())
    share = ASSESSED[report.fmt]

    def progress(done: int, total: int) -> None:
        percent = done * share // total if total else share
        KeptReport.objects.filter(pk=report.pk).update(percent=percent)

    return portfolio.portfolio_report(
        access.visible_partnerships(report.user),
        period,
        playbook(),
        appendix=report.appendix,
        progress=progress,
    )


@db_task()
def make_report(report_id: int) -> str:
    """Make a queued report and keep it; answer its status."""
    from partnerfolio.reports import documents

    claimed = KeptReport.objects.filter(pk=report_id, status=KeptReport.Status.QUEUED)
    if not claimed.update(status=KeptReport.Status.RUNNING):
        return "gone"
    report = KeptReport.objects.select_related("user").get(pk=report_id)
    try:
        context = _context(report)
        done: dict[str, Any] = {"status": KeptReport.Status.DONE, "percent": 100}
        if report.fmt == "pdf":
            done["pdf"] = documents.pdf_bytes(documents.document_html(context))
        else:
            done["body"] = render_to_string(
                documents.BODY[report.kind], {**context, "standalone": False}
            )
    except Exception as error:
        log.exception("report %s failed", report_id)
        KeptReport.objects.filter(pk=report_id).update(
            status=KeptReport.Status.FAILED, failure=str(error), finished_at=timezone.now()
        )
        return KeptReport.Status.FAILED
    KeptReport.objects.filter(pk=report_id).update(**done, finished_at=timezone.now())
    return KeptReport.Status.DONE
