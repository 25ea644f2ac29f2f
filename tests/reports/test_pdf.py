"""The PDFs as a reader sees them: pages drawn by poppler, text, and the same charts.

Each test renders one PDF (about a second or two each): a handful in all.
"""

from __future__ import annotations

import re
import time

import pytest

from partnerfolio.partnerships.models import Partnership
from partnerfolio.partnerships.views import playbook
from partnerfolio.reports import content, documents
from partnerfolio.reports.period import period_for
from tests.people import signed_in as client_for
from tests.reports.conftest import AS_OF
from tests.reports.pdf_tools import ink, pages_as_png, pdf_text, require_pdftoppm

pytestmark = pytest.mark.django_db


def test_the_review_pdf_has_sane_pages_ink_sections_and_charts(world, tmp_path):
    require_pdftoppm()
    pk = world["Stratus"]
    started = time.perf_counter()
    response = client_for("mia").get(f"/reports/partnerships/{pk}/pdf/", {"quarter": "2026Q4"})
    took = time.perf_counter() - started
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="stratus-cloud-strategic-co-sell-alliance-review-2026Q4.pdf"'
    )
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    pages = pages_as_png(pdf, tmp_path)
    assert 2 <= len(pages) <= 12, f"{len(pages)} pages"
    assert ink(pages[0]) > 0.01, "the first page is blank"
    text = pdf_text(pdf, tmp_path)
    for section in (
        "Stratus Cloud strategic co-sell alliance",
        "1. Classification and drivers",
        "2. Scorecard",
        "3. Survey results: both sides",
        "4. Transition readiness",
        "5. Pitfalls and recommendations",
        "6. The quarter's timeline",
        "Q4 2026",
    ):
        assert section in text, section
    # The charts are drawn in the PDF: the radar's axes and the survey chart's legend are
    # text of the SVG, laid out by WeasyPrint.
    for drawn in ("Time horizon", "Relationship", "Partner side", "Survey means over the rounds"):
        assert drawn in text, drawn
    assert re.search(r"Page 1 of \d+", text), "page numbers in the footer"
    assert took < 20, f"{took:.1f} s"


def test_the_pdf_document_carries_the_same_charts_as_the_page(world):
    pk = world["Stratus"]
    page = client_for("mia").get(f"/reports/partnerships/{pk}/", {"as_of": "2026-11-30"})
    report = content.partnership_report(
        Partnership.objects.get(pk=pk), period_for(None, AS_OF, AS_OF), playbook()
    )
    document = documents.document_html(report)
    svgs = report["charts"].all()
    for chart in svgs:
        assert chart.svg in document
        assert chart.svg in page.content.decode()
    assert document.count("<svg") == page.content.decode().count("<svg")
    assert "@page" in document  # the A4 print rules
    assert "counter(pages)" in document


def test_the_portfolio_pdf_renders_with_its_charts(world, tmp_path):
    require_pdftoppm()
    response = client_for("ada").get(
        "/reports/portfolio/", {"format": "pdf", "as_of": "2026-11-30"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="portfolio-report-2026-11-30.pdf"' in response["Content-Disposition"]
    pages = pages_as_png(response.content, tmp_path)
    assert 1 <= len(pages) <= 12
    assert ink(pages[0]) > 0.01
    text = pdf_text(response.content, tmp_path)
    for section in (
        "Partnership portfolio",
        "1. Composition",
        "2. Health",
        "3. What needs attention",
        "4. Transition pipeline",
        "5. Value delivered",
        "Partnerships by type",  # composition chart title and its bars' labels
        "Strategic",
        "Cobalt secret alliance",  # an administrator sees the confidential one
    ):
        assert section in text, section


def test_a_blank_page_has_no_ink(tmp_path):
    """The ink measure itself: a page with nothing on it counts as blank."""
    from weasyprint import HTML

    pdf = HTML(string="<html><body></body></html>").write_pdf()
    (page,) = pages_as_png(pdf, tmp_path)
    assert ink(page) == 0
