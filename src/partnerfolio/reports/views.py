"""The reports as pages, and as PDF documents with the same sections and charts.

Access is the pages' (docs/access.md): a partnership one may not see answers 404, the
portfolio report counts only what the reader may see, and partner users get 404 (they
work in the portal).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from partnerfolio.accounts import access
from partnerfolio.partnerships.views import playbook, today
from partnerfolio.reports import content, documents
from partnerfolio.reports.period import Period, PeriodError, parse_date, period_for


def _period(request: HttpRequest) -> Period:
    g = request.GET
    as_of = parse_date(g["as_of"]) if g.get("as_of") else None
    return period_for(g.get("quarter") or None, as_of, today())


def _our_side(request: HttpRequest) -> None:
    if not access.on_our_side(request.user):
        raise Http404("no such report")


def _answer(
    request: HttpRequest, context: dict[str, Any], template: str, pdf: bool, pdf_path: str
) -> HttpResponse:
    if pdf or request.GET.get("format") == "pdf":
        data = documents.pdf_bytes(documents.document_html(context))
        response = HttpResponse(data, content_type="application/pdf")
        name = documents.file_name(context, "pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    query = request.GET.copy()
    query.pop("format", None)
    context["pdf_url"] = pdf_path + (f"?{query.urlencode()}" if query else "")
    context["standalone"] = False
    return render(request, template, context)


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
    context = content.partnership_report(partnership, period, playbook())
    pdf_path = reverse("reports:partnership_pdf", args=[pk])
    return _answer(request, context, "reports/partnership.html", pdf, pdf_path)


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
    context = content.portfolio_report(
        access.visible_partnerships(request.user), period, playbook()
    )
    pdf_path = reverse("reports:portfolio_pdf")
    return _answer(request, context, "reports/portfolio.html", pdf, pdf_path)


@require_GET
def portfolio_report_pdf(request: HttpRequest) -> HttpResponse:
    return portfolio_report(request, pdf=True)
