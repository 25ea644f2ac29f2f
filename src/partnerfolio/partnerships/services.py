"""Writes of whole partnerships: import (one or a batch), create, update. Each service is
atomic, validated, takes the acting person, refuses an edit made on a stale copy, and
writes its audit record in the same transaction. Stage and type changes are in
`transitions`, evidence in `partnerfolio.evidence.services`, metrics in
`partnerfolio.metrics.services`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction

from partnerfolio.audit.models import AuditRecord
from partnerfolio.audit.services import Actor, actor_fields, audit_record
from partnerfolio.interchange import Problem, to_snapshot
from partnerfolio.interchange.export import json_value, to_document
from partnerfolio.metrics.models import Metric, observations_insert
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import models, people, selectors, summary_upkeep
from partnerfolio.partnerships.errors import (
    AlreadyExists,
    BatchRefused,
    InUse,
    InvalidChange,
    RecordError,
    StaleEdit,
)
from partnerfolio.partnerships.records import (
    EVIDENCE_MODELS,
    NOT_EDITABLE,
    check_version,
    checked_document,
    locked,
    partnership_columns,
    row_values,
)

__all__ = ["AlreadyExists", "BatchRefused", "InUse", "InvalidChange", "RecordError", "StaleEdit"]


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
        validated=checked_document(document),
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
        check_version(existing, expected_version, name)
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
    people.forget_renamed(existing)
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
    selectors.snapshot_cache_fill(p.pk for p in created)
    # new rows, their revision 0 (no audit_record here to bump it): assessed once committed
    summary_upkeep.reassess_on_commit(partnerships=[p.pk for p in created])
    return created


@transaction.atomic
def partnership_create(*, actor: Actor, document: Mapping[str, Any]) -> models.Partnership:
    """A new partnership from a (possibly minimal) document: at least a name."""
    return partnership_import(actor=actor, document=document)


def _editable_only(changes: Mapping[str, Any]) -> None:
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


def partnership_change(
    current: Mapping[str, Any], changes: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], str] | None:
    """What `changes` do to a partnership whose document is `current`: (the changed
    columns, their values before, the name after), or None when nothing changes.

    Validates without writing, so an import can check every row before it writes.
    """
    _editable_only(changes)
    updated = dict(current)
    for key, value in changes.items():
        if key in ("profile", "governance", "due_diligence") and isinstance(value, Mapping):
            merged = {**(current.get(key) or {}), **value}
            updated[key] = {k: v for k, v in merged.items() if v is not None}  # None clears
        elif value is None:
            updated.pop(key, None)
        else:
            updated[key] = value
    validated = checked_document(updated)
    before_columns = partnership_columns(checked_document(current))
    after_columns = partnership_columns(validated)
    changed = {k: v for k, v in after_columns.items() if before_columns[k] != v}
    if not changed:
        return None
    return changed, {k: before_columns[k] for k in changed}, validated["name"]


@transaction.atomic
def partnership_update(
    *,
    actor: Actor,
    partnership: models.Partnership,
    expected_version: int,
    changes: Mapping[str, Any],
) -> models.Partnership:
    """Change the partnership's own fields; `profile`, `governance` and `due_diligence` merge key by key.

    None clears a value: `{"planned_end_on": None}`, `{"governance": {"owner": None}}`.
    """
    _editable_only(changes)
    partnership = locked(partnership)
    check_version(partnership, expected_version, partnership.name)
    found = partnership_change(selectors.partnership_document(partnership), changes)
    if found is None:
        return partnership
    changed, before, name = found
    for column, value in changed.items():
        setattr(partnership, column, value)
    people.forget_renamed(partnership)
    partnership.version += 1
    try:
        partnership.save()
    except IntegrityError:
        raise InvalidChange([Problem("name", f"another partnership is named {name!r}")]) from None
    audit_record(
        actor=actor,
        action="partnership_update",
        entity="partnership",
        entity_id=partnership.pk,
        partnership=partnership,
        before=json.loads(json.dumps(before, default=json_value)),
        after=json.loads(json.dumps(changed, default=json_value)),
    )
    return partnership


@transaction.atomic
def partnership_team_update(
    *,
    actor: Actor,
    partnership: models.Partnership,
    expected_version: int,
    members: Mapping[int, bool],
    confidential: bool,
) -> models.Partnership:
    """Set who works on the partnership ({user id: owner?}) and whether it is confidential.

    A confidential partnership is known only to its team and administrators, so it must
    keep at least one member of the team; people on the partner's side cannot be on it.
    The owner's account, when the owner has one, stays on the team flagged owner.
    """
    from partnerfolio.accounts.models import User

    partnership = locked(partnership)
    check_version(partnership, expected_version, partnership.name)
    accounts = {
        u.pk: u
        for u in User.objects.filter(pk__in=list(members), is_active=True).exclude(role="partner")
    }
    unknown = sorted(set(members) - set(accounts))
    if unknown:
        raise InvalidChange(
            [Problem("team", f"no active account of ours has the id {pk}") for pk in unknown]
        )
    if confidential and not members:
        raise InvalidChange(
            [Problem("confidential", "a confidential partnership needs someone on its team")]
        )
    if confidential and not isinstance(actor, str):
        from partnerfolio.accounts import access

        if not access.is_admin(actor) and actor.pk not in members:
            raise InvalidChange(
                [
                    Problem(
                        "team",
                        "put yourself on the team before marking it confidential: "
                        "otherwise you could no longer see it",
                    )
                ]
            )
    current = dict(
        models.TeamMember.objects.filter(partnership=partnership).values_list("user_id", "owner")
    )
    wanted = dict(members)
    if partnership.owner_account_id is not None:  # the owner's account stays an owner
        wanted[partnership.owner_account_id] = True
    if current == wanted and partnership.confidential == confidential:
        return partnership
    before = {
        "confidential": partnership.confidential,
        "team": sorted([pk, owner] for pk, owner in current.items()),
    }
    models.TeamMember.objects.filter(partnership=partnership).exclude(
        user_id__in=list(wanted)
    ).delete()
    for pk, owner in wanted.items():
        models.TeamMember.objects.update_or_create(
            partnership=partnership, user_id=pk, defaults={"owner": owner}
        )
    partnership.confidential = confidential
    partnership.version += 1
    partnership.save(update_fields=["confidential", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="partnership_team_update",
        entity="partnership",
        entity_id=partnership.pk,
        partnership=partnership,
        before=before,
        after={"confidential": confidential, "team": sorted([pk, o] for pk, o in wanted.items())},
    )
    return partnership


@transaction.atomic
def partnership_delete(
    *, actor: Actor, partnership: models.Partnership, expected_version: int, reason: str
) -> int:
    """Remove a partnership from the record, with everything recorded about it; its id.

    Nothing is lost: the audit record (`partnership_delete`, which stays) keeps the whole
    §8 document, events included, with its team and its confidentiality, and
    `partnership_restore` brings it back from there. Refused without a reason, on a stale
    copy, and while one of its survey rounds is open (sealed answers are in no document).
    """
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidChange([Problem("reason", "say why the partnership is deleted")])
    row = locked(partnership)
    check_version(row, expected_version, row.name)
    open_rounds = row.survey_rounds.filter(closed_at__isnull=True).count()
    if open_rounds:
        raise InUse(
            [
                Problem(
                    "survey_rounds",
                    f"{open_rounds} survey round(s) of {row.name!r} are open: close them "
                    "first, so that their answers are kept in the record",
                )
            ]
        )
    kept = {
        "document": json.loads(json.dumps(selectors.partnership_document(row), default=json_value)),
        "confidential": row.confidential,
        "team": [
            {"username": username, "owner": owner}
            for username, owner in row.members.order_by("user__username").values_list(
                "user__username", "owner"
            )
        ],
    }
    pk = row.pk
    audit_record(
        actor=actor,
        action="partnership_delete",
        entity="partnership",
        entity_id=pk,
        partnership=row,
        before=kept,
        note=reason.strip(),
    )
    row.delete()
    return pk


def deleted_partnerships() -> list[AuditRecord]:
    """The deletions that can be undone (newest first): not restored yet."""
    restored = {
        r.after.get("restored_from")
        for r in AuditRecord.objects.filter(action="partnership_restore").only("after")
        if isinstance(r.after, dict)
    }
    return [
        r
        for r in AuditRecord.objects.filter(action="partnership_delete").order_by("-at", "-id")
        if r.pk not in restored
    ]


@transaction.atomic
def partnership_restore(*, actor: Actor, deletion: int) -> models.Partnership:
    """Bring back a deleted partnership from its `partnership_delete` audit record (by id):
    its document, its confidentiality and the members of its team who still have an
    account of ours. It gets a new id; refused if its name has been taken since, or if it
    has been restored already."""
    from partnerfolio.accounts.models import User

    record = AuditRecord.objects.filter(pk=deletion, action="partnership_delete").first()
    if record is None or not isinstance(record.before, dict):
        raise InvalidChange(
            [Problem("deletion", f"no partnership was deleted by record {deletion}")]
        )
    if record not in deleted_partnerships():
        raise AlreadyExists(f"{record.partnership_name!r} has been restored already")
    kept = record.before
    try:
        restored = partnership_import(actor=actor, document=kept["document"])
    except AlreadyExists:
        raise AlreadyExists(
            f"“{record.partnership_name}” cannot be restored: another partnership is named so "
            "now. A partnership by that name exists already: rename it, then restore this one."
        ) from None
    usernames = {m["username"]: bool(m["owner"]) for m in kept.get("team") or ()}
    members = User.objects.filter(username__in=list(usernames), is_active=True).exclude(
        role="partner"
    )
    models.TeamMember.objects.bulk_create(
        models.TeamMember(partnership=restored, user=u, owner=usernames[u.username])
        for u in members
    )
    if kept.get("confidential"):
        # Confidential before, confidential again, even with no one left on its team
        # (administrators see it, and can name a team).
        models.Partnership.objects.filter(pk=restored.pk).update(confidential=True)
        restored.confidential = True
    audit_record(
        actor=actor,
        action="partnership_restore",
        entity="partnership",
        entity_id=restored.pk,
        partnership=restored,
        after={
            "restored_from": record.pk,
            "confidential": restored.confidential,
            "team": sorted(u.username for u in members),
        },
    )
    return restored
