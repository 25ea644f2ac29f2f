"""Changing a partner organization: its name, sector, assets and where it competes with us."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction

from partnerfolio.audit.services import Actor, audit_record
from partnerfolio.interchange import Problem
from partnerfolio.interchange.export import json_value
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships.errors import InvalidChange
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
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidChange(
            [Problem(key, "is not a detail of a partner organization") for key in unknown]
        )
    row = PartnerOrganization.objects.select_for_update().get(pk=organization.pk)
    check_version(row, expected_version, row.name)
    before = organization_document(row)
    item = {k: v for k, v in {**before, **changes}.items() if v not in (None, "", [])}
    try:
        validated = checked_document({"name": "organization", "partners": [item]})["partners"][0]
    except InvalidChange as refused:  # name the field, not its place in a document
        raise InvalidChange(
            [Problem(p.path.removeprefix("partners[0]."), p.message) for p in refused.problems]
        ) from None
    values = row_values(PartnerOrganization, {k: v for k, v in validated.items() if k != "name"})
    for key in EDITABLE[1:]:  # a detail left out of the result is cleared
        setattr(row, key, values.get(key, PartnerOrganization._meta.get_field(key).get_default()))
    row.name = validated["name"]
    after = organization_document(row)
    if after == before:
        return row
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
