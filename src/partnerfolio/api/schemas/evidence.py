"""Evidence, metrics and observations: XIn (record), XPatch (correct), XOut, XList.

The families are built from one table of §8's fields, so each kind of evidence has the
same shape of API and the document's names.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field, create_model

from partnerfolio.api.schemas.common import (
    Amount,
    Bool,
    Code,
    Day,
    In,
    LongText,
    Number,
    Out,
    SurveyScore,
    Text,
    Version,
)
from partnerfolio.domain.enums import (
    AgreementKind,
    Attribution,
    Direction,
    EngagementKind,
    MetricCategory,
    OpportunityStage,
    ReviewDecision,
    SurveySide,
)

Scores = dict[Code, SurveyScore]
REQUIRED = object()
SCORES_SCHEMA: dict[str, Any] = {
    "propertyNames": {"pattern": "^[a-z][a-z0-9_]{0,62}$"},
    "additionalProperties": {"type": "number", "minimum": 1, "maximum": 5},
    "patternProperties": {},
}

# section -> (model name, {field: (type, REQUIRED or None)})
SECTIONS: dict[str, tuple[str, dict[str, tuple[Any, Any]]]] = {
    "agreements": (
        "Agreement",
        {
            "kind": (AgreementKind, None),
            "title": (Text, None),
            "signed_on": (Day, None),
            "ends_on": (Day, None),
            "renewal_on": (Day, None),
            "covers_ip": (Bool, None),
        },
    ),
    "commitments": (
        "Commitment",
        {
            "title": (Text, None),
            "due_on": (Day, None),
            "delivered_on": (Day, None),
            "met_quality": (Bool, None),
        },
    ),
    "surveys": (
        "SurveyResponse",
        {
            "on": (Day, REQUIRED),
            "side": (SurveySide, REQUIRED),
            "respondent": (Text, None),
            "scores": (Scores, REQUIRED),
        },
    ),
    "engagements": (
        "Engagement",
        {"on": (Day, REQUIRED), "kind": (EngagementKind, REQUIRED), "summary": (Text, None)},
    ),
    "reviews": (
        "Review",
        {"on": (Day, REQUIRED), "decision": (ReviewDecision, None), "notes": (LongText, None)},
    ),
    "opportunities": (
        "Opportunity",
        {
            "title": (Text, None),
            "stage": (OpportunityStage, None),
            "requires_deeper_collaboration": (Bool, None),
            "value": (Amount, None),
            "attribution": (Attribution, None),
        },
    ),
    "joint_outcomes": (
        "JointOutcome",
        {"title": (Text, None), "on": (Day, None), "value": (Number, None)},
    ),
}


def _field(kind: Any, default: Any, required: bool) -> tuple[Any, Any]:
    if required and default is REQUIRED:
        if kind is Scores:
            return (kind, Field(..., min_length=1, json_schema_extra=SCORES_SCHEMA))
        return (kind, ...)
    return (kind | None, None)


def _family(name: str, fields: dict[str, tuple[Any, Any]]) -> tuple[type, type, type, type]:
    created = create_model(  # type: ignore[call-overload]
        f"{name}In",
        __base__=In,
        __module__=__name__,
        **{k: _field(t, d, True) for k, (t, d) in fields.items()},
    )
    patch = create_model(  # type: ignore[call-overload]
        f"{name}Patch",
        __base__=In,
        __module__=__name__,
        version=(Version | None, None),
        **{k: _field(t, d, False) for k, (t, d) in fields.items()},
    )
    out_fields: dict[str, Any] = {"id": (int, ...), "version": (int, ...)}
    for key, (kind, _d) in fields.items():
        plain = dict[str, float] if kind is Scores else (str if kind is Text else kind)
        if kind is LongText or kind is Amount or kind is Number:
            plain = str if kind is LongText else float
        plain = {Day: date, Bool: bool}.get(plain, plain)  # answers need no strictness
        out_fields[key] = (plain | None, None)
    out = create_model(f"{name}Out", __base__=Out, __module__=__name__, **out_fields)  # type: ignore[call-overload]
    listing = create_model(  # type: ignore[call-overload]
        f"{name}List",
        __base__=Out,
        __module__=__name__,
        count=(int, ...),
        limit=(int, ...),
        offset=(int, ...),
        items=(list[out], ...),
    )
    return created, patch, out, listing


FAMILIES = {section: _family(name, fields) for section, (name, fields) in SECTIONS.items()}
AgreementIn = FAMILIES["agreements"][0]
CommitmentIn = FAMILIES["commitments"][0]
SurveyIn = FAMILIES["surveys"][0]
EngagementIn = FAMILIES["engagements"][0]
ReviewIn = FAMILIES["reviews"][0]
OpportunityIn = FAMILIES["opportunities"][0]
JointOutcomeIn = FAMILIES["joint_outcomes"][0]


class ObservationIn(In):
    on: Day
    value: Number


class ObservationOut(Out):
    id: int
    on: date
    value: float


class ObservationPatch(In):
    """A correction: the new value, why, and the value you saw (or If-Match)."""

    value: Number
    reason: Text
    expected_value: Number | None = None


class ObservationList(Out):
    count: int
    limit: int
    offset: int
    items: list[ObservationOut]


class MetricIn(In):
    key: Code
    name: Text | None = None
    category: MetricCategory | None = None
    direction: Direction | None = None
    leading: Bool | None = None
    unit: Text | None = None
    target: Number | None = None
    observations: list[ObservationIn] | None = None


class MetricOut(Out):
    id: int
    version: int
    key: str
    name: str | None
    category: MetricCategory | None
    direction: Direction | None
    leading: bool | None
    unit: str | None
    target: float | None
    observations: int = Field(description="how many values are recorded")


class MetricList(Out):
    count: int
    limit: int
    offset: int
    items: list[MetricOut]
