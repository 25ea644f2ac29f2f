"""Writing the audit trail: one record per change, in the transaction of the change."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F

from partnerfolio.audit import guard
from partnerfolio.audit.models import AuditRecord

Actor = AbstractBaseUser | str
"""Who acts: a user account, or a name for work done without one (a command run by cron)."""


def actor_fields(actor: Actor) -> dict[str, Any]:
    if isinstance(actor, str):
        return {"actor": None, "actor_name": actor[:150]}
    return {"actor": actor, "actor_name": actor.get_username()}


def audit_record(
    *,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    partnership: Any = None,
    before: Any = None,
    after: Any = None,
    note: str = "",
) -> AuditRecord:
    """Append one audit record; call inside the change's transaction.

    Every change passes here, so this is also where the partnerships it touches get a
    new revision, which retires their cached snapshots (`partnerships.SnapshotCache`),
    and are re-assessed once it commits (`partnerships.summary_upkeep`).
    Writing the record raises the data revision on commit (`partnerfolio.audit.revision`).
    """
    _touch(entity, entity_id, partnership)
    return AuditRecord.objects.create(
        **actor_fields(actor),
        action=action,
        entity=entity,
        entity_id=entity_id,
        partnership_id=None if partnership is None else partnership.pk,
        partnership_name="" if partnership is None else partnership.name,
        before=before,
        after=after,
        note=note,
    )


def _touch(entity: str, entity_id: int | None, partnership: Any) -> None:
    from partnerfolio.partnerships.summary_upkeep import reassess_on_commit

    partnerships = apps.get_model("partnerships", "Partnership").objects
    if partnership is not None and partnership.pk is not None:
        partnerships.filter(pk=partnership.pk).update(revision=F("revision") + 1)
        reassess_on_commit(partnerships=[partnership.pk])
    elif entity == "partner_organization" and entity_id is not None:
        # an organization's details are part of every partnership it is in
        partnerships.filter(partners__id=entity_id).update(revision=F("revision") + 1)
        reassess_on_commit(organizations=[entity_id])


def audit_prune(*, actor: Actor, before: datetime, keep: Collection[int] = ()) -> int:
    """Delete the audit records written before `before`, except those in `keep`, and
    record who did it: the one deliberate way past the trail's guard (`guard.pruning`),
    for `partnerfolio pruneaudit`. Returns how many were removed."""
    with transaction.atomic():
        doomed = AuditRecord.objects.filter(at__lt=before).exclude(pk__in=list(keep))
        with guard.pruning(doomed.db):
            removed = doomed._raw_delete(doomed.db)
        audit_record(
            actor=actor,
            action="audit_prune",
            entity="audit_record",
            entity_id=None,
            after={"before": before.isoformat(), "removed": removed, "kept": len(keep)},
            note=f"removed {removed} audit records written before {before.isoformat()}",
        )
    return removed
