"""Recording evidence from a page: the fields of each kind, and form input as a document item.

Forms validate nothing themselves: the values go to the services, which check them with
the §8 document's own rules, and each problem comes back to the field it names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from partnerfolio.domain.enums import (
    Attribution,
    EngagementKind,
    OpportunityStage,
    ReviewDecision,
    SurveySide,
)
from partnerfolio.domain.messages import label
from partnerfolio.interchange import Problem


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # date, text, textarea, number, choice, yesno, score
    label: str
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False
    help: str = ""


def _choices(enum: Any) -> tuple[tuple[str, str], ...]:
    return tuple((m.value, label(m.value).capitalize()) for m in enum)


SECTIONS: dict[str, tuple[str, tuple[Field, ...]]] = {
    "engagements": (
        "Meeting",
        (
            Field("on", "date", "Date", required=True),
            Field("kind", "choice", "Kind", _choices(EngagementKind), required=True),
            Field("summary", "text", "Summary"),
        ),
    ),
    "reviews": (
        "Review",
        (
            Field("on", "date", "Date", required=True),
            Field("decision", "choice", "Decision", _choices(ReviewDecision)),
            Field("notes", "textarea", "Notes"),
        ),
    ),
    "commitments": (
        "Commitment",
        (
            Field("title", "text", "Commitment", required=True),
            Field("due_on", "date", "Due"),
            Field("delivered_on", "date", "Delivered"),
            Field("met_quality", "yesno", "Met the quality bar"),
        ),
    ),
    "surveys": (
        "Survey response",
        (
            Field("on", "date", "Date", required=True),
            Field("side", "choice", "Side", _choices(SurveySide), required=True),
            Field("respondent", "text", "Respondent"),
        ),
    ),
    "opportunities": (
        "Opportunity",
        (
            Field("title", "text", "Opportunity", required=True),
            Field("stage", "choice", "Stage", _choices(OpportunityStage)),
            Field("value", "number", "Value"),
            Field("attribution", "choice", "Attribution", _choices(Attribution)),
            Field("requires_deeper_collaboration", "yesno", "Needs deeper collaboration"),
        ),
    ),
    "joint_outcomes": (
        "Joint outcome",
        (
            Field("title", "text", "Outcome", required=True),
            Field("on", "date", "Date"),
            Field("value", "number", "Value"),
        ),
    ),
}


def item_from_form(
    section: str, data: Any, questions: tuple[str, ...]
) -> tuple[dict[str, Any], list[Problem]]:
    """The document item the form describes, and the problems of reading it."""
    item: dict[str, Any] = {}
    problems: list[Problem] = []
    for field in SECTIONS[section][1]:
        raw = (data.get(field.name) or "").strip()
        if not raw:
            if field.required:
                problems.append(Problem(field.name, "is required"))
            continue
        if field.kind == "number":
            try:
                number = float(raw.replace(",", ""))
            except ValueError:
                problems.append(Problem(field.name, f"must be a number, got {raw!r}"))
                continue
            if not math.isfinite(number):
                problems.append(Problem(field.name, f"must be a finite number, got {raw!r}"))
                continue
            item[field.name] = number
        elif field.kind == "yesno":
            if raw not in ("yes", "no"):
                problems.append(Problem(field.name, "must be yes or no"))
                continue
            item[field.name] = raw == "yes"
        else:
            item[field.name] = raw
    if section == "surveys":
        scores = {}
        for question in questions:
            raw = (data.get(f"score_{question}") or "").strip()
            if not raw:
                continue
            try:
                scores[question] = float(raw)
            except ValueError:
                problems.append(Problem(f"scores.{question}", f"must be a number, got {raw!r}"))
        if not scores and not problems:
            problems.append(Problem("scores", "answer at least one question"))
        item["scores"] = scores
    return item, problems


def field_problems(section: str, problems: list[Problem]) -> dict[str, str]:
    """Problems by form field: `engagements[0].on: …` belongs to `on`."""
    found: dict[str, str] = {}
    prefix = f"{section}[0]."
    for problem in problems:
        path = problem.path.removeprefix(prefix)
        if path.startswith("scores."):
            path = "score_" + path.removeprefix("scores.")
        found.setdefault(path or "general", problem.message)
    return found


def defaults(today: date) -> dict[str, str]:
    return {"on": today.isoformat()}


def _scale() -> tuple[tuple[str, str], ...]:
    return (
        ("1", "1 (tactical pole)"),
        ("2", "2"),
        ("3", "3"),
        ("4", "4"),
        ("5", "5 (strategic pole)"),
    )


def _details_fields() -> tuple[tuple[str, tuple[Field, ...]], ...]:
    from partnerfolio.domain.enums import Category, Dimension, DueDiligenceArea, DueDiligenceStatus

    return (
        (
            "Partnership",
            (
                Field("name", "text", "Name", required=True),
                Field("category", "choice", "Category", _choices(Category)),
                Field("started_on", "date", "Started"),
                Field("planned_end_on", "date", "Planned end"),
            ),
        ),
        (
            "Profile (1 = tactical pole, 5 = strategic pole)",
            tuple(
                Field(f"profile.{d.value}", "choice", label(d.value).capitalize(), _scale())
                for d in Dimension
            ),
        ),
        (
            "Governance",
            (
                Field("governance.owner", "text", "Owner"),
                Field("governance.executive_sponsor", "text", "Our executive sponsor"),
                Field(
                    "governance.partner_executive_sponsor",
                    "text",
                    "The partner's executive sponsor",
                ),
                Field("governance.relationship_manager", "text", "Relationship manager"),
                Field("governance.steering_committee", "yesno", "Steering committee"),
                Field("governance.joint_plan", "yesno", "Joint plan"),
                Field("governance.success_metrics_defined", "yesno", "Success metrics agreed"),
                Field("governance.review_cadence_days", "number", "Review every (days)"),
                Field(
                    "governance.our_governance_commitment",
                    "yesno",
                    "We commit to shared governance",
                ),
                Field(
                    "governance.partner_governance_commitment",
                    "yesno",
                    "The partner commits to shared governance",
                ),
                Field("governance.escalation_path", "textarea", "Escalation path, one per line"),
            ),
        ),
        (
            "Due diligence",
            tuple(
                Field(
                    f"due_diligence.{a.value}",
                    "choice",
                    label(a.value).capitalize(),
                    _choices(DueDiligenceStatus),
                )
                for a in DueDiligenceArea
            ),
        ),
    )


DETAILS = _details_fields()


def details_form(document: dict[str, Any]) -> dict[str, str]:
    """The form's values for a partnership's §8 document."""
    values: dict[str, str] = {}
    for _title, fields in DETAILS:
        for field in fields:
            head, _, tail = field.name.partition(".")
            value = (document.get(head) or {}).get(tail) if tail else document.get(head)
            if value is None:
                values[field.name] = ""
            elif isinstance(value, bool):
                values[field.name] = "yes" if value else "no"
            elif isinstance(value, list):
                values[field.name] = "\n".join(str(v) for v in value)
            else:
                values[field.name] = str(value)
    return values


def details_changes(data: Any) -> tuple[dict[str, Any], list[Problem]]:
    """`partnership_update` changes from the form; a blank field clears its value."""
    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    for _title, fields in DETAILS:
        for field in fields:
            raw = (data.get(field.name) or "").strip()
            value: Any = None
            if raw:
                if field.kind == "yesno":
                    value = raw == "yes"
                elif field.kind == "textarea":
                    value = [line.strip() for line in raw.splitlines() if line.strip()]
                elif field.name.startswith("profile.") or field.kind == "number":
                    try:
                        value = int(raw)
                    except ValueError:
                        problems.append(Problem(field.name, f"must be a whole number, got {raw!r}"))
                        continue
                else:
                    value = raw
            elif field.required:
                problems.append(Problem(field.name, "is required"))
                continue
            head, _, tail = field.name.partition(".")
            if tail:
                changes.setdefault(head, {})[tail] = value
            else:
                changes[head] = value
    return changes, problems
