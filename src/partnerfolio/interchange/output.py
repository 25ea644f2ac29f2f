"""The assessment output of framework.md §8, as plain JSON-ready data.

The top-level keys are exactly those of §8. Nested objects carry the keys §8 shows plus
the few the framework's text asks for (documented in docs/assessment.md): each readiness
indicator's `next_step`, and the advisor's `questions` and due-diligence checklist.
"""

from __future__ import annotations

from typing import Any

from partnerfolio.domain.advisor import Recommendation
from partnerfolio.domain.assessment import Assessment
from partnerfolio.domain.classification import Classification
from partnerfolio.domain.findings import Pitfall
from partnerfolio.domain.governance import GovernanceFit, GovernanceModel
from partnerfolio.domain.messages import (
    driver_text,
    indicator_evidence,
    indicator_next_step,
    pitfall_evidence,
    pitfall_message,
    pitfall_recommendation,
    question_text,
    reason_text,
)
from partnerfolio.domain.playbook import Playbook
from partnerfolio.domain.readiness import Readiness
from partnerfolio.domain.scorecard import Scorecard

ASSESSMENT_KEYS = (
    "as_of",
    "classification",
    "recommendation",
    "governance_fit",
    "readiness",
    "pitfalls",
    "scorecard",
)

JSON = dict[str, Any]


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def assessment_json(assessment: Assessment, playbook: Playbook) -> JSON:
    """The §8 assessment object."""
    return {
        "as_of": assessment.as_of.isoformat(),
        "classification": classification_json(assessment.classification),
        "recommendation": recommendation_json(assessment.recommendation, playbook),
        "governance_fit": governance_fit_json(assessment.governance_fit),
        "readiness": readiness_json(assessment.readiness),
        "pitfalls": [
            {
                "code": p.code.value,
                "severity": p.severity.value,
                "message": pitfall_message(p),
                "evidence": pitfall_evidence(p),
                "recommendation": pitfall_recommendation(p),
            }
            for p in assessment.pitfalls
        ],
        "scorecard": scorecard_json(assessment.scorecard),
    }


def finding_json(partnership: str, pitfall: Pitfall) -> JSON:
    """One finding of a portfolio scan: what `scan --json` prints a line of, and the API lists."""
    return {
        "partnership": partnership,
        "code": pitfall.code.value,
        "severity": pitfall.severity.value,
        "message": pitfall_message(pitfall),
        "evidence": pitfall_evidence(pitfall),
        "recommendation": pitfall_recommendation(pitfall),
    }


def classification_json(c: Classification) -> JSON:
    return {
        "type": c.type.value,
        "score": _round(c.score, 3),
        "drivers": [
            {
                "dimension": d.dimension.value,
                "score": d.score,
                "pole": d.pole.value,
                "weight": d.weight,
                "text": driver_text(d),
            }
            for d in c.drivers
        ],
        "missing": [d.value for d in c.missing],
    }


def _model_json(model: GovernanceModel) -> JSON:
    return {
        "type": model.type.value,
        "elements": [e.value for e in model.elements],
        "review_cadence_days": model.review_cadence_days,
        "due_diligence_checklist": [
            {"area": area.value, "status": status.value} for area, status in model.due_diligence
        ],
    }


def recommendation_json(r: Recommendation | None, playbook: Playbook) -> JSON | None:
    if r is None:
        return None
    return {
        "type": r.type.value,
        "reasons": [reason_text(reason) for reason in r.reasons],
        "governance_model": None if r.governance_model is None else _model_json(r.governance_model),
        "metric_set": [
            {
                "key": key,
                "category": playbook.metrics[key].category.value,
                "leading": playbook.metrics[key].leading,
            }
            for key in r.metric_set
        ],
        "questions": [question_text(f.value) for f in r.questions],
    }


def governance_fit_json(fit: GovernanceFit) -> JSON:
    return {
        "expected": None if fit.expected is None else fit.expected.value,
        "missing": [e.value for e in fit.missing],
        "overhead": [e.value for e in fit.overhead],
    }


def readiness_json(r: Readiness) -> JSON:
    return {
        "verdict": r.verdict.value,
        "indicators": {
            i.code.value: {
                "met": i.met,
                "evidence": indicator_evidence(i),
                "next_step": indicator_next_step(i),
            }
            for i in r.indicators
        },
    }


def scorecard_json(card: Scorecard) -> JSON:
    return {
        "health": _round(card.health, 1),
        "categories": {
            c.category.value: {
                "attainment": None if c.attainment is None else round(100 * c.attainment, 1),
                "weight": c.weight,
                "metrics": list(c.metrics),
            }
            for c in card.categories
        },
        "metrics": [
            {
                "key": m.key,
                "name": m.name,
                "category": None if m.category is None else m.category.value,
                "leading": m.leading,
                "direction": m.direction.value,
                "unit": m.unit,
                "target": m.target,
                "latest": None
                if m.latest is None
                else {"on": m.latest.on.isoformat(), "value": m.latest.value},
                "attainment": None if m.attainment is None else round(100 * m.attainment, 1),
                "trend": None if m.trend is None else m.trend.value,
                "observations": len(m.observations),
            }
            for m in card.metrics
        ],
    }
