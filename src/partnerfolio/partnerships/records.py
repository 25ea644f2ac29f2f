"""How the sections of a §8 document map onto the record's tables, both ways.

Services write rows from validated document parts through `row_values`; the same table
says which model holds each evidence list, so import and single-entry services share it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from enum import Enum
from typing import Any

from django.db import models as db
from django.db.models import Model

from partnerfolio.evidence import models as evidence
from partnerfolio.interchange import InvalidDocument, Problem, validate_document
from partnerfolio.interchange.export import json_value
from partnerfolio.partnerships import models
from partnerfolio.partnerships.errors import InvalidChange, StaleEdit
from partnerfolio.partnerships.selectors import DILIGENCE_COLUMNS, PROFILE_COLUMNS

# document list -> model holding its items (metrics and events have services of their own)
EVIDENCE_MODELS: dict[str, type[db.Model]] = {
    "agreements": models.Agreement,
    "commitments": evidence.Commitment,
    "surveys": evidence.SurveyResponse,
    "engagements": evidence.Engagement,
    "reviews": evidence.Review,
    "opportunities": evidence.Opportunity,
    "joint_outcomes": evidence.JointOutcome,
}
# document key -> column, where they differ
COLUMN_NAMES = {"from": "from_value", "to": "to_value"}


def _stored(field: db.Field[Any, Any], value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if value is None and not field.null and isinstance(field, db.CharField | db.TextField):
        return ""
    if value is None and isinstance(field, db.JSONField) and not field.null:
        return []
    return value


def row_values(model: type[db.Model], item: dict[str, Any]) -> dict[str, Any]:
    """Column values for one document item (keys the model has no column for are an error)."""
    values = {}
    for key, value in item.items():
        column = COLUMN_NAMES.get(key, key)
        values[column] = _stored(model._meta.get_field(column), value)
    return values


# the document's `governance` keys, each a column of the partnership
GOVERNANCE_KEYS = (
    "owner",
    "executive_sponsor",
    "partner_executive_sponsor",
    "steering_committee",
    "relationship_manager",
    "escalation_path",
    "joint_plan",
    "success_metrics_defined",
    "review_cadence_days",
    "partner_governance_commitment",
    "our_governance_commitment",
)


def partnership_columns(document: dict[str, Any]) -> dict[str, Any]:
    """The Partnership columns a validated document sets (every one of them, for a full write)."""
    governance = document.get("governance") or {}
    profile = document.get("profile") or {}
    diligence = document.get("due_diligence") or {}
    columns: dict[str, Any] = {
        key: document.get(key)
        for key in ("name", "type", "category", "stage", "started_on", "planned_end_on")
    }
    columns["opportunity"] = (
        None
        if document.get("opportunity") is None
        else {k: v for k, v in document["opportunity"].items() if v is not None}
    )
    for dimension, column in PROFILE_COLUMNS.items():
        columns[column] = profile.get(dimension.value)
    for area, column in DILIGENCE_COLUMNS.items():
        columns[column] = diligence.get(area.value)
    for key in GOVERNANCE_KEYS:
        columns[key] = governance.get(key)
    return row_values(models.Partnership, columns)


# --- rules every write shares -------------------------------------------------------------

# Sections changed only by the life-cycle services or by evidence services.
NOT_EDITABLE = {"type", "stage", "events", "metrics", "partners", *EVIDENCE_MODELS}


def checked_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """A document (JSON-shaped; dates and codes may be Python objects) validated per §8."""
    try:
        return dict(validate_document(json.dumps(document, default=json_value)))
    except InvalidDocument as error:
        raise InvalidChange(list(error.problems)) from None


def finite(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def evidence_section(model: type[Model]) -> str:
    """The document list a model's rows belong to; only evidence can be edited or removed."""
    section = next((s for s, m in EVIDENCE_MODELS.items() if m is model), None)
    if section is None:
        raise InvalidChange([Problem("row", f"{model._meta.verbose_name} is not evidence")])
    return section


def check_version(row: Model, expected: int, what: str) -> None:
    current = row.version  # type: ignore[attr-defined]
    if expected != current:
        raise StaleEdit(
            f"{what} was changed by someone else since you opened it (your copy is version "
            f"{expected}, the record is at version {current}); reload it and make your change again"
        )


def locked(partnership: models.Partnership) -> models.Partnership:
    return models.Partnership.objects.select_for_update().get(pk=partnership.pk)
