"""Moves along the life cycle: stage changes and promotion to strategic, with their guards,
events and audit records.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from partnerfolio.audit.services import Actor, actor_fields, audit_record
from partnerfolio.domain import PartnershipSnapshot, assess, default_playbook
from partnerfolio.domain.enums import EventKind, PartnershipType, Stage
from partnerfolio.domain.lifecycle import GuardsNotMet, promotion_guards, stage_guards
from partnerfolio.domain.readiness import Readiness
from partnerfolio.interchange import Problem, to_snapshot
from partnerfolio.interchange.export import to_document
from partnerfolio.partnerships import models, people, selectors
from partnerfolio.partnerships.errors import (
    InvalidChange,
)
from partnerfolio.partnerships.records import (
    check_version,
    checked_document,
    locked,
    partnership_columns,
)


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
    partnership = locked(partnership)
    check_version(partnership, expected_version, partnership.name)
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
    profile: Mapping[str, int] | None = None,
    override_reason: str | None = None,
) -> tuple[models.Partnership, Readiness]:
    """Promote a tactical or hybrid partnership to strategic, with the governance it needs.

    `formalization` holds governance changes (sponsors, steering committee, relationship
    manager, escalation path, joint plan, success metrics, cadence); `profile` the
    dimensions revisited ({dimension: 1-5}, the others kept). Returns the partnership and
    the readiness it was promoted on.
    """
    problems = _event_problems(on=on, reason=reason, override=override_reason)
    if problems:
        raise InvalidChange(problems)
    partnership = locked(partnership)
    check_version(partnership, expected_version, partnership.name)
    snapshot = selectors.partnership_snapshot(partnership)
    readiness = assess(snapshot, on, default_playbook()).readiness
    current = to_document(snapshot)
    governance = {**(current.get("governance") or {}), **formalization}
    scores = {**(current.get("profile") or {}), **(profile or {})}
    validated = checked_document(
        {**current, "governance": governance, "profile": scores, "type": "strategic"}
    )
    promoted: PartnershipSnapshot = to_snapshot(validated)  # type: ignore[arg-type]
    problems = promotion_guards(promoted, snapshot.type)
    if problems and not (override_reason and override_reason.strip()):
        raise GuardsNotMet(problems)
    before = {
        "type": partnership.type or None,
        "governance": current.get("governance"),
        "profile": current.get("profile"),
    }
    for column, value in partnership_columns(validated).items():
        setattr(partnership, column, value)
    people.forget_renamed(partnership)
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
            "profile": scores,
            "event": event.pk,
            "readiness": readiness.verdict.value,
        },
    )
    return partnership, readiness


@transaction.atomic
def type_change(
    *,
    actor: Actor,
    partnership: models.Partnership,
    expected_version: int,
    to: PartnershipType | str,
    on: date,
    reason: str,
) -> models.Partnership:
    """Reclassify, demote from strategic or mark hybrid, with a reason: a `type_changed`
    event. Promotion of a tactical or hybrid partnership to strategic asks for its
    governance, so it goes through `partnership_promote` instead."""
    problems = _event_problems(on=on, reason=reason)
    try:
        to = PartnershipType(to)
    except ValueError:
        problems.append(
            Problem(
                "to", f"must be one of {', '.join(t.value for t in PartnershipType)}, got {to!r}"
            )
        )
    if problems:
        raise InvalidChange(problems)
    partnership = locked(partnership)
    check_version(partnership, expected_version, partnership.name)
    before = partnership.type or None
    if before == to.value:
        raise InvalidChange([Problem("to", f"{partnership.name} is already {to.value}")])
    if to is PartnershipType.STRATEGIC and before is not None:
        raise InvalidChange(
            [Problem("to", "becoming strategic is a promotion: it asks for strategic governance")]
        )
    partnership.type = to.value
    partnership.version += 1
    partnership.save(update_fields=["type", "version", "updated_at"])
    event = _event(
        partnership, actor, on=on, kind=EventKind.TYPE_CHANGED, before=before or "",
        after=to.value, reason=_reason(reason),
    )  # fmt: skip
    audit_record(
        actor=actor,
        action="type_change",
        entity="partnership",
        entity_id=partnership.pk,
        partnership=partnership,
        before={"type": before},
        after={"type": to.value, "event": event.pk},
        note=reason.strip(),
    )
    return partnership
