"""What a report says: plain values for its templates, from the same assessment the pages show.

Both reports are built from a period (`period.Period`) and the partnerships the reader
may see; the web views pass `access.visible_partnerships(user)`, the command line every
partnership. Sentences come from `domain.messages` through `web.presenters`, charts from
`partnerfolio.charts`: a report says and draws exactly what the pages do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from partnerfolio import charts
from partnerfolio.domain import Playbook, assess
from partnerfolio.domain.assessment import Assessment
from partnerfolio.domain.enums import OpportunityStage, PartnershipType
from partnerfolio.domain.messages import label, pitfall_message, pitfall_recommendation
from partnerfolio.domain.snapshot import PartnershipSnapshot
from partnerfolio.domain.timeline import as_of_view, exact_sum
from partnerfolio.partnerships import models, selectors
from partnerfolio.reports.period import Period
from partnerfolio.web import presenters

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
ATTENTION_ROWS = 60  # findings listed one by one in the portfolio report; the rest counted
TOP_VALUE = 10  # partnerships named under value delivered
PIPELINE_ROWS = 30  # pipeline partnerships listed, the closest to ready first; all in the appendix
MAP_POINTS = 300  # beyond this many partnerships the map is drawn in the appendix only
OPEN_STAGES = (OpportunityStage.IDENTIFIED, OpportunityStage.QUALIFIED, OpportunityStage.PROPOSAL)


def generated_at() -> str:
    return timezone.localtime().strftime("%Y-%m-%d %H:%M")


# ---------------------------------------------------------------- one partnership


def partnership_report(
    partnership: models.Partnership, period: Period, playbook: Playbook
) -> dict[str, Any]:
    """The quarterly business review of one partnership, as of the period's `as_of`."""
    snapshot = selectors.partnership_snapshot(partnership)
    assessment = assess(snapshot, period.as_of, playbook)
    chart_set = charts.partnership_charts(snapshot, assessment)
    view = as_of_view(snapshot, period.as_of)
    timeline = quarter_timeline(partnership, snapshot, period)
    return {
        "kind": "partnership",
        "title": f"Partnership review: {partnership.name}",
        "partnership": partnership,
        "snapshot": snapshot,
        "period": period,
        "as_of": period.as_of,
        "generated": generated_at(),
        "summary_line": presenters.summary_line(snapshot),
        "classification": presenters.classification(assessment),
        "governance": presenters.governance(assessment),
        "readiness": presenters.readiness(assessment),
        "pitfalls": presenters.pitfalls(assessment),
        "recommendation": presenters.recommendation(assessment),
        "scorecard": presenters.scorecard(assessment),
        "charts": chart_set,
        "gaps": survey_gaps(chart_set.survey_sides, playbook),
        "timeline": timeline,
        "quarter": quarter_figures(view, timeline, period),
    }


def quarter_timeline(
    partnership: models.Partnership, snapshot: PartnershipSnapshot, period: Period
) -> list[dict[str, Any]]:
    """The partnership's dated evidence and events of the period, oldest first.

    Audit records (who typed what, when) are left out: a review reads what happened
    with the partner, not the bookkeeping of it.
    """
    return [
        entry
        for entry in selectors.timeline(partnership, snapshot)
        if entry["kind"] != "audit" and period.holds(date.fromisoformat(entry["on"]))
    ]


def quarter_figures(
    view: PartnershipSnapshot, timeline: list[dict[str, Any]], period: Period
) -> dict[str, Any]:
    """Counts of the quarter's entries by kind, and the value of its joint outcomes."""
    kinds = Counter(entry["kind"] for entry in timeline)
    outcomes = [o for o in view.joint_outcomes if o.on is not None and period.holds(o.on)]
    delivered = [
        c for c in view.commitments if c.delivered_on is not None and period.holds(c.delivered_on)
    ]
    return {
        "entries": len(timeline),
        "by_kind": [(label(kind), n) for kind, n in sorted(kinds.items())],
        "joint_outcomes": len(outcomes),
        "joint_value": exact_sum(o.value for o in outcomes if o.value is not None),
        "commitments_delivered": len(delivered),
    }


def survey_gaps(chart: charts.Chart | None, playbook: Playbook) -> list[dict[str, Any]]:
    """The latest round's question, both sides and the gap, as the survey chart's table
    gives them; `wide` marks a gap at or beyond the perception-gap threshold."""
    if chart is None:
        return []
    threshold = playbook.pitfalls.perception_gap.min_gap
    rows = []
    for question, ours, partner, gap in chart.table:
        try:
            wide = abs(float(gap.replace("−", "-").replace("+", ""))) >= threshold - 1e-9
        except ValueError:
            wide = False
        rows.append(
            {"question": question, "ours": ours, "partner": partner, "gap": gap, "wide": wide}
        )
    return rows


# ---------------------------------------------------------------- the portfolio


def portfolio_report(
    partnerships: QuerySet[models.Partnership],
    period: Period,
    playbook: Playbook,
    *,
    appendix: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """The executives' view of the partnerships given, as of the period's `as_of`: a
    summary of bounded size, and with `appendix` every partnership listed. `progress`
    is told (assessed, in all) after each batch."""
    as_of = period.as_of
    ids = list(partnerships.order_by("name").values_list("id", flat=True))
    recent = selectors.RecentObservations(as_of, playbook.scorecard.trend_points)
    rows: list[tuple[int, PartnershipSnapshot, Assessment]] = []
    with selectors.collector_paused():
        for start in range(0, len(ids), selectors.BATCH):
            chunk = ids[start : start + selectors.BATCH]
            loaded = selectors.cached_snapshots(chunk, recent)
            rows.extend(
                (pid, loaded[pid], assess(loaded[pid], as_of, playbook))
                for pid in chunk
                if pid in loaded
            )
            if progress is not None:
                progress(min(start + selectors.BATCH, len(ids)), len(ids))
    rows.sort(key=lambda r: r[1].name)

    composition = {
        by: Counter(_code(getattr(snapshot, by)) for _pid, snapshot, _a in rows)
        for by in ("type", "category", "stage")
    }
    healths = [a.scorecard.health for _pid, _s, a in rows]
    rated = [h for h in healths if h is not None]
    attention = sorted(
        (
            {
                "rank": SEVERITY_RANK[p.severity.value],
                "severity": p.severity.value,
                "code": p.code.value,
                "name": label(p.code.value),
                "partnership": snapshot.name,
                "pk": pid,
                "message": pitfall_message(p),
                "recommendation": pitfall_recommendation(p),
            }
            for pid, snapshot, a in rows
            for p in a.pitfalls
        ),
        key=lambda f: (f["rank"], f["partnership"], f["code"]),
    )
    by_severity = Counter(f["severity"] for f in attention)
    by_code = Counter(f["name"] for f in attention)
    pipeline = sorted(
        (
            {
                "pk": pid,
                "name": snapshot.name,
                "type": snapshot.type.value if snapshot.type else "",
                "readiness": a.readiness.verdict.value,
                "met": sum(1 for i in a.readiness.indicators if i.met),
                "indicators": len(a.readiness.indicators),
                "missing": [label(i.code.value) for i in a.readiness.indicators if not i.met],
            }
            for pid, snapshot, a in rows
            if snapshot.type in (PartnershipType.TACTICAL, PartnershipType.HYBRID)
        ),
        key=lambda r: (r["readiness"] != "ready", -r["met"], r["name"]),
    )
    points = [
        charts.PortfolioPoint(
            name=snapshot.name,
            type=snapshot.type.value if snapshot.type else a.classification.type.value,
            classification_score=a.classification.score,
            health=a.scorecard.health,
            url=f"/partnerships/{pid}/",
        )
        for pid, snapshot, a in rows
    ]
    map_chart = charts.portfolio_map(points)
    verdicts = Counter(r["readiness"] for r in pipeline)
    trends = Counter(
        m.trend.value for _pid, _s, a in rows for m in a.scorecard.metrics if m.trend is not None
    )
    report = {
        "kind": "portfolio",
        "title": "Portfolio report",
        "period": period,
        "as_of": as_of,
        "generated": generated_at(),
        "total": len(rows),
        "with_pitfalls": sum(1 for _pid, _s, a in rows if a.pitfalls),
        "ready": sum(1 for r in pipeline if r["readiness"] == "ready"),
        "mean_health": round(exact_sum(rated) / len(rated), 1) if rated else None,
        "rated": len(rated),
        "composition": {
            by: [(label(k) if k else "not set", n) for k, n in sorted(c.items())]
            for by, c in composition.items()
        },
        "composition_charts": [
            c
            for c in (charts.composition(dict(counts), by=by) for by, counts in composition.items())
            if c is not None
        ],
        "health_chart": charts.health_distribution(healths),
        "map_chart": map_chart if len(rows) <= MAP_POINTS else None,
        "map_in_appendix": len(rows) > MAP_POINTS,
        "attention": attention[:ATTENTION_ROWS],
        "attention_total": len(attention),
        "by_severity": [(s, by_severity[s]) for s in SEVERITY_RANK if by_severity[s]],
        "by_code": by_code.most_common(),
        "pipeline": pipeline[:PIPELINE_ROWS],
        "pipeline_total": len(pipeline),
        "pipeline_verdicts": [(label(v), n) for v, n in sorted(verdicts.items())],
        "trends": [(label(t), trends[t]) for t in ("improving", "steady", "worsening")],
        "value": value_delivered(rows, period),
        "appendix": None,
    }
    if appendix:
        report["appendix"] = {
            "map_chart": map_chart if len(rows) > MAP_POINTS else None,
            "pipeline": pipeline,
            "partnerships": [
                {
                    "pk": pid,
                    "name": snapshot.name,
                    "type": label(snapshot.type.value) if snapshot.type else "not set",
                    "stage": label(snapshot.stage.value) if snapshot.stage else "not set",
                    "health": a.scorecard.health,
                    "readiness": a.readiness.verdict.value,
                    "findings": len(a.pitfalls),
                }
                for pid, snapshot, a in rows
            ],
        }
    return report


def _code(value: Any) -> str:
    return value.value if value is not None else ""


def value_delivered(
    rows: list[tuple[int, PartnershipSnapshot, Assessment]], period: Period
) -> dict[str, Any]:
    """Joint outcomes dated in the period (their value), and won and open opportunities.

    Opportunities carry no date in the record (§8): won ones are counted to date, as
    the record stands, and the open pipeline as it stands.
    """
    per: list[dict[str, Any]] = []
    outcomes = won = open_ = 0
    outcome_value = won_value = open_value = 0.0
    for pid, snapshot, _a in rows:
        mine = [o for o in snapshot.joint_outcomes if o.on is not None and period.holds(o.on)]
        wins = [o for o in snapshot.opportunities if o.stage == OpportunityStage.WON]
        opens = [o for o in snapshot.opportunities if o.stage in OPEN_STAGES]
        value = exact_sum(o.value for o in mine if o.value is not None)
        won_sum = exact_sum(o.value for o in wins if o.value is not None)
        outcomes += len(mine)
        won += len(wins)
        open_ += len(opens)
        outcome_value += value
        won_value += won_sum
        open_value += exact_sum(o.value for o in opens if o.value is not None)
        if mine or wins:
            per.append(
                {
                    "pk": pid,
                    "name": snapshot.name,
                    "outcomes": len(mine),
                    "outcome_value": value,
                    "won": len(wins),
                    "won_value": won_sum,
                }
            )
    per.sort(key=lambda r: (-(r["outcome_value"] + r["won_value"]), r["name"]))
    return {
        "outcomes": outcomes,
        "outcome_value": outcome_value,
        "won": won,
        "won_value": won_value,
        "open": open_,
        "open_value": open_value,
        "top": per[:TOP_VALUE],
        "contributors": len(per),
    }
