"""The one write of its own this app has: a partner organization created by an import."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction

from partnerfolio.audit.services import Actor, audit_record
from partnerfolio.interchange.export import json_value
from partnerfolio.partners import services as partner_services
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships.records import checked_document, row_values


def jsonable(value: Any) -> Any:
    """Dates and codes as the document writes them."""
    return json.loads(json.dumps(value, default=json_value))


@transaction.atomic
def organization_create(*, actor: Actor, item: dict[str, Any]) -> PartnerOrganization:
    """A new partner organization from a validated `partners` item, with its audit record."""
    validated = checked_document({"name": "organization", "partners": [item]})["partners"][0]
    values = row_values(PartnerOrganization, {k: v for k, v in validated.items() if k != "name"})
    organization = PartnerOrganization.objects.create(name=validated["name"], **values)
    audit_record(
        actor=actor,
        action="partner_organization_create",
        entity="partner_organization",
        entity_id=organization.pk,
        after=partner_services.organization_document(organization),
        note="imported from a spreadsheet",
    )
    return organization
