"""The reports as pages, and as PDF documents with the same sections and charts.

Access is the pages' (docs/access.md): a partnership one may not see answers 404, the
portfolio report counts only what the reader may see, and partner users get 404 (they
work in the portal). The reports are made by the worker and kept by revision
(`reports.keeping`): while one is being made the page shows its progress and reloads
itself; once made, the same request is answered from what was kept.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from partnerfolio.accounts import access
from partnerfolio.audit import revision
from partnerfolio.partnerships.views import playbook, today
from partnerfolio.reports import content, documents, keeping, portfolio
from partnerfolio.reports.models import KeptReport
from partnerfolio.reports.period import Period, PeriodError, parse_date, period_for

REFRESH_SECONDS = 2


def _period(request: HttpRequest) -> Period:
    g = request.GET
    as_of = parse_date(g["as_of"]) if g.get("as_of") else None
    return period_for(g.get("quarter") or None, as_of, today())


def _our_side(request: HttpRequest) -> None:
    if not access.on_our_side(request.user):
        raise Http404("no such report")


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _page_context(request: HttpRequest, page: dict[str, Any], pdf_path: str) -> dict[str, Any]:
    query = request.GET.copy()
    query.pop("format", None)
    appendix = query.copy()
    if request.GET.get("appendix") == "1":
        appendix.pop("appendix")
    else:
        appendix["appendix"] = "1"
    return {
        **page,
        "pdf_url": pdf_path + (f"?{query.urlencode()}" if query else ""),
        "appendix_url": f"?{appendix.urlencode()}",
        "with_appendix": request.GET.get("appendix") == "1",
        "standalone": False,
    }


def _answer(
    request: HttpRequest,
    *,
    kind: str,
    subject: int,
    at: int | None,
    page: dict[str, Any],
    make: Any,
    template: str,
    pdf: bool,
    pdf_path: str,
) -> HttpResponse:
    """The report: kept (made, or being made) when the record's revision is known, else
    made in the request (inside a transaction that has written, as before)."""
    pdf = pdf or request.GET.get("format") == "pdf"
    name = documents.file_name(page, "pdf")
    if at is None:
        context = make()
        if pdf:
            return _pdf(documents.pdf_bytes(documents.document_html(context)), name)
        return render(request, template, _page_context(request, context, pdf_path))
    report = keeping.report_kept(
        user=request.user,
        kind=kind,
        subject=subject,
        period=page["period"],
        appendix=request.GET.get("appendix") == "1" and kind == "portfolio",
        fmt="pdf" if pdf else "html",
        revision=at,
    )
    if report.status == KeptReport.Status.DONE:
        if pdf:
            data = KeptReport.objects.filter(pk=report.pk).values_list("pdf", flat=True).get()
            return _pdf(bytes(data), name)
        body = KeptReport.objects.filter(pk=report.pk).values_list("body", flat=True).get()
        return render(request, template, {**_page_context(request, page, pdf_path), "body": body})
    context = {
        **_page_context(request, page, pdf_path),
        "report": report,
        "pdf": pdf,
        "refresh": REFRESH_SECONDS,
        "reload_url": request.get_full_path(),
    }
    response = render(request, "reports/preparing.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _bad_period(error: PeriodError) -> HttpResponse:
    return HttpResponse(f"{error}\n", status=400, content_type="text/plain; charset=utf-8")


@require_GET
def partnership_report(request: HttpRequest, pk: int, pdf: bool = False) -> HttpResponse:
    """The quarterly business review of one partnership (`?quarter=2026Q4`, `?as_of=`)."""
    _our_side(request)
    partnership = get_object_or_404(access.visible_partnerships(request.user), pk=pk)
    try:
        period = _period(request)
    except PeriodError as error:
        return _bad_period(error)
    page = {
        "kind": "partnership",
        "title": f"Partnership review: {partnership.name}",
        "partnership": partnership,
        "period": period,
        "as_of": period.as_of,
    }
    return _answer(
        request,
        kind="partnership",
        subject=partnership.pk,
        # a write inside this request's transaction is not anyone's yet: made here
        at=None if revision.current() is None else partnership.revision,
        page=page,
        make=lambda: content.partnership_report(partnership, period, playbook()),
        template="reports/partnership.html",
        pdf=pdf,
        pdf_path=reverse("reports:partnership_pdf", args=[pk]),
    )


@require_GET
def partnership_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return partnership_report(request, pk, pdf=True)


@require_GET
def portfolio_report(request: HttpRequest, pdf: bool = False) -> HttpResponse:
    """The executives' report over every partnership the reader may see."""
    _our_side(request)
    try:
        period = _period(request)
    except PeriodError as error:
        return _bad_period(error)
    appendix = request.GET.get("appendix") == "1"
    page = {"kind": "portfolio", "title": "Portfolio report", "period": period}
    return _answer(
        request,
        kind="portfolio",
        subject=0,
        at=revision.seen_by(request),
        page=page,
        make=lambda: portfolio.portfolio_report(
            access.visible_partnerships(request.user), period, playbook(), appendix=appendix
        ),
        template="reports/portfolio.html",
        pdf=pdf,
        pdf_path=reverse("reports:portfolio_pdf"),
    )


@require_GET
def portfolio_report_pdf(request: HttpRequest) -> HttpResponse:
    return portfolio_report(request, pdf=True)
