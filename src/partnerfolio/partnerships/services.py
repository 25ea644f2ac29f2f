"""Writes to the partnership record. Each service is atomic, validated, takes the acting
person, refuses an edit made on a stale copy, and writes its audit record in the same
transaction.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model

from partnerfolio.audit.models import AuditRecord
from partnerfolio.audit.services import Actor, actor_fields, audit_record
from partnerfolio.domain import PartnershipSnapshot, assess, default_playbook
from partnerfolio.domain.enums import EventKind, PartnershipType, Stage
from partnerfolio.domain.lifecycle import GuardsNotMet, promotion_guards, stage_guards
from partnerfolio.domain.readiness import Readiness
from partnerfolio.interchange import InvalidDocument, Problem, to_snapshot, validate_document
from partnerfolio.interchange.export import to_document
from partnerfolio.metrics.models import Metric, Observation, observations_insert
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import models, selectors
from partnerfolio.partnerships.records import EVIDENCE_MODELS, partnership_columns, row_values


class RecordError(Exception):
    """A write the record refuses; the message says why, for a person to read."""


class AlreadyExists(RecordError):
    pass


class StaleEdit(RecordError):
    pass


class InvalidChange(RecordError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


# Sections changed only by the life-cycle services or by evidence services.
NOT_EDITABLE = {"type", "stage", "events", "metrics", "partners", *EVIDENCE_MODELS}


def _json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a document value")


def _validated(document: Mapping[str, Any]) -> dict[str, Any]:
    """A document (JSON-shaped; dates and codes may be Python objects) validated per §8."""
    try:
        return dict(validate_document(json.dumps(document, default=_json)))
    except InvalidDocument as error:
        raise InvalidChange(list(error.problems)) from None


def _check_version(row: Model, expected: int, what: str) -> None:
    current = row.version  # type: ignore[attr-defined]
    if expected != current:
        raise StaleEdit(
            f"{what} was changed by someone else since you opened it (your copy is version "
            f"{expected}, the record is at version {current}); reload it and make your change again"
        )


def _locked(partnership: models.Partnership) -> models.Partnership:
    return models.Partnership.objects.select_for_update().get(pk=partnership.pk)


# --- whole partnerships ------------------------------------------------------------------


_EMPTY = (None, "", [])


def _organizations(
    documents: list[dict[str, Any]], actor: Actor
) -> list[list[PartnerOrganization]]:
    """The partner organizations of each document, found or created in bulk.

    Stored details may be added to, never contradicted: a document that says otherwise
    than the record (or than an earlier document of the same batch) is refused.
    """
    given: dict[str, dict[str, Any]] = {}
    problems: dict[int, list[Problem]] = {}
    names = {p["name"] for d in documents for p in d.get("partners") or ()}
    stored = {
        o.name: o for o in PartnerOrganization.objects.select_for_update().filter(name__in=names)
    }
    for index, document in enumerate(documents):
        for i, partner in enumerate(document.get("partners") or ()):
            values = row_values(
                PartnerOrganization, {k: v for k, v in partner.items() if k != "name"}
            )
            known = given.setdefault(partner["name"], {})
            if partner["name"] in stored:
                organization = stored[partner["name"]]
                for key in values:
                    if getattr(organization, key) not in _EMPTY:
                        known.setdefault(key, getattr(organization, key))
            for key, value in values.items():
                if value in _EMPTY:
                    continue
                if known.setdefault(key, value) != value:
                    problems.setdefault(index, []).append(
                        Problem(
                            f"partners[{i}].{key}",
                            f"{partner['name']} is recorded with {key} {json.dumps(known[key])}, "
                            f"the document says {json.dumps(value)}",
                        )
                    )
    if problems:
        raise BatchRefused(problems)
    for name, values in given.items():
        organization = stored.get(name)
        if organization is None:
            continue
        missing = {k: v for k, v in values.items() if getattr(organization, k) in _EMPTY}
        if missing:
            before = {k: getattr(organization, k) for k in missing}
            for key, value in missing.items():
                setattr(organization, key, value)
            organization.version += 1
            organization.save()
            # Shared by every partnership it is in: the change shows in the trail.
            audit_record(
                actor=actor,
                action="partner_organization_update",
                entity="partner_organization",
                entity_id=organization.pk,
                before=before,
                after=missing,
                note="details added by an imported document",
            )
    created = PartnerOrganization.objects.bulk_create(
        PartnerOrganization(name=name, **values)
        for name, values in given.items()
        if name not in stored
    )
    every = {**stored, **{o.name: o for o in created}}
    return [[every[p["name"]] for p in d.get("partners") or ()] for d in documents]


def _write_contents(
    partnership_ids: list[int], documents: list[dict[str, Any]], actor: Actor
) -> None:
    """Partners, agreements, evidence, metrics and events of documents, a bulk insert per table."""
    pairs = list(zip(partnership_ids, documents, strict=True))
    models.PartnershipPartner.objects.bulk_create(
        models.PartnershipPartner(partnership_id=pid, partner=organization, position=n)
        for pid, organizations in zip(
            partnership_ids, _organizations(documents, actor), strict=True
        )
        for n, organization in enumerate(organizations)
    )
    for section, model in (*EVIDENCE_MODELS.items(), ("events", models.Event)):
        model.objects.bulk_create(
            model(partnership_id=pid, **row_values(model, item))
            for pid, document in pairs
            for item in document.get(section) or ()
        )
    metrics = [(pid, m) for pid, document in pairs for m in document.get("metrics") or ()]
    rows = Metric.objects.bulk_create(
        Metric(
            partnership_id=pid,
            **row_values(Metric, {k: v for k, v in m.items() if k != "observations"}),
        )
        for pid, m in metrics
    )
    observations_insert(
        [
            (row.pk, o["on"], o["value"])
            for row, (_pid, m) in zip(rows, metrics, strict=True)
            for o in m.get("observations") or ()
        ]
    )


def _clear_contents(partnership: models.Partnership) -> None:
    """Evidence, metrics and partners (events are history and stay)."""
    for model in (*EVIDENCE_MODELS.values(), Metric, models.PartnershipPartner):
        model.objects.filter(partnership=partnership).delete()


def partnership_import(
    *,
    actor: Actor,
    document: Mapping[str, Any],
    replace: bool = False,
    expected_version: int | None = None,
) -> models.Partnership:
    """Store a §8 document as a partnership; with `replace`, overwrite the one of that name."""
    return partnership_import_validated(
        actor=actor,
        validated=_validated(document),
        replace=replace,
        expected_version=expected_version,
    )


@transaction.atomic
def partnership_import_validated(
    *,
    actor: Actor,
    validated: Mapping[str, Any],
    replace: bool = False,
    expected_version: int | None = None,
) -> models.Partnership:
    """`partnership_import` of a document that `validate_document` has already checked."""
    validated = dict(validated)
    name = validated["name"]
    existing = models.Partnership.objects.select_for_update().filter(name=name).first()
    if existing is None:
        try:
            return partnerships_import(actor=actor, documents=[validated])[0]
        except BatchRefused as error:
            raise InvalidChange(error.problems[0]) from None
    if not replace:
        raise AlreadyExists(
            f"a partnership named {name!r} exists already; import it with replace to overwrite it"
        )
    if expected_version is not None:
        _check_version(existing, expected_version, name)
    before = selectors.partnership_document(existing)
    after = to_document(to_snapshot(validated))  # type: ignore[arg-type]
    # An import may replace evidence, not history: stage and type move through their
    # services (with guards and events), and recorded events stay as they are.
    refused = [
        Problem(
            key,
            f"is {before.get(key, 'not set')!r} in the record; change it with a {service}, not an import",
        )
        for key, service in (("stage", "stage change"), ("type", "promotion"))
        if before.get(key) != after.get(key)
    ]
    if before.get("events", []) != after.get("events", []):
        refused.append(
            Problem(
                "events", "recorded events cannot be rewritten by an import; keep them as exported"
            )
        )
    if refused:
        raise InvalidChange(refused)
    _clear_contents(existing)
    for column, value in partnership_columns(validated).items():
        setattr(existing, column, value)
    existing.version += 1
    existing.save()
    try:
        _write_contents(
            [existing.pk], [{k: v for k, v in validated.items() if k != "events"}], actor
        )
    except BatchRefused as error:
        raise InvalidChange(error.problems[0]) from None
    audit_record(
        actor=actor,
        action="partnership_import",
        entity="partnership",
        entity_id=existing.pk,
        partnership=existing,
        before=before,
        after=after,
    )
    return existing


class BatchRefused(RecordError):
    """Documents of a batch that cannot be imported: {index in the batch: problems}."""

    def __init__(self, problems: dict[int, list[Problem]]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} document(s) refused")


@transaction.atomic
def partnerships_import(
    *, actor: Actor, documents: list[dict[str, Any]]
) -> list[models.Partnership]:
    """Store new partnerships from validated documents, a few queries for the whole batch.

    Nothing is written when any document is refused (a name taken, twice in the batch,
    or a partner described otherwise than the record has it): BatchRefused lists them.
    """
    problems: dict[int, list[Problem]] = {}
    first: dict[str, int] = {}
    for index, document in enumerate(documents):
        if document["name"] in first:
            problems[index] = [
                Problem(
                    "name", f"also the name of document {first[document['name']] + 1} of this batch"
                )
            ]
        first.setdefault(document["name"], index)
    taken = set(
        models.Partnership.objects.filter(name__in=list(first)).values_list("name", flat=True)
    )
    for index, document in enumerate(documents):
        if document["name"] in taken:
            problems.setdefault(index, []).append(
                Problem(
                    "name",
                    f"a partnership named {document['name']!r} exists already; import it with replace to overwrite it",
                )
            )
    if problems:
        raise BatchRefused(problems)
    try:
        with transaction.atomic():
            created = models.Partnership.objects.bulk_create(
                models.Partnership(**partnership_columns(d)) for d in documents
            )
    except IntegrityError:  # a name taken by someone else in the meantime
        raise AlreadyExists(
            "a partnership of this batch was created by someone else meanwhile; import again"
        ) from None
    _write_contents([p.pk for p in created], documents, actor)
    fields = actor_fields(actor)
    AuditRecord.objects.bulk_create(
        AuditRecord(
            **fields,
            action="partnership_import",
            entity="partnership",
            entity_id=p.pk,
            partnership_id=p.pk,
            partnership_name=p.name,
            after=to_document(to_snapshot(d)),  # type: ignore[arg-type]
        )
        for p, d in zip(created, documents, strict=True)
    )
    return created


@transaction.atomic
def partnership_create(*, actor: Actor, document: Mapping[str, Any]) -> models.Partnership:
    """A new partnership from a (possibly minimal) document: at least a name."""
    return partnership_import(actor=actor, document=document)


@transaction.atomic
def partnership_update(
    *,
    actor: Actor,
    partnership: models.Partnership,
    expected_version: int,
    changes: Mapping[str, Any],
) -> models.Partnership:
    """Change the partnership's own fields; `profile`, `governance` and `due_diligence` merge key by key."""
    refused = sorted(set(changes) & NOT_EDITABLE)
    if refused:
        raise InvalidChange(
            [
                Problem(
                    key, "is changed through its own service (stage change, promotion or evidence)"
                )
                for key in refused
            ]
        )
    partnership = _locked(partnership)
    _check_version(partnership, expected_version, partnership.name)
    current = selectors.partnership_document(partnership)
    updated = dict(current)
    for key, value in changes.items():
        if key in ("profile", "governance", "due_diligence") and isinstance(value, Mapping):
            updated[key] = {**(current.get(key) or {}), **value}
        else:
            updated[key] = value
    validated = _validated(updated)
    before_columns = partnership_columns(_validated(current))
    after_columns = partnership_columns(validated)
    changed = {k: v for k, v in after_columns.items() if before_columns[k] != v}
    if not changed:
        return partnership
    for column, value in changed.items():
        setattr(partnership, column, value)
    partnership.version += 1
    try:
        partnership.save()
    except IntegrityError:
        raise InvalidChange(
            [Problem("name", f"another partnership is named {validated['name']!r}")]
        ) from None
    audit_record(
        actor=actor,
        action="partnership_update",
        entity="partnership",
        entity_id=partnership.pk,
        partnership=partnership,
        before=json.loads(json.dumps({k: before_columns[k] for k in changed}, default=_json)),
        after=json.loads(json.dumps(changed, default=_json)),
    )
    return partnership


# --- life cycle ----------------------------------------------------------------------------


def _event(
    partnership: models.Partnership,
    actor: Actor,
    *,
    on: date,
    kind: EventKind,
    before: str,
    after: str,
    reason: str,
) -> models.Event:
    return models.Event.objects.create(
        partnership=partnership,
        on=on,
        kind=kind.value,
        from_value=before,
        to_value=after,
        by=actor_fields(actor)["actor_name"],
        author=actor_fields(actor)["actor"],
        reason=reason,
    )


REASON_LIMIT = 5000  # as the document allows for an event's reason


def _event_problems(
    *, on: Any, reason: str, exit_plan: str | None = None, override: str | None = None
) -> list[Problem]:
    """What is wrong with the date and the words of a stage or type change."""
    problems = []
    if not isinstance(on, date):
        problems.append(Problem("on", f"must be a date, got {on!r}"))
    if not reason or not reason.strip():
        problems.append(Problem("reason", "say why it changes"))
    written = _reason(reason or "", exit_plan=exit_plan, override=override)
    if len(written) > REASON_LIMIT or "\x00" in written:
        problems.append(
            Problem(
                "reason",
                f"reason, exit plan and override must fit in {REASON_LIMIT} characters, without NUL",
            )
        )
    return problems


def _reason(reason: str, *, exit_plan: str | None = None, override: str | None = None) -> str:
    parts = [reason.strip()]
    if exit_plan and exit_plan.strip():
        parts.append(f"Exit plan: {exit_plan.strip()}")
    if override and override.strip():
        parts.append(f"Guard overridden: {override.strip()}")
    return "\n".join(p for p in parts if p)


@transaction.atomic
def stage_change(
    *,
    actor: Actor,
    partnership: models.Partnership,
    expected_version: int,
    to: Stage,
    on: date,
    reason: str,
    exit_plan: str | None = None,
    override_reason: str | None = None,
) -> models.Partnership:
    """Move along the life cycle; guards refuse unless overridden with a written reason."""
    problems = _event_problems(on=on, reason=reason, exit_plan=exit_plan, override=override_reason)
    try:
        to = Stage(to)
    except ValueError:
        problems.append(
            Problem("to", f"must be one of {', '.join(s.value for s in Stage)}, got {to!r}")
        )
    if problems:
        raise InvalidChange(problems)
    partnership = _locked(partnership)
    _check_version(partnership, expected_version, partnership.name)
    snapshot = selectors.partnership_snapshot(partnership)
    problems = stage_guards(snapshot, to, exit_plan=exit_plan)
    if problems and not (override_reason and override_reason.strip()):
        raise GuardsNotMet(problems)
    before = partnership.stage
    partnership.stage = to.value
    partnership.version += 1
    partnership.save(update_fields=["stage", "version", "updated_at"])
    event = _event(
        partnership,
        actor,
        on=on,
        kind=EventKind.STAGE_CHANGED,
        before=before,
        after=to.value,
        reason=_reason(reason, exit_plan=exit_plan, override=override_reason if problems else None),
    )
    audit_record(
        actor=actor,
        action="stage_change",
        entity="partnership",
        entity_id=partnership.pk,
        partnership=partnership,
        before={"stage": before or None},
        after={"stage": to.value, "event": event.pk},
        note=f"guards overridden ({'; '.join(map(str, problems))}): {override_reason}"
        if problems
        else "",
    )
    return partnership


@transaction.atomic
def partnership_promote(
    *,
    actor: Actor,
    partnership: models.Partnership,
    expected_version: int,
    on: date,
    reason: str,
    formalization: Mapping[str, Any],
    override_reason: str | None = None,
) -> tuple[models.Partnership, Readiness]:
    """Promote a tactical or hybrid partnership to strategic, with the governance it needs.

    `formalization` holds governance changes (sponsors, steering committee, escalation
    path, success metrics). Returns the partnership and the readiness it was promoted on.
    """
    problems = _event_problems(on=on, reason=reason, override=override_reason)
    if problems:
        raise InvalidChange(problems)
    partnership = _locked(partnership)
    _check_version(partnership, expected_version, partnership.name)
    snapshot = selectors.partnership_snapshot(partnership)
    readiness = assess(snapshot, on, default_playbook()).readiness
    current = to_document(snapshot)
    governance = {**(current.get("governance") or {}), **formalization}
    validated = _validated({**current, "governance": governance, "type": "strategic"})
    promoted: PartnershipSnapshot = to_snapshot(validated)  # type: ignore[arg-type]
    problems = promotion_guards(promoted, snapshot.type)
    if problems and not (override_reason and override_reason.strip()):
        raise GuardsNotMet(problems)
    before = {"type": partnership.type or None, "governance": current.get("governance")}
    for column, value in partnership_columns(validated).items():
        setattr(partnership, column, value)
    partnership.version += 1
    partnership.save()
    event = _event(
        partnership,
        actor,
        on=on,
        kind=EventKind.TYPE_CHANGED,
        before=snapshot.type.value if snapshot.type else "",
        after=PartnershipType.STRATEGIC.value,
        reason=_reason(reason, override=override_reason if problems else None),
    )
    audit_record(
        actor=actor,
        action="partnership_promote",
        entity="partnership",
        entity_id=partnership.pk,
        partnership=partnership,
        before=before,
        after={
            "type": "strategic",
            "governance": governance,
            "event": event.pk,
            "readiness": readiness.verdict.value,
        },
    )
    return partnership, readiness


# --- evidence ------------------------------------------------------------------------------


def _evidence_item(
    partnership: models.Partnership, section: str, item: Mapping[str, Any]
) -> dict[str, Any]:
    validated = _validated({"name": partnership.name, section: [item]})
    try:
        return dict(validated[section][0])
    except (KeyError, IndexError):  # pragma: no cover - validation guarantees it
        raise InvalidChange([Problem(section, "missing")]) from None


def _item_document(model: type[Model], row: Model) -> dict[str, Any]:
    """The document item of a stored evidence row (the inverse of row_values)."""
    found = {}
    for field in model._meta.concrete_fields:
        if field.name in ("id", "partnership", "version", "created_at"):
            continue
        value = getattr(row, field.attname)
        if value not in (None, "", []):
            found[{"from_value": "from", "to_value": "to"}.get(field.name, field.name)] = value
    return json.loads(json.dumps(found, default=_json))


@transaction.atomic
def evidence_record(
    *, actor: Actor, partnership: models.Partnership, section: str, item: Mapping[str, Any]
) -> Model:
    """Add one item of evidence (a commitment, survey response, review, …) to a partnership."""
    if section not in EVIDENCE_MODELS:
        raise InvalidChange([Problem("section", f"no such evidence: {section!r}")])
    model = EVIDENCE_MODELS[section]
    validated = _evidence_item(partnership, section, item)
    row = model.objects.create(partnership=partnership, **row_values(model, validated))
    audit_record(
        actor=actor,
        action=f"{section}_record",
        entity=model._meta.model_name or section,
        entity_id=row.pk,
        partnership=partnership,
        after=_item_document(model, row),
    )
    return row


@transaction.atomic
def evidence_update(
    *, actor: Actor, row: Model, expected_version: int, changes: Mapping[str, Any]
) -> Model:
    """Correct an item of evidence; refused when someone changed it since it was read."""
    model = type(row)
    section = next((s for s, m in EVIDENCE_MODELS.items() if m is model), None)
    if section is None:
        raise InvalidChange([Problem("row", f"{model._meta.verbose_name} is not evidence")])
    row = model.objects.select_for_update().get(pk=row.pk)
    _check_version(row, expected_version, f"this {model._meta.verbose_name}")
    partnership = models.Partnership.objects.get(pk=row.partnership_id)  # type: ignore[attr-defined]
    before = _item_document(model, row)
    validated = _evidence_item(partnership, section, {**before, **changes})
    for column, value in row_values(model, validated).items():
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
        after=_item_document(model, row),
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
def metric_define(*, actor: Actor, partnership: models.Partnership, **metric: Any) -> Metric:
    """Start tracking a metric (catalog key, or custom with category, direction, leading)."""
    if Metric.objects.filter(partnership=partnership, key=metric.get("key")).exists():
        raise InvalidChange(
            [Problem("key", f"{partnership.name} already tracks {metric.get('key')!r}")]
        )
    validated = _evidence_item(partnership, "metrics", metric)
    observations = validated.pop("observations", None) or ()
    try:
        with transaction.atomic():
            row = Metric.objects.create(partnership=partnership, **row_values(Metric, validated))
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
        after=json.loads(json.dumps(metric, default=_json)),
    )
    return row


@transaction.atomic
def observation_record(*, actor: Actor, metric: Metric, on: date, value: float) -> Observation:
    """Record a metric's value on a day; a day already recorded is refused, never overwritten."""
    partnership = models.Partnership.objects.get(pk=metric.partnership_id)
    problems = []
    if not isinstance(on, date):
        problems.append(Problem("on", f"must be a date, got {on!r}"))
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
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


@transaction.atomic
def observation_correct(
    *, actor: Actor, observation: Observation, expected_value: float, value: float, reason: str
) -> Observation:
    """Correct a recorded value; refused when it is no longer the value the person saw."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidChange([Problem("value", f"must be a finite number, got {value!r}")])
    if not reason or not reason.strip():
        raise InvalidChange([Problem("reason", "say why the value is corrected")])
    row = Observation.objects.select_for_update().select_related("metric").get(pk=observation.pk)
    if row.value != expected_value:
        raise StaleEdit(
            f"{row.metric.key} on {row.on.isoformat()} is now {row.value:g}, not {expected_value:g}: "
            "someone corrected it since you read it; reload it and correct it again"
        )
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
def evidence_delete(*, actor: Actor, row: Model, expected_version: int, reason: str) -> None:
    """Remove an item of evidence recorded in error; the audit record keeps what it said."""
    model = type(row)
    section = next((s for s, m in EVIDENCE_MODELS.items() if m is model), None)
    if section is None:
        raise InvalidChange([Problem("row", f"{model._meta.verbose_name} is not evidence")])
    if not reason or not reason.strip():
        raise InvalidChange([Problem("reason", "say why it is removed")])
    row = model.objects.select_for_update().get(pk=row.pk)
    _check_version(row, expected_version, f"this {model._meta.verbose_name}")
    partnership = models.Partnership.objects.get(pk=row.partnership_id)  # type: ignore[attr-defined]
    before = _item_document(model, row)
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
