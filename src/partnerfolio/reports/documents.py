"""A report as one self-contained HTML document, and that document as PDF (WeasyPrint).

The document inlines its stylesheets (the application's and the report's, which holds
the A4 print rules) and its charts (SVG), so the HTML file the command line writes opens
anywhere and WeasyPrint fetches nothing: no network, no file besides what is given.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.text import slugify

BODY = {
    "partnership": "reports/_partnership_body.html",
    "portfolio": "reports/_portfolio_body.html",
}
STYLESHEETS = ("web/app.css", "reports/report.css")


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The application's stylesheet and the report's, as one text."""
    parts = []
    for name in STYLESHEETS:
        found = finders.find(name)
        if not found:
            raise LookupError(f"static file {name} not found")
        parts.append(Path(found).read_text("utf-8"))
    return "\n".join(parts)


def document_html(context: dict[str, Any]) -> str:
    """The whole report as a standalone HTML document (styles and charts inline)."""
    return render_to_string(
        "reports/document.html",
        {**context, "body": BODY[context["kind"]], "css": stylesheet(), "standalone": True},
    )


def pdf_bytes(html: str) -> bytes:
    """The document as an A4 PDF."""
    from weasyprint import HTML  # imported on use: it loads Pango, which takes a while

    return HTML(string=html, base_url=None).write_pdf()


def file_name(context: dict[str, Any], extension: str) -> str:
    """`stratus-cloud-alliance-review-2026Q4.pdf`, `portfolio-report-2026-11-22.html`."""
    period = context["period"]
    if context["kind"] == "partnership":
        stem = f"{slugify(context['partnership'].name) or 'partnership'}-review"
    else:
        stem = "portfolio-report"
    return f"{stem}-{period.slug}.{extension}"
