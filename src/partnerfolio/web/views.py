"""The portfolio dashboard and the opportunity advisor."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from partnerfolio import charts
from partnerfolio.accounts import access
from partnerfolio.domain.enums import Category, Factor, RecommendedType
from partnerfolio.domain.messages import label, question_text
from partnerfolio.partnerships import models, people, summary_selectors
from partnerfolio.partnerships.views import playbook, today
from partnerfolio.web import dashboard_selectors as selectors
from partnerfolio.web import presenters

ATTENTION = 25  # rows of each dashboard list; each links to the whole of it
PIPELINE = 12
DUE = 15
MAP_POINTS = 300  # up to this many partnerships the map draws each; beyond, it counts cells
MAP_PAGE = 25  # rows of the map's table a page


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The whole portfolio at a glance, in the same few queries whatever its size."""
    as_of = today()
    book = playbook()
    visible = access.visible_partnerships(request.user)
    everyone = visible
    mine = request.GET.get("mine") == "1"
    if mine:
        visible = visible.filter(people.mine(request.user))
    freshness = summary_selectors.freshness_of(visible, as_of, book)
    figures = selectors.portfolio_figures(visible, as_of)
    composition = figures.composition
    pipeline = selectors.pipeline(visible, PIPELINE)
    due = selectors.coming_due(visible, as_of, DUE)
    table = selectors.map_page(visible, request.GET.get("map_page"), MAP_PAGE)
    only_mine = {"mine": "1"} if mine else {}
    map_chart = _map_chart(visible, figures, table)
    context = {
        "as_of": as_of,
        "freshness": freshness,
        "mine": mine,
        "mine_total": everyone.filter(people.mine(request.user)).count(),
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
        "due": due,
        "due_total": figures.due_total,
        "pipeline": pipeline,
        "pipeline_total": figures.pipeline_total,
        "with_pitfalls": figures.with_pitfalls,
        "ready": figures.ready,
        "overdue": figures.overdue,
    }
    return render(request, "web/dashboard.html", context)


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


def advisor(request: HttpRequest) -> HttpResponse:
    """The decision questions of §3; the recommendation; one click to create it."""
    data = request.POST if request.method == "POST" else request.GET
    answers = presenters.answers_from(data)
    result = presenters.advice_for(answers, playbook())
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST" and request.POST.get("create"):
        if not access.can_create(request.user):
            raise PermissionDenied("only managers and administrators create partnerships")
        if result is None or result["type"] == RecommendedType.UNDECIDED.value:
            errors["general"] = "answer enough questions for a recommendation first"
        else:  # the same form as "New partnership", pre-filled with the advice
            query = {
                key: request.POST[key].strip()
                for key in ("name", "partner", "category")
                if request.POST.get(key, "").strip()
            }
            query["type"] = result["type"]
            query.update({f"advice_{k}": "yes" if v else "no" for k, v in answers.items()})
            return redirect(f"{reverse('partnership_new')}?{urlencode(query)}")
        status = 400
    context = {
        "questions": [(f.value, question_text(f.value), data.get(f.value, "")) for f in Factor],
        "answers": answers,
        "result": result,
        "errors": errors,
        "form": data,
        "categories": [(c.value, label(c.value)) for c in Category],
        "may_create": access.can_create(request.user),
    }
    return render(request, "web/advisor.html", context, status=status)
