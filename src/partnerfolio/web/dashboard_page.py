"""The dashboard's figures, lists and charts, rendered once per data revision and kept.

Everything the dashboard shows below its heading depends on the record, on the day and
the playbook, on whose view of the record it is and on the page's own parameters (whose
partnerships, the map table's page). It is rendered once for each of them and kept in
Django's cache (`partnerfolio.audit.kept`) under the data revision it was read at, so a
dashboard asked again before anything changes costs its sign-in and a cache read. Any
committed change moves the revision, and so does every summary written (a write's own
re-assessment, the worker's batches, the few a page assesses without a worker:
`partnerships.summaries.refresh`), so the next dashboard is rendered from the record as it
now stands, its "updating" marks and progress included. Whether a worker is running is in
the key too: when one stops, the rows it left stale are assessed by the pages again.

Who sees what: administrators see the whole record and share one rendering; everyone
else has their own. The count of a person's own partnerships, in the heading's links, is
read for each request and never kept.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from partnerfolio import charts
from partnerfolio.accounts import access
from partnerfolio.audit import kept, revision
from partnerfolio.domain import Playbook
from partnerfolio.domain.messages import label
from partnerfolio.partnerships import models, summaries, summary_selectors, summary_upkeep
from partnerfolio.web import dashboard_selectors as selectors
from partnerfolio.web import presenters

ATTENTION = 25  # rows of each dashboard list; each links to the whole of it
PIPELINE = 12
DUE = 15
MAP_POINTS = 300  # up to this many partnerships the map draws each; beyond, it counts cells
MAP_PAGE = 25  # rows of the map's table a page
MAX_AGE = 300  # seconds a rendering is kept at most (its revision may stand for longer)
PREFIX = "dashboard"


def _page_number(value: str | None) -> int | None:
    """The map table's page asked for, as the key holds it: a number, or None (the first
    page, as the paginator takes anything that is not one)."""
    if value is not None and value.isdigit() and len(value) <= 6:
        return int(value)
    return None


def parts(
    request: HttpRequest,
    visible: QuerySet[models.Partnership],
    as_of: date,
    book: Playbook,
    mine: bool,
) -> dict[str, str]:
    """The dashboard's rendered parts ("freshness", "body"), kept or rendered now."""
    at = revision.seen_by(request)
    if at is None:  # nothing may be served from the cache now (audit.revision.current)
        return render_parts(request, visible, as_of, book, mine)
    user: Any = request.user
    audience = "all" if access.is_admin(user) and not mine else f"user:{user.pk}:{user.role}"
    asker = (
        audience,
        mine,
        _page_number(request.GET.get("map_page")),
        "map_page" in request.GET,
        as_of.isoformat(),
        summaries.playbook_key(book),
        summary_upkeep.worker_running(summary_upkeep.status()),
    )
    name = kept.key(PREFIX, at, asker)
    found = kept.kept(name)
    if isinstance(found, dict) and set(found) == {"freshness", "body"}:
        return found
    rendered = render_parts(request, visible, as_of, book, mine)
    kept.keep(name, rendered, MAX_AGE)
    return rendered


def render_parts(
    request: HttpRequest,
    visible: QuerySet[models.Partnership],
    as_of: date,
    book: Playbook,
    mine: bool,
) -> dict[str, str]:
    """The dashboard's parts rendered from the record as it stands."""
    context = figures_context(request, visible, as_of, book, mine)
    return {
        "freshness": render_to_string("web/_freshness.html", context),
        "body": render_to_string("web/_dashboard_body.html", context),
    }


def figures_context(
    request: HttpRequest,
    visible: QuerySet[models.Partnership],
    as_of: date,
    book: Playbook,
    mine: bool,
) -> dict[str, Any]:
    """What the dashboard's body shows, in the same few queries whatever the portfolio's
    size (`dashboard_selectors`)."""
    freshness = summary_selectors.freshness_of(visible, as_of, book)
    figures = selectors.portfolio_figures(visible, as_of)
    composition = figures.composition
    table = selectors.map_page(visible, request.GET.get("map_page"), MAP_PAGE)
    only_mine = {"mine": "1"} if mine else {}
    map_chart = _map_chart(visible, figures, table)
    return {
        "as_of": as_of,
        "freshness": freshness,
        "mine": mine,
        "total": figures.total,
        "composition": {
            by: [(label(k) if k else "not set", v) for k, v in counts.items()]
            for by, counts in composition.items()
        },
        "composition_charts": [
            charts.composition(counts, by=by) for by, counts in composition.items()
        ],
        "health_chart": charts.health_bands(figures.health_bands),
        "map_chart": map_chart,
        "map_rows": list(
            zip([row["pk"] for row in table], map_chart.table, strict=True) if map_chart else ()
        ),
        "map_pages": _pages(table, only_mine),
        "map_opened": "map_page" in request.GET,
        "attention": [
            (p, presenters.worst_finding(p.summary.findings), len(p.summary.findings))
            for p in selectors.needs_attention(visible, ATTENTION)
        ],
        "attention_total": figures.with_pitfalls,
        "attention_url": reverse("partnership_list")
        + "?"
        + urlencode({"pitfall": "any", "sort": "severity", **only_mine}),
        "due": selectors.coming_due(visible, as_of, DUE),
        "due_total": figures.due_total,
        "pipeline": selectors.pipeline(visible, PIPELINE),
        "pipeline_total": figures.pipeline_total,
        "with_pitfalls": figures.with_pitfalls,
        "ready": figures.ready,
        "overdue": figures.overdue,
    }


def _point(row: dict[str, Any]) -> charts.PortfolioPoint:
    return charts.PortfolioPoint(
        name=row["name"],
        type=row["type"] or row["kind"],
        classification_score=row["score"],
        health=row["health"],
        url=f"/partnerships/{row['pk']}/",
    )


def _map_chart(
    visible: QuerySet[models.Partnership], figures: selectors.Figures, table: Page[Any]
) -> charts.Chart | None:
    """Each partnership drawn, up to MAP_POINTS of them; beyond, the cells counted. The
    table under it shows one page of partnerships either way."""
    shown = [_point(row) for row in table]
    if figures.total <= MAP_POINTS:
        points = [_point(row) for row in selectors.map_points(visible, MAP_POINTS)]
        return charts.portfolio_map(points, table=shown)
    return charts.portfolio_density(
        selectors.map_cells(visible),
        score_step=selectors.SCORE_STEP,
        health_step=selectors.HEALTH_STEP,
        unplaced=figures.total - figures.placed,
        columns=charts.MAP_COLUMNS,
        table=charts.map_table(shown),
    )


def _pages(page: Page[Any], keep: dict[str, str]) -> dict[str, Any]:
    """Links to the map table's neighbouring pages, keeping the rest of the address."""

    def at(number: int) -> str:
        return "?" + urlencode({**keep, "map_page": number}) + "#map-table"

    return {
        "previous": at(page.previous_page_number()) if page.has_previous() else None,
        "next": at(page.next_page_number()) if page.has_next() else None,
        "first_row": page.start_index(),
        "last_row": page.end_index(),
        "count": page.paginator.count,
    }
