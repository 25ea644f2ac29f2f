"""Recording, correcting and removing evidence: commitments, engagements, reviews, survey
responses, opportunities, joint outcomes, agreements.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Model

from partnerfolio.audit.services import Actor, audit_record
from partnerfolio.interchange import Problem
from partnerfolio.interchange.export import json_value
from partnerfolio.partnerships import models
from partnerfolio.partnerships.errors import (
    InvalidChange,
)
from partnerfolio.partnerships.records import (
    EVIDENCE_MODELS,
    check_version,
    checked_document,
    evidence_section,
    row_values,
)


def evidence_item(
    partnership: models.Partnership, section: str, item: Mapping[str, Any]
) -> dict[str, Any]:
    validated = checked_document({"name": partnership.name, section: [item]})
    try:
        return dict(validated[section][0])
    except (KeyError, IndexError):  # pragma: no cover - validation guarantees it
        raise InvalidChange([Problem(section, "missing")]) from None


NOT_ITEM = ("id", "partnership", "version", "created_at")


def item_document(model: type[Model], row: Model) -> dict[str, Any]:
    """The document item of a stored evidence row (the inverse of row_values)."""
    found = {}
    for field in model._meta.concrete_fields:
        if field.name in NOT_ITEM:
            continue
        value = getattr(row, field.attname)
        if value not in (None, "", []):
            found[{"from_value": "from", "to_value": "to"}.get(field.name, field.name)] = value
    return json.loads(json.dumps(found, default=json_value))


@transaction.atomic
def evidence_record(
    *, actor: Actor, partnership: models.Partnership, section: str, item: Mapping[str, Any]
) -> Model:
    """Add one item of evidence (a commitment, survey response, review, …) to a partnership."""
    if section not in EVIDENCE_MODELS:
        raise InvalidChange([Problem("section", f"no such evidence: {section!r}")])
    model = EVIDENCE_MODELS[section]
    validated = evidence_item(partnership, section, item)
    row = model.objects.create(partnership=partnership, **row_values(model, validated))
    audit_record(
        actor=actor,
        action=f"{section}_record",
        entity=model._meta.model_name or section,
        entity_id=row.pk,
        partnership=partnership,
        after=item_document(model, row),
    )
    return row


def evidence_change(
    row: Model, partnership_name: str, changes: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """What `changes` do to an item of evidence: (its new column values, its document
    before, after); a change to None clears the value. Validates without writing."""
    model = type(row)
    section = evidence_section(model)
    before = item_document(model, row)
    merged = {k: v for k, v in {**before, **changes}.items() if v is not None}  # None clears
    validated = checked_document({"name": partnership_name, section: [merged]})
    values = row_values(model, dict(validated[section][0]))
    for field in model._meta.concrete_fields:  # what the merged item no longer holds
        if field.name not in NOT_ITEM and field.attname not in values:
            values[field.attname] = None if field.null else field.get_default()
    changed = model(**{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields})
    for column, value in values.items():
        setattr(changed, column, value)
    return values, before, item_document(model, changed)


@transaction.atomic
def evidence_update(
    *, actor: Actor, row: Model, expected_version: int, changes: Mapping[str, Any]
) -> Model:
    """Correct an item of evidence; refused when someone changed it since it was read."""
    model = type(row)
    section = evidence_section(model)
    row = model.objects.select_for_update().get(pk=row.pk)
    check_version(row, expected_version, f"this {model._meta.verbose_name}")
    partnership = models.Partnership.objects.get(pk=row.partnership_id)  # type: ignore[attr-defined]
    values, before, after = evidence_change(row, partnership.name, changes)
    for column, value in values.items():
        setattr(row, column, value)
    row.version += 1  # type: ignore[attr-defined]
    row.save()
    audit_record(
        actor=actor,
        action=f"{section}_update",
        entity=model._meta.model_name or section,
        entity_id=row.pk,
        partnership=partnership,
        before=before,
        after=after,
    )
    return row


def commitment_record(*, actor: Actor, partnership: models.Partnership, **item: Any) -> Model:
    return evidence_record(actor=actor, partnership=partnership, section="commitments", item=item)


def engagement_record(*, actor: Actor, partnership: models.Partnership, **item: Any) -> Model:
    return evidence_record(actor=actor, partnership=partnership, section="engagements", item=item)


def review_record(*, actor: Actor, partnership: models.Partnership, **item: Any) -> Model:
    return evidence_record(actor=actor, partnership=partnership, section="reviews", item=item)


def survey_response_record(*, actor: Actor, partnership: models.Partnership, **item: Any) -> Model:
    return evidence_record(actor=actor, partnership=partnership, section="surveys", item=item)


def opportunity_record(*, actor: Actor, partnership: models.Partnership, **item: Any) -> Model:
    return evidence_record(actor=actor, partnership=partnership, section="opportunities", item=item)


def joint_outcome_record(*, actor: Actor, partnership: models.Partnership, **item: Any) -> Model:
    return evidence_record(
        actor=actor, partnership=partnership, section="joint_outcomes", item=item
    )


def agreement_record(*, actor: Actor, partnership: models.Partnership, **item: Any) -> Model:
    return evidence_record(actor=actor, partnership=partnership, section="agreements", item=item)


@transaction.atomic
def evidence_delete(*, actor: Actor, row: Model, expected_version: int, reason: str) -> None:
    """Remove an item of evidence recorded in error; the audit record keeps what it said."""
    model = type(row)
    section = evidence_section(model)
    if not reason or not reason.strip():
        raise InvalidChange([Problem("reason", "say why it is removed")])
    row = model.objects.select_for_update().get(pk=row.pk)
    check_version(row, expected_version, f"this {model._meta.verbose_name}")
    partnership = models.Partnership.objects.get(pk=row.partnership_id)  # type: ignore[attr-defined]
    before = item_document(model, row)
    pk = row.pk
    row.delete()
    audit_record(
        actor=actor,
        action=f"{section}_delete",
        entity=model._meta.model_name or section,
        entity_id=pk,
        partnership=partnership,
        before=before,
        note=reason.strip(),
    )
