"""Partner organizations on their own: create one, change its name, sector, assets and
where it competes with us, or delete one that nothing refers to."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction

from partnerfolio.audit.services import Actor, audit_record
from partnerfolio.interchange import Problem
from partnerfolio.interchange.export import json_value
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships.errors import AlreadyExists, InUse, InvalidChange
from partnerfolio.partnerships.records import check_version, checked_document, row_values

EDITABLE = ("name", "sector", "assets", "competes_with_us", "competes_in")


def organization_document(organization: PartnerOrganization) -> dict[str, Any]:
    """The organization as a §8 `partners` item."""
    found: dict[str, Any] = {"name": organization.name}
    for key in EDITABLE[1:]:
        value = getattr(organization, key)
        if value not in (None, "", []):
            found[key] = value
    return found


def _checked(item: Mapping[str, Any]) -> dict[str, Any]:
    """An organization's details, checked as a §8 `partners` item (problems name the field)."""
    unknown = sorted(set(item) - set(EDITABLE))
    if unknown:
        raise InvalidChange(
            [Problem(key, "is not a detail of a partner organization") for key in unknown]
        )
    given = {k: v for k, v in item.items() if v not in (None, "", [])}
    try:
        return checked_document({"name": "organization", "partners": [given]})["partners"][0]
    except InvalidChange as refused:  # name the field, not its place in a document
        raise InvalidChange(
            [Problem(p.path.removeprefix("partners[0]."), p.message) for p in refused.problems]
        ) from None


@transaction.atomic
def partner_organization_create(
    *, actor: Actor, details: Mapping[str, Any], note: str = ""
) -> PartnerOrganization:
    """A new organization; refused, naming the field, for an invalid detail, and when an
    organization has the name already. `note` says why, in its audit record."""
    if "name" not in details:
        raise InvalidChange([Problem("name", "is required")])
    validated = _checked(details)
    row = PartnerOrganization(
        name=validated["name"],
        **row_values(PartnerOrganization, {k: v for k, v in validated.items() if k != "name"}),
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise AlreadyExists(f"a partner organization named {row.name!r} exists already") from None
    audit_record(
        actor=actor,
        action="partner_organization_create",
        entity="partner_organization",
        entity_id=row.pk,
        after=json.loads(json.dumps(organization_document(row), default=json_value)),
        note=note,
    )
    return row


@transaction.atomic
def partner_organization_delete(
    *, actor: Actor, organization: PartnerOrganization, expected_version: int, reason: str
) -> None:
    """Delete an organization that nothing refers to any more; the audit record keeps its
    details. Refused while it is a partner in a partnership, has people in the partner
    portal, or answered survey rounds (their answers name it)."""
    from partnerfolio.portal.models import RoundAnswer

    if not isinstance(reason, str) or not reason.strip():
        raise InvalidChange([Problem("reason", "say why the organization is deleted")])
    row = PartnerOrganization.objects.select_for_update().get(pk=organization.pk)
    check_version(row, expected_version, row.name)
    problems = []
    if row.partnerships.exists():
        # no count: some of them may be confidential to the person asking (docs/access.md)
        problems.append(
            Problem(
                "partnerships",
                "it is still a partner in a partnership; an organization can be deleted "
                "once no partnership names it",
            )
        )
    people = row.people.count()
    if people:
        problems.append(Problem("people", f"{people} person(s) of the partner portal belong to it"))
    if RoundAnswer.objects.filter(organization=row).exists():
        problems.append(Problem("survey_rounds", "its people answered survey rounds we keep"))
    if problems:
        raise InUse(problems)
    audit_record(
        actor=actor,
        action="partner_organization_delete",
        entity="partner_organization",
        entity_id=row.pk,
        before=json.loads(json.dumps(organization_document(row), default=json_value)),
        note=reason.strip(),
    )
    row.delete()


def _known_only(changes: Mapping[str, Any]) -> None:
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidChange(
            [Problem(key, "is not a detail of a partner organization") for key in unknown]
        )


def organization_change(
    row: PartnerOrganization, changes: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]] | None:
    """What `changes` do to an organization: (every detail's new value, its document
    before, after), or None when nothing changes. Validates without writing."""
    _known_only(changes)
    before = organization_document(row)
    validated = _checked({**before, **changes})
    values = row_values(PartnerOrganization, {k: v for k, v in validated.items() if k != "name"})
    new = {  # a detail left out of the result is cleared
        key: values.get(key, PartnerOrganization._meta.get_field(key).get_default())
        for key in EDITABLE[1:]
    }
    new["name"] = validated["name"]
    after = organization_document(PartnerOrganization(**new))
    if after == before:
        return None
    return new, before, after


@transaction.atomic
def partner_organization_update(
    *,
    actor: Actor,
    organization: PartnerOrganization,
    expected_version: int,
    changes: Mapping[str, Any],
) -> PartnerOrganization:
    """Change an organization's details; every partnership it is in sees the change.

    Refused, naming the field, for an unknown field, an invalid value, a name another
    organization has, or a copy someone changed since it was read.
    """
    _known_only(changes)
    row = PartnerOrganization.objects.select_for_update().get(pk=organization.pk)
    check_version(row, expected_version, row.name)
    found = organization_change(row, changes)
    if found is None:
        return row
    new, before, after = found
    for key, value in new.items():
        setattr(row, key, value)
    row.version += 1
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise InvalidChange(
            [Problem("name", f"another partner organization is named {row.name!r}")]
        ) from None
    audit_record(
        actor=actor,
        action="partner_organization_update",
        entity="partner_organization",
        entity_id=row.pk,
        before=json.loads(json.dumps(before, default=json_value)),
        after=json.loads(json.dumps(after, default=json_value)),
    )
    return row
