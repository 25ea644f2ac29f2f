"""The portfolio report: the executives' view of the partnerships a reader may see.

Plain values for `reports/_portfolio_body.html`, from the same verdicts the pages show.
As of the day the assessment summaries are for (today: the default period), the report
reads them (`portfolio_lines.from_summaries`): the worker first assesses the partnerships
whose summary is stale, only those, then reads one summary row per partnership and the
value delivered in SQL. As of another day (a past quarter) no summary applies, and the
report assesses every partnership as of that day (`portfolio_lines.from_assessment`), as
the progress bar shows. Either way the figures are made here, from the same lines.
docs/reports.md, "What the portfolio report reads".
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from partnerfolio import charts
from partnerfolio.domain import Playbook
from partnerfolio.domain.enums import TRANSITION_TYPES, PitfallCode, Severity
from partnerfolio.domain.messages import PITFALL_RECOMMENDATIONS, label
from partnerfolio.domain.timeline import exact_sum
from partnerfolio.partnerships import models
from partnerfolio.reports import portfolio_lines
from partnerfolio.reports.content import generated_at
from partnerfolio.reports.period import Period
from partnerfolio.reports.portfolio_lines import Delivered, Line

SEVERITY_RANK = {s.value: s.rank for s in sorted(Severity, key=lambda s: s.rank)}
ATTENTION_ROWS = 60  # findings listed one by one in the portfolio report; the rest counted
TOP_VALUE = 10  # partnerships named under value delivered
PIPELINE_ROWS = 30  # pipeline partnerships listed, the closest to ready first; all in the appendix
MAP_POINTS = 300  # beyond this many partnerships the map is drawn in the appendix only
PIPELINE_TYPES = tuple(t.value for t in TRANSITION_TYPES)


def portfolio_report(
    partnerships: QuerySet[models.Partnership],
    period: Period,
    playbook: Playbook,
    *,
    appendix: bool = False,
    progress: Callable[[int, int], None] | None = None,
    from_summaries: bool | None = None,
) -> dict[str, Any]:
    """The executives' view of the partnerships given, as of the period's `as_of`: a
    summary of bounded size, and with `appendix` every partnership listed.

    `from_summaries`: read the summaries (True) or assess every partnership (False); by
    default, the summaries when `as_of` is the day they are for (True for another day
    would rewrite the shared summaries as of that day: the tests' comparison of the two
    sources does, nothing else should). `progress` is told
    (done, in all) after each batch: of the stale summaries refreshed, or of the
    partnerships assessed.
    """
    if from_summaries is None:
        from_summaries = period.as_of == portfolio_lines.summaries_day()
    source = portfolio_lines.from_summaries if from_summaries else portfolio_lines.from_assessment
    lines, delivered = source(partnerships, period, playbook, progress)
    return _report(lines, delivered, period, appendix)


def _report(
    rows: list[Line], delivered: Delivered, period: Period, appendix: bool
) -> dict[str, Any]:
    as_of = period.as_of
    rows.sort(key=lambda r: r.name)
    composition = {
        by: Counter(getattr(r, by) for r in rows) for by in ("type", "category", "stage")
    }
    healths = [r.health for r in rows]
    rated = [h for h in healths if h is not None]
    findings, attention, by_code = _attention(rows)
    by_severity = Counter(f[4] for f in findings)
    # the closest to ready first; only those listed made into rows
    candidates = sorted(
        (r for r in rows if r.type in PIPELINE_TYPES),
        key=lambda r: (r.readiness != "ready", -r.met, r.name),
    )
    pipeline = [_pipeline_row(r) for r in (candidates if appendix else candidates[:PIPELINE_ROWS])]
    verdicts = Counter(r.readiness for r in candidates)
    # the map of every partnership, drawn only where it is shown
    drawn = len(rows) <= MAP_POINTS or appendix
    map_chart = charts.portfolio_map(_points(rows)) if drawn else None
    trends = [sum(r.trends[i] for r in rows) for i in range(len(portfolio_lines.TRENDS))]
    report = {
        "kind": "portfolio",
        "title": "Portfolio report",
        "period": period,
        "as_of": as_of,
        "generated": generated_at(),
        "total": len(rows),
        "with_pitfalls": sum(1 for r in rows if r.findings),
        "ready": verdicts["ready"],
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
        "attention": attention,
        "attention_total": len(findings),
        "by_severity": [(s, by_severity[s]) for s in SEVERITY_RANK if by_severity[s]],
        "by_code": by_code,
        "pipeline": pipeline[:PIPELINE_ROWS],
        "pipeline_total": len(candidates),
        "pipeline_verdicts": [(label(v), n) for v, n in sorted(verdicts.items())],
        "trends": [(label(t), n) for t, n in zip(portfolio_lines.TRENDS, trends, strict=True)],
        "value": value_delivered(rows, delivered),
        "appendix": None,
    }
    if appendix:
        report["appendix"] = {
            "map_chart": map_chart if len(rows) > MAP_POINTS else None,
            "pipeline": pipeline,
            "partnerships": [
                {
                    "pk": r.pk,
                    "name": r.name,
                    "type": label(r.type) if r.type else "not set",
                    "stage": label(r.stage) if r.stage else "not set",
                    "health": r.health,
                    "readiness": r.readiness,
                    "findings": len(r.findings),
                }
                for r in rows
            ],
        }
    return report


Finding = tuple[int, str, str, int, str, str]  # rank, partnership, code, pk, severity, message


def _attention(
    rows: list[Line],
) -> tuple[list[Finding], list[dict[str, Any]], list[tuple[str, int]]]:
    """Every finding; the ATTENTION_ROWS first by severity, then partnership and pitfall;
    and the findings counted by pitfall, the most frequent first (a tie: the one listed
    first in that order), as sorting them all and counting would, without the sort."""
    findings = [
        (SEVERITY_RANK[severity], r.name, code, r.pk, severity, message)
        for r in rows
        for code, severity, message in r.findings
    ]
    counts: Counter[str] = Counter()
    first: dict[str, Finding] = {}
    for finding in findings:
        code = finding[2]
        counts[code] += 1
        if code not in first or finding < first[code]:
            first[code] = finding
    by_code = [
        (label(code), n)
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], first[item[0]]))
    ]
    listed = [
        {
            "rank": rank,
            "severity": severity,
            "code": code,
            "name": label(code),
            "partnership": name,
            "pk": pk,
            "message": message,
            "recommendation": PITFALL_RECOMMENDATIONS[PitfallCode(code)],
        }
        for rank, name, code, pk, severity, message in heapq.nsmallest(ATTENTION_ROWS, findings)
    ]
    return findings, listed, by_code


def _pipeline_row(r: Line) -> dict[str, Any]:
    return {
        "pk": r.pk,
        "name": r.name,
        "type": r.type,
        "readiness": r.readiness,
        "met": r.met,
        "indicators": r.indicators,
        "missing": [label(code) for code in r.missing],
    }


def _points(rows: list[Line]) -> list[charts.PortfolioPoint]:
    return [
        charts.PortfolioPoint(
            name=r.name,
            type=r.type or r.classified_type,
            classification_score=r.classification_score,
            health=r.health,
            url=f"/partnerships/{r.pk}/",
        )
        for r in rows
    ]


def value_delivered(rows: list[Line], delivered: Delivered) -> dict[str, Any]:
    """Joint outcomes dated in the period (their value), and won and open opportunities.

    Opportunities carry no date in the record (§8): won ones are counted to date, as
    the record stands, and the open pipeline as it stands. Each partnership's values are
    summed exactly (`exact_sum`), the portfolio's totals from those in name order.
    """
    per: list[dict[str, Any]] = []
    outcomes = won = open_ = 0
    outcome_value = won_value = open_value = 0.0
    for r in rows:
        mine = delivered.outcomes.get(r.pk, ())
        wins = delivered.won.get(r.pk, ())
        opens = delivered.open.get(r.pk, ())
        value = exact_sum(v for v in mine if v is not None) if mine else 0.0
        won_sum = exact_sum(v for v in wins if v is not None) if wins else 0.0
        outcomes += len(mine)
        won += len(wins)
        open_ += len(opens)
        outcome_value += value
        won_value += won_sum
        if opens:
            open_value += exact_sum(v for v in opens if v is not None)
        if mine or wins:
            per.append(
                {
                    "pk": r.pk,
                    "name": r.name,
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
