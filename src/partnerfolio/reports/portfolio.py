"""The portfolio report: the executives' view of the partnerships a reader may see.

Plain values for `reports/_portfolio_body.html`, from the same assessment the pages show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from partnerfolio import charts
from partnerfolio.domain import Playbook, assess
from partnerfolio.domain.assessment import Assessment
from partnerfolio.domain.enums import OpportunityStage, PartnershipType
from partnerfolio.domain.messages import label, pitfall_message, pitfall_recommendation
from partnerfolio.domain.snapshot import PartnershipSnapshot
from partnerfolio.domain.timeline import exact_sum
from partnerfolio.partnerships import models, selectors
from partnerfolio.reports.content import generated_at
from partnerfolio.reports.period import Period

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
ATTENTION_ROWS = 60  # findings listed one by one in the portfolio report; the rest counted
TOP_VALUE = 10  # partnerships named under value delivered
PIPELINE_ROWS = 30  # pipeline partnerships listed, the closest to ready first; all in the appendix
MAP_POINTS = 300  # beyond this many partnerships the map is drawn in the appendix only
OPEN_STAGES = (OpportunityStage.IDENTIFIED, OpportunityStage.QUALIFIED, OpportunityStage.PROPOSAL)


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
