"""The portfolio dashboard and the opportunity advisor."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Count
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
from partnerfolio.web import presenters

ATTENTION = 25  # rows of each dashboard list; each links to the whole of it
PIPELINE = 12
DUE = 15
SOON = {"review": 30, "renewal": 90}


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The whole portfolio at a glance."""
    as_of = today()
    book = playbook()
    visible = access.visible_partnerships(request.user)
    everyone = visible
    mine = request.GET.get("mine") == "1"
    if mine:
        visible = visible.filter(people.mine(request.user))
    found = summary_selectors.summaries_of(visible, as_of, book)
    rows = found.rows
    composition = {
        by: {
            item[by]: item["n"]
            for item in models.Partnership.objects.filter(pk__in=visible.values("pk"))
            .values(by)
            .annotate(n=Count("id"))
            .order_by(by)
        }
        for by in ("type", "category", "stage")
    }
    severity_rank = {"high": 0, "medium": 1, "low": 2}
    attention = sorted(
        (
            (severity_rank[f["severity"]], row.partnership.name, f, row.partnership)
            for row in rows
            for f in row.findings
        ),
        key=lambda x: (x[0], x[1]),
    )
    review_until = as_of + timedelta(days=SOON["review"])
    renewal_until = as_of + timedelta(days=SOON["renewal"])
    due = sorted(
        [
            (r.next_review_on, "review", r.partnership)
            for r in rows
            if r.next_review_on and r.next_review_on <= review_until
        ]
        + [
            (r.renewal_on, "renewal", r.partnership)
            for r in rows
            if r.renewal_on and r.renewal_on <= renewal_until
        ],
        key=lambda x: (x[0], x[2].name),
    )
    pipeline = sorted(
        (r for r in rows if r.partnership.type in ("tactical", "hybrid")),
        key=lambda r: (r.readiness != "ready", r.partnership.name),
    )
    healths = [r.health for r in rows]
    points = [
        charts.PortfolioPoint(
            name=r.partnership.name,
            type=r.partnership.type or r.classified_type,
            classification_score=r.classification_score,
            health=r.health,
            url=f"/partnerships/{r.partnership_id}/",
        )
        for r in rows
    ]
    context = {
        "as_of": as_of,
        "freshness": found.freshness,
        "mine": mine,
        "mine_total": everyone.filter(people.mine(request.user)).count(),
        "total": len(rows) + found.freshness.unassessed,
        "composition": {
            by: [(label(k) if k else "not set", v) for k, v in counts.items()]
            for by, counts in composition.items()
        },
        "composition_charts": [
            charts.composition(counts, by=by) for by, counts in composition.items()
        ],
        "health_chart": charts.health_distribution(healths),
        "map_chart": charts.portfolio_map(points),
        "attention": attention[:ATTENTION],
        "attention_total": len(attention),
        "due": due[:DUE],
        "due_total": len(due),
        "pipeline": pipeline[:PIPELINE],
        "pipeline_total": len(pipeline),
        "with_pitfalls": sum(1 for r in rows if r.pitfall_count),
        "ready": sum(1 for r in pipeline if r.readiness == "ready"),
        "overdue": sum(1 for on, _what, _p in due if on < as_of),
    }
    return render(request, "web/dashboard.html", context)


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
