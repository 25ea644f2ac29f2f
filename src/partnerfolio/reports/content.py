"""What a report says: plain values for its templates, from the same assessment the pages show.

Both reports are built from a period (`period.Period`); this module makes a partnership's
review, `reports.portfolio` the portfolio report over the partnerships the reader may see
(the web views pass `access.visible_partnerships(user)`, the command line every
partnership). Sentences come from `domain.messages` through `web.presenters`, charts from
`partnerfolio.charts`: a report says and draws exactly what the pages do.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.utils import timezone

from partnerfolio import charts
from partnerfolio.domain import Playbook, assess
from partnerfolio.domain.messages import label
from partnerfolio.domain.snapshot import PartnershipSnapshot
from partnerfolio.domain.timeline import as_of_view, exact_sum
from partnerfolio.partnerships import models, selectors
from partnerfolio.reports.period import Period
from partnerfolio.web import presenters


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
