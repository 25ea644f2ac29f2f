"""An assessment as the pages show it: plain values and sentences, no decisions.

Every sentence comes from `domain.messages`, so a page says exactly what the command
line and the API say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from partnerfolio.domain import Playbook
from partnerfolio.domain.advisor import Recommendation, recommend
from partnerfolio.domain.assessment import Assessment
from partnerfolio.domain.enums import Factor
from partnerfolio.domain.messages import (
    driver_text,
    element_label,
    indicator_evidence,
    indicator_next_step,
    label,
    pitfall_evidence_lines,
    pitfall_message,
    pitfall_recommendation,
    question_text,
    reason_text,
)
from partnerfolio.domain.snapshot import PartnershipSnapshot


@dataclass(frozen=True)
class Line:
    text: str
    detail: str = ""
    mark: str = ""


def classification(assessment: Assessment) -> dict[str, Any]:
    c = assessment.classification
    return {
        "type": c.type.value,
        "score": None if c.score is None else round(c.score, 2),
        "strategic_min": c.strategic_min,
        "tactical_max": c.tactical_max,
        "scored": c.scored,
        "min_scored": c.min_scored,
        "drivers": [driver_text(d) for d in c.drivers],
        "missing": [label(d.value) for d in c.missing],
        "derived": None
        if c.derived_time_horizon is None
        else f"time horizon {c.derived_time_horizon}/5, derived from a {c.term_months}-month term",
    }


def governance(assessment: Assessment) -> dict[str, Any]:
    fit = assessment.governance_fit
    return {
        "expected": None if fit.expected is None else fit.expected.value,
        "missing": [element_label(e) for e in fit.missing],
        "overhead": [element_label(e) for e in fit.overhead],
    }


def readiness(assessment: Assessment) -> dict[str, Any]:
    r = assessment.readiness
    return {
        "verdict": r.verdict.value,
        "verdict_label": label(r.verdict.value),
        "indicators": [
            {
                "name": label(i.code.value),
                "met": i.met,
                "evidence": indicator_evidence(i),
                "next_step": indicator_next_step(i),
            }
            for i in r.indicators
        ],
    }


def pitfalls(assessment: Assessment) -> list[dict[str, Any]]:
    return [
        {
            "code": p.code.value,
            "name": label(p.code.value),
            "severity": p.severity.value,
            "message": pitfall_message(p),
            "evidence": list(pitfall_evidence_lines(p)),
            "recommendation": pitfall_recommendation(p),
        }
        for p in assessment.pitfalls
    ]


def recommendation(assessment: Assessment) -> dict[str, Any] | None:
    return advice(assessment.recommendation)


def answers_from(data: Any, prefix: str = "") -> dict[str, bool]:
    """The advisor's yes/no answers in a form's data (`prefix` + factor), unknowns left out."""
    return {
        f.value: data[prefix + f.value] == "yes"
        for f in Factor
        if data.get(prefix + f.value) in ("yes", "no")
    }


def advice_for(answers: dict[str, bool], book: Playbook) -> dict[str, Any] | None:
    """What the advisor recommends for these answers; None without any answer."""
    if not answers:
        return None
    snapshot = PartnershipSnapshot(
        name="advice", opportunity=tuple((Factor(k), v) for k, v in answers.items())
    )
    return advice(recommend(snapshot, book))


def advice(r: Recommendation | None) -> dict[str, Any] | None:
    if r is None:
        return None
    model = r.governance_model
    return {
        "type": r.type.value,
        "reasons": [reason_text(t) for t in r.reasons],
        "questions": [question_text(q.value) for q in r.questions],
        "elements": [] if model is None else [element_label(e) for e in model.elements],
        "cadence": None if model is None else model.review_cadence_days,
        "due_diligence": []
        if model is None
        else [f"{label(a.value)}: {label(s.value)}" for a, s in model.due_diligence],
        "metric_set": list(r.metric_set),
        "metric_names": [label(key).capitalize() for key in r.metric_set],
    }


def scorecard(assessment: Assessment) -> dict[str, Any]:
    card = assessment.scorecard
    return {
        "health": None if card.health is None else round(card.health, 1),
        "categories": [
            {
                "name": label(c.category.value),
                "weight": c.weight,
                "attainment": None if c.attainment is None else round(100 * c.attainment),
            }
            for c in card.categories
        ],
        "metrics": [
            {
                "key": m.key,
                "name": m.name or label(m.key),
                "leading": m.leading,
                "unit": m.unit or "",
                "target": m.target,
                "latest": m.latest,
                "attainment": None if m.attainment is None else round(100 * m.attainment),
                "trend": None if m.trend is None else m.trend.value,
            }
            for m in card.metrics
        ],
    }


def summary_line(snapshot: PartnershipSnapshot) -> str:
    parts = [snapshot.type.value if snapshot.type else "no declared type"]
    if snapshot.category:
        parts.append(label(snapshot.category.value))
    if snapshot.stage:
        parts.append(label(snapshot.stage.value))
    return " · ".join(parts)


SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def worst_finding(findings: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first of a summary's findings among the most severe (as stored: code, severity,
    message); None when there is none."""
    return min(findings, key=lambda f: SEVERITY_RANK.get(f["severity"], 3), default=None)
