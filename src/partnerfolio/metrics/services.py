"""Defining the metrics a partnership tracks, and recording and correcting their values."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from partnerfolio.audit.services import Actor, audit_record
from partnerfolio.evidence.services import evidence_item
from partnerfolio.interchange import Problem
from partnerfolio.interchange.export import json_value
from partnerfolio.metrics.models import Metric, Observation, observations_insert
from partnerfolio.partnerships import models
from partnerfolio.partnerships.errors import (
    InvalidChange,
    StaleEdit,
)
from partnerfolio.partnerships.records import (
    check_version,
    finite,
    row_values,
)


@transaction.atomic
def metric_define(*, actor: Actor, partnership: models.Partnership, **metric: Any) -> Metric:
    """Start tracking a metric (catalog key, or custom with category, direction, leading)."""
    if Metric.objects.filter(partnership=partnership, key=metric.get("key")).exists():
        raise InvalidChange(
            [Problem("key", f"{partnership.name} already tracks {metric.get('key')!r}")]
        )
    checked = evidence_item(partnership, "metrics", metric)
    observations = checked.pop("observations", None) or ()
    try:
        with transaction.atomic():
            row = Metric.objects.create(partnership=partnership, **row_values(Metric, checked))
    except IntegrityError:  # defined by someone else a moment ago
        raise InvalidChange(
            [Problem("key", f"{partnership.name} already tracks {metric.get('key')!r}")]
        ) from None
    observations_insert([(row.pk, o["on"], o["value"]) for o in observations])
    audit_record(
        actor=actor,
        action="metric_define",
        entity="metric",
        entity_id=row.pk,
        partnership=partnership,
        after=json.loads(json.dumps(metric, default=json_value)),
    )
    return row


@transaction.atomic
def observation_record(*, actor: Actor, metric: Metric, on: date, value: float) -> Observation:
    """Record a metric's value on a day; a day already recorded is refused, never overwritten."""
    partnership = models.Partnership.objects.get(pk=metric.partnership_id)
    problems = []
    if not isinstance(on, date):
        problems.append(Problem("on", f"must be a date, got {on!r}"))
    if not finite(value):
        problems.append(Problem("value", f"must be a finite number, got {value!r}"))
    if problems:
        raise InvalidChange(problems)
    existing = Observation.objects.filter(metric=metric, on=on).first()
    if existing is not None:
        raise InvalidChange(
            [
                Problem(
                    "on",
                    f"{metric.key} already has {existing.value:g} on {on.isoformat()}; "
                    "correct that observation (observation_correct) instead",
                )
            ]
        )
    try:
        with transaction.atomic():
            row = Observation.objects.create(metric=metric, on=on, value=value)
    except IntegrityError:  # recorded by someone else a moment ago
        raise InvalidChange(
            [Problem("on", f"{metric.key} already has a value on {on.isoformat()}")]
        ) from None
    audit_record(
        actor=actor,
        action="observation_record",
        entity="observation",
        entity_id=row.pk,
        partnership=partnership,
        after={"metric": metric.key, "on": on.isoformat(), "value": value},
    )
    return row


def _locked_as_seen(observation: Observation, expected_value: float, then: str) -> Observation:
    """The value locked, refused when it is no longer the value the person saw."""
    row = Observation.objects.select_for_update().select_related("metric").get(pk=observation.pk)
    if row.value != expected_value:
        raise StaleEdit(
            f"{row.metric.key} on {row.on.isoformat()} is now {row.value:g}, not {expected_value:g}: "
            f"someone corrected it since you read it; reload it and {then}"
        )
    return row


@transaction.atomic
def observation_correct(
    *, actor: Actor, observation: Observation, expected_value: float, value: float, reason: str
) -> Observation:
    """Correct a recorded value; refused when it is no longer the value the person saw."""
    if not finite(value):
        raise InvalidChange([Problem("value", f"must be a finite number, got {value!r}")])
    if not reason or not reason.strip():
        raise InvalidChange([Problem("reason", "say why the value is corrected")])
    row = _locked_as_seen(observation, expected_value, "correct it again")
    before = row.value
    row.value = value
    row.save(update_fields=["value"])
    audit_record(
        actor=actor,
        action="observation_correct",
        entity="observation",
        entity_id=row.pk,
        partnership=models.Partnership.objects.get(pk=row.metric.partnership_id),
        before={"metric": row.metric.key, "on": row.on.isoformat(), "value": before},
        after={"metric": row.metric.key, "on": row.on.isoformat(), "value": value},
        note=reason.strip(),
    )
    return row


@transaction.atomic
def metric_remove(*, actor: Actor, metric: Metric, expected_version: int, reason: str) -> None:
    """Stop tracking a metric; the audit record keeps its definition and every value."""
    if not reason or not reason.strip():
        raise InvalidChange([Problem("reason", "say why the metric is removed")])
    row = Metric.objects.select_for_update().get(pk=metric.pk)
    check_version(row, expected_version, f"the metric {row.key}")
    partnership = models.Partnership.objects.get(pk=row.partnership_id)
    definition = {
        k: v
        for k, v in {
            "key": row.key,
            "name": row.name,
            "category": row.category,
            "direction": row.direction,
            "leading": row.leading,
            "unit": row.unit,
            "target": row.target,
        }.items()
        if v not in (None, "")
    }
    definition["observations"] = [
        {"on": on.isoformat(), "value": value}
        for on, value in row.observations.order_by("on").values_list("on", "value")
    ]
    pk = row.pk
    row.delete()
    audit_record(
        actor=actor,
        action="metric_remove",
        entity="metric",
        entity_id=pk,
        partnership=partnership,
        before=definition,
        note=reason.strip(),
    )


EDITABLE = ("target", "name", "unit")


@transaction.atomic
def metric_update(
    *, actor: Actor, metric: Metric, expected_version: int, changes: dict[str, Any]
) -> Metric:
    """Set or change a metric's target (and its name or unit), on a fresh copy; None clears."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidChange(
            [Problem(k, "is not changed here (define a new metric)") for k in unknown]
        )
    row = Metric.objects.select_for_update().get(pk=metric.pk)
    check_version(row, expected_version, f"the metric {row.key}")
    target = changes.get("target", row.target)
    if target is not None and not finite(target):
        raise InvalidChange([Problem("target", f"must be a finite number, got {target!r}")])
    before = {k: getattr(row, k) for k in EDITABLE}
    for key, value in changes.items():  # None clears: no target, or a blank name or unit
        setattr(row, key, "" if value is None and key != "target" else value)
    after = {k: getattr(row, k) for k in EDITABLE}
    if after == before:
        return row
    row.version += 1
    row.save()
    audit_record(
        actor=actor,
        action="metric_update",
        entity="metric",
        entity_id=row.pk,
        partnership=models.Partnership.objects.get(pk=row.partnership_id),
        before={"metric": row.key, **{k: v for k, v in before.items() if before[k] != after[k]}},
        after={"metric": row.key, **{k: v for k, v in after.items() if before[k] != after[k]}},
    )
    return row


@transaction.atomic
def observation_remove(
    *, actor: Actor, observation: Observation, expected_value: float, reason: str
) -> None:
    """Remove a value recorded in error; the audit record keeps it, with the reason."""
    if not reason or not reason.strip():
        raise InvalidChange([Problem("reason", "say why the value is removed")])
    row = _locked_as_seen(observation, expected_value, "decide again")
    gone = {"metric": row.metric.key, "on": row.on.isoformat(), "value": row.value}
    pk = row.pk
    partnership = models.Partnership.objects.get(pk=row.metric.partnership_id)
    row.delete()
    audit_record(
        actor=actor,
        action="observation_remove",
        entity="observation",
        entity_id=pk,
        partnership=partnership,
        before=gone,
        note=reason.strip(),
    )
